import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs/promises';
import nodeFs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunbookConfig } from './config';
import { RunbookIndex } from './RunbookIndex';
import { RunbookService } from './RunbookService';
import { entity } from '../__testUtils__/catalog';

const DAY = 24 * 60 * 60 * 1000;
const realWatch = nodeFs.watch;
const isoDay = (daysAgo: number) =>
  new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10);

async function writeTree(dir: string, files: Record<string, string>) {
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await fs.writeFile(path.join(dir, file), content);
  }
}

/** Waits for the index to see a change through its file watcher. */
async function eventually(check: () => void, timeoutMs = 5000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise(resolve => setTimeout(resolve, 25));
    }
  }
}

const DATABASE = `---
title: PostgreSQL Database Runbook
owner: sre
entities:
  - resource:default/bomizzel-postgres
tags: [database, postgres]
severities: [P0, P1]
lastReviewed: ${isoDay(10)}
---

# Database

Procedures for the PostgreSQL database of **Bomizzel**.

## Symptoms

Connection refused errors.

\`\`\`bash
# Not a heading: a shell comment
docker-compose exec postgres pg_isready
\`\`\`

## Database Issues (P0/P1)

### Diagnose &amp; fix \`pg_stat_activity\`

## Diagnose &amp; fix \`pg_stat_activity\`
`;

