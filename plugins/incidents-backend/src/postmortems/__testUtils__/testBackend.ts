import { ServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { clearIncidents } from '../../__testUtils__/databases';
import { startIncidentsBackend } from '../../__testUtils__/testBackend';

export { fakeClock } from '../../__testUtils__/testBackend';

export const asSam = mockCredentials.user.header('user:default/sam-rivera');
export const asPriya = mockCredentials.user.header(
  'user:default/priya-natarajan',
);
export const BACKEND = 'component:default/bomizzel-backend';
export const FRONTEND = 'component:default/bomizzel-frontend';
export const POSTGRES = 'resource:default/bomizzel-postgres';

const entity = (
  kind: string,
  name: string,
  relations: Array<[string, string]> = [],
  spec: JsonObject = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
  relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
});

/** A small catalog: one system, two teams with members, their components. */
export const ENTITIES = [
  entity('System', 'bomizzel-ticketing', [
    ['hasPart', BACKEND],
    ['hasPart', POSTGRES],
  ]),
  entity('System', 'bomizzel-web', [['hasPart', FRONTEND]]),
  entity(
    'Component',
    'bomizzel-backend',
    [['ownedBy', 'group:default/backend-team']],
    { system: 'bomizzel-ticketing' },
  ),
  entity(
    'Resource',
    'bomizzel-postgres',
    [['ownedBy', 'group:default/backend-team']],
    { system: 'system:default/bomizzel-ticketing' },
  ),
  entity(
    'Component',
    'bomizzel-frontend',
    [['ownedBy', 'group:default/frontend-team']],
    { system: 'bomizzel-web' },
  ),
  entity('Group', 'backend-team', [
    ['ownerOf', BACKEND],
    ['ownerOf', POSTGRES],
    ['hasMember', 'user:default/sam-rivera'],
  ]),
  entity('Group', 'frontend-team', [['ownerOf', FRONTEND]]),
  entity('Group', 'sre'),
  entity('User', 'sam-rivera', [
    ['memberOf', 'group:default/backend-team'],
    ['memberOf', 'group:default/sre'],
  ]),
  entity('User', 'priya-natarajan', [
    ['memberOf', 'group:default/frontend-team'],
  ]),
];

/** The plugin over HTTP on the given database, with extra service factories. */
export async function startPostmortemBackend(
  knex: Knex,
  extra: ServiceFactory[] = [],
  config: JsonObject = {},
) {
  const { server } = await startIncidentsBackend({
    knex,
    config,
    entities: ENTITIES,
    services: extra,
  });
  const api = (auth = asSam) => ({
    get: (path: string) =>
      request(server).get(`/api/incidents${path}`).set('Authorization', auth),
    post: (path: string, body: object) =>
      request(server)
        .post(`/api/incidents${path}`)
        .set('Authorization', auth)
        .send(body),
    put: (path: string, body: object, ifMatch?: string) => {
      const r = request(server)
        .put(`/api/incidents${path}`)
        .set('Authorization', auth);
      return (ifMatch === undefined ? r : r.set('If-Match', ifMatch)).send(
        body,
      );
    },
    patch: (path: string, body: object, ifMatch?: string) => {
      const r = request(server)
        .patch(`/api/incidents${path}`)
        .set('Authorization', auth);
      return (ifMatch === undefined ? r : r.set('If-Match', ifMatch)).send(
        body,
      );
    },
  });

  /** Declares an incident at the current (fake) time and moves it along. */
  async function incident(
    body: {
      title?: string;
      severity: string;
      entityRefs: string[];
      detectedAt?: string;
    },
    auth = asSam,
  ): Promise<{ id: number; ref: string }> {
    const res = await api(auth).post('/incidents', {
      title: 'Database unavailable',
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function event(id: number, body: object) {
    const res = await api().post(`/incidents/${id}/events`, body);
    expect(res.status).toBe(201);
  }
  return { server, api, incident, event };
}

/** The backend `startPostmortemBackend` starts, with its request helpers. */
export type PostmortemBackend = Awaited<
  ReturnType<typeof startPostmortemBackend>
>;

/**
 * Registers the hooks of a per-database describe block: starts the backend
 * on the database once, clears incidents (and fake timers) before each test.
 * `ready` receives the database and the backend when they are up.
 */
export function usePostmortemBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  ready: (knex: Knex, backend: PostmortemBackend) => void,
) {
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(databaseId);
    ready(knex, await startPostmortemBackend(knex));
  });
  beforeEach(async () => {
    jest.useRealTimers();
    await clearIncidents(knex);
  });
  afterAll(() => jest.useRealTimers());
}
