import {
  createRunbookHeadingSlugger,
  Runbook,
  RunbookHeading,
} from '@bomizzel/plugin-incidents-common';
// The fixture is the repository's own runbook, read in Node by jest.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'fs';
import { http, HttpResponse } from 'msw';
// eslint-disable-next-line no-restricted-imports
import { resolve } from 'path';

/**
 * The headings of markdown as the backend lists them: ATX headings outside
 * fenced code, inline markup dropped, slugged in document order.
 */
export function headingsOf(markdown: string): RunbookHeading[] {
  const slug = createRunbookHeadingSlugger();
  const headings: RunbookHeading[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const fenceMark = /^\s*(```|~~~)/.exec(line)?.[1];
    if (fenceMark && (!fence || fence === fenceMark)) {
      fence = fence ? undefined : fenceMark;
      continue;
    }
    const match = fence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (match) {
      const text = match[2]
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/[*_`]/g, '');
      headings.push({ depth: match[1].length, text, slug: slug(text) });
    }
  }
  return headings;
}

/** A runbook as `GET /runbooks/{path}` returns it; `overrides` win. */
export function makeRunbook(
  markdown: string,
  overrides: Partial<Runbook> = {},
): Runbook {
  const headings = headingsOf(markdown);
  return {
    path: 'runbooks/example.md',
    title: headings[0]?.text ?? 'example.md',
    headings,
    entities: ['component:default/bomizzel-backend'],
    tags: [],
    severities: [],
    stale: false,
    size: markdown.length,
    modifiedAt: '2026-03-01T10:00:00.000Z',
    markdown,
    frontMatter: {},
    ...overrides,
  };
}

/** The repository's incident response runbook, front matter removed. */
export function bomizzelIncidentRunbook(): Runbook {
  const file = readFileSync(
    resolve(__dirname, '../../../../docs/runbooks/incident-response.md'),
    'utf8',
  );
  const markdown = file.replace(/^---\n[\s\S]*?\n---\n/, '');
  return makeRunbook(markdown, {
    path: 'runbooks/incident-response.md',
    title: 'Incident Response Runbook',
    owner: 'group:default/sre',
    entities: ['system:default/bomizzel-ticketing'],
    tags: ['incident-response', 'process', 'escalation'],
    severities: ['P0', 'P1', 'P2', 'P3'],
    lastReviewed: '2026-11-20',
  });
}

/**
 * msw handlers for the runbook routes below `baseUrl` over `runbooks`: the
 * list filtered by `entityRef` (a runbook's `entities`) and `q` (title and
 * text), and one runbook by its path, `notFound` for any other path.
 */
export function runbookHandlers(options: {
  baseUrl: string;
  runbooks: Runbook[];
  notFound: (path: string) => Response;
}) {
  const { baseUrl, runbooks, notFound } = options;
  const prefix = `${new URL(baseUrl).pathname}/runbooks/`;
  return [
    http.get(`${baseUrl}/runbooks`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const entityRef = query.get('entityRef');
      const q = query.get('q')?.toLocaleLowerCase('en-US');
      const items = runbooks
        .filter(r => !entityRef || r.entities.includes(entityRef))
        .filter(
          r =>
            !q ||
            `${r.title}\n${r.markdown}`.toLocaleLowerCase('en-US').includes(q),
        )
        .map(({ markdown, frontMatter, ...summary }) => {
          const at = q ? markdown.toLocaleLowerCase('en-US').indexOf(q) : -1;
          return at < 0
            ? summary
            : { ...summary, snippet: `…${markdown.slice(at, at + 40)}…` };
        });
      return HttpResponse.json({ items });
    }),
    http.get(`${baseUrl}/runbooks/*`, ({ request }) => {
      const path = new URL(request.url).pathname
        .slice(prefix.length)
        .split('/')
        .map(decodeURIComponent)
        .join('/');
      const runbook = runbooks.find(r => r.path === path);
      return runbook
        ? HttpResponse.json(runbook, { headers: { ETag: '"1"' } })
        : notFound(path);
    }),
  ];
}
