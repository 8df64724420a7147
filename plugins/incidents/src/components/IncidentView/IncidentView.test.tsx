import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  makeIncident,
  NOW,
} from '../../__testUtils__/fakeIncidentsBackend';
import { enterText } from '../../__testUtils__/enterText';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { IncidentView } from './IncidentView';

const server = setupServer();
registerMswTestHooks(server);
// Typing into Material UI fields is slow in jsdom.
jest.setTimeout(30_000);

function setup(overrides: Parameters<typeof makeIncident>[0] = {}) {
  const backend = createFakeIncidentsBackend({
    incidents: [
      makeIncident({
        id: 4,
        title: 'Ticket API answers 502',
        description: 'Customers **cannot** open tickets.',
        commander: 'user:default/sam-rivera',
        ...overrides,
      }),
    ],
    events: [
      {
        id: 1,
        incidentId: 4,
        type: 'created',
        actor: 'user:default/guest',
        createdAt: new Date(NOW - 3600_000).toISOString(),
        message: null,
        data: {},
      },
      {
        id: 2,
        incidentId: 4,
        type: 'severity_changed',
        actor: 'service:alertmanager',
        createdAt: new Date(NOW - 3000_000).toISOString(),
        message: 'Error rate above 20%',
        data: { from: 'P2', to: 'P1' },
      },
    ],
  });
  server.use(...backend.handlers);
  renderIncidentsUi(<IncidentView incidentId="INC-4" />);
  return backend;
}

const patches = (backend: ReturnType<typeof createFakeIncidentsBackend>) =>
  backend.requests.filter(r => r.method === 'PATCH');

