import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  errorResponse,
  INCIDENTS_URL,
  makeIncident,
  NOW,
} from '../../__testUtils__/fakeIncidentsBackend';
import { enterText } from '../../__testUtils__/enterText';
import { makeRunbook } from '../../__testUtils__/fakeRunbooks';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { EntityIncidentsContent } from './EntityIncidentsContent';

const server = setupServer();
registerMswTestHooks(server);
// Typing into Material UI fields is slow in jsdom.
jest.setTimeout(30_000);

const TAB = '/catalog/default/component/bomizzel-backend/incidents';

function renderTab(path = TAB) {
  return renderIncidentsUi(<EntityIncidentsContent pageSize={2} />, {
    mountPath: '/catalog/:namespace/:kind/:name/incidents/*',
    path,
  });
}

const listRequests = (backend: ReturnType<typeof createFakeIncidentsBackend>) =>
  backend.requests.filter(
    r => r.method === 'GET' && r.url.pathname.endsWith('/incidents'),
  );

describe('EntityIncidentsContent', () => {
  it('lists the active incidents first, then the history of the entity', async () => {
    const backend = createFakeIncidentsBackend({
      incidents: [
        makeIncident({
          id: 1,
          title: 'Old outage',
          status: 'RESOLVED',
          resolvedAt: new Date(NOW - 1800_000).toISOString(),
        }),
        makeIncident({
          id: 2,
          title: 'Slow ticket search',
          severity: 'P2',
          status: 'IDENTIFIED',
        }),
        makeIncident({
          id: 3,
          title: 'API answers 502',
          severity: 'P0',
          response: {
            targetMinutes: 15,
            deadline: new Date(NOW - 60_000).toISOString(),
            state: 'breached',
          },
        }),
      ],
    });
    server.use(...backend.handlers);
    renderTab();

    const active = await screen.findByRole('region', {
      name: 'Active incidents',
    });
    const history = screen.getByRole('region', { name: 'History' });
    await waitFor(() =>
      expect(within(active).getByText('API answers 502')).toBeInTheDocument(),
    );
    const activeRows = within(active).getAllByRole('link', { name: /^INC-/ });
    expect(activeRows.map(l => l.textContent)).toEqual(['INC-3', 'INC-2']);
    expect(
      within(active).getByText('Breached (not acknowledged)'),
    ).toBeInTheDocument();
    expect(
      within(active).getByLabelText('Severity P0 Critical'),
    ).toBeInTheDocument();
    expect(within(active).getByText('Identified')).toBeInTheDocument();
    await waitFor(() =>
      expect(within(history).getByText('Old outage')).toBeInTheDocument(),
    );
    expect(
      within(history).getByRole('link', { name: 'INC-1' }),
    ).toHaveAttribute('href', `${TAB}/INC-1`);

    const queries = listRequests(backend).map(r => r.url.searchParams);
    expect(queries.map(q => q.getAll('status'))).toEqual(
      expect.arrayContaining([
        ['INVESTIGATING', 'IDENTIFIED', 'RESOLVING'],
        ['RESOLVED'],
      ]),
    );
    for (const q of queries) {
      expect(q.getAll('entityRef')).toEqual([
        'component:default/bomizzel-backend',
      ]);
    }
  });
});

