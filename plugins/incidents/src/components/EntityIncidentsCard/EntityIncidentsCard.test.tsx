import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  errorResponse,
  INCIDENTS_URL,
  makeIncident,
  makeStats,
} from '../../__testUtils__/fakeIncidentsBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { EntityIncidentsCard } from './EntityIncidentsCard';

const server = setupServer();
registerMswTestHooks(server);

const TAB = '/catalog/default/component/bomizzel-backend/incidents';

describe('EntityIncidentsCard', () => {
  it('shows the open incidents, counts by severity, MTTA, MTTR and the trend', async () => {
    const backend = createFakeIncidentsBackend({
      incidents: [
        makeIncident({ id: 8, title: 'Search is slow', severity: 'P2' }),
        makeIncident({
          id: 9,
          title: 'Checkout fails',
          severity: 'P0',
          status: 'IDENTIFIED',
        }),
        makeIncident({ id: 7, title: 'Old one', status: 'RESOLVED' }),
      ],
    });
    let statsQuery: URLSearchParams | undefined;
    const stats = makeStats({
      total: 12,
      open: 2,
      bySeverity: { P0: 2, P1: 4, P2: 6 },
      mtta: { count: 10, median: 7 * 60_000, p90: 42 * 60_000, mean: 0 },
      mttr: { count: 10, median: 135 * 60_000, p90: 26 * 3600_000, mean: 0 },
    });
    stats.monthly[11] = {
      month: stats.monthly[11].month,
      total: 3,
      bySeverity: { P0: 1, P2: 2 },
    };
    server.use(
      http.get(`${INCIDENTS_URL}/stats`, ({ request }) => {
        statsQuery = new URL(request.url).searchParams;
        return HttpResponse.json(stats);
      }),
      ...backend.handlers,
    );
    renderIncidentsUi(<EntityIncidentsCard />);

    const open = await screen.findByRole('list', { name: 'Open incidents' });
    const links = within(open).getAllByRole('link');
    expect(links.map(l => [l.textContent, l.getAttribute('href')])).toEqual([
      ['INC-9', `${TAB}/INC-9`],
      ['INC-8', `${TAB}/INC-8`],
    ]);
    expect(open).toHaveTextContent('Checkout fails');
    expect(screen.getByText('Open now').nextSibling).toHaveTextContent(
      '2 of 12 in total',
    );
    const mtta = screen.getByText('MTTA').nextSibling as HTMLElement;
    expect(within(mtta).getByText('7 min')).toBeInTheDocument();
    expect(mtta).toHaveTextContent('p90 42 min · over 10 incidents');
    const mttr = screen.getByText('MTTR').nextSibling as HTMLElement;
    expect(within(mttr).getByText('2 h 15 min')).toBeInTheDocument();
    expect(mttr).toHaveTextContent('p90 1 d 2 h');
    const bySeverity = screen.getByRole('group', {
      name: 'Incidents by severity',
    });
    expect(bySeverity).toHaveTextContent('P02P14P26');
    expect(
      screen.getByRole('img', { name: /Incidents per month, last 12 months/ }),
    ).toHaveAccessibleName(
      expect.stringContaining(`${stats.monthly[11].month} 3`),
    );
    expect(screen.getByRole('link', { name: /All incidents/ })).toHaveAttribute(
      'href',
      TAB,
    );
    expect(statsQuery?.getAll('entityRef')).toEqual([
      'component:default/bomizzel-backend',
    ]);
  });

  it('says when there are no incidents yet', async () => {
    const backend = createFakeIncidentsBackend();
    server.use(
      http.get(`${INCIDENTS_URL}/stats`, () => HttpResponse.json(makeStats())),
      ...backend.handlers,
    );
    renderIncidentsUi(<EntityIncidentsCard />);
    expect(
      await screen.findByText('No incidents recorded'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Declare an incident' }),
    ).toHaveAttribute('href', TAB);
  });

  it('shows the error when the statistics cannot be read', async () => {
    const backend = createFakeIncidentsBackend();
    server.use(
      http.get(`${INCIDENTS_URL}/stats`, () =>
        errorResponse(400, 'InputError', 'entityRef: not an entity ref'),
      ),
      ...backend.handlers,
    );
    renderIncidentsUi(<EntityIncidentsCard />);
    expect(
      await screen.findByText(/entityRef: not an entity ref/),
    ).toBeInTheDocument();
  });
});
