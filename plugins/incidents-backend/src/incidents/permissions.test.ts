import {
  coreServices,
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import {
  clearIncidents,
  createTestDatabases,
} from '../__testUtils__/databases';
import { startIncidentsBackend } from '../__testUtils__/testBackend';
import { entity } from '../__testUtils__/catalog';

jest.setTimeout(60_000);

const asUser = mockCredentials.user.header('user:default/sam-rivera');

/** A component owned by `owner`. */
const owned = (name: string, owner: string) =>
  entity('Component', name, {
    spec: { owner },
    relations: [['ownedBy', owner]],
  });

const ENTITIES = [
  owned('bomizzel-backend', 'group:default/backend-team'),
  owned('bomizzel-frontend', 'group:default/frontend-team'),
];

/**
 * A policy that lets everyone read and change only the incidents of
 * entities that backend-team owns (the conditional rule), and declare any.
 */
const ownerPolicy = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => {
    const conditional = (name: string) => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'incidents',
      resourceType: 'incident',
      conditions: {
        rule: 'IS_AFFECTED_ENTITY_OWNER',
        resourceType: 'incident',
        params: { claims: ['group:default/backend-team'] },
      },
      name,
    });
    return {
      authorize: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async (requests: any[]) =>
        requests.map(r => conditional(r.permission.name)),
    } as any;
  },
});

describe('incident permissions', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
    });

    async function start(permissions: ServiceFactory) {
      const { server } = await startIncidentsBackend({
        knex,
        entities: ENTITIES,
        services: [permissions],
      });
      return server;
    }

    it('refuses every change under a deny policy and leaves the data as it was', async () => {
      const allowed = await start(
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      );
      const { body: incident } = await request(allowed)
        .post('/api/incidents/incidents')
        .set('Authorization', asUser)
        .send({
          title: 'Errors',
          severity: 'P2',
          entityRefs: ['component:default/bomizzel-backend'],
        });

      const denied = await start(
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      );
      const create = await request(denied)
        .post('/api/incidents/incidents')
        .set('Authorization', asUser)
        .send({
          title: 'Other',
          severity: 'P2',
          entityRefs: ['component:default/bomizzel-backend'],
        });
      expect(create.status).toBe(403);
      const list = await request(denied)
        .get('/api/incidents/incidents')
        .set('Authorization', asUser);
      expect(list.body.items).toEqual([]);
      const get = await request(denied)
        .get(`/api/incidents/incidents/${incident.id}`)
        .set('Authorization', asUser);
      expect(get.status).toBe(404);

      const [{ n }] = await knex('incidents').count({ n: '*' });
      expect(Number(n)).toBe(1);
      const row = await knex('incidents').where({ id: incident.id }).first();
      expect(row.version).toBe(1);
    });

    it('filters lists in SQL and refuses changes by the owner rule', async () => {
      await clearIncidents(knex);
      const allowed = await start(
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      );
      const declare = (name: string) =>
        request(allowed)
          .post('/api/incidents/incidents')
          .set('Authorization', asUser)
          .send({
            title: `Errors on ${name}`,
            severity: 'P1',
            entityRefs: [`component:default/${name}`],
          });
      const mine = (await declare('bomizzel-backend')).body;
      const theirs = (await declare('bomizzel-frontend')).body;

      const server = await start(ownerPolicy);
      const list = await request(server)
        .get('/api/incidents/incidents')
        .set('Authorization', asUser);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: any) => i.id)).toEqual([mine.id]);

      const entityList = await request(server)
        .get(
          '/api/incidents/incidents?entityRef=component:default/bomizzel-frontend',
        )
        .set('Authorization', asUser);
      expect(entityList.body.items).toEqual([]);

      const hidden = await request(server)
        .get(`/api/incidents/incidents/${theirs.id}`)
        .set('Authorization', asUser);
      expect(hidden.status).toBe(404);

      const change = await request(server)
        .post(`/api/incidents/incidents/${theirs.id}/events`)
        .set('Authorization', asUser)
        .send({ type: 'note', message: 'not mine' });
      expect(change.status).toBe(404);

      const allowedChange = await request(server)
        .post(`/api/incidents/incidents/${mine.id}/events`)
        .set('Authorization', asUser)
        .send({ type: 'note', message: 'looking' });
      expect(allowedChange.status).toBe(201);

      const stats = await request(server)
        .get(
          '/api/incidents/stats?entityRef=component:default/bomizzel-frontend',
        )
        .set('Authorization', asUser);
      expect(stats.body.total).toBe(0);
    });
  });
});