describe('RunbookIndex', () => {
  let dir: string;
  let root: string;
  const logger = mockServices.logger.mock();
  const indexes: RunbookIndex[] = [];

  const createIndex = async (watch = false, exclude?: string[]) => {
    const index = await RunbookIndex.create({
      roots: [{ dir: root, repositoryPath: 'docs' }],
      staleAfterDays: 180,
      maxFileBytes: 64 * 1024,
      logger,
      exclude,
      watch,
    });
    indexes.push(index);
    return index;
  };
  const summaryOf = (index: RunbookIndex, p: string) =>
    index.list({ limit: 1000 }).items.find(i => i.path === p);

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runbook-index-'));
    root = path.join(dir, 'docs');
    await writeTree(root, {
      'runbooks/database.md': DATABASE,
      'runbooks/redis.md': `---
lastReviewed: ${isoDay(400)}
summary: Redis cache procedures.
---
Setext title
============

Redis text.
`,
      'plain.md': 'No heading here, just the first paragraph.\n\nSecond.',
    });
  });

  afterEach(async () => {
    indexes.splice(0).forEach(i => i.close());
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads front matter, headings (not in code blocks), summary and file facts', async () => {
    const index = await createIndex();
    const database = summaryOf(index, 'runbooks/database.md');
    expect(database).toEqual({
      path: 'runbooks/database.md',
      title: 'PostgreSQL Database Runbook',
      summary: 'Procedures for the PostgreSQL database of Bomizzel.',
      headings: [
        { depth: 1, text: 'Database', slug: 'database' },
        { depth: 2, text: 'Symptoms', slug: 'symptoms' },
        {
          depth: 2,
          text: 'Database Issues (P0/P1)',
          slug: 'database-issues-p0p1',
        },
        {
          depth: 3,
          text: 'Diagnose & fix pg_stat_activity',
          slug: 'diagnose--fix-pg_stat_activity',
        },
        {
          depth: 2,
          text: 'Diagnose & fix pg_stat_activity',
          slug: 'diagnose--fix-pg_stat_activity-1',
        },
      ],
      owner: 'group:default/sre',
      entities: ['resource:default/bomizzel-postgres'],
      tags: ['database', 'postgres'],
      severities: ['P0', 'P1'],
      lastReviewed: isoDay(10),
      stale: false,
      size: Buffer.byteLength(DATABASE),
      modifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    expect(summaryOf(index, 'runbooks/redis.md')).toMatchObject({
      title: 'Setext title',
      summary: 'Redis cache procedures.',
      lastReviewed: isoDay(400),
      stale: true,
      entities: [],
      tags: [],
    });
    expect(summaryOf(index, 'plain.md')).toMatchObject({
      title: 'plain',
      summary: 'No heading here, just the first paragraph.',
      headings: [],
      stale: true,
    });
  });

  it('serves the body without front matter, as JSON with a content ETag', async () => {
    const index = await createIndex();
    const served = index.serve('runbooks/database.md')!;
    const runbook = JSON.parse(served.body.toString('utf8'));
    expect(runbook.markdown.startsWith('\n# Database')).toBe(true);
    expect(runbook.frontMatter).toMatchObject({
      title: 'PostgreSQL Database Runbook',
      lastReviewed: isoDay(10),
    });
    expect(index.serve('runbooks/database.md')!.etag).toBe(served.etag);
    // The stale flag is part of the content: it turns after the threshold.
    const later = index.serve('runbooks/database.md', Date.now() + 200 * DAY)!;
    expect(JSON.parse(later.body.toString()).stale).toBe(true);
    expect(later.etag).not.toBe(served.etag);
    expect(index.serve('runbooks/nothing.md')).toBeUndefined();
  });

  it('never runs JavaScript front matter and survives broken YAML', async () => {
    await writeTree(root, {
      'evil.md': `---js
{ title: (globalThis.__runbookPwned = true, 'pwned') }
---
# Evil
`,
      'broken.md': '---\ntitle: [unclosed\n---\n# Broken\n',
      'bomb.md': `---
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
---
# Bomb
`,
    });
    const index = await createIndex();
    expect((globalThis as any).__runbookPwned).toBeUndefined();
    expect(summaryOf(index, 'evil.md')?.title).toBe('Evil');
    expect(summaryOf(index, 'broken.md')?.title).toBe('Broken');
    expect(summaryOf(index, 'bomb.md')?.title).toBe('Bomb');
    expect(
      JSON.parse(index.serve('bomb.md')!.body.toString()).frontMatter,
    ).toEqual({});
  });

  it('skips files over the size cap', async () => {
    await writeTree(root, { 'huge.md': `# Huge\n${'x'.repeat(65 * 1024)}` });
    const index = await createIndex();
    expect(index.has('huge.md')).toBe(false);
    expect(index.has('plain.md')).toBe(true);
  });

  it('searches titles, headings and text, best matches first, with a snippet', async () => {
    await writeTree(root, {
      'a-mentions.md':
        '# Network\n\nAn unrelated page that mentions databases once, deep in the text.\n',
      'b-heading.md': '# Storage\n\n## Database failover\n\nSteps.\n',
    });
    const index = await createIndex();
    const { items, total } = index.list({ q: 'database', limit: 10 });
    expect(items.map(i => i.path)).toEqual([
      'runbooks/database.md',
      'b-heading.md',
      'a-mentions.md',
    ]);
    expect(total).toBe(3);
    expect(items[0].score).toBeGreaterThan(items[1].score!);
    expect(items[2].snippet).toContain('mentions databases once');
    // Prefix and all-terms matching; commands in code blocks are searchable.
    expect(index.list({ q: 'pg_isready', limit: 10 }).items[0].path).toBe(
      'runbooks/database.md',
    );
    expect(
      index.list({ q: 'database failo', limit: 10 }).items.map(i => i.path),
    ).toEqual(['b-heading.md']);
    expect(index.list({ q: 'zzzzqqq', limit: 10 }).items).toEqual([]);
    // Without q: every runbook by title, limited, with the total.
    const all = index.list({ limit: 2 });
    expect(all.total).toBe(5);
    expect(all.items.map(i => i.title)).toEqual(['Network', 'plain']);
  });

  it('returns the best matches up to the limit, counting all of them', async () => {
    await writeTree(
      root,
      Object.fromEntries(
        Array.from({ length: 30 }, (_, i) => [
          `many/rb-${String(i).padStart(2, '0')}.md`,
          // More mentions of failover, better matches, in no file order.
          `# Runbook ${i}\n\n${'failover '.repeat(1 + ((i * 7) % 30))}then ${
            i % 2 ? 'restart' : 'wait'
          }.\n`,
        ]),
      ),
    );
    const index = await createIndex();
    const everything = index.list({ q: 'failover', limit: 1000 });
    expect(everything.total).toBe(30);
    expect(everything.items[0].path).toBe('many/rb-17.md'); // 30 mentions
    const scores = everything.items.map(i => i.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const limit of [1, 5, 29]) {
      const page = index.list({ q: 'failover', limit });
      expect(page.total).toBe(30);
      expect(page.items.map(i => i.path)).toEqual(
        everything.items.slice(0, limit).map(i => i.path),
      );
    }
    // Every word: 15 restart; within a set of paths, only those.
    expect(index.list({ q: 'failover restart', limit: 3 }).total).toBe(15);
    const only = new Set(['many/rb-01.md', 'many/rb-02.md', 'many/rb-03.md']);
    expect(
      index
        .list({ q: 'failover restart', only, limit: 10 })
        .items.map(i => i.path)
        .sort(),
    ).toEqual(['many/rb-01.md', 'many/rb-03.md']);
  });

  it('falls back to any word, allowing typos, and counts a repeated word once', async () => {
    const index = await createIndex();
    // No runbook has both words: any of them, typos corrected.
    expect(index.list({ q: 'databse zzzzqqq', limit: 10 }).items[0]?.path).toBe(
      'runbooks/database.md',
    );
    expect(
      index.list({ q: 'redis zzzzqqq', limit: 10 }).items.map(i => i.path),
    ).toEqual(['runbooks/redis.md']);
    // Words of 4 letters or fewer are not corrected (too many near misses).
    expect(index.list({ q: 'tezt', limit: 10 }).items).toEqual([]);
    expect(index.list({ q: 'texts', limit: 10 }).items[0]?.path).toBe(
      'runbooks/redis.md',
    );
    // Saying a word twice neither doubles its weight nor changes the order.
    const once = index.list({ q: 'database symptoms', limit: 10 });
    expect(index.list({ q: 'database database symptoms', limit: 10 })).toEqual(
      once,
    );
  });

  it('keeps searching right through many edits and deletions', async () => {
    await writeTree(
      root,
      Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [
          `churn/rb-${i}.md`,
          `# Churn ${i}\n\nversion alpha of runbook ${i}.\n`,
        ]),
      ),
    );
    const index = await createIndex();
    expect(index.list({ q: 'alpha', limit: 100 }).total).toBe(40);
    // Rounds of edits and deletions: the index drops what they replaced.
    for (const [round, version] of ['bravo', 'charlie', 'delta'].entries()) {
      for (let i = 0; i < 40; i++) {
        await fs.writeFile(
          path.join(root, `churn/rb-${i}.md`),
          // A new size each round: the index sees a changed file.
          `# Churn ${i}\n\nversion ${version} of runbook ${i}${'.'.repeat(
            round,
          )}\n`,
        );
      }
      await index.refresh();
    }
    for (let i = 0; i < 20; i++) {
      await fs.rm(path.join(root, `churn/rb-${i}.md`));
    }
    await index.refresh();
    expect(index.list({ q: 'alpha', limit: 100 }).total).toBe(0);
    expect(index.list({ q: 'bravo', limit: 100 }).total).toBe(0);
    expect(index.list({ q: 'charlie', limit: 100 }).total).toBe(0);
    const delta = index.list({ q: 'delta', limit: 100 });
    expect(delta.items.map(i => i.path).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `churn/rb-${i + 20}.md`).sort(),
    );
    expect(delta.items[0].snippet).toContain('version delta of runbook');
    expect(
      index.list({ q: 'churn 33', limit: 100 }).items.map(i => i.path),
    ).toEqual(['churn/rb-33.md']);

    // A few more deletions; the scores are those of a fresh index.
    await fs.rm(path.join(root, 'churn/rb-20.md'));
    await fs.rm(path.join(root, 'churn/rb-21.md'));
    await index.refresh();
    const fresh = await createIndex();
    for (const q of ['delta', 'churn runbook', 'database', 'delt', 'deltx']) {
      expect(index.list({ q, limit: 100 })).toEqual(
        fresh.list({ q, limit: 100 }),
      );
    }
    expect(index.list({ q: 'delta', limit: 100 }).total).toBe(18);
  });

  it('picks up edits, new files and deletions without a restart', async () => {
    const index = await createIndex(true);
    expect(index.list({ q: 'sentinel', limit: 10 }).items).toEqual([]);

    await fs.writeFile(
      path.join(root, 'plain.md'),
      '# Plain, edited\n\nNow about sentinel failover.\n',
    );
    await writeTree(root, { 'runbooks/new/kafka.md': '# Kafka\n' });
    await eventually(() => {
      expect(summaryOf(index, 'plain.md')?.title).toBe('Plain, edited');
      expect(index.list({ q: 'sentinel', limit: 10 }).items[0]?.path).toBe(
        'plain.md',
      );
      expect(index.has('runbooks/new/kafka.md')).toBe(true);
    });

    await fs.rm(path.join(root, 'runbooks/redis.md'));
    await eventually(() => {
      expect(index.has('runbooks/redis.md')).toBe(false);
      expect(index.list({ q: 'setext', limit: 10 }).items).toEqual([]);
    });
  });

  it('leaves out the excluded paths, neither walking nor watching excluded folders', async () => {
    await writeTree(root, {
      'upstream/express.md': '# Upstream pull request\n',
      'upstream/deeper/compression.md': '# Another one\n',
      'drafts/wip.md': '# Work in progress\n',
      'drafts/kept/old.md': '# Kept: the glob is one level deep\n',
      'runbooks/upstream.md': '# A runbook named upstream\n',
    });
    const watched: string[] = [];
    const watch = jest.spyOn(nodeFs, 'watch').mockImplementation(((
      folder: nodeFs.PathLike,
      ...rest: unknown[]
    ) => {
      watched.push(String(folder));
      return (realWatch as (...args: unknown[]) => nodeFs.FSWatcher)(
        folder,
        ...rest,
      );
    }) as typeof nodeFs.watch);
    try {
      const index = await createIndex(true, ['upstream/**', 'drafts/*.md']);
      expect([...index.paths()].sort()).toEqual([
        'drafts/kept/old.md',
        'plain.md',
        'runbooks/database.md',
        'runbooks/redis.md',
        'runbooks/upstream.md',
      ]);
      const realRoot = await fs.realpath(root);
      expect(watched).toContain(path.join(realRoot, 'drafts'));
      expect(watched).not.toContain(path.join(realRoot, 'upstream'));
      expect(watched.filter(f => f.includes(`${path.sep}upstream`))).toEqual(
        [],
      );

      // Added while watching: the runbook shows up, the excluded files do not.
      await writeTree(root, {
        'upstream/keyv.md': '# Upstream\n',
        'drafts/next.md': '# Draft\n',
        'runbooks/kafka.md': '# Kafka\n',
      });
      await eventually(() => expect(index.has('runbooks/kafka.md')).toBe(true));
      expect(index.has('upstream/keyv.md')).toBe(false);
      expect(index.has('drafts/next.md')).toBe(false);
      expect(index.list({ q: 'upstream', limit: 10 }).items).toEqual([
        expect.objectContaining({ path: 'runbooks/upstream.md' }),
      ]);
    } finally {
      watch.mockRestore();
    }
  });

  it('refuses links leaving the root, chains to outside, dangling links and linked folders', async () => {
    const outside = path.join(dir, 'outside');
    await writeTree(outside, { 'secret.md': '# Secret\n\nTOP-SECRET' });
    await writeTree(root, { 'runbooks/real.md': '# Real\n' });
    await fs.symlink(
      path.join(outside, 'secret.md'),
      path.join(root, 'leak.md'),
    );
    await fs.symlink(path.join(root, 'leak.md'), path.join(root, 'chain.md'));
    await fs.symlink(
      path.join(root, 'missing.md'),
      path.join(root, 'dangling.md'),
    );
    await fs.symlink(outside, path.join(root, 'linked-folder'));
    await fs.symlink(
      path.join(root, 'runbooks/real.md'),
      path.join(root, 'alias.md'),
    );
    const index = await createIndex(true);
    const paths = [...index.paths()].sort();
    expect(paths).toEqual([
      'alias.md',
      'plain.md',
      'runbooks/database.md',
      'runbooks/real.md',
      'runbooks/redis.md',
    ]);
    expect(index.list({ q: 'secret', limit: 10 }).items).toEqual([]);
  });
});