describe('EntityIncidentsContent filters and paging', () => {
  it('sends the filters as query parameters, with a debounced search', async () => {
    const backend = createFakeIncidentsBackend({
      incidents: [
        makeIncident({
          id: 1,
          title: 'Disk full on db',
          status: 'RESOLVED',
          severity: 'P0',
        }),
        makeIncident({
          id: 2,
          title: 'Login slow',
          status: 'RESOLVED',
          severity: 'P2',
        }),
      ],
    });
    server.use(...backend.handlers);
    renderTab();
    const history = await screen.findByRole('region', { name: 'History' });
    await within(history).findByText('Login slow');

    // Severity: P0 only
    await userEvent.click(screen.getByRole('button', { name: /Severity/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'P0 · Critical' }),
    );
    await userEvent.keyboard('{Escape}');
    await waitFor(() =>
      expect(within(history).queryByText('Login slow')).not.toBeInTheDocument(),
    );
    expect(within(history).getByText('Disk full on db')).toBeInTheDocument();

    // Time range: last 30 days
    await userEvent.click(screen.getByRole('button', { name: /Time range/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 30 days' }),
    );

    // Text: one request after typing stops, not one per key
    const before = listRequests(backend).length;
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'disk',
    );
    await waitFor(() =>
      expect(
        listRequests(backend).some(r => r.url.searchParams.get('q') === 'disk'),
      ).toBe(true),
    );
    const searches = listRequests(backend)
      .slice(before)
      .map(r => r.url.searchParams.get('q'));
    expect(searches.filter(q => q && q !== 'disk')).toEqual([]);

    const last = listRequests(backend)
      .filter(r => r.url.searchParams.getAll('status').includes('RESOLVED'))
      .pop()!.url.searchParams;
    expect(last.getAll('severity')).toEqual(['P0']);
    expect(last.get('q')).toBe('disk');
    const from = Date.parse(last.get('from')!);
    expect(Date.now() - from).toBeGreaterThan(29 * 86400_000);
    expect(Date.now() - from).toBeLessThan(31 * 86400_000);
  });

  it('narrows the sections to the statuses chosen', async () => {
    const backend = createFakeIncidentsBackend({
      incidents: [
        makeIncident({ id: 1, title: 'Resolved one', status: 'RESOLVED' }),
        makeIncident({ id: 2, title: 'Identified one', status: 'IDENTIFIED' }),
        makeIncident({ id: 3, title: 'Investigating one' }),
      ],
    });
    server.use(...backend.handlers);
    renderTab();
    await screen.findByText('Investigating one');

    await userEvent.click(screen.getByRole('button', { name: /Status/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Identified' }),
    );
    await userEvent.keyboard('{Escape}');

    await waitFor(() =>
      expect(screen.queryByText('Investigating one')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('Identified one')).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'History' }),
    ).not.toBeInTheDocument();
    const last = listRequests(backend).pop()!.url.searchParams;
    expect(last.getAll('status')).toEqual(['IDENTIFIED']);
  });

  it('loads the next page of the history with the cursor, never an offset', async () => {
    const backend = createFakeIncidentsBackend({
      incidents: [1, 2, 3, 4, 5].map(id =>
        makeIncident({ id, title: `Resolved ${id}`, status: 'RESOLVED' }),
      ),
    });
    server.use(...backend.handlers);
    renderTab();
    const history = await screen.findByRole('region', { name: 'History' });
    await within(history).findByText('Resolved 5');
    expect(
      within(history).getAllByRole('link', { name: /^INC-/ }),
    ).toHaveLength(2);

    await userEvent.click(
      within(history).getByRole('button', { name: 'Load more' }),
    );
    await within(history).findByText('Resolved 3');
    await userEvent.click(
      within(history).getByRole('button', { name: 'Load more' }),
    );
    await within(history).findByText('Resolved 1');

    expect(
      within(history)
        .getAllByRole('link', { name: /^INC-/ })
        .map(l => l.textContent),
    ).toEqual(['INC-5', 'INC-4', 'INC-3', 'INC-2', 'INC-1']);
    expect(
      within(history).queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
    const pages = listRequests(backend).filter(r =>
      r.url.searchParams.getAll('status').includes('RESOLVED'),
    );
    expect(pages.map(r => r.url.searchParams.get('cursor'))).toEqual([
      null,
      '4',
      '2',
    ]);
    for (const page of pages) {
      expect(page.url.searchParams.get('limit')).toBe('2');
      expect(page.url.searchParams.has('offset')).toBe(false);
    }
  });
});

describe('EntityIncidentsContent states', () => {
  it('invites to declare the first incident when there is none', async () => {
    const backend = createFakeIncidentsBackend();
    server.use(...backend.handlers);
    renderTab();
    expect(
      await screen.findByText('No incidents for Bomizzel Backend API'),
    ).toBeInTheDocument();
    // The header button and the call to action of the empty state
    expect(
      screen.getAllByRole('button', { name: 'Declare incident' }),
    ).toHaveLength(2);
  });

  it('shows the error of a failed request', async () => {
    const backend = createFakeIncidentsBackend();
    server.use(
      http.get(`${INCIDENTS_URL}/incidents`, () =>
        errorResponse(403, 'NotAllowedError', 'You may not read incidents'),
      ),
      ...backend.handlers,
    );
    renderTab();
    expect(
      await screen.findByText(/You may not read incidents/),
    ).toBeInTheDocument();
  });

  it('declares an incident and opens it in the tab', async () => {
    const backend = createFakeIncidentsBackend();
    server.use(...backend.handlers);
    renderTab();
    const [headerButton] = await screen.findAllByRole('button', {
      name: 'Declare incident',
    });
    await userEvent.click(headerButton);
    const dialog = await screen.findByRole('dialog', {
      name: 'Declare incident',
    });
    await enterText(
      within(dialog).getByRole('textbox', { name: /Title/ }),
      'Checkout fails',
    );
    await userEvent.click(within(dialog).getByRole('radio', { name: /P1/ }));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare' }),
    );

    expect(
      await screen.findByRole('heading', { name: 'Checkout fails' }),
    ).toBeInTheDocument();
    expect(screen.getByText('INC-1')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /All incidents/ })).toHaveAttribute(
      'href',
      TAB,
    );
  });

  it('opens an incident from its URL below the tab', async () => {
    const backend = createFakeIncidentsBackend({
      incidents: [makeIncident({ id: 3, title: 'Queue backlog' })],
      runbooks: [
        makeRunbook('# Redis Runbook', {
          path: 'runbooks/redis.md',
          title: 'Redis Runbook',
        }),
      ],
    });
    server.use(...backend.handlers);
    renderTab(`${TAB}/INC-3`);
    expect(
      await screen.findByRole('heading', { name: 'Queue backlog' }),
    ).toBeInTheDocument();
    // The entity's runbooks sit beside it: those the runbook index knows,
    // opened in the entity's Runbooks tab, and its catalog links.
    expect(
      await screen.findByRole('link', { name: 'Redis Runbook' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/bomizzel-backend/runbooks/runbooks/redis.md',
    );
    expect(
      screen.getByRole('link', { name: /Incident response runbook/ }),
    ).toBeInTheDocument();
    expect(
      backend.requests
        .find(r => r.url.pathname.endsWith('/runbooks'))
        ?.url.searchParams.get('entityRef'),
    ).toBe('component:default/bomizzel-backend');
  });
});
