import { DEFAULT_SEVERITIES } from '@bomizzel/plugin-incidents-common';
import { screen } from '@testing-library/react';
import { NOW } from '../../__testUtils__/fakeIncidentsBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { IncidentTimeline } from './IncidentTimeline';

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
