import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import { createFakeIncidentsBackend } from '../../__testUtils__/fakeIncidentsBackend';
import {
  bomizzelIncidentRunbook,
  makeRunbook,
} from '../../__testUtils__/fakeRunbooks';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { RunbooksPageContent } from '../RunbooksPage';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(60_000);
// The machine running the tests is shared: let queries wait for slow renders.
configure({ asyncUtilTimeout: 10_000 });

function renderRunbook(path: string, runbooks = [bomizzelIncidentRunbook()]) {
  const backend = createFakeIncidentsBackend({ runbooks });
  server.use(...backend.handlers);
  renderIncidentsUi(<RunbooksPageContent />, {
    mountPath: '/runbooks/*',
    path: `/runbooks/${path}`,
  });
  return backend;
}

/** Copies go through document.execCommand('copy') in jsdom; this records what was selected. */
function recordCopies() {
  const copied: string[] = [];
  Object.defineProperty(document, 'execCommand', {
    configurable: true,
    value: jest.fn((command: string) => {
      if (command === 'copy') copied.push(String(document.getSelection()));
      return true;
    }),
  });
  return copied;
}

describe('RunbookViewer', () => {
  it('renders the Bomizzel runbook: its tables, its code, its emoji and a table of contents that lands on every heading', async () => {
    renderRunbook('runbooks/incident-response.md');

    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Incident Response Runbook',
      }),
    ).toBeInTheDocument();

    // The severity table, cell by cell.
    const table = screen.getAllByRole('table')[0];
    const header = within(table).getAllByRole('columnheader');
    expect(header.map(h => h.textContent)).toEqual([
      'Severity',
      'Description',
      'Response Time',
      'Examples',
    ]);
    const p0 = within(table).getByRole('row', { name: /P0 - Critical/ });
    expect(within(p0).getAllByRole('cell')[2]).toHaveTextContent('15 minutes');
    expect(within(p0).getByText('P0 - Critical').tagName).toBe('STRONG');

    // Every fenced block is a code block with its own copy button.
    const fences = (bomizzelIncidentRunbook().markdown.match(/^\s*```/gm) ?? [])
      .length;
    const copyButtons = screen.getAllByRole('button', { name: /^Copy the / });
    expect(copyButtons).toHaveLength(fences / 2);
    const bashBlocks = screen.getAllByRole('group', { name: 'bash code' });
    expect(bashBlocks.length).toBeGreaterThan(5);
    const health = bashBlocks.find(block =>
      block.textContent?.includes('curl -f https://api.bomizzel.com/health'),
    );
    // Highlighted: the command split into tokens.
    expect(health?.querySelector('code span.token')).not.toBeNull();

    // Emoji of the communication templates come through as text.
    expect(screen.getByText(/🚨 INCIDENT ALERT/)).toBeInTheDocument();
    expect(screen.getByText(/✅ INCIDENT RESOLVED/)).toBeInTheDocument();

    // The table of contents: sections and sub-sections, each landing on a heading.
    const toc = screen.getByRole('navigation', { name: 'Contents' });
    const tocLinks = within(toc).getAllByRole('link');
    expect(tocLinks.map(l => l.textContent)).toContain(
      'Database Issues (P0/P1)',
    );
    const database = within(toc).getByRole('link', {
      name: 'Database Issues (P0/P1)',
    });
    expect(database).toHaveAttribute('href', '#database-issues-p0p1');
    expect(
      screen.getByRole('heading', { name: 'Database Issues (P0/P1)' }),
    ).toHaveAttribute('id', 'database-issues-p0p1');
    for (const link of tocLinks) {
      const id = link.getAttribute('href')!.slice(1);
      expect(document.getElementById(id)).toHaveTextContent(link.textContent!);
    }
    // Repeated headings get GitHub's numbered anchors, as the backend lists them.
    const symptoms = screen.getAllByRole('heading', { name: 'Symptoms' });
    expect(symptoms.map(h => h.id).slice(0, 3)).toEqual([
      'symptoms',
      'symptoms-1',
      'symptoms-2',
    ]);
    // Each heading has its anchor link.
    expect(
      screen.getByRole('link', {
        name: 'Link to the section Database Issues (P0/P1)',
      }),
    ).toHaveAttribute('href', '#database-issues-p0p1');
  });

  it('shows the front matter: owner in the catalog, last review, tags and severities', async () => {
    renderRunbook('runbooks/incident-response.md');
    const about = await screen.findByLabelText('About this runbook');
    expect(within(about).getByRole('link', { name: /sre/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/sre',
    );
    expect(about).toHaveTextContent('Last reviewedNov 20, 2026');
    expect(within(about).getByText('escalation')).toBeInTheDocument();
    expect(within(about).getByText('P0')).toBeInTheDocument();
    expect(screen.queryByText(/longer ago than/)).not.toBeInTheDocument();
  });

  it('warns that a stale runbook needs checking', async () => {
    renderRunbook('runbooks/database.md', [
      makeRunbook('# PostgreSQL Database Runbook\n\nSteps.', {
        path: 'runbooks/database.md',
        lastReviewed: '2025-01-15',
        stale: true,
      }),
    ]);
    expect(
      await screen.findByText(
        /last reviewed on Jan 15, 2025, longer ago than the review threshold allows/,
      ),
    ).toBeInTheDocument();
  });

  it('copies exactly the text of a code block, from the keyboard too, and says so', async () => {
    const copied = recordCopies();
    renderRunbook('runbooks/db.md', [
      makeRunbook(
        [
          '# DB',
          '',
          '```bash',
          'psql -h db -c "SELECT count(*) FROM pg_stat_activity;"',
          '```',
          '',
          '```sql',
          'SELECT pid, state FROM pg_stat_activity',
          'WHERE state = $$idle in transaction$$;',
          '```',
        ].join('\n'),
        { path: 'runbooks/db.md' },
      ),
    ]);

    const bashCopy = await screen.findByRole('button', {
      name: 'Copy the bash code',
    });
    await userEvent.click(bashCopy);
    expect(copied).toEqual([
      'psql -h db -c "SELECT count(*) FROM pg_stat_activity;"',
    ]);
    expect(await screen.findByText('Copied')).toBeInTheDocument();

    const sqlCopy = screen.getByRole('button', { name: 'Copy the sql code' });
    sqlCopy.focus();
    await userEvent.keyboard('{Enter}');
    expect(copied[1]).toBe(
      'SELECT pid, state FROM pg_stat_activity\nWHERE state = $$idle in transaction$$;',
    );
  });

  it('renders task lists and keeps links between runbooks in the portal', async () => {
    renderRunbook('runbooks/incident-response.md', [
      makeRunbook(
        [
          '# Response',
          '',
          '- [x] Acknowledge the alert',
          '- [ ] Classify severity',
          '',
          'See [the database runbook](./database.md), its',
          '[locks](../runbooks/database.md#check-locks), [this page](#response),',
          '[Grafana](https://grafana.example.com/d/abc) and',
          '[the compose file](../../docker-compose.yml).',
        ].join('\n'),
        { path: 'runbooks/incident-response.md' },
      ),
    ]);

    const boxes = await screen.findAllByRole('checkbox');
    expect(boxes.map(b => (b as HTMLInputElement).checked)).toEqual([
      true,
      false,
    ]);
    expect(
      screen.getByRole('link', { name: 'the database runbook' }),
    ).toHaveAttribute('href', '/runbooks/runbooks/database.md');
    expect(screen.getByRole('link', { name: 'locks' })).toHaveAttribute(
      'href',
      '/runbooks/runbooks/database.md#check-locks',
    );
    expect(screen.getByRole('link', { name: 'this page' })).toHaveAttribute(
      'href',
      '#response',
    );
    expect(screen.getByRole('link', { name: /^Grafana/ })).toHaveAttribute(
      'href',
      'https://grafana.example.com/d/abc',
    );
    // A repository file that is not a runbook has no page in the portal.
    expect(
      screen.queryByRole('link', { name: 'the compose file' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('the compose file')).toBeInTheDocument();
  });

  it('opens a linked runbook inside the portal', async () => {
    renderRunbook('runbooks/a.md', [
      makeRunbook('# A\n\nGo to [B](./b.md).', { path: 'runbooks/a.md' }),
      makeRunbook('# B\n\nHere.', { path: 'runbooks/b.md' }),
    ]);
    await userEvent.click(await screen.findByRole('link', { name: 'B' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'B' }),
    ).toBeInTheDocument();
  });

  it('renders the XSS payloads of SECURITY.md item 8 inert', async () => {
    const payloads = [
      '# Payloads',
      '',
      '<script>window.__pwned = 1</script>',
      '',
      '<img src="x" onerror="window.__pwned = 2">',
      '',
      '[click](JaVaScRiPt:window.__pwned=3)',
      '',
      '[entity](&#106;avascript:window.__pwned=4)',
      '',
      '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '',
      '[vb](vbscript:msgbox(1))',
      '',
      '<iframe srcdoc="<script>window.__pwned=5</script>"></iframe>',
      '',
      '<svg><script>window.__pwned=6</script></svg>',
      '',
      '<style>body { display: none }</style>',
      '',
      '<a href="javascript:window.__pwned=7" onclick="window.__pwned=8">raw</a>',
      '',
      '![img](javascript:window.__pwned=9)',
      '',
      '[spaced](  javascript:window.__pwned=10  )',
    ].join('\n');
    renderRunbook('runbooks/evil.md', [
      makeRunbook(payloads, { path: 'runbooks/evil.md' }),
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Payloads' });

    const article = screen.getByRole('article', { name: 'Payloads' });
    expect(
      // The only SVGs are the heading anchors' icons.
      article.querySelectorAll(
        'script, iframe, style, svg:not(.MuiSvgIcon-root), object, embed',
      ),
    ).toHaveLength(0);
    for (const element of Array.from(article.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        expect(attribute.name).not.toMatch(/^on/i);
        expect(attribute.value).not.toMatch(/^\s*(javascript|data|vbscript):/i);
      }
    }
    for (const name of ['click', 'entity', 'data', 'vb', 'spaced']) {
      expect(screen.queryByRole('link', { name })).not.toBeInTheDocument();
      expect(screen.getByText(name)).toBeInTheDocument();
    }
    expect(article.querySelector('img')).toBeNull();
    // Raw HTML shows as the text it is.
    expect(article).toHaveTextContent('<script>window.__pwned = 1</script>');
    expect((window as any).__pwned).toBeUndefined();
  });

  it('says when the runbook cannot be loaded', async () => {
    renderRunbook('runbooks/missing.md', []);
    expect(
      await screen.findByText(
        /Could not load the runbook runbooks\/missing.md/,
      ),
    ).toBeInTheDocument();
    // in the panel's message, and again in its response body once that
    // lazily loaded code snippet has rendered
    expect(
      screen.getAllByText(/No runbook runbooks\/missing.md/)[0],
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /All runbooks/ })).toHaveAttribute(
      'href',
      '/runbooks',
    );
  });

  it('scrolls to the heading named in the URL once the runbook is shown', async () => {
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = jest.fn(function scroll(this: Element) {
      scrolled.push(this.id);
    });
    renderRunbook('runbooks/incident-response.md#database-issues-p0p1');
    await screen.findByRole('heading', { name: 'Database Issues (P0/P1)' });
    await waitFor(() => expect(scrolled).toEqual(['database-issues-p0p1']));
  });
});
