import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { DateTime } from 'luxon';
import {
  createFakeIncidentsBackend,
  makeIncident,
} from '../../__testUtils__/fakeIncidentsBackend';
import {
  createFakeObservabilityBackend,
  makeLinkGroups,
} from '../../__testUtils__/fakeObservabilityBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { IncidentView } from '../IncidentView';
import { formatIncidentWindow } from './incidentWindow';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(20_000);

const local = (iso: string) => DateTime.fromISO(iso).toFormat('HH:mm');

describe('Investigate section of the incident view', () => {
  it('shows the affected entities’ links scoped to the incident window', async () => {
    const incident = makeIncident({
      id: 12,
      entityRefs: [
        'component:default/bomizzel-backend',
        'resource:default/bomizzel-postgres',
      ],
      startedAt: '2026-03-10T09:02:00.000Z',
      detectedAt: '2026-03-10T09:10:00.000Z',
      resolvedAt: '2026-03-10T10:40:00.000Z',
      status: 'RESOLVED',
    });
    const window = {
      from: '2026-03-10T08:47:00.000Z',
      to: '2026-03-10T10:55:00.000Z',
    };
    const observability = createFakeObservabilityBackend({
      window,
      groups: ref =>
        ref.includes('postgres')
          ? [
              {
                tool: 'grafana',
                title: 'Grafana',
                links: [
                  {
                    tool: 'grafana',
                    title: 'PostgreSQL overview',
                    url: `https://grafana.bomizzel.com/d/pg?from=${Date.parse(
                      window.from,
                    )}&to=${Date.parse(window.to)}`,
                  },
                ],
              },
            ]
          : makeLinkGroups(),
    });
    server.use(
      ...observability.handlers,
      ...createFakeIncidentsBackend({ incidents: [incident] }).handlers,
    );
    renderIncidentsUi(<IncidentView incidentId="INC-12" />);

    const investigate = (await screen.findByText('Investigate')).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    await waitFor(() =>
      expect(investigate).toHaveTextContent(
        // Not today: with the date.
        `Scoped to the incident: 10 Mar ${local(incident.startedAt!)} – ${local(
          incident.resolvedAt!,
        )} ±15 min`,
      ),
    );
    const postgres = within(investigate).getByRole('region', {
      name: 'Links of resource:default/bomizzel-postgres',
    });
    expect(
      within(postgres).getByRole('link', { name: /PostgreSQL overview/ }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining(`&to=${Date.parse(window.to)}`),
    );
    const backend = within(investigate).getByRole('region', {
      name: 'Links of component:default/bomizzel-backend',
    });
    expect(
      within(backend).getByRole('link', { name: /Traces of bomizzel-backend/ }),
    ).toBeVisible();
    expect(within(backend).getByRole('img', { name: 'Jaeger' })).toBeVisible();
    // No live badges here: they show the present, not the incident window.
    expect(within(investigate).queryByRole('group')).toBeNull();

    const asked = observability.requests.filter(u =>
      u.pathname.endsWith('/links'),
    );
    expect(
      asked.map(u => [
        u.searchParams.get('entityRef'),
        u.searchParams.get('incidentId'),
      ]),
    ).toEqual([
      ['component:default/bomizzel-backend', '12'],
      ['resource:default/bomizzel-postgres', '12'],
    ]);
    expect(
      observability.requests.some(u => u.pathname.endsWith('/status')),
    ).toBe(false);
  });

  it('says so when the affected entities have no links, and keeps the rest of the view', async () => {
    server.use(
      ...createFakeObservabilityBackend({ groups: [] }).handlers,
      ...createFakeIncidentsBackend({
        incidents: [makeIncident({ id: 3, title: 'Quiet one' })],
      }).handlers,
    );
    renderIncidentsUi(<IncidentView incidentId="INC-3" />);

    expect(
      await screen.findByText(
        'The affected entities have no observability links.',
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(screen.getByRole('heading', { name: 'Quiet one' })).toBeVisible();
  });

  it('names the entity whose links failed', async () => {
    server.use(
      ...createFakeObservabilityBackend({ links: 'error' }).handlers,
      ...createFakeIncidentsBackend({
        incidents: [makeIncident({ id: 3 })],
      }).handlers,
    );
    renderIncidentsUi(<IncidentView incidentId="INC-3" />);

    expect(
      await screen.findByText(
        /The links of component:default\/bomizzel-backend could not be loaded: Links are broken/,
        {},
        { timeout: 10_000 },
      ),
    ).toBeVisible();
  });
});

describe('formatIncidentWindow', () => {
  const now = DateTime.fromISO('2026-03-10T12:00:00.000Z');
  const at = (iso: string) => DateTime.fromISO(iso);

  it('shows the incident with the margin, the date only when not today', () => {
    const incident = {
      startedAt: null,
      detectedAt: '2026-03-10T09:02:00.000Z',
      resolvedAt: '2026-03-10T10:40:00.000Z',
    };
    const window = {
      from: '2026-03-10T08:47:00.000Z',
      to: '2026-03-10T10:55:00.000Z',
    };
    expect(formatIncidentWindow(incident, window, now)).toBe(
      `${at(incident.detectedAt).toFormat('HH:mm')} – ${at(
        incident.resolvedAt,
      ).toFormat('HH:mm')} ±15 min`,
    );
    expect(
      formatIncidentWindow(incident, window, now.plus({ days: 2 })),
    ).toMatch(/^\d+ Mar \d\d:\d\d – \d\d:\d\d ±15 min$/);
  });

  it('ends at "now" while the incident is open', () => {
    expect(
      formatIncidentWindow(
        {
          startedAt: '2026-03-10T11:00:00.000Z',
          detectedAt: '2026-03-10T11:05:00.000Z',
          resolvedAt: null,
        },
        { from: '2026-03-10T10:30:00.000Z', to: '2026-03-10T12:00:00.000Z' },
        now,
      ),
    ).toBe(`${at('2026-03-10T11:00:00.000Z').toFormat('HH:mm')} – now ±30 min`);
  });

  it('shows the window itself when it is not the incident plus whole minutes', () => {
    const window = {
      from: '2026-03-09T23:00:30.000Z',
      to: '2026-03-10T10:00:00.000Z',
    };
    expect(
      formatIncidentWindow(
        {
          startedAt: null,
          detectedAt: '2026-03-10T09:00:00.000Z',
          resolvedAt: '2026-03-10T09:30:00.000Z',
        },
        window,
        now,
      ),
    ).toBe(
      `${at(window.from).toFormat('d LLL HH:mm')} – ${at(window.to).toFormat(
        at(window.from).hasSame(at(window.to), 'day') ? 'HH:mm' : 'd LLL HH:mm',
      )}`,
    );
  });
});
