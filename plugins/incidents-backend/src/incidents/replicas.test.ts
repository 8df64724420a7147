import { mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import {
  clearIncidents,
  createTestDatabases,
} from '../__testUtils__/databases';
import { BACKEND } from '../__testUtils__/catalog';
import { startIncidentsApi, TestServer } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

/**
 * Two replicas of the plugin on one PostgreSQL database, each request sent
 * to one of them in turn, as a load balancer would: parallel writers must
 * not tell which replica answered. (The topology suite does the same with
 * two built backends; this runs in a second.)
 */

const databases = createTestDatabases();
const postgres = databases
  .eachSupportedId()
  .map(([id]) => id)
  .filter(id => id.startsWith('POSTGRES'));

const users = ['sam-rivera', 'priya-natarajan'].map(
  name => `user:default/${name}`,
);

const statuses = (responses: Array<{ status: number }>) =>
  responses
    .map(r => r.status)
    .reduce<Record<number, number>>(
      (counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }),
      {},
    );

describe.each(postgres)('two replicas on %s', databaseId => {
  let knex: Knex;
  let replicas: TestServer[];

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    const config = {
      escalation: { enabled: false },
      alerts: {
        entities: [
          { labels: { alertname: 'HighErrorRate' }, entityRef: BACKEND },
        ],
      },
    };
    replicas = [
      (await startIncidentsApi(knex, [], config)).server,
      (await startIncidentsApi(knex, [], config)).server,
    ];
  });

  beforeEach(() => clearIncidents(knex));

  /** The i-th request of a burst goes to replica i mod 2, as user i mod 2. */
  const to = (i: number) => ({
    server: replicas[i % 2],
    auth: mockCredentials.user.header(users[i % 2]),
  });
  const declare = (i: number, key?: string, auth = to(i).auth) => {
    const r = request(to(i).server)
      .post('/api/incidents/incidents')
      .set('Authorization', auth)
      .send({ title: 'Checkout fails', severity: 'P1', entityRefs: [BACKEND] });
    return key ? r.set('Idempotency-Key', key) : r;
  };
  const count = async (table: string) =>
    Number((await knex(table).count({ n: '*' }))[0].n);

  it('answers retries of one declare across replicas with one incident, identically', async () => {
    const sam = mockCredentials.user.header(users[0]);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => declare(i, 'retry-7', sam)),
    );
    expect(statuses(responses)).toEqual({ 201: 20 });
    expect(new Set(responses.map(r => JSON.stringify(r.body))).size).toBe(1);
    expect(await count('incidents')).toBe(1);
  });

  it('takes parallel declares on one entity and notes on one incident from both', async () => {
    const declares = await Promise.all(
      Array.from({ length: 10 }, (_, i) => declare(i)),
    );
    expect(statuses(declares)).toEqual({ 201: 10 });
    const id = declares[0].body.id;
    const notes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(to(i).server)
          .post(`/api/incidents/incidents/${id}/events`)
          .set('Authorization', to(i).auth)
          .send({ type: 'note', message: `seen from replica ${i % 2} (${i})` }),
      ),
    );
    expect(statuses(notes)).toEqual({ 201: 30 });
    const [{ n }] = await knex('incident_events')
      .where({ incident_id: id, type: 'note' })
      .count({ n: '*' });
    expect(Number(n)).toBe(30);
  });

  it('lets one of several If-Match writers on different replicas win', async () => {
    const { body } = await declare(0);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        request(to(i).server)
          .patch(`/api/incidents/incidents/${body.id}`)
          .set('Authorization', to(i).auth)
          .set('If-Match', '"1"')
          .send({ title: `Title ${i}` }),
      ),
    );
    expect(statuses(results)).toEqual({ 200: 1, 412: 5 });
  });

  it('opens one incident for one alert group delivered to both replicas at once', async () => {
    const payload = {
      version: '4',
      groupKey: '{}:{service="bomizzel-backend"}',
      status: 'firing',
      receiver: 'backstage',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighErrorRate', severity: 'critical' },
          annotations: {},
          startsAt: new Date().toISOString(),
          fingerprint: 'a1b2c3d4e5f60789',
        },
      ],
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(to(i).server)
          .post('/api/incidents/alerts/alertmanager')
          .set(
            'Authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.service('external:alertmanager'),
              targetPluginId: 'incidents',
            }),
          )
          .send(payload),
      ),
    );
    expect(statuses(results)).toEqual({ 200: 10 });
    expect(results.filter(r => r.body.changed > 0)).toHaveLength(1);
    expect(new Set(results.map(r => r.body.incident?.id)).size).toBe(1);
    expect(await count('incident_alerts')).toBe(1);
    expect(await count('incidents')).toBe(1);
  });

  it('creates one post-mortem when both replicas are asked to create it at once', async () => {
    const { body } = await declare(0);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        request(to(i).server)
          .put(`/api/incidents/incidents/${body.id}/postmortem`)
          .set('Authorization', to(i).auth)
          .set('If-Match', '"0"')
          .send({ sections: { summary: 'The pool ran dry' } }),
      ),
    );
    // one creates it; the others' identical create is a no-op, not a 412
    expect(
      results.map(r => r.status).filter(s => s !== 200 && s !== 201),
    ).toEqual([]);
    expect(await count('incident_postmortems')).toBe(1);
  });
});
