import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { Knex } from 'knex';
import request from 'supertest';
import {
  clearIncidents,
  createTestDatabases,
} from '../__testUtils__/databases';
import {
  startIncidentsBackend,
  TestServer,
} from '../__testUtils__/testBackend';
import { entity } from '../__testUtils__/catalog';

jest.setTimeout(300_000);

const asUser = mockCredentials.user.header('user:default/sam-rivera');
const BACKEND = 'component:default/bomizzel-backend';

const ENTITIES = [
  entity('Component', 'bomizzel-backend'),
  entity('User', 'sam-rivera'),
];

/** Tables a request may write to. */
const TABLES = [
  'incidents',
  'incident_entities',
  'incident_events',
  'incident_idempotency_keys',
  'incident_entity_counts',
  'incident_entity_months',
  'incident_entity_durations',
];

/** Everything a caller can name: body fields, query parameters, headers. */
const FIELDS = [
  'title',
  'description',
  'severity',
  'entityRefs',
  'entityRef',
  'commander',
  'startedAt',
  'detectedAt',
  'status',
  'acknowledge',
  'message',
  'type',
  'from',
  'to',
  'q',
  'limit',
  'cursor',
  'If-Match',
  'Idempotency-Key',
  'request body',
];

/**
 * Whether an error message names what was wrong: a field or parameter by
 * name, a path into the body or query, or the request body as a whole when
 * it is not JSON at all.
 */
function namesAField(message: string): boolean {
  return (
    FIELDS.some(f => new RegExp(`(^|[^\\w-])${f}($|[^\\w-])`).test(message)) ||
    /request\/(body|query|headers|params)\/[\w-]+/.test(message) ||
    /required property '[\w-]+'/.test(message) ||
    /^Unknown query parameter '.*'$/.test(message)
  );
}

// Values that are nearly right, plainly wrong, or odd.
const VALUE = fc.oneof(
  fc.constantFrom(
    'P0',
    'P9',
    '',
    BACKEND,
    'component:default/nope',
    'user:default/sam-rivera',
    'RESOLVED',
    'DONE',
    'note',
    'acknowledge',
    'status',
    '2026-11-20T09:00:00Z',
    '2999-01-01T00:00:00Z',
    '2026-13-45T99:00:00Z',
    'x'.repeat(300),
    '\u0000\ud800',
    '<script>alert(1)</script>',
    "' or 1=1 --",
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.constant(BACKEND)), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);

const KEY = fc.oneof(
  fc.constantFrom(...FIELDS.slice(0, 12), '__proto__', 'constructor'),
  fc.string({ maxLength: 10 }),
);

/** A JSON text: objects with known and unknown keys, any JSON, or not JSON. */
const BODY = fc.oneof(
  fc.dictionary(KEY, VALUE, { maxKeys: 6 }).map(o => JSON.stringify(o)),
  fc.json({ maxDepth: 3 }),
  fc.string(),
  fc.constantFrom('{', '{"title": }', '[]', 'null', '"x"', '{"a":1}{}'),
);

/** Lone surrogates cannot be percent-encoded; clients send U+FFFD. */
const wellFormed = (text: string) =>
  text.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );

/** A query string of known and unknown parameters, sometimes malformed. */
/** The query parameters of GET /incidents. */
const LIST_PARAMETERS = [
  'entityRef',
  'status',
  'severity',
  'from',
  'to',
  'q',
  'limit',
  'cursor',
];

