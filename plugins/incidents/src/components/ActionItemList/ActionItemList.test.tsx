import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ActionItem } from '@bomizzel/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import {
  errorResponse,
  INCIDENTS_URL,
} from '../../__testUtils__/fakeIncidentsBackend';
import {
  createFakePostmortemsBackend,
  makeActionItem,
} from '../../__testUtils__/fakePostmortemsBackend';
import { enterText } from '../../__testUtils__/enterText';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { ActionItemList, ActionItemListProps } from './ActionItemList';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

function setup(
  actionItems: ActionItem[],
  props: Partial<ActionItemListProps> = {},
  handlers: HttpHandler[] = [],
) {
  const backend = createFakePostmortemsBackend({ actionItems });
  server.use(...handlers, ...backend.handlers);
  renderIncidentsUi(
    <ActionItemList request={{ incidentId: 42 }} incidentId={42} {...props} />,
  );
  return backend;
}

const rows = () => within(screen.getByRole('table')).getAllByRole('row');

describe('ActionItemList', () => {
  it('lists overdue items first with their kind, owner, due date in red and ticket', async () => {
    setup([
      makeActionItem({
        id: 1,
        incidentId: 42,
        title: 'Document the failover',
        kind: 'process_change',
        dueDate: '2026-04-01',
      }),
      makeActionItem({
        id: 2,
        incidentId: 42,
        title: 'Alert on disk usage',
        kind: 'monitoring_enhancement',
        owner: 'group:default/backend-team',
        dueDate: '2026-03-01',
        overdue: true,
        ticketUrl: 'https://jira.example.com/browse/OPS-7',
      }),
    ]);

    await screen.findByText('Alert on disk usage');
    const [, first, second] = rows();
    expect(first).toHaveTextContent('Alert on disk usage');
    expect(first).toHaveTextContent('Monitoring enhancement');
    expect(
      within(first).getByRole('link', { name: /backend-team/ }),
    ).toHaveAttribute('href', '/catalog/default/group/backend-team');
    expect(first).toHaveTextContent('Mar 1, 2026 · Overdue');
    expect(within(first).getByRole('link', { name: /Ticket/ })).toHaveAttribute(
      'href',
      'https://jira.example.com/browse/OPS-7',
    );
    expect(second).toHaveTextContent('Document the failover');
    expect(second).toHaveTextContent('Process change');
    expect(second).toHaveTextContent('Nobody');
    expect(second).not.toHaveTextContent('Overdue');
  });

  it('changes the status in place with the version on screen (If-Match)', async () => {
    const backend = setup([
      makeActionItem({
        id: 3,
        incidentId: 42,
        title: 'Add a 502 alert',
        version: 4,
        overdue: true,
        dueDate: '2026-03-01',
      }),
    ]);
    const select = await screen.findByRole('combobox', {
      name: 'Status of Add a 502 alert',
    });
    await userEvent.selectOptions(select, 'done');

    await waitFor(() =>
      expect(backend.requests.filter(r => r.method === 'PATCH')).toHaveLength(
        1,
      ),
    );
    const [patch] = backend.requests.filter(r => r.method === 'PATCH');
    expect(patch.url.pathname).toBe('/api/incidents/action-items/3');
    expect(patch.headers.get('if-match')).toBe('"4"');
    expect(patch.body).toEqual({ status: 'done' });
    // Done is no longer overdue.
    await waitFor(() => expect(rows()[1]).not.toHaveTextContent('Overdue'));
    expect(select).toHaveValue('done');
  });

  it('reloads and says so when someone else changed the item (412)', async () => {
    const backend = setup([
      makeActionItem({ id: 3, incidentId: 42, title: 'Add a 502 alert' }),
    ]);
    const select = await screen.findByRole('combobox', {
      name: 'Status of Add a 502 alert',
    });
    backend.actionItems[0] = {
      ...backend.actionItems[0],
      status: 'in_progress',
      version: 2,
    };
    await userEvent.selectOptions(select, 'done');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Someone else changed "Add a 502 alert" meanwhile',
    );
    await waitFor(() =>
      expect(
        screen.getByRole('combobox', { name: 'Status of Add a 502 alert' }),
      ).toHaveValue('in_progress'),
    );
  });

  it('adds an action item from the dialog', async () => {
    const backend = setup([]);
    expect(await screen.findByText('No action items yet.')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Add action item' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Add action item',
    });
    await waitFor(() =>
      expect(
        within(dialog).getByRole('textbox', { name: /Title/ }),
      ).toHaveFocus(),
    );
    await userEvent.paste('Alert on 502 rate');
    await userEvent.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Kind' }),
      'monitoring_enhancement',
    );
    // Owner from the catalog.
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: /Owner/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /Sam Rivera/ }),
    );
    await enterText(within(dialog).getByLabelText(/Due date/), '2026-03-20');
    await enterText(
      within(dialog).getByRole('textbox', { name: /Ticket URL/ }),
      'https://jira.example.com/browse/OPS-9',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    const [post] = backend.requests.filter(r => r.method === 'POST');
    expect(post.url.pathname).toBe('/api/incidents/incidents/42/action-items');
    expect(post.body).toEqual({
      title: 'Alert on 502 rate',
      kind: 'monitoring_enhancement',
      owner: 'user:default/sam-rivera',
      dueDate: '2026-03-20',
      ticketUrl: 'https://jira.example.com/browse/OPS-9',
    });
    expect(rows()[1]).toHaveTextContent('Alert on 502 rate');
  });

  it('refuses a ticket link that is not http or https, and a missing title', async () => {
    const backend = setup([]);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Add action item' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Add action item',
    });
    // The dialog focuses its title once its opening transition ends; on a
    // busy machine that comes late and would take the text typed below.
    await waitFor(() =>
      expect(
        within(dialog).getByRole('textbox', { name: /Title/ }),
      ).toHaveFocus(),
    );
    await enterText(
      within(dialog).getByRole('textbox', { name: /Ticket URL/ }),
      'ftp://files.example.com/OPS-1',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(
      await within(dialog).findByText('Only http and https links are allowed'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Say what is to be done'),
    ).toBeInTheDocument();

    await userEvent.clear(
      within(dialog).getByRole('textbox', { name: /Ticket URL/ }),
    );
    await userEvent.paste('jira OPS-1');
    expect(await within(dialog).findByText(/Not a URL/)).toBeInTheDocument();
    expect(backend.requests.filter(r => r.method === 'POST')).toHaveLength(0);

    // Escape closes the dialog.
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
  });

  it('edits an item, sending only what changed and clearing with null', async () => {
    const backend = setup([
      makeActionItem({
        id: 5,
        incidentId: 42,
        title: 'Add a 502 alert',
        ticketUrl: 'https://jira.example.com/browse/OPS-1',
        version: 2,
      }),
    ]);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Edit Add a 502 alert' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit action item',
    });
    await waitFor(() =>
      expect(
        within(dialog).getByRole('textbox', { name: /Title/ }),
      ).toHaveFocus(),
    );
    await userEvent.clear(
      within(dialog).getByRole('textbox', { name: /Ticket URL/ }),
    );
    await enterText(
      within(dialog).getByRole('textbox', { name: /Title/ }),
      ' and 503',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    const [patch] = backend.requests.filter(r => r.method === 'PATCH');
    expect(patch.headers.get('if-match')).toBe('"2"');
    expect(patch.body).toEqual({
      title: 'Add a 502 alert and 503',
      ticketUrl: null,
    });
    expect(rows()[1]).toHaveTextContent('Add a 502 alert and 503');
  });

  it('says when there are none or they cannot be loaded', async () => {
    setup([], {
      request: { entityRef: ['component:default/x'] },
      incidentId: undefined,
      emptyText: 'No open action items.',
    });
    expect(
      await screen.findByText('No open action items.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Add action item' }),
    ).not.toBeInTheDocument();
  });

  it('offers a retry when the list fails', async () => {
    setup([], {}, [
      http.get(`${INCIDENTS_URL}/incidents/:id/action-items`, () =>
        errorResponse(503, 'ServiceUnavailableError', 'Try later'),
      ),
    ]);
    expect(
      await screen.findByText(/Could not load the action items: Try later/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
