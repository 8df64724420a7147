import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { Postmortem } from '@bomizzel/plugin-incidents-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpHandler } from 'msw';
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
import { enterText } from '../../__testUtils__/enterText';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { PostmortemPage } from './PostmortemPage';

const server = setupServer();
registerMswTestHooks(server);
// Four markdown editors: slow to type into in jsdom.
jest.setTimeout(90_000);

const resolved = makeIncident({
  id: 42,
  title: 'Ticket API answers 502',
  severity: 'P0',
  status: 'RESOLVED',
  resolvedAt: new Date(NOW - 3600_000).toISOString(),
});

/** Every section written, as another user saved them. */
function written(overrides: Partial<Postmortem> = {}): Postmortem {
  const base = makePostmortem({ incidentId: 42 });
  return {
    ...base,
    exists: true,
    version: 2,
    sections: base.sections.map(s => ({
      ...s,
      markdown: `${s.title} as written by Sam`,
      updatedBy: 'user:default/sam-rivera',
      updatedAt: new Date(NOW - 600_000).toISOString(),
    })),
    ...overrides,
  };
}

function setup(
  options: { postmortem?: Postmortem; handlers?: HttpHandler[] } = {},
) {
  const backend = createFakeIncidentsBackend({
    incidents: [resolved],
    followUps: {
      postmortems: options.postmortem ? [options.postmortem] : [],
      actionItems: [
        makeActionItem({ id: 1, incidentId: 42, title: 'Add a 502 alert' }),
      ],
    },
  });
  server.use(...(options.handlers ?? []), ...backend.handlers);
  renderIncidentsUi(<PostmortemPage incidentId="INC-42" />);
  return backend.followUps;
}

const section = (name: string) => screen.getByRole('region', { name });
const editorOf = (name: string) =>
  within(section(name)).getByRole('textbox', { name: `${name} (markdown)` });
const puts = (followUps: ReturnType<typeof setup>) =>
  followUps.requests.filter(r => r.method === 'PUT');

