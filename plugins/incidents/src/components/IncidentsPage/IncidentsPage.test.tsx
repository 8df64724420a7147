import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { IncidentTrends } from '@bomizzel/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  errorResponse,
  INCIDENTS_URL,
  makeIncident,
  NOW,
} from '../../__testUtils__/fakeIncidentsBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { IncidentsPageContent } from './IncidentsPage';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

const HOUR = 3600_000;
const stats = (median: number | null, count = median === null ? 0 : 2) => ({
  count,
  median,
  p90: median === null ? null : median * 2,
  mean: median,
});

function makeTrends(months = 6): IncidentTrends {
  const list = Array.from({ length: months }, (_, i) =>
    new Date(Date.UTC(2026, 10 - months + 1 + i, 1)).toISOString().slice(0, 7),
  );
  return {
    months: list,
    monthly: list.map((month, i) => ({
      month,
      total: i === months - 1 ? 3 : 1,
      bySeverity: (i === months - 1 ? { P0: 1, P2: 2 } : { P3: 1 }) as Record<
        string,
        number
      >,
      mtta: stats(i === months - 1 ? 12 * 60_000 : null),
      mttr: stats(i === months - 1 ? 2 * HOUR : null),
    })),
    byTeam: [
      {
        ownerRef: 'group:default/backend-team',
        total: 6,
        mtta: stats(5 * 60_000),
        mttr: stats(3 * HOUR),
      },
    ],
    bySystem: [
      {
        systemRef: 'system:default/bomizzel-ticketing',
        total: 7,
        mtta: stats(6 * 60_000),
        mttr: stats(4 * HOUR),
      },
    ],
    topEntities: [
      { entityRef: 'component:default/bomizzel-backend', total: 5 },
      { entityRef: 'resource:default/bomizzel-postgres', total: 2 },
    ],
    postmortems: { required: 4, published: 3, overdue: 1 },
    actionItems: { open: 5, overdue: 2, done: 9 },
  };
}

function setup(options: { trends?: IncidentTrends } = {}) {
  const backend = createFakeIncidentsBackend({
    incidents: [
      makeIncident({
        id: 1,
        severity: 'P2',
        title: 'Slow search',
        detectedAt: new Date(NOW - 5 * HOUR).toISOString(),
      }),
      makeIncident({
        id: 2,
        severity: 'P0',
        title: 'Checkout down',
        detectedAt: new Date(NOW - HOUR).toISOString(),
        entityRefs: ['resource:default/bomizzel-postgres'],
      }),
      makeIncident({
        id: 3,
        severity: 'P0',
        title: 'Login failing',
        detectedAt: new Date(NOW - 2 * HOUR).toISOString(),
      }),
      makeIncident({ id: 4, severity: 'P0', status: 'RESOLVED' }),
    ],
  });
  const trendRequests: URL[] = [];
  server.use(
    ...backend.handlers,
    http.get(`${INCIDENTS_URL}/trends`, ({ request }) => {
      const url = new URL(request.url);
      trendRequests.push(url);
      return HttpResponse.json(
        options.trends ?? makeTrends(Number(url.searchParams.get('months'))),
      );
    }),
  );
  return { backend, trendRequests };
}

