import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  errorResponse,
  INCIDENTS_URL,
  makeIncident,
} from '../../__testUtils__/fakeIncidentsBackend';
import { makeRunbook } from '../../__testUtils__/fakeRunbooks';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { EntityRunbooksContent } from './EntityRunbooksContent';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(60_000);
// The machine running the tests is shared: let queries wait for slow renders.
configure({ asyncUtilTimeout: 10_000 });

const ENTITY = '/catalog/default/component/bomizzel-backend';
const TAB = `${ENTITY}/runbooks`;
const BACKEND_REF = 'component:default/bomizzel-backend';

const database = makeRunbook(
  [
    '# PostgreSQL Database Runbook',
    '',
    '## Symptoms',
    '',
    'Logs show `too many clients`.',
    '',
    '## Check locks',
    '',
    '```sql',
    'SELECT * FROM pg_locks;',
    '```',
    '',
    'Back to the [incident response](./incident-response.md#database-issues-p0p1).',
  ].join('\n'),
  {
    path: 'runbooks/database.md',
    title: 'PostgreSQL Database Runbook',
    summary: 'Procedures for the Bomizzel PostgreSQL database.',
    owner: 'group:default/sre',
    entities: [BACKEND_REF],
    lastReviewed: '2025-01-15',
    stale: true,
  },
);
const redis = makeRunbook('# Redis Runbook\n\n## Memory\n\nEvictions.', {
  path: 'runbooks/redis.md',
  title: 'Redis Runbook',
  owner: 'group:default/backend-team',
  entities: [BACKEND_REF],
  lastReviewed: '2026-11-01',
});
const other = makeRunbook('# Frontend Runbook', {
  path: 'runbooks/frontend.md',
  entities: ['component:default/bomizzel-frontend'],
});

function renderTab(
  options: {
    path?: string;
    backend?: ReturnType<typeof createFakeIncidentsBackend>;
    /** Handlers that win over the fake backend's. */
    overrides?: Parameters<typeof server.use>;
  } = {},
) {
  const backend =
    options.backend ??
    createFakeIncidentsBackend({ runbooks: [database, redis, other] });
  server.use(...(options.overrides ?? []), ...backend.handlers);
  renderIncidentsUi(<EntityRunbooksContent />, {
    mountPath: '/catalog/:namespace/:kind/:name/runbooks/*',
    path: options.path ?? TAB,
  });
  return backend;
}

const runbookRequests = (
  backend: ReturnType<typeof createFakeIncidentsBackend>,
) => backend.requests.filter(r => r.url.pathname.endsWith('/runbooks'));

