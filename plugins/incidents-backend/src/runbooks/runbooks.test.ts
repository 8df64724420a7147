import { gunzipSync } from 'node:zlib';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs/promises';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { incidentsPlugin } from '../plugin';

jest.setTimeout(60_000);

const SECRET = 'OUTSIDE-THE-ROOT-7f3a9c';
const AUTH = mockCredentials.user.header('user:default/sam-rivera');
const REPO = path.resolve(__dirname, '../../../..');

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body's bytes as sent (compressed, if the response is). */
  bytes: Buffer;
}

/**
 * A request with the path exactly as given: supertest and fetch normalise
 * `..` and re-encode, which would hide traversal bugs.
 */
function raw(
  server: http.Server,
  rawPath: string,
  headers: Record<string, string> = { authorization: AUTH },
): Promise<RawResponse> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: rawPath, method: 'GET', headers },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            bytes: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The example catalog, with the relations the catalog would add. */
async function exampleEntities(): Promise<Entity[]> {
  const text = await fs.readFile(
    path.join(REPO, 'examples/entities.yaml'),
    'utf8',
  );
  const entities = parseAllDocuments(text).map(d => d.toJSON() as Entity);
  for (const entity of entities) {
    entity.metadata.namespace = 'default';
    const system = entity.spec?.system;
    if (system) {
      const parent = entities.find(e => e.metadata.name === system)!;
      parent.relations = [
        ...(parent.relations ?? []),
        {
          type: 'hasPart',
          targetRef: `${entity.kind.toLocaleLowerCase('en-US')}:default/${
            entity.metadata.name
          }`,
        },
      ];
    }
  }
  return entities;
}