describe('RunbookService entity mapping', () => {
  let dir: string;
  let service: RunbookService;
  const credentials = mockCredentials.user();

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runbook-entities-'));
    await writeTree(path.join(dir, 'docs'), {
      'runbooks/backend.md':
        '---\nentities: [component:default/api, "resource:db"]\n---\n# Backend\n',
      'runbooks/db.md': '# DB\n',
      'runbooks/cache/redis.md': '# Redis\n',
      'runbooks/cache/memcached.md': '# Memcached\n',
      'process/incident-response.md': '# Incident response\n',
      'process/escalation.md': '# Escalation\n',
      'process/comms.md': '# Comms\n',
      'process/postmortem.md': '# Postmortem\n',
    });
    const config: RunbookConfig = {
      roots: [{ dir: path.join(dir, 'docs'), repositoryPath: 'docs' }],
      exclude: [],
      staleAfterDays: 180,
      maxFileBytes: 1024 * 1024,
      repositoryUrls: ['https://github.com/acme/repo/blob/main/'],
      appBaseUrl: 'https://portal.example.com',
    };
    const links = (...urls: string[]) => ({
      metadata: {
        links: [
          ...urls.map(url => ({ url, type: 'runbook' })),
          { url: 'process/comms.md', type: 'docs' },
        ],
      },
    });
    service = await RunbookService.create({
      config,
      logger: mockServices.logger.mock(),
      watch: false,
      catalog: catalogServiceMock({
        entities: [
          entity('Component', 'api', {
            annotations: { 'bomizzel.com/runbooks': 'runbooks/db.md' },
          }),
          entity('Component', 'web', {
            annotations: {
              'bomizzel.com/runbooks':
                ' docs/runbooks/cache/*.md , runbooks/nothing.md,../etc/passwd',
            },
          }),
          entity(
            'Component',
            'linked',
            links(
              'https://github.com/acme/repo/blob/main/docs/process/incident-response.md#severity-levels',
              'https://portal.example.com/runbooks/process/escalation.md',
              '/runbooks/process/postmortem.md',
              './docs/runbooks/db.md',
              'https://github.com/other/repo/blob/main/docs/process/comms.md',
              'https://evil.example.com/runbooks/process/comms.md',
              '../../etc/passwd',
            ),
          ),
          entity('Resource', 'db'),
          entity('System', 'shop', {
            relations: [
              ['hasPart', 'component:default/api'],
              ['hasPart', 'component:default/web'],
              ['hasPart', 'resource:default/db'],
            ],
          }),
        ],
      }),
    });
  });

  afterAll(async () => {
    service.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const pathsOf = async (entityRef: string) =>
    (await service.list({ entityRef }, credentials)).items
      .map(i => i.path)
      .sort();

  it('maps front matter, the annotation (paths and globs) and runbook links', async () => {
    expect(await pathsOf('component:default/api')).toEqual([
      'runbooks/backend.md',
      'runbooks/db.md',
    ]);
    expect(await pathsOf('resource:db')).toEqual(['runbooks/backend.md']);
    expect(await pathsOf('component:web')).toEqual([
      'runbooks/cache/memcached.md',
      'runbooks/cache/redis.md',
    ]);
    expect(await pathsOf('component:default/linked')).toEqual([
      'process/escalation.md',
      'process/incident-response.md',
      'process/postmortem.md',
      'runbooks/db.md',
    ]);
  });

  it("rolls a System's parts up into its runbooks", async () => {
    expect(await pathsOf('system:default/shop')).toEqual([
      'runbooks/backend.md',
      'runbooks/cache/memcached.md',
      'runbooks/cache/redis.md',
      'runbooks/db.md',
    ]);
  });

  it('searches within an entity', async () => {
    const { items } = await service.list(
      { entityRef: 'system:default/shop', q: 'redis' },
      credentials,
    );
    expect(items.map(i => i.path)).toEqual(['runbooks/cache/redis.md']);
  });

  it('names an unknown entity', async () => {
    await expect(
      service.list({ entityRef: 'component:default/ghost' }, credentials),
    ).rejects.toThrow(
      'entityRef: no entity component:default/ghost in the catalog',
    );
  });
});
