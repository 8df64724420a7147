import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { Incident } from '@bomizzel/plugin-incidents-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  errorResponse,
  INCIDENTS_URL,
} from '../../__testUtils__/fakeIncidentsBackend';
import { enterText } from '../../__testUtils__/enterText';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { DeclareIncidentDialog } from './DeclareIncidentDialog';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

function setup() {
  const backend = createFakeIncidentsBackend();
  server.use(...backend.handlers);
  const onDeclared = jest.fn<void, [Incident]>();
  const onClose = jest.fn();
  renderIncidentsUi(
    <DeclareIncidentDialog
      open
      onClose={onClose}
      onDeclared={onDeclared}
      initialEntityRefs={['component:default/bomizzel-backend']}
    />,
  );
  return { backend, onDeclared, onClose };
}

const posts = (backend: ReturnType<typeof createFakeIncidentsBackend>) =>
  backend.requests.filter(
    r => r.method === 'POST' && r.url.pathname.endsWith('/incidents'),
  );

describe('DeclareIncidentDialog', () => {
  it('lists every severity with its meaning and response target', async () => {
    setup();
    const dialog = await screen.findByRole('dialog', {
      name: 'Declare incident',
    });
    const p0 = await within(dialog).findByRole('radio', { name: /P0/ });
    expect(p0).not.toBeChecked();
    const label = p0.closest('label')!;
    expect(label).toHaveTextContent('Critical: Complete system outage');
    expect(label).toHaveTextContent('Respond within 15 min');
    expect(label).toHaveTextContent(
      'e.g. Application down, Database unavailable',
    );
    expect(
      within(dialog).getByRole('radio', { name: /P3/ }).closest('label'),
    ).toHaveTextContent('Respond within 1 d');
  });

  it('prefills the current entity and focuses the title', async () => {
    setup();
    const dialog = await screen.findByRole('dialog');
    const title = within(dialog).getByRole('textbox', { name: /Title/ });
    await waitFor(() => expect(title).toHaveFocus());
    expect(
      within(dialog).getByRole('button', { name: /bomizzel-backend/ }),
    ).toBeInTheDocument();
  });

  it('says what is missing instead of sending an incomplete form', async () => {
    const { backend } = setup();
    const dialog = await screen.findByRole('dialog');
    // Remove the prefilled entity
    await userEvent.click(
      within(dialog)
        .getByRole('button', { name: /bomizzel-backend/ })
        .querySelector('svg')!,
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare' }),
    );

    expect(
      within(dialog).getByText('Say in a few words what is wrong'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('Choose a severity')).toBeInTheDocument();
    expect(
      within(dialog).getByText('Name at least one affected entity'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('textbox', { name: /Title/ }),
    ).toHaveFocus();
    expect(posts(backend)).toHaveLength(0);
  });

  it('declares with an Idempotency-Key, reused when the same form is sent again', async () => {
    const { backend, onDeclared } = setup();
    let failures = 1;
    const keys: Array<string | null> = [];
    server.use(
      http.post(`${INCIDENTS_URL}/incidents`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        if (failures-- > 0) {
          return errorResponse(503, 'ServiceUnavailableError', 'Try again');
        }
        return undefined;
      }),
    );
    const dialog = await screen.findByRole('dialog');
    await enterText(
      within(dialog).getByRole('textbox', { name: /Title/ }),
      'Checkout fails',
    );
    await userEvent.click(
      await within(dialog).findByRole('radio', { name: /P1/ }),
    );
    await enterText(
      within(dialog).getByRole('textbox', { name: /Description/ }),
      'Payments time out',
    );

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The incident was not declared: Try again',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare' }),
    );
    await waitFor(() => expect(onDeclared).toHaveBeenCalledTimes(1));

    expect(keys).toHaveLength(2);
    const [first, second] = keys;
    expect(first).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(second).toBe(first);
    expect(posts(backend)[0].body).toEqual({
      title: 'Checkout fails',
      severity: 'P1',
      entityRefs: ['component:default/bomizzel-backend'],
      description: 'Payments time out',
    });
    expect(onDeclared.mock.calls[0][0]).toMatchObject({ ref: 'INC-1' });
  });

  it('sends a double click once', async () => {
    const { backend, onDeclared } = setup();
    const dialog = await screen.findByRole('dialog');
    await enterText(
      within(dialog).getByRole('textbox', { name: /Title/ }),
      'Down',
    );
    await userEvent.click(
      await within(dialog).findByRole('radio', { name: /P0/ }),
    );
    await userEvent.dblClick(
      within(dialog).getByRole('button', { name: 'Declare' }),
    );
    await waitFor(() => expect(onDeclared).toHaveBeenCalled());
    expect(posts(backend)).toHaveLength(1);
    expect(backend.incidents).toHaveLength(1);
  });

  it('adds affected entities and a commander found in the catalog', async () => {
    const { backend, onDeclared } = setup();
    const dialog = await screen.findByRole('dialog');
    await enterText(
      within(dialog).getByRole('textbox', { name: /Title/ }),
      'DB failover',
    );
    await userEvent.click(
      await within(dialog).findByRole('radio', { name: /P2/ }),
    );

    await enterText(
      within(dialog).getByRole('textbox', { name: /Affected entities/ }),
      'postgres',
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /Bomizzel PostgreSQL/ }),
    );
    await enterText(
      within(dialog).getByRole('textbox', { name: /Incident commander/ }),
      'Sam',
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /Sam Rivera/ }),
    );

    // Enter in the title sends the form.
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: /Title/ }),
    );
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(onDeclared).toHaveBeenCalled());
    expect(posts(backend)[0].body).toMatchObject({
      entityRefs: [
        'component:default/bomizzel-backend',
        'resource:default/bomizzel-postgres',
      ],
      commander: 'user:default/sam-rivera',
    });
  });

  describe('impact start and detection time', () => {
    const setTime = (dialog: HTMLElement, label: RegExp, value: string) =>
      fireEvent.change(within(dialog).getByLabelText(label), {
        target: { value },
      });

    async function fillRequired(dialog: HTMLElement) {
      await enterText(
        within(dialog).getByRole('textbox', { name: /Title/ }),
        'Search is slow',
      );
      await userEvent.click(
        await within(dialog).findByRole('radio', { name: /P2/ }),
      );
    }

    it('defaults detection to now and sends neither time when untouched', async () => {
      const { backend, onDeclared } = setup();
      const dialog = await screen.findByRole('dialog');
      const detected = within(dialog).getByLabelText(/Detected at/);
      const shown = Date.parse((detected as HTMLInputElement).value);
      expect(Math.abs(Date.now() - shown)).toBeLessThan(2 * 60_000);
      expect(within(dialog).getByLabelText(/Impact started/)).toHaveValue('');

      await fillRequired(dialog);
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Declare' }),
      );
      await waitFor(() => expect(onDeclared).toHaveBeenCalled());
      expect(posts(backend)[0].body).not.toHaveProperty('detectedAt');
      expect(posts(backend)[0].body).not.toHaveProperty('startedAt');
    });

    it('sends the times the user gave, in UTC', async () => {
      const { backend, onDeclared } = setup();
      const dialog = await screen.findByRole('dialog');
      await fillRequired(dialog);
      setTime(dialog, /Detected at/, '2026-03-10T11:30');
      setTime(dialog, /Impact started/, '2026-03-10T10:55');
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Declare' }),
      );
      await waitFor(() => expect(onDeclared).toHaveBeenCalled());
      // A datetime-local value is local time; Date parses it the same way.
      expect(posts(backend)[0].body).toMatchObject({
        detectedAt: new Date('2026-03-10T11:30').toISOString(),
        startedAt: new Date('2026-03-10T10:55').toISOString(),
      });
      expect(onDeclared.mock.calls[0][0]).toMatchObject({
        detectedAt: new Date('2026-03-10T11:30').toISOString(),
      });
    });

    it('refuses times in the future and an impact that starts after detection', async () => {
      const { backend } = setup();
      const dialog = await screen.findByRole('dialog');
      await fillRequired(dialog);
      const detected = within(dialog).getByLabelText(/Detected at/);
      const started = within(dialog).getByLabelText(/Impact started/);

      setTime(dialog, /Detected at/, '2999-01-01T00:00');
      expect(detected).toHaveAttribute('aria-invalid', 'true');
      expect(
        within(dialog).getByText('Cannot be in the future'),
      ).toBeInTheDocument();

      setTime(dialog, /Detected at/, '2026-03-10T11:30');
      setTime(dialog, /Impact started/, '2026-03-10T11:45');
      expect(detected).toHaveAttribute('aria-invalid', 'false');
      expect(started).toHaveAttribute('aria-invalid', 'true');
      expect(
        within(dialog).getByText(
          'The impact cannot start after it was detected',
        ),
      ).toBeInTheDocument();

      setTime(dialog, /Detected at/, '');
      expect(
        within(dialog).getByText('Say when it was detected'),
      ).toBeInTheDocument();

      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Declare' }),
      );
      expect(posts(backend)).toHaveLength(0);
    });
  });
});