const QUERY = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          ...LIST_PARAMETERS,
          'limit[]',
          'status[a]',
          'entityRef[0][1]',
        ),
        fc.string({ maxLength: 8 }),
      ),
      fc.oneof(
        VALUE.map(v => (typeof v === 'string' ? v : JSON.stringify(v))),
        fc.constantFrom('%', '%zz', '1e3', '-1', '0', '101', '20'),
      ),
      fc.boolean(),
    ),
    { maxLength: 6 },
  )
  .map(params =>
    params
      .map(([key, value, encode]) =>
        encode
          ? `${encodeURIComponent(wellFormed(key))}=${encodeURIComponent(
              wellFormed(value),
            )}`
          : `${key}=${value}`.replace(/[#\s]/g, ''),
      )
      .join('&'),
  );

describe('incidents API under arbitrary input', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let server: TestServer;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      ({ server } = await startIncidentsBackend({
        knex,
        entities: ENTITIES,
      }));
    });

    beforeEach(async () => {
      await clearIncidents(knex);
    });

    async function rowCounts() {
      const counts: Record<string, number> = {};
      for (const table of TABLES) {
        const [{ n }] = await knex(table).count({ n: '*' });
        counts[table] = Number(n);
      }
      return counts;
    }

    async function declare() {
      const res = await request(server)
        .post('/api/incidents/incidents')
        .set('Authorization', asUser)
        .send({
          title: 'Checkout errors',
          severity: 'P1',
          entityRefs: [BACKEND],
        });
      expect(res.status).toBe(201);
      return res.body as { id: number; version: number };
    }

    /**
     * Sends the request; a 5xx fails, a 4xx must name a field (or the
     * incident, for a 404) and leave every table as it was.
     */
    async function expectRefusedCleanly(
      send: () => request.Test,
      context: object,
    ) {
      const before = await rowCounts();
      const res = await send();
      const message: string = res.body?.error?.message ?? '';
      const summary = { ...context, status: res.status, message };
      expect({ ...summary, serverError: res.status >= 500 }).toEqual({
        ...summary,
        serverError: false,
      });
      if (res.status >= 400) {
        // A 404 names the incident; so does a 412 (a stale If-Match, when
        // the random id is one of an existing incident), with its version.
        const named =
          namesAField(message) ||
          (res.status === 404 && /incident/i.test(message)) ||
          (res.status === 412 && /\bINC-\d+\b.*\bversion \d+/.test(message));
        expect({ ...summary, named }).toEqual({ ...summary, named: true });
        expect(await rowCounts()).toEqual(before);
      }
    }

    const post = (path: string, body: string, headers: object = {}) =>
      request(server)
        .post(`/api/incidents${path}`)
        .set('Authorization', asUser)
        .set('Content-Type', 'application/json')
        .set(headers as Record<string, string>)
        .send(body);

    it('POST /incidents: never 5xx, 4xx names the field, nothing written', async () => {
      expect.hasAssertions();
      await declare();
      await fc.assert(
        fc.asyncProperty(
          BODY,
          fc.option(fc.string({ maxLength: 300 })),
          async (body, key) =>
            expectRefusedCleanly(
              () =>
                post(
                  '/incidents',
                  body,
                  key === null
                    ? {}
                    : { 'Idempotency-Key': key.replace(/[^\x20-\x7e]/g, '') },
                ),
              { body },
            ),
        ),
        { numRuns: 100 },
      );
    });

    it('PATCH /incidents/{id}: never 5xx, 4xx names the field, nothing written', async () => {
      expect.hasAssertions();
      const { id } = await declare();
      await fc.assert(
        fc.asyncProperty(
          BODY,
          fc.constantFrom(
            String(id),
            `INC-${id}`,
            '999999',
            'abc',
            '-1',
            '1e3',
            '%20',
          ),
          fc.option(
            fc.oneof(
              fc.constantFrom('"1"', '*', 'W/"1"', '"999"', ''),
              fc.string(),
            ),
          ),
          async (body, idParam, ifMatch) => {
            // the current version, so that a valid body may succeed
            const current = await request(server)
              .get(`/api/incidents/incidents/${id}`)
              .set('Authorization', asUser);
            const etag = ifMatch === '"1"' ? current.headers.etag : ifMatch;
            await expectRefusedCleanly(
              () =>
                request(server)
                  .patch(`/api/incidents/incidents/${idParam}`)
                  .set('Authorization', asUser)
                  .set('Content-Type', 'application/json')
                  .set(
                    etag === null
                      ? {}
                      : { 'If-Match': etag.replace(/[^\x20-\x7e]/g, '') },
                  )
                  .send(body),
              { body, idParam, etag },
            );
          },
        ),
        { numRuns: 100 },
      );
    });

    it('POST /incidents/{id}/events: never 5xx, 4xx names the field, nothing written', async () => {
      expect.hasAssertions();
      const { id } = await declare();
      await fc.assert(
        fc.asyncProperty(BODY, async body =>
          expectRefusedCleanly(() => post(`/incidents/${id}/events`, body), {
            body,
          }),
        ),
        { numRuns: 100 },
      );
    });

    it('GET /incidents: a NUL character in any parameter is a 4xx naming it, not a database error', async () => {
      expect.hasAssertions();
      await declare();
      const app = server;
      for (const name of LIST_PARAMETERS) {
        for (const value of ['\u0000', 'P1\u0000', '\u0000\ud800']) {
          await expectRefusedCleanly(
            () =>
              request(app)
                .get('/api/incidents/incidents')
                .query({ [name]: value })
                .set('Authorization', asUser),
            { name, value },
          );
        }
      }
    });

    it('a NUL character in a body is a 400 naming the field, nothing written', async () => {
      const { id } = await declare();
      const cases: Array<[string, object, string]> = [
        [
          '/incidents',
          { title: 'a\u0000b', severity: 'P1', entityRefs: [BACKEND] },
          'title',
        ],
        [
          '/incidents',
          {
            title: 'ok',
            description: 'a\u0000',
            severity: 'P1',
            entityRefs: [BACKEND],
          },
          'description',
        ],
        [
          '/incidents',
          {
            title: 'ok',
            severity: 'P1',
            entityRefs: [BACKEND, 'component:default/a\u0000'],
          },
          'entityRefs.1',
        ],
        [
          `/incidents/${id}/events`,
          { type: 'note', message: 'a\u0000b' },
          'message',
        ],
      ];
      for (const [path, body, field] of cases) {
        const before = await rowCounts();
        const res = await post(path, JSON.stringify(body));
        expect({
          path,
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({
          path,
          status: 400,
          message: `request body: ${field}: contains a NUL character (U+0000), which text fields cannot store`,
        });
        expect(await rowCounts()).toEqual(before);
      }
    });

    it('a NUL character in a query parameter of any route is a 400 naming it', async () => {
      await declare();
      for (const path of [
        '/incidents?q=a%00b',
        '/incidents?entityRef=component%3Adefault%2Fa%00',
        '/alerts?limit=1%00',
        '/stats?entityRef=%00',
      ]) {
        const res = await request(server)
          .get(`/api/incidents${path}`)
          .set('Authorization', asUser);
        const name = path.split('?')[1].split('=')[0];
        expect({
          path,
          status: res.status,
          message: res.body.error?.message,
        }).toEqual({
          path,
          status: 400,
          message: `${name}: contains a NUL character (U+0000), which no query parameter may`,
        });
      }
    });

    it('GET /incidents: never 5xx and 4xx names the parameter', async () => {
      expect.hasAssertions();
      await declare();
      await fc.assert(
        fc.asyncProperty(QUERY, async query =>
          expectRefusedCleanly(
            () =>
              request(server)
                .get(`/api/incidents/incidents?${query}`)
                .set('Authorization', asUser),
            { query },
          ),
        ),
        { numRuns: 100 },
      );
    });

    it('refuses a body over 1 MB with 413 naming the limit, nothing written', async () => {
      const { id, version } = await declare();
      const before = await rowCounts();
      const huge = 'x'.repeat(1024 * 1024 + 1);
      for (const res of [
        await post(
          '/incidents',
          JSON.stringify({
            title: 'Too big',
            severity: 'P1',
            entityRefs: [BACKEND],
            description: huge,
          }),
        ),
        await request(server)
          .patch(`/api/incidents/incidents/${id}`)
          .set('Authorization', asUser)
          .set('If-Match', `"${version}"`)
          .send({ description: huge }),
        await post(
          `/incidents/${id}/events`,
          JSON.stringify({ type: 'note', message: huge }),
        ),
      ]) {
        expect(res.status).toBe(413);
        expect(res.headers['content-type']).toMatch(/application\/json/);
        expect(res.body.error).toEqual(
          expect.objectContaining({
            name: 'RequestBodyError',
            message: 'request body: larger than the limit of 1 MB',
          }),
        );
      }
      expect(await rowCounts()).toEqual(before);
    });
  });
});