describe('PostmortemPage', () => {
  it("shows the template's sections with their questions, the prefilled timeline and the action items", async () => {
    setup();
    expect(
      await screen.findByRole('heading', {
        name: 'Post-mortem of INC-42: Ticket API answers 502',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Post-mortem status: Not started'),
    ).toBeInTheDocument();
    const summary = section('Incident summary');
    expect(
      within(summary).getByRole('list', { name: 'Questions to answer' }),
    ).toHaveTextContent(/What happened\?.*What was the impact\?/);
    expect(editorOf('Timeline')).toHaveValue(
      '- Detected: 2026-03-10 11:00 UTC\n- Resolved: 2026-03-10 12:00 UTC',
    );
    expect(section('Timeline')).toHaveTextContent(
      "Prefilled from the incident's timeline; not saved yet",
    );
    expect(within(summary).getByText('Not written yet')).toBeInTheDocument();
    expect(
      within(section('Action items')).getByText('Add a 502 alert'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });

  it('saves the written sections with If-Match and shows who wrote them', async () => {
    const followUps = setup();
    await screen.findByRole('heading', { name: /Post-mortem of INC-42/ });
    await enterText(
      editorOf('Incident summary'),
      'Uploads failed for **1 h**.',
    );
    expect(screen.getByText('· Unsaved changes')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    const [put] = puts(followUps);
    expect(put.headers.get('if-match')).toBe('"0"');
    expect(put.body).toEqual({
      sections: {
        summary: 'Uploads failed for **1 h**.',
        timeline:
          '- Detected: 2026-03-10 11:00 UTC\n- Resolved: 2026-03-10 12:00 UTC',
      },
    });
    expect(section('Incident summary')).toHaveTextContent(
      /Last written by guest/,
    );
    expect(
      screen.getByLabelText('Post-mortem status: Draft'),
    ).toBeInTheDocument();
    expect(screen.queryByText('· Unsaved changes')).not.toBeInTheDocument();

    // The next save sends only the changed section, against version 1.
    await enterText(editorOf('Root cause analysis'), 'A full disk.');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(puts(followUps)).toHaveLength(2));
    expect(puts(followUps)[1].headers.get('if-match')).toBe('"1"');
    expect(puts(followUps)[1].body).toEqual({
      sections: { rootCause: 'A full disk.' },
    });
  });

  it('previews a section as markdown', async () => {
    setup({ postmortem: written() });
    await screen.findByRole('heading', { name: /Post-mortem of INC-42/ });
    await enterText(editorOf('Incident summary'), ' with **bold** words');
    await userEvent.click(
      within(section('Incident summary')).getByRole('tab', {
        name: 'Preview',
      }),
    );
    expect(within(section('Incident summary')).getByText('bold').tagName).toBe(
      'STRONG',
    );
  });

  it('keeps the text on a conflicting save (412) and reloads on request', async () => {
    const followUps = setup({ postmortem: written() });
    await screen.findByRole('heading', { name: /Post-mortem of INC-42/ });
    // Someone else saves meanwhile.
    const theirs = written({ version: 3 });
    theirs.sections[0].markdown = 'Their summary';
    followUps.postmortems.set(42, theirs);

    await enterText(editorOf('Incident summary'), ' and mine');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/Someone else saved this post-mortem/);
    expect(alert).toHaveTextContent(/now version 3/);
    expect(editorOf('Incident summary')).toHaveValue(
      'Incident summary as written by Sam and mine',
    );
    expect(puts(followUps)[0].headers.get('if-match')).toBe('"2"');
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();

    await userEvent.click(
      within(alert).getByRole('button', { name: 'Reload' }),
    );
    await waitFor(() =>
      expect(editorOf('Incident summary')).toHaveValue('Their summary'),
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps my text over the latest version and saves it against that version', async () => {
    const followUps = setup({ postmortem: written() });
    await screen.findByRole('heading', { name: /Post-mortem of INC-42/ });
    followUps.postmortems.set(42, written({ version: 3 }));
    await enterText(editorOf('Incident summary'), ' and mine');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Keep my text' }),
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled(),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(puts(followUps)[1].headers.get('if-match')).toBe('"3"');
    expect(puts(followUps)[1].body.sections.summary).toBe(
      'Incident summary as written by Sam and mine',
    );
  });

  it("shows the server's refusal to submit inline, at the section it names", async () => {
    const postmortem = written();
    postmortem.sections[2].markdown = '';
    setup({ postmortem });
    await screen.findByRole('heading', { name: /Post-mortem of INC-42/ });

    await userEvent.click(
      screen.getByRole('button', { name: 'Submit for review' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'sections.rootCause: Root cause analysis must be written before the post-mortem goes to review',
    );
    expect(
      within(section('Root cause analysis')).getByText(
        /Root cause analysis must be written/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Post-mortem status: Draft'),
    ).toBeInTheDocument();
  });

  it('moves through review to publication and back to draft', async () => {
    const followUps = setup({ postmortem: written() });
    await screen.findByRole('heading', { name: /Post-mortem of INC-42/ });
    expect(
      screen.queryByRole('button', { name: 'Publish' }),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Submit for review' }),
    );
    expect(
      await screen.findByLabelText('Post-mortem status: In review'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect(
      await screen.findByLabelText('Post-mortem status: Published'),
    ).toBeInTheDocument();
    // Published: shown, not edited.
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(
      within(section('Incident summary')).getByText(
        'Incident summary as written by Sam',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Back to draft' }),
    );
    expect(
      await screen.findByLabelText('Post-mortem status: Draft'),
    ).toBeInTheDocument();

    expect(
      puts(followUps).map(p => [p.headers.get('if-match'), p.body]),
    ).toEqual([
      ['"2"', { status: 'in_review' }],
      ['"3"', { status: 'published' }],
      ['"4"', { status: 'draft' }],
    ]);
  });

  it('asks before leaving with unsaved changes', async () => {
    setup({ postmortem: written() });
    await screen.findByRole('heading', { name: /Post-mortem of INC-42/ });
    await enterText(editorOf('Incident summary'), ' more');
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);

    await userEvent.click(screen.getByRole('link', { name: /Back to INC-42/ }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Leave without saving?',
    });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Stay' }));
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    // Still here, text kept.
    expect(editorOf('Incident summary')).toHaveValue(
      'Incident summary as written by Sam more',
    );
  });

  it('says when the post-mortem cannot be loaded', async () => {
    setup({
      handlers: [
        http.get(`${INCIDENTS_URL}/incidents/:id/postmortem`, () =>
          errorResponse(500, 'Error', 'Database is down'),
        ),
      ],
    });
    expect(await screen.findByText(/Database is down/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Back to INC-42/ }),
    ).toBeInTheDocument();
  });
});
