import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
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
import { IncidentView } from '../IncidentView';
import { IncidentEscalationCard } from './IncidentEscalationCard';

const server = setupServer();
registerMswTestHooks(server);

/** The timeline event the backend writes with a fired level. */
function escalatedEvent(id: number, level: string, title: string) {
  return {
    id,
    incidentId: 7,
    type: 'escalated' as const,
    actor: 'plugin:incidents',
    createdAt: new Date(NOW).toISOString(),
    message: `Escalated to ${title}`,
    data: { level, title, recipients: [] },
  };
}

describe('IncidentEscalationCard', () => {
  const incident = makeIncident({ id: 7, severity: 'P1' });

  it('shows the fired level, who is on it, the next level and the levels that do not apply', async () => {
    server.use(
      ...createFakeIncidentsBackend({
        incidents: [incident],
        events: [escalatedEvent(1, 'oncall', 'On-call engineer')],
      }).handlers,
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

describe('the escalation card and the timeline of the incident view', () => {
  const p0 = makeIncident({ id: 7, severity: 'P0' });

  /**
   * The view as the backend serves it, where `during` runs before the
   * backend answers the n-th read of `path` (the scheduler fires a level
   * between two reads of the view).
   */
  function setup(during: {
    path: 'escalation' | 'events';
    read: number;
    fire: (events: ReturnType<typeof escalatedEvent>[]) => void;
  }) {
    const backend = createFakeIncidentsBackend({
      incidents: [p0],
      events: [escalatedEvent(1, 'oncall', 'On-call engineer')],
    });
    let reads = 0;
    server.use(
      http.get(`${INCIDENTS_URL}/incidents/:id/${during.path}`, () => {
        reads += 1;
        if (reads === during.read) {
          during.fire(backend.events as ReturnType<typeof escalatedEvent>[]);
        }
        // Answered by the fake backend.
        return undefined;
      }),
      ...backend.handlers,
    );
    renderIncidentsUi(<IncidentView incidentId="INC-7" />);
    return backend;
  }

  const card = async () =>
    (await screen.findByText('Escalation')).closest(
      '.MuiCard-root',
    ) as HTMLElement;
  /** The levels the timeline says the incident escalated to. */
  const escalatedOnTimeline = () =>
    screen
      .queryAllByTestId('timeline-event')
      .map(e => /escalated to (.+?)(:| \(|$)/.exec(e.textContent ?? '')?.[1])
      .filter(Boolean);
  const reads = (
    backend: ReturnType<typeof createFakeIncidentsBackend>,
    path: string,
  ) =>
    backend.requests.filter(
      r =>
        r.method === 'GET' &&
        new RegExp(`/incidents/(INC-)?7${path}$`).test(r.url.pathname),
    ).length;

  it('reads the timeline again when the card shows a level it does not', async () => {
    // The team lead's level fires after the view read the timeline and
    // before the card reads the escalation.
    const backend = setup({
      path: 'escalation',
      read: 1,
      fire: events => events.push(escalatedEvent(2, 'lead', 'Team lead')),
    });

    expect(
      await within(await card()).findByText('Escalated to Team lead'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(escalatedOnTimeline()).toEqual(['On-call engineer', 'Team lead']),
    );
    // Once each: they agree after one more read of the timeline.
    expect(reads(backend, '/events')).toBe(2);
    expect(reads(backend, '/escalation')).toBe(1);
  });

  it('reads the escalation again when the timeline shows a level the card does not', async () => {
    // The team lead's level fires before the card reads; the engineering
    // manager's while the timeline catches up with the card.
    const backend = setup({
      path: 'escalation',
      read: 1,
      fire: events => {
        events.push(escalatedEvent(2, 'lead', 'Team lead'));
        server.use(
          http.get(
            `${INCIDENTS_URL}/incidents/:id/events`,
            () => {
              events.push(escalatedEvent(3, 'manager', 'Engineering manager'));
              return undefined;
            },
            { once: true },
          ),
        );
      },
    });

    expect(
      await within(await card()).findByText('Escalated to Engineering manager'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(escalatedOnTimeline()).toEqual([
        'On-call engineer',
        'Team lead',
        'Engineering manager',
      ]),
    );
    expect(reads(backend, '/events')).toBe(2);
    expect(reads(backend, '/escalation')).toBe(2);
  });

  it('reads nothing more when they agree', async () => {
    const backend = setup({ path: 'events', read: 0, fire: () => {} });
    expect(
      await within(await card()).findByText('Escalated to On-call engineer'),
    ).toBeInTheDocument();
    expect(escalatedOnTimeline()).toEqual(['On-call engineer']);
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(reads(backend, '/events')).toBe(1);
    expect(reads(backend, '/escalation')).toBe(1);
  });
});