describe('EntityRunbooksContent', () => {
  it("lists the entity's runbooks: title, summary, owner, last review, stale chip and sections", async () => {
    const backend = renderTab();

    const list = await screen.findByRole('list', { name: 'Runbooks' });
    const items = within(list).getAllByRole('listitem', {
      name: /Runbook$/,
    });
    expect(items.map(i => i.getAttribute('aria-label'))).toEqual([
      'PostgreSQL Database Runbook',
      'Redis Runbook',
    ]);
    const db = items[0];
    expect(
      within(db).getByRole('link', { name: 'PostgreSQL Database Runbook' }),
    ).toHaveAttribute('href', `${TAB}/runbooks/database.md`);
    expect(
      within(db).getByText('Procedures for the Bomizzel PostgreSQL database.'),
    ).toBeInTheDocument();
    expect(within(db).getByRole('link', { name: /sre/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/sre',
    );
    expect(db).toHaveTextContent('Last reviewed Jan 15, 2025');
    expect(within(db).getByText('Stale')).toBeInTheDocument();
    expect(within(items[1]).queryByText('Stale')).not.toBeInTheDocument();
    expect(
      within(db).getByRole('link', { name: 'Check locks' }),
    ).toHaveAttribute('href', `${TAB}/runbooks/database.md#check-locks`);

    expect(runbookRequests(backend)[0].url.searchParams.get('entityRef')).toBe(
      BACKEND_REF,
    );
  });

  it('searches once typing pauses, and says when nothing matches', async () => {
    const backend = renderTab();
    await screen.findByRole('list', { name: 'Runbooks' });

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search runbooks' }),
      'locks',
    );
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('listitem', { name: /Runbook$/ })
          .map(i => i.getAttribute('aria-label')),
      ).toEqual(['PostgreSQL Database Runbook']),
    );
    // Where the text matched.
    expect(
      screen.getByText(/^…locks .*SELECT \* FROM pg_locks;/),
    ).toBeInTheDocument();
    // One request for the list, one for the whole word: none per keystroke.
    expect(
      runbookRequests(backend).map(r => r.url.searchParams.get('q')),
    ).toEqual([null, 'locks']);

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search runbooks' }),
      'mith',
    );
    expect(
      await screen.findByText('No runbook matches “locksmith”'),
    ).toBeInTheDocument();
  });

  it('says when the entity has no runbooks', async () => {
    renderTab({ backend: createFakeIncidentsBackend({ runbooks: [other] }) });
    expect(
      await screen.findByText('No runbooks for Bomizzel Backend API'),
    ).toBeInTheDocument();
  });

  it('shows an error when the runbooks cannot be listed', async () => {
    renderTab({
      overrides: [
        http.get(`${INCIDENTS_URL}/runbooks`, () =>
          errorResponse(503, 'ServiceUnavailableError', 'Index is rebuilding'),
        ),
      ],
    });
    expect(await screen.findByText(/Index is rebuilding/)).toBeInTheDocument();
  });

  it('shows progress while the runbooks load', async () => {
    renderTab({
      overrides: [
        http.get(`${INCIDENTS_URL}/runbooks`, async () => {
          await delay('infinite');
        }),
      ],
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('opens a runbook inside the tab at a linkable URL, with links to other runbooks kept in the tab', async () => {
    renderTab();
    await userEvent.click(
      await screen.findByRole('link', { name: 'PostgreSQL Database Runbook' }),
    );
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'PostgreSQL Database Runbook',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'incident response' }),
    ).toHaveAttribute(
      'href',
      `${TAB}/runbooks/incident-response.md#database-issues-p0p1`,
    );
    expect(
      screen.getByRole('link', { name: /Runbooks of Bomizzel Backend API/ }),
    ).toHaveAttribute('href', TAB);
  });

  it('renders a runbook from its URL below the tab', async () => {
    renderTab({ path: `${TAB}/runbooks/redis.md` });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Redis Runbook' }),
    ).toBeInTheDocument();
  });

  it('says that an incident is open on the entity and links to it', async () => {
    const backend = createFakeIncidentsBackend({
      runbooks: [database],
      incidents: [
        makeIncident({ id: 4, title: 'Old outage', status: 'RESOLVED' }),
        makeIncident({
          id: 7,
          title: 'API answers 502',
          severity: 'P0',
          status: 'IDENTIFIED',
        }),
      ],
    });
    renderTab({ backend });

    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent(
      'An incident is open on Bomizzel Backend API',
    );
    expect(
      within(banner).getByRole('link', {
        name: 'INC-7 · P0 · API answers 502',
      }),
    ).toHaveAttribute('href', `${ENTITY}/incidents/INC-7`);
    expect(banner).toHaveTextContent('(identified)');
    expect(banner).not.toHaveTextContent('Old outage');
    const query = backend.requests.find(r =>
      r.url.pathname.endsWith('/incidents'),
    )!.url.searchParams;
    expect(query.getAll('entityRef')).toEqual([BACKEND_REF]);
    expect(query.getAll('status')).toEqual([
      'INVESTIGATING',
      'IDENTIFIED',
      'RESOLVING',
    ]);
  });

  it('shows no banner when no incident is open', async () => {
    renderTab({
      backend: createFakeIncidentsBackend({
        runbooks: [database],
        incidents: [makeIncident({ id: 4, status: 'RESOLVED' })],
      }),
    });
    await screen.findByRole('list', { name: 'Runbooks' });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