describe('IncidentView', () => {
  it('shows the incident, its people, entities, description and timeline', async () => {
    setup();
    expect(
      await screen.findByRole('heading', { name: 'Ticket API answers 502' }),
    ).toBeInTheDocument();
    expect(screen.getByText('INC-4')).toBeInTheDocument();
    expect(screen.getAllByLabelText('Severity P1 High')[0]).toHaveTextContent(
      'P1 · High',
    );
    expect(screen.getByText('Investigating')).toBeInTheDocument();
    const summary = screen.getByRole('region', { name: 'Summary of INC-4' });
    expect(
      within(summary).getByRole('link', { name: /sam-rivera/ }),
    ).toHaveAttribute('href', '/catalog/default/user/sam-rivera');
    expect(
      screen.getByRole('link', { name: /bomizzel-backend/ }),
    ).toHaveAttribute('href', '/catalog/default/component/bomizzel-backend');
    // Markdown rendered, not shown as source
    expect(screen.getByText('cannot').tagName).toBe('STRONG');

    const events = await screen.findAllByTestId('timeline-event');
    expect(events).toHaveLength(2);
    expect(events[0]).toHaveTextContent('declared the incident');
    expect(events[1]).toHaveTextContent('service:alertmanager');
    expect(events[1]).toHaveTextContent('changed the severity');
    expect(
      within(events[1]).getByLabelText('Severity P2 Medium'),
    ).toBeInTheDocument();
    expect(
      within(events[1]).getByLabelText('Severity P1 High'),
    ).toBeInTheDocument();
    expect(events[1]).toHaveTextContent('Error rate above 20%');
  });

  it('does not run script or keep event handlers from the description', async () => {
    setup({
      description: [
        '<script>window.pwned = 1</script>',
        '<img src="x" onerror="window.pwned = 2">',
        '[click](javascript:window.pwned=3)',
        '<iframe srcdoc="<script>parent.pwned=4</script>"></iframe>',
      ].join('\n\n'),
    });
    await screen.findByRole('heading', { name: 'Ticket API answers 502' });
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('iframe')).toBeNull();
    expect(document.querySelector('[onerror]')).toBeNull();
    const link = screen.queryByRole('link', { name: 'click' });
    expect(link?.getAttribute('href') ?? '').not.toMatch(/javascript:/i);
    expect((window as any).pwned).toBeUndefined();
  });

  it('acknowledges with the version it shows', async () => {
    const backend = setup();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Acknowledge' }),
    );

    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Acknowledge' }),
      ).not.toBeInTheDocument(),
    );
    expect(patches(backend)).toHaveLength(1);
    expect(patches(backend)[0].headers.get('if-match')).toBe('"1"');
    expect(patches(backend)[0].body).toEqual({ acknowledge: true });
    expect(await screen.findByText(/^Met/)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getAllByTestId('timeline-event')).toHaveLength(3),
    );
    expect(screen.getAllByTestId('timeline-event')[2]).toHaveTextContent(
      'acknowledged',
    );
  });

  it('changes the status with a required message, and refreshes the messages', async () => {
    const backend = setup();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Change status' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: /Change the status of INC-4/,
    });

    // The lifecycle, the next step chosen
    const message = within(dialog).getByRole('textbox', { name: /Message/ });
    await waitFor(() => expect(message).toHaveFocus());
    const select = within(dialog).getByRole('combobox', { name: 'New status' });
    expect(select).toHaveValue('IDENTIFIED');
    expect(
      within(dialog).getByRole('option', { name: /Investigating \(current\)/ }),
    ).toBeDisabled();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Change status' }),
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'Say what happened.',
    );
    expect(patches(backend)).toHaveLength(0);

    await enterText(message, 'Bad deploy of 2.4.1; rolling back');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');

    // The dialog fades out; slow on a busy machine.
    await waitFor(
      () => expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      { timeout: 5_000 },
    );
    expect(patches(backend)[0].body).toEqual({
      status: 'IDENTIFIED',
      message: 'Bad deploy of 2.4.1; rolling back',
    });
    const summary = screen.getByRole('region', { name: 'Summary of INC-4' });
    expect(
      await within(summary).findByText('Identified', { selector: 'span' }),
    ).toBeInTheDocument();
    const update = await screen.findByRole('region', { name: 'Status update' });
    await waitFor(() =>
      expect(update).toHaveTextContent(
        'Progress: Bad deploy of 2.4.1; rolling back',
      ),
    );
  });

  it('says when someone else changed the incident, reloads it and keeps the input', async () => {
    const backend = setup();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Change status' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.selectOptions(
      within(dialog).getByRole('combobox', { name: 'New status' }),
      'RESOLVING',
    );
    await enterText(
      within(dialog).getByRole('textbox', { name: /Message/ }),
      'Rollback done',
    );

    // Meanwhile, someone else renames it.
    backend.incidents[0].title = 'Ticket API down';
    backend.incidents[0].version = 2;

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Change status' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /Someone else changed this incident/,
    );
    expect(
      within(dialog).getByRole('textbox', { name: /Message/ }),
    ).toHaveValue('Rollback done');
    expect(
      within(dialog).getByRole('combobox', { name: 'New status' }),
    ).toHaveValue('RESOLVING');
    // The latest version is loaded behind the dialog.
    expect(
      await screen.findByRole('heading', {
        name: 'Ticket API down',
        hidden: true,
      }),
    ).toBeInTheDocument();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Change status' }),
    );
    // The dialog fades out; slow on a busy machine.
    await waitFor(
      () => expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      { timeout: 5_000 },
    );
    expect(patches(backend).map(p => p.headers.get('if-match'))).toEqual([
      '"1"',
      '"2"',
    ]);
    const summary = screen.getByRole('region', { name: 'Summary of INC-4' });
    expect(
      await within(summary).findByText('Resolving', { selector: 'span' }),
    ).toBeInTheDocument();
  });

  it('changes the severity, showing what each level means', async () => {
    const backend = setup();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Change severity' }),
    );
    const dialog = await screen.findByRole('dialog');
    const select = within(dialog).getByRole('combobox', { name: 'Severity' });
    expect(
      within(select).getByRole('option', {
        name: 'P0 · Critical: Complete system outage (respond within 15 min)',
      }),
    ).toBeInTheDocument();
    await userEvent.selectOptions(select, 'P0');
    expect(dialog).toHaveTextContent(
      'For example: Application down, Database unavailable',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Change severity' }),
    );
    // The dialog fades out; slow on a busy machine.
    await waitFor(
      () => expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      { timeout: 5_000 },
    );
    expect(patches(backend)[0].body).toEqual({ severity: 'P0' });
    await waitFor(() =>
      expect(
        screen.getAllByLabelText('Severity P0 Critical')[0],
      ).toHaveTextContent('P0 · Critical'),
    );
  });

  it('adds a note to the timeline', async () => {
    const backend = setup();
    const note = await screen.findByRole('textbox', { name: 'Add a note' });
    await enterText(note, 'Grafana shows the pool exhausted');
    await userEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('timeline-event')).toHaveLength(3),
    );
    expect(screen.getAllByTestId('timeline-event')[2]).toHaveTextContent(
      'Grafana shows the pool exhausted',
    );
    expect(note).toHaveValue('');
    expect(backend.requests.find(r => r.method === 'POST')?.body).toEqual({
      type: 'note',
      message: 'Grafana shows the pool exhausted',
    });
  });

  it('copies a runbook message to the clipboard', async () => {
    // jsdom has no clipboard: copy-to-clipboard falls back to execCommand.
    const execCommand = jest.fn(() => true);
    Object.defineProperty(document, 'execCommand', {
      value: execCommand,
      configurable: true,
    });
    setup();
    await screen.findByRole('heading', { name: 'Ticket API answers 502' });
    const resolution = await screen.findByRole('region', {
      name: 'Resolution notification',
    });
    expect(resolution).toHaveTextContent('✅ INCIDENT RESOLVED - P1');
    await userEvent.click(
      within(resolution).getByRole('button', {
        name: 'Copy the resolution notification',
      }),
    );
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(
      await screen.findByText('Copied to the clipboard'),
    ).toBeInTheDocument();
  });

  it('says so when the incident does not exist', async () => {
    const backend = createFakeIncidentsBackend();
    server.use(...backend.handlers);
    renderIncidentsUi(<IncidentView incidentId="INC-99" />);
    expect(
      await screen.findByText(/There is no incident INC-99/),
    ).toBeInTheDocument();
  });
});

describe('IncidentView acknowledgement conflicts', () => {
  it('reloads and says so when the incident changed before acknowledging', async () => {
    const backend = setup();
    await screen.findByRole('button', { name: 'Acknowledge' });
    backend.incidents[0].severity = 'P0';
    backend.incidents[0].version = 2;

    await userEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Someone else changed INC-4 meanwhile. The latest version is shown; acknowledge again if it still needs it.',
    );
    await waitFor(() =>
      expect(
        screen.getAllByLabelText('Severity P0 Critical')[0],
      ).toHaveTextContent('P0 · Critical'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Acknowledge' }),
      ).not.toBeInTheDocument(),
    );
    expect(patches(backend).map(p => p.headers.get('if-match'))).toEqual([
      '"1"',
      '"2"',
    ]);
  });
});
