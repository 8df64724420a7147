import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { entity } from '../__testUtils__/catalog';
import {
  clearIncidents,
  createTestDatabases,
} from '../__testUtils__/databases';
import {
  startIncidentsBackend,
  TestServer,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

/**
 * Two people at once is the normal case: every write path with parallel
 * writers, on each database, through the HTTP API. The entities have owners,
 * so that every declare also writes the owners' copy that the permission
 * rule reads.
 */

const users = Array.from({ length: 10 }, (_, i) => `user:default/person-${i}`);
const as = (i: number) => mockCredentials.user.header(users[i % users.length]);

const BACKEND = 'component:default/bomizzel-backend';
const DATABASE = 'resource:default/bomizzel-postgres';

const ENTITIES = [
  entity('Component', 'bomizzel-backend', {
    relations: [
      ['ownedBy', 'group:default/backend-team'],
      ['ownedBy', 'group:default/platform-team'],
    ],
  }),
  entity('Resource', 'bomizzel-postgres', {
    relations: [['ownedBy', 'group:default/platform-team']],
  }),
  ...users.map(ref => entity('User', ref.split('/')[1])),
];

const parallel = <T>(n: number, make: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => make(i)));

const statuses = (responses: Array<{ status: number }>) =>
  responses
    .map(r => r.status)
    .reduce<Record<number, number>>(
      (counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }),
      {},
    );

