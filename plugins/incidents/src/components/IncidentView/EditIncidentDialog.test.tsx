import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  fireEvent,
  screen,
  waitFor,
  waitForElementToBeRemoved,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  errorResponse,
  INCIDENTS_URL,
  makeIncident,
} from '../../__testUtils__/fakeIncidentsBackend';
import { enterText } from '../../__testUtils__/enterText';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { IncidentView } from './IncidentView';

const server = setupServer();
registerMswTestHooks(server);
// Typing into Material UI fields is slow in jsdom.
jest.setTimeout(60_000);

const BACKEND = 'component:default/bomizzel-backend';
const POSTGRES = 'resource:default/bomizzel-postgres';

function setup() {
  const backend = createFakeIncidentsBackend({
    incidents: [
      makeIncident({
        id: 4,
        version: 2,
        title: 'Ticket API answers 502',
        description: 'Customers cannot open tickets.',
        commander: null,
        entityRefs: [BACKEND],
      }),
    ],
  });
  server.use(...backend.handlers);
  renderIncidentsUi(<IncidentView incidentId="INC-4" />);
  return backend;
}

const patches = (backend: ReturnType<typeof createFakeIncidentsBackend>) =>
  backend.requests.filter(r => r.method === 'PATCH');

async function openEditor() {
  await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
  const dialog = await screen.findByRole('dialog', { name: 'Edit INC-4' });
  const title = within(dialog).getByRole('textbox', { name: /Title/ });
  await waitFor(() => expect(title).toHaveFocus());
  return { dialog, title };
}

async function replaceText(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  await enterText(field, text);
}

async function pick(dialog: HTMLElement, label: RegExp, text: string) {
  await enterText(within(dialog).getByRole('textbox', { name: label }), text);
  // the picker asks the catalog after a debounce: slow on a loaded machine
  return screen.findByRole(
    'option',
    { name: new RegExp(text, 'i') },
    { timeout: 5_000 },
  );
}

