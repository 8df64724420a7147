import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  clearIncidents,
  createTestDatabases,
} from '../__testUtils__/databases';
import {
  fakeUpstreams,
  startIncidentsBackend,
  TestServer,
} from '../__testUtils__/testBackend';
import { entity } from '../__testUtils__/catalog';

jest.setTimeout(60_000);

const asUser = mockCredentials.user.header('user:default/sam-rivera');
const asViewer = mockCredentials.user.header('user:default/viewer');
const API = 'https://api.statuspage.test/v1';
const API_KEY = 'sp-secret-key-0123456789abcdef';
const INCIDENTS_URL = `${API}/pages/pg1/incidents`;
const BACKEND = 'component:default/bomizzel-backend';
const PLAIN = 'component:default/plain';

const ENTITIES = [
  entity('Component', 'bomizzel-backend', {
    annotations: {
      'statuspage.io/components': 'bomizzel:api0000000002,api0000000001',
    },
  }),
  entity('Component', 'plain', { annotations: {} }),
  entity('User', 'sam-rivera'),
];

/** Everyone reads; only user:default/viewer may not change incidents. */
const viewerCannotUpdate = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () =>
    ({
      authorize: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async (requests: any[], options: any) =>
        requests.map(r => ({
          result:
            r.permission.name === 'incident.update' &&
            options.credentials.principal.userEntityRef ===
              'user:default/viewer'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    } as any),
});

/** A Statuspage incident as the manage API answers it. */
const statuspageIncident = (
  id: string,
  incident: { name: string; status: string; impact_override?: string },
) => ({
  id,
  components: [],
  created_at: '2026-11-27T05:00:00.000Z',
  impact: incident.impact_override ?? 'none',
  impact_override: incident.impact_override ?? null,
  incident_updates: [
    {
      id: 'upd1',
      incident_id: id,
      status: incident.status,
      body: 'x',
      created_at: '2026-11-27T05:00:00.000Z',
      display_at: '2026-11-27T05:00:00.000Z',
      deliver_notifications: true,
    },
  ],
  monitoring_at: null,
  name: incident.name,
  page_id: 'pg1',
  resolved_at: null,
  scheduled_for: null,
  shortlink: `https://stspg.io/${id}`,
  started_at: '2026-11-27T05:00:00.000Z',
  status: incident.status,
  updated_at: '2026-11-27T05:00:00.000Z',
});

interface Received {
  method: string;
  url: string;
  authorization: string | null;
  body: any;
  at: number;
}
let received: Received[] = [];
const record = async (req: Request) => {
  const entry = {
    method: req.method,
    url: req.url,
    authorization: req.headers.get('authorization'),
    body: await req.json(),
    at: Date.now(),
  };
  received.push(entry);
  return entry;
};
const accept = async ({ request: req }: { request: Request }) => {
  const { body, method } = await record(req);
  const id = method === 'POST' ? 'p31zjtct2jer' : req.url.split('/').pop()!;
  return HttpResponse.json(statuspageIncident(id, body.incident), {
    status: method === 'POST' ? 201 : 200,
  });
};

const upstream = setupServer(
  http.post(INCIDENTS_URL, accept),
  http.patch(`${INCIDENTS_URL}/:id`, accept),
);
fakeUpstreams(upstream);

describe('status page publishing', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let server: TestServer;
    let knex: Awaited<ReturnType<typeof databases.init>>;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      ({ server } = await startIncidentsBackend({
        knex,
        anonymous: true,
        config: {
          links: {
            statuspage: [
              {
                name: 'bomizzel',
                url: 'https://status.bomizzel.test',
                pageId: 'pg1',
                apiKey: API_KEY,
                apiBaseUrl: API,
                status: false,
              },
            ],
          },
          statuspage: {
            retryDelayMs: 20,
            maxAttempts: 3,
            maxTotalMs: 5000,
            severities: { P2: { impact: 'major' } },
          },
        },
        entities: ENTITIES,
        services: [viewerCannotUpdate],
      }));
    });

    beforeEach(async () => {
      received = [];
      await clearIncidents(knex);
    });

    const declare = async (entityRefs = [BACKEND], severity = 'P0') => {
      const res = await request(server)
        .post('/api/incidents/incidents')
        .set('Authorization', asUser)
        .send({ title: 'Checkout errors', severity, entityRefs });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const state = (id: number, auth: string | undefined = asUser) => {
      const req = request(server).get(
        `/api/incidents/incidents/${id}/statuspage`,
      );
      return auth ? req.set('Authorization', auth) : req;
    };
    const publish = (id: number, body: object = {}, auth = asUser) =>
      request(server)
        .post(`/api/incidents/incidents/${id}/statuspage`)
        .set('Authorization', auth)
        .send(body);
    const moveTo = (id: number, status: string) =>
      request(server)
        .post(`/api/incidents/incidents/${id}/events`)
        .set('Authorization', asUser)
        .send({ type: 'status', status, message: `Now ${status}` })
        .expect(201);
    const events = async (id: number) =>
      (
        await request(server)
          .get(`/api/incidents/incidents/${id}/events`)
          .set('Authorization', asUser)
      ).body.items as Array<{ type: string; message: string; data: any }>;
    const noKey = (value: unknown) =>
      expect(JSON.stringify(value)).not.toContain(API_KEY);

    it('previews the first publication from the initial template and severity', async () => {
      const id = await declare();
      const res = await state(id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        incidentId: id,
        available: true,
        published: false,
        changedSincePublication: false,
        page: { name: 'bomizzel', url: 'https://status.bomizzel.test' },
        preview: {
          name: 'Checkout errors',
          status: 'investigating',
          impact: 'critical',
          componentStatus: 'major_outage',
          componentIds: ['api0000000001', 'api0000000002'],
          messageId: 'initial',
        },
      });
      expect(res.body.preview.message).toContain(
        '🚨 INCIDENT ALERT - P0 - Checkout errors',
      );
      noKey(res.body);
      expect(received).toEqual([]);
    });

    it('is unavailable for incidents whose entities name no component, and refuses to publish them', async () => {
      const id = await declare([PLAIN]);
      const res = await state(id);
      expect(res.body).toMatchObject({ available: false, published: false });
      expect(res.body.reason).toMatch(/statuspage\.io\/components/);
      expect(res.body.preview).toBeUndefined();
      const refused = await publish(id);
      expect(refused.status).toBe(409);
      expect(received).toEqual([]);
    });

    it('creates the Statuspage incident with the documented fields and records it on the timeline', async () => {
      const id = await declare();
      const res = await publish(id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        published: true,
        statuspageIncidentId: 'p31zjtct2jer',
        shortlink: 'https://stspg.io/p31zjtct2jer',
        publishedStatus: 'INVESTIGATING',
        publishedBy: 'user:default/sam-rivera',
        changedSincePublication: false,
      });
      expect(received).toHaveLength(1);
      const [sent] = received;
      expect(sent.method).toBe('POST');
      expect(sent.url).toBe(INCIDENTS_URL);
      expect(sent.authorization).toBe(`OAuth ${API_KEY}`);
      expect(sent.body).toEqual({
        incident: {
          name: 'Checkout errors',
          status: 'investigating',
          impact_override: 'critical',
          body: expect.stringContaining('🚨 INCIDENT ALERT'),
          component_ids: ['api0000000001', 'api0000000002'],
          components: {
            api0000000001: 'major_outage',
            api0000000002: 'major_outage',
          },
          deliver_notifications: true,
        },
      });
      const timeline = await events(id);
      const published = timeline.find(e => e.type === 'statuspage_published');
      expect(published).toMatchObject({
        message: sent.body.incident.body,
        data: {
          page: 'bomizzel',
          action: 'created',
          statuspageIncidentId: 'p31zjtct2jer',
          status: 'investigating',
          attempts: 1,
        },
      });
      noKey(res.body);
      noKey(timeline);

      const after = await state(id);
      expect(after.body).toMatchObject({
        published: true,
        changedSincePublication: false,
        preview: { messageId: 'update' },
      });
    });

    it('offers an update after a status change and PATCHes with the edited text', async () => {
      const id = await declare(undefined, 'P2');
      await publish(id).expect(200);
      await moveTo(id, 'IDENTIFIED');
      const before = await state(id);
      expect(before.body).toMatchObject({
        changedSincePublication: true,
        publishedStatus: 'INVESTIGATING',
        preview: { status: 'identified', messageId: 'update' },
      });
      expect(before.body.preview.message).toContain('📊 INCIDENT UPDATE');

      const res = await publish(id, {
        name: 'Checkout is slow',
        message: 'We found the cause.',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        changedSincePublication: false,
        publishedStatus: 'IDENTIFIED',
      });
      const patch = received[1];
      expect(patch.method).toBe('PATCH');
      expect(patch.url).toBe(`${INCIDENTS_URL}/p31zjtct2jer`);
      expect(patch.body.incident).toMatchObject({
        name: 'Checkout is slow',
        status: 'identified',
        // P2 is configured to major impact; its component status stays the default
        impact_override: 'major',
        body: 'We found the cause.',
        components: {
          api0000000001: 'degraded_performance',
          api0000000002: 'degraded_performance',
        },
      });
      const timeline = await events(id);
      expect(
        timeline
          .filter(e => e.type === 'statuspage_published')
          .map(e => e.data.action),
      ).toEqual(['created', 'updated']);
    });

    it('resolves with the resolution template and the components back to operational', async () => {
      const id = await declare();
      await publish(id).expect(200);
      await moveTo(id, 'RESOLVING');
      expect((await state(id)).body.preview.status).toBe('monitoring');
      await moveTo(id, 'RESOLVED');
      const preview = (await state(id)).body.preview;
      expect(preview).toMatchObject({
        status: 'resolved',
        messageId: 'resolution',
        componentStatus: 'operational',
      });
      expect(preview.message).toContain('✅ INCIDENT RESOLVED');
      await publish(id).expect(200);
      expect(received[1].body.incident).toMatchObject({
        status: 'resolved',
        components: {
          api0000000001: 'operational',
          api0000000002: 'operational',
        },
      });
    });

    it('waits as long as Retry-After says when rate limited (429), then publishes', async () => {
      let calls = 0;
      upstream.use(
        http.post(INCIDENTS_URL, async ({ request: req }) => {
          calls++;
          if (calls === 1) {
            await record(req);
            return HttpResponse.json(
              { error: 'rate limited' },
              { status: 429, headers: { 'Retry-After': '1' } },
            );
          }
          return accept({ request: req });
        }),
      );
      const id = await declare();
      const res = await publish(id);
      expect(res.status).toBe(200);
      expect(received).toHaveLength(2);
      // the second attempt came no sooner than the one second asked for
      expect(received[1].at - received[0].at).toBeGreaterThanOrEqual(950);
      const published = (await events(id)).find(
        e => e.type === 'statuspage_published',
      );
      expect(published?.data.attempts).toBe(2);
    });

    it('backs off on 420 without Retry-After, then publishes', async () => {
      let calls = 0;
      upstream.use(
        http.post(INCIDENTS_URL, async ({ request: req }) => {
          calls++;
          if (calls === 1) {
            await record(req);
            return new HttpResponse('Enhance your calm', { status: 420 });
          }
          return accept({ request: req });
        }),
      );
      const id = await declare();
      expect((await publish(id)).status).toBe(200);
      expect(received).toHaveLength(2);
    });

    it('answers 502 after retrying a failing page, records the failure, and leaves the incident unchanged', async () => {
      upstream.use(
        http.post(INCIDENTS_URL, async ({ request: req }) => {
          await record(req);
          return HttpResponse.json({ error: 'boom' }, { status: 500 });
        }),
      );
      const id = await declare();
      const res = await publish(id);
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(
        /Status page 'bomizzel' did not accept the publication: answered HTTP 500 after 3 attempts/,
      );
      expect(received).toHaveLength(3);
      noKey(res.body);

      const incident = await request(server)
        .get(`/api/incidents/incidents/${id}`)
        .set('Authorization', asUser);
      expect(incident.body).toMatchObject({
        version: 1,
        status: 'INVESTIGATING',
      });
      const timeline = await events(id);
      const failed = timeline.find(e => e.type === 'statuspage_failed');
      expect(failed).toMatchObject({
        message: expect.stringContaining('answered HTTP 500'),
        data: { page: 'bomizzel', attempts: 3 },
      });
      expect(timeline.some(e => e.type === 'statuspage_published')).toBe(false);
      noKey(timeline);

      const after = await state(id);
      expect(after.body).toMatchObject({
        published: false,
        lastError: expect.stringContaining('HTTP 500'),
        preview: { messageId: 'initial' },
      });
    });

    it('does not retry a refused key, and says to check the credentials', async () => {
      upstream.use(
        http.post(INCIDENTS_URL, async ({ request: req }) => {
          await record(req);
          return HttpResponse.json({ error: 'unauthorized' }, { status: 401 });
        }),
      );
      const id = await declare();
      const res = await publish(id);
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(
        /check the configured credentials/,
      );
      expect(received).toHaveLength(1);
    });

    it('publishes once when two people publish at the same time', async () => {
      upstream.use(
        http.post(INCIDENTS_URL, async ({ request: req }) => {
          await new Promise(resolve => setTimeout(resolve, 300));
          return accept({ request: req });
        }),
      );
      const id = await declare();
      const results = await Promise.all([publish(id), publish(id)]);
      expect(results.map(r => r.status).sort()).toEqual([200, 409]);
      expect(received.filter(r => r.method === 'POST')).toHaveLength(1);
      // the lease is given back: the next publication updates
      expect((await publish(id)).status).toBe(200);
      expect(received.map(r => r.method)).toEqual(['POST', 'PATCH']);
    });

    it('answers 400 naming the field for bad input, without calling the page', async () => {
      const id = await declare();
      const empty = await publish(id, { message: '' });
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toMatch(/message/);
      const unknown = await publish(id, { apiKey: 'x' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(/apiKey/);
      const long = await publish(id, { name: 'n'.repeat(256) });
      expect(long.status).toBe(400);
      expect(long.body.error.message).toMatch(/name/);
      expect(received).toEqual([]);
    });

    it('needs credentials, and the update permission to publish', async () => {
      const id = await declare();
      expect((await state(id, '')).status).toBe(401);
      expect(
        (
          await request(server)
            .post(`/api/incidents/incidents/${id}/statuspage`)
            .send({})
        ).status,
      ).toBe(401);
      expect((await state(id, asViewer)).status).toBe(200);
      expect((await publish(id, {}, asViewer)).status).toBe(403);
      expect(received).toEqual([]);
      expect((await state(999999)).status).toBe(404);
    });
  });
});