describe('parallel writers', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let server: TestServer;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      ({ server } = await startIncidentsBackend({
        knex,
        anonymous: true,
        entities: ENTITIES,
        config: { escalation: { enabled: false } },
      }));
    });

    beforeEach(async () => {
      await clearIncidents(knex);
      await knex('incident_entity_owners').delete();
    });

    const declare = (i: number, entityRefs = [BACKEND]) =>
      request(server)
        .post('/api/incidents/incidents')
        .set('Authorization', as(i))
        .send({ title: `Outage seen by ${i}`, severity: 'P1', entityRefs });

    const timeline = async (id: number) =>
      (
        await request(server)
          .get(`/api/incidents/incidents/${id}/events`)
          .set('Authorization', as(0))
      ).body.items as Array<{ type: string; message: string | null }>;

    const owners = async () =>
      (
        await knex('incident_entity_owners').orderBy([
          'entity_ref',
          'owner_ref',
        ])
      ).map(r => `${r.entity_ref} ${r.owner_ref}`);

    it('declares 10 incidents on one entity at once, each 201, owners recorded once', async () => {
      const responses = await parallel(10, i =>
        declare(i, i % 2 ? [BACKEND, DATABASE] : [BACKEND]),
      );
      expect(statuses(responses)).toEqual({ 201: 10 });
      expect(new Set(responses.map(r => r.body.id)).size).toBe(10);
      const [{ n }] = await knex('incidents').count({ n: '*' });
      expect(Number(n)).toBe(10);
      expect(await owners()).toEqual([
        `${BACKEND} group:default/backend-team`,
        `${BACKEND} group:default/platform-team`,
        `${DATABASE} group:default/platform-team`,
      ]);
      // the per-entity counters saw every one of them
      const stats = await request(server)
        .get(`/api/incidents/stats?entityRef=${BACKEND}`)
        .set('Authorization', as(0));
      expect(stats.body.total).toBe(10);
    });

    it('declares with distinct Idempotency-Keys at once: one incident per key', async () => {
      const responses = await parallel(10, i =>
        declare(0).set('Idempotency-Key', `key-${i}`),
      );
      expect(statuses(responses)).toEqual({ 201: 10 });
      expect(new Set(responses.map(r => r.body.id)).size).toBe(10);
    });

    it('answers 20 parallel retries with one Idempotency-Key with one incident, identically', async () => {
      const responses = await parallel(20, () =>
        declare(0).set('Idempotency-Key', 'retry-1'),
      );
      expect(statuses(responses)).toEqual({ 201: 20 });
      expect(new Set(responses.map(r => JSON.stringify(r.body))).size).toBe(1);
      const [{ n }] = await knex('incidents').count({ n: '*' });
      expect(Number(n)).toBe(1);
    });

    it('takes 30 notes from different people at once: all 201, all on the timeline, no version change', async () => {
      const { body: incident } = await declare(0);
      const responses = await parallel(30, i =>
        request(server)
          .post(`/api/incidents/incidents/${incident.id}/events`)
          .set('Authorization', as(i))
          .send({ type: 'note', message: `note ${i}` }),
      );
      expect(statuses(responses)).toEqual({ 201: 30 });
      const notes = (await timeline(incident.id))
        .filter(e => e.type === 'note')
        .map(e => e.message)
        .sort();
      expect(notes).toEqual(
        Array.from({ length: 30 }, (_, i) => `note ${i}`).sort(),
      );
      // a note is not a change of the incident: nobody's If-Match goes stale
      expect(responses.every(r => r.headers.etag === '"1"')).toBe(true);
    });

    it('applies an If-Match edit while others add notes', async () => {
      const { body: incident } = await declare(0);
      const [edit, ...notes] = await Promise.all([
        request(server)
          .patch(`/api/incidents/incidents/${incident.id}`)
          .set('Authorization', as(1))
          .set('If-Match', '"1"')
          .send({ title: 'Checkout fails for EU customers' }),
        ...Array.from({ length: 10 }, (_, i) =>
          request(server)
            .post(`/api/incidents/incidents/${incident.id}/events`)
            .set('Authorization', as(i))
            .send({ type: 'note', message: `note ${i}` }),
        ),
      ]);
      expect(edit.status).toBe(200);
      expect(edit.body.version).toBe(2);
      expect(statuses(notes)).toEqual({ 201: 10 });
    });

    it('applies parallel status changes one after the other, each recorded', async () => {
      const { body: incident } = await declare(0);
      const targets = ['IDENTIFIED', 'RESOLVING', 'RESOLVED'] as const;
      const responses = await Promise.all(
        targets.map((status, i) =>
          request(server)
            .post(`/api/incidents/incidents/${incident.id}/events`)
            .set('Authorization', as(i))
            .send({ type: 'status', status, message: `now ${status}` }),
        ),
      );
      expect(statuses(responses)).toEqual({ 201: 3 });
      const changes = (await timeline(incident.id)).filter(
        e => e.type === 'status_changed' || e.type === 'reopened',
      );
      expect(changes).toHaveLength(3);
      const { body } = await request(server)
        .get(`/api/incidents/incidents/${incident.id}`)
        .set('Authorization', as(0));
      // one implicit acknowledgement, whoever came first
      expect(body.acknowledgedAt).not.toBeNull();
      expect(
        (await timeline(incident.id)).filter(e => e.type === 'acknowledged'),
      ).toHaveLength(1);
      expect(body.version).toBe(4);
    });

    it('lets one of several acknowledgements at once win and tells the others why', async () => {
      const { body: incident } = await declare(0);
      const responses = await parallel(5, i =>
        request(server)
          .post(`/api/incidents/incidents/${incident.id}/events`)
          .set('Authorization', as(i))
          .send({ type: 'acknowledge' }),
      );
      expect(statuses(responses)).toEqual({ 201: 1, 409: 4 });
      for (const r of responses.filter(x => x.status === 409)) {
        expect(r.body.error.message).toMatch(/already acknowledged/);
      }
    });

    it('adds entities to incidents in parallel while others declare on them', async () => {
      const { body: first } = await declare(0);
      const responses = await Promise.all([
        request(server)
          .patch(`/api/incidents/incidents/${first.id}`)
          .set('Authorization', as(1))
          .set('If-Match', '"1"')
          .send({ entityRefs: [BACKEND, DATABASE] }),
        ...Array.from({ length: 8 }, (_, i) => declare(i, [DATABASE])),
      ]);
      expect(statuses(responses)).toEqual({ 200: 1, 201: 8 });
      expect(await owners()).toContain(
        `${DATABASE} group:default/platform-team`,
      );
    });
  });
});
