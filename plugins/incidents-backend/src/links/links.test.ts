import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import fc from 'fast-check';
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
const TOKEN = 'glsa_routerTestToken_9876543210';
const GRAFANA = 'https://grafana.test';

const ENTITIES = [
  entity('Component', 'bomizzel-backend', {
    annotations: {
      'grafana/overview-dashboard': `${GRAFANA}/d/bmz-backend/bomizzel-backend?orgId=1`,
      'grafana/dashboard-selector': 'bomizzel-backend',
      'jaegertracing.io/service': 'bomizzel-backend',
    },
  }),
  entity('User', 'sam-rivera'),
];
const BACKEND = 'component:default/bomizzel-backend';

const upstream = setupServer(
  http.get(`${GRAFANA}/api/search`, () =>
    HttpResponse.json([
      {
        id: 1,
        uid: 'bmz-backend',
        title: 'Backend',
        url: '/d/bmz-backend/x',
        type: 'dash-db',
        tags: ['bomizzel-backend'],
      },
    ]),
  ),
);
fakeUpstreams(upstream);

describe('GET /links and GET /status', () => {
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
            margin: { minutes: 10 },
            grafana: [{ name: 'main', baseUrl: GRAFANA, token: TOKEN }],
            jaeger: { baseUrl: 'https://jaeger.test' },
          },
        },
        entities: ENTITIES,
      }));
    });

    beforeEach(() => clearIncidents(knex));

    const get = (path: string, auth: string | undefined = asUser) => {
      const req = request(server).get(`/api/incidents${path}`);
      return auth ? req.set('Authorization', auth) : req;
    };

    it('needs credentials', async () => {
      expect((await get(`/links?entityRef=${BACKEND}`, '')).status).toBe(401);
      expect((await get(`/status?entityRef=${BACKEND}`, '')).status).toBe(401);
    });

    it.each([
      ['/links', ''],
      ['/links?entityRef=not%20a%20ref', ''],
      ['/status?entityRef=', ''],
      ['/status?entityRef=component:default/x%3Fy', ''],
    ])('answers %s with 400 naming entityRef', async path => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/entityRef/);
    });

    it('answers 400 naming incidentId, and 404 for an unknown entity or incident', async () => {
      const bad = await get(`/links?entityRef=${BACKEND}&incidentId=abc`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/incidentId/);

      for (const path of [
        '/links?entityRef=component:default/nope',
        '/status?entityRef=component:default/nope',
      ]) {
        const res = await get(path);
        expect(res.status).toBe(404);
        expect(res.body.error.message).toBe(
          'entityRef: no entity component:default/nope in the catalog',
        );
      }
      const noIncident = await get(
        `/links?entityRef=${BACKEND}&incidentId=INC-424242`,
      );
      expect(noIncident.status).toBe(404);
    });

    it('returns the links of an entity, and scoped to an incident window', async () => {
      const plain = await get(
        `/links?entityRef=Component:default/bomizzel-backend`,
      );
      expect(plain.status).toBe(200);
      expect(plain.body.entityRef).toBe(BACKEND);
      expect(plain.body.window).toBeUndefined();
      expect(plain.body.groups.map((g: any) => g.tool)).toEqual([
        'grafana',
        'jaeger',
      ]);

      const startedAt = new Date(Date.now() - 2 * 3600_000).toISOString();
      const declared = await request(server)
        .post('/api/incidents/incidents')
        .set('Authorization', asUser)
        .send({
          title: 'Checkout fails',
          severity: 'P1',
          entityRefs: [BACKEND],
          startedAt,
        });
      expect(declared.status).toBe(201);

      const before = Date.now();
      const scoped = await get(
        `/links?entityRef=${BACKEND}&incidentId=${declared.body.ref}`,
      );
      expect(scoped.status).toBe(200);
      const from = Date.parse(startedAt) - 10 * 60_000;
      expect(scoped.body.window.from).toBe(new Date(from).toISOString());
      const to = Date.parse(scoped.body.window.to);
      expect(to).toBeGreaterThanOrEqual(before - 1000);
      expect(to).toBeLessThanOrEqual(Date.now());
      const overview = new URL(scoped.body.groups[0].links[0].url);
      expect(overview.searchParams.get('from')).toBe(String(from));
      expect(overview.searchParams.get('to')).toBe(String(to));
      const traces = new URL(scoped.body.groups[1].links[0].url);
      expect(traces.searchParams.get('start')).toBe(String(from * 1000));
    });

    it('scopes to an incident only for a caller who may read it', async () => {
      const declared = await request(server)
        .post('/api/incidents/incidents')
        .set('Authorization', asUser)
        .send({ title: 'Slow', severity: 'P2', entityRefs: [BACKEND] });
      expect(declared.status).toBe(201);
      const denying = await startIncidentsBackend({
        knex,
        entities: ENTITIES,
        services: [
          mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        ],
      });
      try {
        const links = `/api/incidents/links?entityRef=${BACKEND}`;
        const scoped = await request(denying.server)
          .get(`${links}&incidentId=${declared.body.id}`)
          .set('Authorization', asUser);
        expect(scoped.status).toBe(404);
        const unscoped = await request(denying.server)
          .get(links)
          .set('Authorization', asUser);
        expect(unscoped.status).toBe(200);
      } finally {
        await denying.stop();
      }
    });

    it('answers any query with 2xx or 4xx, never 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('/links', '/status'),
          fc.oneof(fc.string(), fc.constant(BACKEND)),
          fc.option(fc.oneof(fc.string(), fc.integer().map(String))),
          async (path, entityRef, incidentId) => {
            const query = [
              `entityRef=${encodeURIComponent(entityRef)}`,
              ...(incidentId === null
                ? []
                : [`incidentId=${encodeURIComponent(incidentId)}`]),
            ].join('&');
            const res = await get(`${path}?${query}`);
            expect([200, 400, 404]).toContain(res.status);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('returns live state per source, never the token', async () => {
      const res = await get(`/status?entityRef=${BACKEND}`);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        entityRef: BACKEND,
        sources: [
          {
            source: 'grafana-dashboards',
            instance: 'main',
            state: 'ok',
            updatedAt: expect.any(String),
            dashboards: [
              {
                uid: 'bmz-backend',
                title: 'Backend',
                url: `${GRAFANA}/d/bmz-backend`,
              },
            ],
          },
        ],
      });
      expect(res.text).not.toContain(TOKEN);
      const links = await get(`/links?entityRef=${BACKEND}`);
      expect(links.text).not.toContain(TOKEN);
    });
  });
});
