import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { DEFAULT_SEVERITIES } from '@bomizzel/plugin-incidents-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  errorResponse,
  INCIDENTS_URL,
  makeEscalation,
  makeIncident,
  NOW,
} from '../../__testUtils__/fakeIncidentsBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { IncidentTimeline } from '../IncidentView/IncidentTimeline';
import { IncidentEscalationCard } from './IncidentEscalationCard';

const server = setupServer();
registerMswTestHooks(server);

describe('IncidentEscalationCard', () => {
  const incident = makeIncident({ id: 7, severity: 'P1' });

  it('shows the fired level, who is on it, the next level and the levels that do not apply', async () => {
    server.use(
      ...createFakeIncidentsBackend({ incidents: [incident] }).handlers,
    );
    await renderIncidentsUi(<IncidentEscalationCard incident={incident} />);

    expect(
      await screen.findByText('Escalated to On-call engineer'),
    ).toBeInTheDocument();
    const levels = screen.getByRole('list', { name: 'Escalation levels' });
    const items = within(levels).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(/On-call engineer · at detectionFired/);
    expect(within(items[0]).getByRole('link')).toHaveTextContent('sam-rivera');
    expect(within(items[0]).getByTitle('Fired')).toBeInTheDocument();
    expect(items[1]).toHaveTextContent(/Team lead · 15 min after detectionDue/);
    expect(items[1]).toHaveTextContent(
      'Nobody: no bomizzel.com/escalation-lead annotation on the owner groups',
    );
    expect(screen.getByText(/^Next:/)).toHaveTextContent('Next: Team lead');
    expect(
      screen.getByText('Not for P1: Engineering manager'),
    ).toBeInTheDocument();
  });

  it('says when nothing more will fire', async () => {
    server.use(
      http.get(`${INCIDENTS_URL}/incidents/7/escalation`, () => {
        const escalation = makeEscalation(incident);
        escalation.levels[1].state = 'stopped';
        delete escalation.next;
        return HttpResponse.json(escalation);
      }),
    );
    await renderIncidentsUi(<IncidentEscalationCard incident={incident} />);
    expect(
      await screen.findByText('No further escalation.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Not needed: the incident made progress/),
    ).toBeInTheDocument();
  });

  it('tells the view when a further level fired, so the timeline shows it', async () => {
    let calls = 0;
    server.use(
      http.get(`${INCIDENTS_URL}/incidents/7/escalation`, () => {
        calls += 1;
        const escalation = makeEscalation(incident);
        if (calls > 1) {
          escalation.levels[1].state = 'fired';
          escalation.levels[1].firedAt = escalation.levels[1].dueAt;
          escalation.currentLevel = 'lead';
        }
        return HttpResponse.json(escalation);
      }),
    );
    const onEscalated = jest.fn();
    // The incident changes (a new version), so the card reads again.
    function Harness() {
      const [version, setVersion] = useState(incident.version);
      return (
        <>
          <button onClick={() => setVersion(v => v + 1)}>change</button>
          <IncidentEscalationCard
            incident={{ ...incident, version }}
            onEscalated={onEscalated}
          />
        </>
      );
    }
    await renderIncidentsUi(<Harness />);
    await screen.findByText('Escalated to On-call engineer');
    expect(onEscalated).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'change' }));
    await screen.findByText('Escalated to Team lead');
    expect(onEscalated).toHaveBeenCalledTimes(1);
  });

  it('shows an error when the escalation cannot be read', async () => {
    server.use(
      http.get(`${INCIDENTS_URL}/incidents/7/escalation`, () =>
        errorResponse(500, 'Error', 'database unavailable'),
      ),
    );
    await renderIncidentsUi(<IncidentEscalationCard incident={incident} />);
    expect(
      await screen.findByText(
        'Could not load the escalation: database unavailable',
      ),
    ).toBeInTheDocument();
  });
});

describe('an escalation on the timeline', () => {
  it('names the level and the people, from the escalation policy', async () => {
    await renderIncidentsUi(
      <IncidentTimeline
        severities={[...DEFAULT_SEVERITIES]}
        events={[
          {
            id: 1,
            incidentId: 7,
            type: 'escalated',
            actor: 'plugin:incidents',
            createdAt: new Date(NOW).toISOString(),
            message:
              'Escalated to Team lead after 15 min: user:default/alex-morgan',
            data: {
              level: 'lead',
              title: 'Team lead',
              recipients: ['user:default/alex-morgan'],
            },
          },
        ]}
      />,
    );
    const event = await screen.findByTestId('timeline-event');
    expect(event).toHaveTextContent(
      /^Escalation policy\s*escalated to Team lead: alex-morgan/,
    );
    expect(event).not.toHaveTextContent('after 15 min');
  });
});