describe('EditIncidentDialog', () => {
  it('saves only the changed fields with If-Match and shows the result', async () => {
    const backend = setup();
    const { dialog, title } = await openEditor();

    await replaceText(title, 'Ticket API answers 502 for EU customers');
    await userEvent.click(await pick(dialog, /Affected entities/, 'Postgres'));
    await userEvent.click(
      await pick(dialog, /Incident commander/, 'Sam Rivera'),
    );
    await replaceText(
      within(dialog).getByRole('textbox', { name: /Description/ }),
      'Customers in the EU **cannot** open tickets.',
    );
    // Enter in the title saves.
    await userEvent.click(title);
    await userEvent.keyboard('{Enter}');

    await waitForElementToBeRemoved(dialog, { timeout: 5_000 });
    expect(patches(backend)).toHaveLength(1);
    const [patch] = patches(backend);
    expect(patch.headers.get('if-match')).toBe('"2"');
    expect(patch.body).toEqual({
      title: 'Ticket API answers 502 for EU customers',
      description: 'Customers in the EU **cannot** open tickets.',
      commander: 'user:default/sam-rivera',
      entityRefs: [BACKEND, POSTGRES],
    });

    expect(
      await screen.findByRole('heading', {
        name: 'Ticket API answers 502 for EU customers',
      }),
    ).toBeInTheDocument();
    // The description is rendered as markdown, not shown as source.
    expect(screen.getByText('cannot').tagName).toBe('STRONG');
    const summary = screen.getByRole('region', { name: 'Summary of INC-4' });
    expect(
      within(summary).getByRole('link', { name: /bomizzel-postgres/ }),
    ).toBeInTheDocument();
    expect(
      within(summary).getByRole('link', { name: /sam-rivera/ }),
    ).toBeInTheDocument();
    const timeline = screen.getByRole('list', { name: 'Timeline' });
    await waitFor(() =>
      expect(timeline).toHaveTextContent(
        'renamed it from “Ticket API answers 502”',
      ),
    );
    expect(timeline).toHaveTextContent('added');
  });

  it('sends nothing when nothing changed, and Escape closes without saving', async () => {
    const backend = setup();
    const { dialog } = await openEditor();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save changes' }),
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'Nothing changed yet.',
    );
    await userEvent.keyboard('{Escape}');
    await waitForElementToBeRemoved(dialog, { timeout: 5_000 });
    expect(patches(backend)).toHaveLength(0);
  });

  it('keeps the input after a 412 and re-applies it on the latest version', async () => {
    const backend = setup();
    const { dialog, title } = await openEditor();
    await replaceText(title, 'Ticket API down');
    await replaceText(
      within(dialog).getByRole('textbox', { name: /Description/ }),
      'All regions',
    );

    // Someone else renames it and adds an entity meanwhile.
    const [stored] = backend.incidents;
    stored.title = 'Ticket API answers 503';
    stored.entityRefs = [BACKEND, POSTGRES];
    stored.version = 3;

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save changes' }),
    );
    const warning = await within(dialog).findByRole('alert');
    expect(warning).toHaveTextContent(
      'Someone else changed INC-4 while you were editing, so nothing was saved. Your input below is kept.',
    );
    expect(title).toHaveValue('Ticket API down');
    expect(
      within(dialog).getByRole('textbox', { name: /Description/ }),
    ).toHaveValue('All regions');
    expect(stored.title).toBe('Ticket API answers 503');

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reload and re-apply' }),
    );
    expect(await within(dialog).findByRole('status')).toHaveTextContent(
      'Your changes are now on top of the latest version (3). Someone else also changed the title: check them, then save.',
    );
    // My input stays; what only they changed comes in.
    expect(title).toHaveValue('Ticket API down');
    expect(
      within(dialog).getByRole('button', { name: /bomizzel-postgres/ }),
    ).toBeInTheDocument();
    // The page behind (hidden from assistive technology while the dialog is open) shows the latest version.
    expect(
      screen.getByRole('heading', {
        name: 'Ticket API answers 503',
        hidden: true,
      }),
    ).toBeInTheDocument();

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save changes' }),
    );
    await waitForElementToBeRemoved(dialog, { timeout: 5_000 });
    const last = patches(backend)[patches(backend).length - 1];
    expect(last.headers.get('if-match')).toBe('"3"');
    expect(last.body).toEqual({
      title: 'Ticket API down',
      description: 'All regions',
    });
    expect(stored).toMatchObject({
      title: 'Ticket API down',
      description: 'All regions',
      entityRefs: [BACKEND, POSTGRES],
    });
  });

  it('shows a 400 at the field it names and keeps the dialog open', async () => {
    const backend = setup();
    server.use(
      http.patch(`${INCIDENTS_URL}/incidents/:id`, () =>
        errorResponse(
          400,
          'InputError',
          `entityRefs: no entity ${POSTGRES} in the catalog`,
        ),
      ),
    );
    const { dialog } = await openEditor();
    await userEvent.click(await pick(dialog, /Affected entities/, 'Postgres'));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save changes' }),
    );

    const entities = within(dialog).getByRole('textbox', {
      name: /Affected entities/,
    });
    await waitFor(() =>
      expect(entities).toHaveAttribute('aria-invalid', 'true'),
    );
    expect(
      within(dialog).getByText(`no entity ${POSTGRES} in the catalog`),
    ).toBeInTheDocument();
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(backend.incidents[0].entityRefs).toEqual([BACKEND]);
  });

  it('shows the server message for a 400 without a known field', async () => {
    setup();
    server.use(
      http.patch(`${INCIDENTS_URL}/incidents/:id`, () =>
        errorResponse(400, 'InputError', 'If-Match: not an ETag of this API'),
      ),
    );
    const { dialog, title } = await openEditor();
    await replaceText(title, 'Renamed');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save changes' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'If-Match: not an ETag of this API',
    );
    expect(title).toHaveValue('Renamed');
  });

  it('keeps the last affected entity and says why', async () => {
    const backend = setup();
    const { dialog, title } = await openEditor();
    const chip = within(dialog).getByRole('button', {
      name: /bomizzel-backend/,
    });
    fireEvent.click(chip.querySelector('svg')!);

    expect(
      within(dialog).getByText(
        'At least one affected entity must remain: add another before removing this one',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: /bomizzel-backend/ }),
    ).toBeInTheDocument();

    // Removing one of two is fine.
    await userEvent.click(await pick(dialog, /Affected entities/, 'Postgres'));
    fireEvent.click(
      within(dialog)
        .getByRole('button', { name: /bomizzel-backend/ })
        .querySelector('svg')!,
    );
    await userEvent.click(title);
    await userEvent.keyboard('{Enter}');
    await waitForElementToBeRemoved(dialog, { timeout: 5_000 });
    expect(patches(backend)[0].body).toEqual({ entityRefs: [POSTGRES] });
  });

  it('assigns a missing commander from the header', async () => {
    const backend = setup();
    const summary = await screen.findByRole('region', {
      name: 'Summary of INC-4',
    });
    expect(summary).toHaveTextContent('Not assigned');
    await userEvent.click(
      within(summary).getByRole('button', { name: 'Assign' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Edit INC-4' });
    // the dialog puts the focus on its title once open: type after that
    await waitFor(() =>
      expect(
        within(dialog).getByRole('textbox', { name: /Title/ }),
      ).toHaveFocus(),
    );
    await userEvent.click(
      await pick(dialog, /Incident commander/, 'Sam Rivera'),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save changes' }),
    );
    await waitForElementToBeRemoved(dialog, { timeout: 5_000 });
    expect(patches(backend)[0].body).toEqual({
      commander: 'user:default/sam-rivera',
    });
    expect(
      await within(summary).findByRole('link', { name: /sam-rivera/ }),
    ).toBeInTheDocument();
    expect(
      within(summary).queryByRole('button', { name: 'Assign' }),
    ).not.toBeInTheDocument();
  });

  it('refuses an empty title before sending', async () => {
    const backend = setup();
    const { dialog, title } = await openEditor();
    await userEvent.clear(title);
    await userEvent.keyboard('{Enter}');
    expect(
      within(dialog).getByText('Say in a few words what is wrong'),
    ).toBeInTheDocument();
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(patches(backend)).toHaveLength(0);
  });
});