describe('IncidentsPageContent', () => {
  it('lists active incidents most severe and oldest first, linked to their entity', async () => {
    setup();
    await renderIncidentsUi(<IncidentsPageContent />);
    expect(
      await screen.findByText('Active incidents (3)', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    const links = screen.getAllByRole('link', { name: /^INC-/ });
    expect(links.map(l => l.textContent)).toEqual(['INC-3', 'INC-2', 'INC-1']);
    expect(links[1]).toHaveAttribute(
      'href',
      '/catalog/default/resource/bomizzel-postgres/incidents/INC-2',
    );
    expect(links[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/bomizzel-backend/incidents/INC-3',
    );
  });

  it('shows the trend figures, with the numbers behind each chart', async () => {
    setup();
    await renderIncidentsUi(<IncidentsPageContent />);

    const pm = await screen.findByRole('region', {
      name: 'Post-mortems published',
    });
    expect(pm).toHaveTextContent('75%');
    expect(pm).toHaveTextContent('3 of 4 required');
    expect(pm).toHaveTextContent('1 overdue');
    expect(
      screen.getByRole('region', { name: 'Open action items' }),
    ).toHaveTextContent('5');

    const perMonth = screen.getByRole('table', {
      name: 'Incidents per month by severity',
    });
    expect(within(perMonth).getAllByRole('row').at(-1)).toHaveTextContent(
      '2026-1131020',
    );
    const mtta = screen.getByRole('table', {
      name: 'Time to acknowledge per month',
    });
    expect(within(mtta).getAllByRole('row').at(-1)).toHaveTextContent(
      '2026-1112 min24 min2',
    );
    const teams = screen.getByRole('table', { name: 'Incidents by team' });
    expect(teams).toHaveTextContent('backend-team');
    expect(teams).toHaveTextContent('6');
    expect(teams).toHaveTextContent('3 h');
    expect(
      screen.getByRole('table', { name: 'Most affected entities' }),
    ).toHaveTextContent('bomizzel-backend5');
  });

  it('restores a shared view from the URL and sends its filters', async () => {
    const { backend, trendRequests } = setup();
    await renderIncidentsUi(<IncidentsPageContent />, {
      path: '/?team=group:default/backend-team&months=24',
    });
    await screen.findByText('Incidents per month');
    expect(trendRequests.at(-1)!.searchParams.getAll('entityRef')).toEqual([
      'group:default/backend-team',
    ]);
    expect(trendRequests.at(-1)!.searchParams.get('months')).toBe('24');
    const list = backend.requests.find(r =>
      r.url.pathname.endsWith('/incidents'),
    );
    expect(list!.url.searchParams.getAll('entityRef')).toEqual([
      'group:default/backend-team',
    ]);
    expect(screen.getByLabelText('Period')).toHaveTextContent('Last 24 months');
  });

  it('asks again for another period', async () => {
    const { trendRequests } = setup();
    await renderIncidentsUi(<IncidentsPageContent />);
    await screen.findByText('Incidents per month');
    expect(trendRequests.at(-1)!.searchParams.get('months')).toBe('12');

    await userEvent.click(screen.getByLabelText('Period'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 6 months' }),
    );
    await waitFor(() =>
      expect(trendRequests.at(-1)!.searchParams.get('months')).toBe('6'),
    );
    expect(await screen.findByText('in the last 6 months')).toBeInTheDocument();
  });

  it('has no unmapped alerts section when every alert names an entity', async () => {
    const { backend } = setup();
    await renderIncidentsUi(<IncidentsPageContent />);
    await screen.findByText('Incidents per month');
    await waitFor(() =>
      expect(
        backend.requests.some(r => r.url.pathname.endsWith('/alerts')),
      ).toBe(true),
    );
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(
      screen.queryByRole('region', { name: 'Unmapped alerts' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/Alerts without an entity/)).toBeNull();
  });

  it('shows the alerts that name no entity in a section of their own', async () => {
    const backend = createFakeIncidentsBackend({
      alerts: [
        {
          id: 1,
          fingerprint: 'a1b2c3d4e5f60789',
          status: 'firing',
          alertname: 'DiskFull',
          labels: { alertname: 'DiskFull', service: 'billing-batch' },
          annotations: {},
          reason: 'No catalog entity matches service="billing-batch"',
          startsAt: new Date(NOW - HOUR).toISOString(),
          receivedAt: new Date(NOW - HOUR).toISOString(),
          updatedAt: new Date(NOW - HOUR).toISOString(),
        },
      ],
    });
    server.use(
      http.get(`${INCIDENTS_URL}/trends`, () =>
        HttpResponse.json(makeTrends(12)),
      ),
      ...backend.handlers,
    );
    await renderIncidentsUi(<IncidentsPageContent />);
    const section = await screen.findByRole('region', {
      name: 'Unmapped alerts',
    });
    expect(
      await within(section).findByText('Alerts without an entity (1)'),
    ).toBeInTheDocument();
    expect(section).toHaveTextContent('DiskFull');
  });

  it('says when nothing is burning', async () => {
    server.use(
      http.get(`${INCIDENTS_URL}/incidents`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${INCIDENTS_URL}/trends`, () =>
        HttpResponse.json(makeTrends(12)),
      ),
      ...createFakeIncidentsBackend().handlers,
    );
    await renderIncidentsUi(<IncidentsPageContent />);
    expect(await screen.findByText('No active incidents.')).toBeInTheDocument();
  });

  it('shows an error panel when the trends cannot be loaded', async () => {
    server.use(
      ...createFakeIncidentsBackend().handlers,
      http.get(`${INCIDENTS_URL}/trends`, () =>
        errorResponse(503, 'ServiceUnavailableError', 'database down'),
      ),
    );
    await renderIncidentsUi(<IncidentsPageContent />);
    expect(
      await screen.findByText(
        /Could not load the trends/,
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/database down/).length).toBeGreaterThan(0);
  });
});
