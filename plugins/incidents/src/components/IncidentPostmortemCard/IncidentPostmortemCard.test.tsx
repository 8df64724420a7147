import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { Postmortem } from '@bomizzel/plugin-incidents-common';
import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  errorResponse,
  INCIDENTS_URL,
  makeIncident,
  NOW,
} from '../../__testUtils__/fakeIncidentsBackend';
import {
  makeActionItem,
  makePostmortem,
} from '../../__testUtils__/fakePostmortemsBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { IncidentFollowUp } from './IncidentPostmortemCard';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

const incident = makeIncident({ id: 42, severity: 'P0', status: 'RESOLVED' });

function setup(postmortem: Postmortem, handlers: any[] = []) {
  const backend = createFakeIncidentsBackend({
    incidents: [incident],
    followUps: {
      postmortems: [postmortem],
      actionItems: [
        makeActionItem({ id: 1, incidentId: 42, title: 'Add a 502 alert' }),
      ],
    },
  });
  server.use(...handlers, ...backend.handlers);
  renderIncidentsUi(<IncidentFollowUp incident={incident} />, {
    mountPath: '/incidents/:incidentId',
    path: '/incidents/INC-42',
  });
}

const card = () => screen.getByRole('region', { name: 'Post-mortem' });

describe('IncidentFollowUp', () => {
  it('flags an overdue post-mortem prominently and links to the editor', async () => {
    setup(
      makePostmortem({
        incidentId: 42,
        dueAt: new Date(NOW - 3 * 3600_000).toISOString(),
        overdue: true,
      }),
    );
    expect(await screen.findByText('Overdue')).toBeInTheDocument();
    expect(card()).toHaveTextContent(/Not started.*Overdue.*was due/);
    expect(
      // A link styled as a button.
      within(card()).getByRole('button', { name: 'Write post-mortem' }),
    ).toHaveAttribute('href', '/incidents/INC-42/postmortem');
    // The incident's action items beside it.
    expect(await screen.findByText('Add a 502 alert')).toBeInTheDocument();
  });

  it('shows the review state and when it is due', async () => {
    setup(
      makePostmortem({
        incidentId: 42,
        exists: true,
        status: 'in_review',
        dueAt: new Date(Date.now() + 5 * 3600_000).toISOString(),
        version: 3,
        updatedAt: new Date(NOW - 600_000).toISOString(),
      }),
    );
    expect(
      await screen.findByLabelText('Post-mortem status: In review'),
    ).toBeInTheDocument();
    expect(card()).toHaveTextContent(/Required · due in/);
    expect(card()).not.toHaveTextContent('Overdue');
    expect(
      within(card()).getByRole('button', { name: 'Open post-mortem' }),
    ).toBeInTheDocument();
  });

  it('says when a post-mortem is optional, or done', async () => {
    setup(
      makePostmortem({ incidentId: 42, required: false, dueAt: undefined }),
    );
    expect(await screen.findByText('Optional for P0')).toBeInTheDocument();
  });

  it('says when the post-mortem cannot be loaded', async () => {
    setup(makePostmortem({ incidentId: 42 }), [
      http.get(`${INCIDENTS_URL}/incidents/:id/postmortem`, () =>
        errorResponse(500, 'Error', 'Database is down'),
      ),
    ]);
    expect(
      await screen.findByText(
        /Could not load the post-mortem: Database is down/,
      ),
    ).toBeInTheDocument();
  });
});
