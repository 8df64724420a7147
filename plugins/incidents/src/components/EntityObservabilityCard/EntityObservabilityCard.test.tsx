import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { StatusSource } from '@bomizzel/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  createFakeObservabilityBackend,
  makeLinkGroups,
} from '../../__testUtils__/fakeObservabilityBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import {
  EntityObservabilityCard,
  OBSERVABILITY_DOCS_URL,
} from './EntityObservabilityCard';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(20_000);

const group = (name: string) => screen.getByRole('region', { name });
const liveStatusOf = (name: string) =>
  screen.getByRole('group', { name: `Live status of ${name}` });

const badgeOf = (text: string | RegExp) =>
  screen.getByText(text).closest<HTMLElement>('[tabindex="0"]')!;

/** The tooltip of a badge, under the pointer. */
async function tooltipOf(text: string | RegExp): Promise<HTMLElement> {
  await userEvent.hover(badgeOf(text));
  await screen.findAllByRole('tooltip');
  // Tooltips are added to the end of the page: the last one is the newest.
  return screen.getAllByRole('tooltip').pop()!;
}

describe('EntityObservabilityCard', () => {
  it('groups the links by tool with their marks, opening in a new tab, and shows the live badges', async () => {
    const backend = createFakeObservabilityBackend();
    server.use(...backend.handlers);
    renderIncidentsUi(<EntityObservabilityCard />);

    const grafana = await screen.findByRole('region', { name: 'Grafana' });
    expect(
      screen.getAllByRole('heading', { level: 3 }).map(h => h.textContent),
    ).toEqual(['Grafana', 'Jaeger', 'Status page', 'PagerDuty', 'Slack']);
    for (const tool of [
      'Grafana',
      'Jaeger',
      'Status page',
      'PagerDuty',
      'Slack',
    ]) {
      expect(
        within(group(tool)).getByRole('img', { name: tool }),
      ).toBeVisible();
    }
    const overview = within(grafana).getByRole('link', {
      name: /Bomizzel backend overview/,
    });
    expect(overview).toHaveAttribute(
      'href',
      'https://grafana.bomizzel.com/d/bmz-backend/bomizzel-backend?orgId=1',
    );
    expect(overview).toHaveAttribute('target', '_blank');
    expect(overview).toHaveAttribute(
      'rel',
      expect.stringContaining('noopener'),
    );
    expect(grafana).toHaveTextContent('main · alerts');

    await waitFor(() =>
      expect(liveStatusOf('Grafana')).toHaveTextContent('2 alerts firing'),
    );
    expect(liveStatusOf('Jaeger')).toHaveTextContent(
      '3 traces with errors · 1h',
    );
    const statuspage = liveStatusOf('Status page');
    expect(
      Array.from(statuspage.querySelectorAll('[tabindex="0"]')).map(
        b => b.textContent,
      ),
    ).toEqual(['Ticketing API: Partial outage', 'Website: Operational']);
    expect(
      screen.queryByRole('group', { name: /Live status of PagerDuty/ }),
    ).toBeNull();
    // What is behind a badge is reachable with the keyboard: the badge takes
    // the focus and describes itself (the tooltip's text).
    const firing = badgeOf('2 alerts firing');
    await userEvent.tab();
    await userEvent.tab();
    expect(firing).toHaveFocus();
    expect(firing).toHaveAccessibleDescription(
      /^Firing: HighErrorRate, SlowResponses\./,
    );
    expect(await tooltipOf('2 alerts firing')).toHaveTextContent(
      'Firing: HighErrorRate, SlowResponses',
    );

    expect(
      backend.requests.map(u => `${u.pathname}${u.search}`).sort(),
    ).toEqual([
      '/api/incidents/links?entityRef=component%3Adefault%2Fbomizzel-backend',
      '/api/incidents/status?entityRef=component%3Adefault%2Fbomizzel-backend',
    ]);
  });

  it('colours the status-page components by their status', async () => {
    const statuses = [
      'operational',
      'degraded_performance',
      'partial_outage',
      'major_outage',
      'under_maintenance',
    ];
    server.use(
      ...createFakeObservabilityBackend({
        status: [
          {
            source: 'statuspage',
            state: 'ok',
            components: statuses.map(status => ({
              id: status,
              name: status,
              status,
            })),
          },
        ],
      }).handlers,
    );
    renderIncidentsUi(<EntityObservabilityCard />);

    await screen.findByText('major_outage: Major outage');
    const colours = statuses.map(status => {
      const badge = screen.getByText(new RegExp(`^${status}:`)).parentElement!;
      return getComputedStyle(badge.querySelector('svg')!).color;
    });
    expect(new Set(colours).size).toBe(statuses.length);
    expect(
      screen.getByText('degraded_performance: Degraded performance'),
    ).toBeVisible();
    expect(
      screen.getByText('under_maintenance: Under maintenance'),
    ).toBeVisible();
  });

  it('shows the links while the live status is still asked, each badge with its skeleton', async () => {
    let answer!: (sources: StatusSource[]) => void;
    const status = new Promise<StatusSource[]>(resolve => {
      answer = resolve;
    });
    server.use(...createFakeObservabilityBackend({ status }).handlers);
    renderIncidentsUi(<EntityObservabilityCard />);

    const jaeger = await screen.findByRole('region', { name: 'Jaeger' });
    expect(
      within(jaeger).getByRole('link', { name: /Traces of bomizzel-backend/ }),
    ).toBeVisible();
    for (const tool of ['Grafana', 'Jaeger', 'Status page']) {
      expect(
        within(liveStatusOf(tool)).getByRole('progressbar', {
          name: `Loading the live status of ${tool}`,
        }),
      ).toBeInTheDocument();
    }
    expect(
      within(group('Slack')).queryByRole('progressbar'),
    ).not.toBeInTheDocument();

    answer([{ source: 'jaeger', state: 'ok', errorTraces: 0, lookback: '1h' }]);
    await waitFor(() =>
      expect(liveStatusOf('Jaeger')).toHaveTextContent(
        'No traces with errors · 1h',
      ),
    );
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    // Sources the backend did not report get no badge.
    expect(
      screen.queryByRole('group', { name: 'Live status of Grafana' }),
    ).toBeNull();
  });

  it('keeps the links and says why when the status request fails', async () => {
    server.use(...createFakeObservabilityBackend({ status: 'error' }).handlers);
    renderIncidentsUi(<EntityObservabilityCard />);

    await waitFor(() =>
      expect(liveStatusOf('Grafana')).toHaveTextContent(
        'Live status unavailable',
      ),
    );
    expect(liveStatusOf('Status page')).toHaveTextContent(
      'Live status unavailable',
    );
    expect(
      screen.getByRole('link', { name: /Bomizzel backend overview/ }),
    ).toBeVisible();
    const [first] = screen.getAllByText('Live status unavailable');
    expect(first.closest('[title]')).toHaveAttribute('title', 'Status is down');
  });

  it('marks stale and unavailable sources, with the reason in the tooltip', async () => {
    server.use(
      ...createFakeObservabilityBackend({
        status: [
          {
            source: 'grafana-alerts',
            state: 'unavailable',
            instance: 'ops',
            reason: 'Grafana did not answer within 2 s',
          },
          {
            source: 'jaeger',
            state: 'stale',
            errorTraces: 1,
            reason: 'Jaeger answered 502',
            updatedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
          },
          {
            source: 'statuspage',
            state: 'ok',
            components: [
              { id: 'a', name: 'Ticketing API', status: 'operational' },
            ],
          },
        ],
      }).handlers,
    );
    renderIncidentsUi(<EntityObservabilityCard />);

    await waitFor(() =>
      expect(liveStatusOf('Grafana')).toHaveTextContent(
        'ops · Alerts unavailable',
      ),
    );
    expect(await tooltipOf('ops · Alerts unavailable')).toHaveTextContent(
      'Grafana did not answer within 2 s',
    );
    expect(liveStatusOf('Jaeger')).toHaveTextContent(
      '1 trace with errors · 1h · stale',
    );
    expect(await tooltipOf(/stale$/)).toHaveTextContent(
      'Stale: Jaeger answered 502. Last answer 10 minutes ago.',
    );
    expect(liveStatusOf('Status page')).toHaveTextContent(
      'Ticketing API: Operational',
    );
  });

  it('asks for the live status again on refresh', async () => {
    const backend = createFakeObservabilityBackend();
    server.use(...backend.handlers);
    renderIncidentsUi(<EntityObservabilityCard />);
    const refresh = await screen.findByRole('button', {
      name: 'Refresh the live status',
    });
    await waitFor(() => expect(refresh).toBeEnabled());

    await userEvent.click(refresh);

    await waitFor(() =>
      expect(
        backend.requests.filter(u => u.pathname.endsWith('/status')),
      ).toHaveLength(2),
    );
    await waitFor(() =>
      expect(liveStatusOf('Grafana')).toHaveTextContent('2 alerts firing'),
    );
  });

  it('drops links that are not web addresses', async () => {
    const groups = makeLinkGroups().slice(0, 1);
    groups[0].links.push({
      tool: 'grafana',
      title: 'Sneaky',
      // eslint-disable-next-line no-script-url
      url: 'javascript:alert(1)',
    });
    server.use(
      ...createFakeObservabilityBackend({ groups, status: [] }).handlers,
    );
    renderIncidentsUi(<EntityObservabilityCard />);

    const grafana = await screen.findByRole('region', { name: 'Grafana' });
    expect(within(grafana).getAllByRole('link')).toHaveLength(2);
    expect(screen.queryByText('Sneaky')).not.toBeInTheDocument();
  });

  it('explains which annotations to add when the entity has no links', async () => {
    server.use(
      ...createFakeObservabilityBackend({ groups: [], status: [] }).handlers,
    );
    renderIncidentsUi(<EntityObservabilityCard />);

    expect(await screen.findByText('No observability links')).toBeVisible();
    expect(screen.getByText('grafana/…')).toBeVisible();
    expect(
      screen.getByRole('link', { name: /How to link an entity to its tools/ }),
    ).toHaveAttribute('href', OBSERVABILITY_DOCS_URL);
  });

  it('shows an error panel when the links cannot be loaded', async () => {
    server.use(...createFakeObservabilityBackend({ links: 'error' }).handlers);
    renderIncidentsUi(<EntityObservabilityCard />);

    expect(
      await screen.findByText(/The observability links could not be loaded/),
    ).toBeVisible();
    // in the panel's message, and again in its response body once that
    // lazily loaded code snippet has rendered
    expect(screen.getAllByText(/Links are broken/)[0]).toBeInTheDocument();
  });
});