describe('runbooks API', () => {
  let dir: string;
  let root: string;
  let server: http.Server;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runbooks-api-'));
    root = path.join(dir, 'docs');
    const outside = path.join(dir, 'outside');
    await fs.mkdir(path.join(root, 'runbooks'), { recursive: true });
    await fs.mkdir(outside);
    await fs.writeFile(
      path.join(outside, 'secret.md'),
      `# Secret\n\n${SECRET}\n`,
    );
    await fs.writeFile(path.join(dir, 'passwd'), `root:${SECRET}\n`);
    await fs.writeFile(
      path.join(root, 'runbooks/real.md'),
      '---\ntitle: Real runbook\nlastReviewed: 2020-01-01\n---\n# Real\n\n## Steps\n\n```sh\nkubectl rollout restart\n```\n',
    );
    await fs.writeFile(path.join(root, 'a.md'), '# A\n');
    // Not a runbook: app-config.yaml excludes upstream/** under every root.
    await fs.mkdir(path.join(root, 'upstream'));
    await fs.writeFile(
      path.join(root, 'upstream/pull-request.md'),
      '# An upstream pull request\n',
    );
    await fs.writeFile(
      path.join(root, 'runbooks/db #1 %2f.md'),
      '# Odd name\n',
    );
    await fs.writeFile(path.join(root, 'notes.txt'), SECRET);
    await fs.symlink(
      path.join(outside, 'secret.md'),
      path.join(root, 'leak.md'),
    );
    await fs.symlink(path.join(root, 'leak.md'), path.join(root, 'chain.md'));
    await fs.symlink('/etc/hosts', path.join(root, 'hosts.md'));
    await fs.symlink(
      path.join(root, 'gone.md'),
      path.join(root, 'dangling.md'),
    );
    await fs.symlink(outside, path.join(root, 'linked'));

    const appConfig = parse(
      await fs.readFile(path.join(REPO, 'app-config.yaml'), 'utf8'),
    );
    ({ server } = await startTestBackend({
      features: [
        incidentsPlugin,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            incidents: {
              runbooks: {
                ...appConfig.incidents.runbooks,
                // The repository's docs (the example runbooks) and the tree above.
                roots: ['docs', root],
              },
            },
          },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities: await exampleEntities() }),
      ],
    }));
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const json = (res: RawResponse) => JSON.parse(res.body);

  it('serves a runbook whose path has slashes, raw or encoded, with caching headers', async () => {
    const plain = await raw(server, '/api/incidents/runbooks/runbooks/real.md');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe(
      'application/json; charset=utf-8',
    );
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    expect(plain.headers['cache-control']).toBe(
      'private, max-age=0, must-revalidate',
    );
    expect(json(plain)).toMatchObject({
      path: 'runbooks/real.md',
      title: 'Real runbook',
      lastReviewed: '2020-01-01',
      stale: true,
      headings: [
        { depth: 1, text: 'Real', slug: 'real' },
        { depth: 2, text: 'Steps', slug: 'steps' },
      ],
      markdown: expect.stringContaining('kubectl rollout restart'),
      frontMatter: { title: 'Real runbook', lastReviewed: '2020-01-01' },
    });

    const encoded = await raw(
      server,
      '/api/incidents/runbooks/runbooks%2Freal.md',
    );
    expect(encoded.status).toBe(200);
    expect(encoded.body).toBe(plain.body);

    // As the frontend's client sends it: each segment encoded, slashes kept.
    const odd = await raw(
      server,
      '/api/incidents/runbooks/runbooks/db%20%231%20%252f.md',
    );
    expect(odd.status).toBe(200);
    expect(json(odd).path).toBe('runbooks/db #1 %2f.md');

    const etag = plain.headers.etag!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await raw(
      server,
      '/api/incidents/runbooks/runbooks/real.md',
      {
        authorization: AUTH,
        'if-none-match': etag,
      },
    );
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const other = await raw(
      server,
      '/api/incidents/runbooks/runbooks/real.md',
      {
        authorization: AUTH,
        'if-none-match': '"something-else"',
      },
    );
    expect(other.status).toBe(200);
  });

  it('sends browsers the runbook gzip-compressed once per version, as its own representation', async () => {
    const get = (headers: Record<string, string>) =>
      raw(server, '/api/incidents/runbooks/runbooks/real.md', {
        authorization: AUTH,
        ...headers,
      });
    const plain = await get({});
    expect(plain.headers['content-encoding']).toBeUndefined();
    const browser = await get({ 'accept-encoding': 'gzip, deflate, br' });
    expect(browser.status).toBe(200);
    expect(browser.headers['content-encoding']).toBe('gzip');
    expect(browser.headers.vary).toMatch(/Accept-Encoding/i);
    expect(browser.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(browser.headers['content-length'])).toBe(
      browser.bytes.length,
    );
    expect(gunzipSync(browser.bytes).equals(plain.bytes)).toBe(true);
    expect(browser.headers.etag).not.toBe(plain.headers.etag);
    // the same bytes again, and 304 for the compressed representation's ETag
    const second = await get({ 'accept-encoding': 'gzip' });
    expect(second.bytes.equals(browser.bytes)).toBe(true);
    const revalidated = await get({
      'accept-encoding': 'gzip',
      'if-none-match': browser.headers.etag!,
    });
    expect(revalidated.status).toBe(304);
    // a client refusing gzip gets identity
    const refused = await get({ 'accept-encoding': 'gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.bytes.equals(plain.bytes)).toBe(true);
  });

  it('needs credentials', async () => {
    for (const p of [
      '/api/incidents/runbooks',
      '/api/incidents/runbooks/runbooks/real.md',
      '/api/incidents/runbooks/leak.md',
    ]) {
      const res = await raw(server, p, {});
      expect({ p, status: res.status }).toEqual({ p, status: 401 });
      expect(res.body).not.toContain('Real');
    }
  });

  it.each([
    ['../../etc/passwd', 400],
    ['../../passwd', 400],
    ['../outside/secret.md', 404],
    ['../../outside/secret.md', 404],
    ['%2e%2e%2f%2e%2e%2foutside%2fsecret.md', 404],
    ['%2e%2e/%2e%2e/passwd', 400],
    ['..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd', 400],
    ['..%252f..%252foutside%252fsecret.md', 404],
    ['..%255c..%255coutside%255csecret.md', 404],
    ['..\\..\\outside\\secret.md', 404],
    ['..%5c..%5coutside%5csecret.md', 404],
    ['/etc/passwd', 400],
    ['%2fetc%2fpasswd', 400],
    ['/etc/hosts', 400],
    ['ABSOLUTE/outside/secret.md', 404],
    ['a.md%00', 400],
    ['a.md%00.md', 404],
    ['leak.md%00', 400],
    ['leak.md', 404],
    ['chain.md', 404],
    ['hosts.md', 404],
    ['dangling.md', 404],
    ['linked/secret.md', 404],
    ['notes.txt', 400],
    ['runbooks/../leak.md', 404],
    ['./leak.md', 404],
    ['%', 400],
  ])(
    'refuses %s with %i and never shows outside content',
    async (attack, status) => {
      const res = await raw(
        server,
        `/api/incidents/runbooks/${attack.replace('ABSOLUTE', dir.slice(1))}`,
      );
      expect({ attack, status: res.status }).toEqual({ attack, status });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).not.toContain(SECRET);
      expect(res.body).not.toContain('localhost');
      expect(json(res).error.message).toBeTruthy();
    },
  );

  it('lists no file outside the roots or that is not markdown', async () => {
    const res = await raw(server, '/api/incidents/runbooks?limit=1000');
    expect(res.status).toBe(200);
    const paths = json(res).items.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['a.md', 'runbooks/real.md']));
    for (const refused of [
      'leak.md',
      'chain.md',
      'hosts.md',
      'dangling.md',
      'notes.txt',
    ]) {
      expect(paths).not.toContain(refused);
    }
    expect(res.body).not.toContain(SECRET);
    const search = await raw(server, `/api/incidents/runbooks?q=${SECRET}`);
    expect(search.status).toBe(200);
    expect(search.body).not.toContain(SECRET);
  });

  it("leaves out what app-config.yaml excludes: the upstream pull requests in the repository's docs", async () => {
    const upstream = (
      await fs.readdir(path.join(REPO, 'docs/upstream'))
    ).filter(file => file.endsWith('.md'));
    expect(upstream.length).toBeGreaterThan(0);
    const res = await raw(server, '/api/incidents/runbooks?limit=1000');
    expect(res.status).toBe(200);
    const paths = json(res).items.map((i: { path: string }) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['runbooks/incident-response.md', 'a.md']),
    );
    expect(paths.filter((p: string) => p.startsWith('upstream/'))).toEqual([]);
    const one = await raw(
      server,
      `/api/incidents/runbooks/upstream/${encodeURIComponent(upstream[0])}`,
    );
    expect(one.status).toBe(404);
  });

  it("resolves the example catalog's runbooks from the repository's docs", async () => {
    const pathsOf = async (entityRef: string) => {
      const res = await raw(
        server,
        `/api/incidents/runbooks?entityRef=${encodeURIComponent(entityRef)}`,
      );
      expect(res.status).toBe(200);
      return json(res)
        .items.map((i: { path: string }) => i.path)
        .sort();
    };
    expect(await pathsOf('component:default/bomizzel-backend')).toEqual([
      'runbooks/backend-service.md',
      'runbooks/incident-response.md',
    ]);
    expect(await pathsOf('resource:default/bomizzel-postgres')).toEqual([
      'runbooks/database.md',
    ]);
    expect(await pathsOf('system:default/bomizzel-ticketing')).toEqual([
      'runbooks/backend-service.md',
      'runbooks/database.md',
      'runbooks/incident-response.md',
      'runbooks/redis.md',
    ]);

    const incidentResponse = json(
      await raw(
        server,
        '/api/incidents/runbooks/runbooks/incident-response.md',
      ),
    );
    expect(incidentResponse.title).toBe('Incident Response Runbook');
    expect(incidentResponse.headings).toEqual(
      expect.arrayContaining([
        {
          depth: 3,
          text: 'Database Issues (P0/P1)',
          slug: 'database-issues-p0p1',
        },
      ]),
    );
  });

  it('searches, best match first, within an entity', async () => {
    const res = await raw(
      server,
      '/api/incidents/runbooks?entityRef=system:default/bomizzel-ticketing&q=redis%20memory',
    );
    expect(res.status).toBe(200);
    const { items } = json(res);
    expect(items[0]).toMatchObject({
      path: 'runbooks/redis.md',
      score: expect.any(Number),
      snippet: expect.stringMatching(/redis|memory/i),
    });
  });

  it('names the field and reason of a bad list request', async () => {
    const unknown = await raw(
      server,
      '/api/incidents/runbooks?entityRef=component:default/ghost',
    );
    expect(unknown.status).toBe(404);
    expect(json(unknown).error.message).toContain('component:default/ghost');

    const invalid = await raw(
      server,
      '/api/incidents/runbooks?entityRef=not%20a%20ref',
    );
    expect(invalid.status).toBe(400);
    expect(json(invalid).error.message).toContain('entityRef');

    const tooMany = await raw(server, '/api/incidents/runbooks?limit=100000');
    expect(tooMany.status).toBe(400);
    expect(json(tooMany).error.message).toContain('limit');
  });
});
