import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import {
  errorResponse,
  INCIDENTS_URL,
  NOW,
} from '../../__testUtils__/fakeIncidentsBackend';
import {
  createFakePostmortemsBackend,
  makeActionItem,
  makePostmortemSummary,
} from '../../__testUtils__/fakePostmortemsBackend';
import {
  backendEntity,
  renderIncidentsUi,
} from '../../__testUtils__/renderIncidentsUi';
import { EntityFollowUps } from './EntityFollowUps';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

describe('EntityFollowUps', () => {
  it("lists the entity's open action items overdue first, and the post-mortems missing or overdue", async () => {
    const backend = createFakePostmortemsBackend({
      actionItems: [
        makeActionItem({
          id: 1,
          incidentId: 3,
          title: 'Later',
          dueDate: '2026-05-01',
        }),
        makeActionItem({
          id: 2,
          incidentId: 4,
          title: 'Late',
          dueDate: '2026-03-01',
          overdue: true,
        }),
      ],
      summaries: [
        makePostmortemSummary({ incidentId: 3, incidentTitle: 'Not started' }),
        makePostmortemSummary({
          incidentId: 4,
          incidentTitle: 'Late draft',
          status: 'draft',
          overdue: true,
          dueAt: new Date(NOW - 3600_000).toISOString(),
        }),
        makePostmortemSummary({
          incidentId: 5,
          incidentTitle: 'Draft on time',
          status: 'draft',
        }),
      ],
    });
    server.use(...backend.handlers);
    renderIncidentsUi(<EntityFollowUps entity={backendEntity} />, {
      mountPath: '/catalog/default/component/bomizzel-backend/incidents',
      path: '/catalog/default/component/bomizzel-backend/incidents',
    });

    const table = await screen.findByRole('table', { name: 'Action items' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(/Late.*INC-4.*Overdue/);
    expect(rows[2]).toHaveTextContent(/Later.*INC-3/);
    expect(
      within(rows[1]).getByRole('link', { name: 'INC-4' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/bomizzel-backend/incidents/INC-4',
    );
    const [itemsRequest] = backend.requests.filter(r =>
      r.url.pathname.endsWith('/action-items'),
    );
    expect(itemsRequest.url.searchParams.getAll('entityRef')).toEqual([
      'component:default/bomizzel-backend',
    ]);
    expect(itemsRequest.url.searchParams.getAll('status')).toEqual([
      'open',
      'in_progress',
    ]);

    const postmortems = await screen.findByRole('list', {
      name: 'Post-mortems to write',
    });
    const items = within(postmortems).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(/INC-4: Late draft.*Draft.*Overdue/);
    expect(items[1]).toHaveTextContent(/INC-3: Not started.*Not started/);
    expect(
      within(items[0]).getByRole('link', { name: 'INC-4: Late draft' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/bomizzel-backend/incidents/INC-4/postmortem',
    );
  });

  it('says when nothing is owed, and when the lists fail', async () => {
    const backend = createFakePostmortemsBackend();
    server.use(
      http.get(`${INCIDENTS_URL}/postmortems`, () =>
        errorResponse(503, 'ServiceUnavailableError', 'Try later'),
      ),
      ...backend.handlers,
    );
    renderIncidentsUi(<EntityFollowUps entity={backendEntity} />);
    expect(
      await screen.findByText('No open action items.'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Could not load the post-mortems: Try later/),
    ).toBeInTheDocument();
  });
});
