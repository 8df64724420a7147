import { createServer, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  startIncidentsBackend,
  TestServer,
} from '../__testUtils__/testBackend';
import { MIGRATIONS_DIRECTORY } from '../database/migrations';
import { entity } from '../__testUtils__/catalog';

jest.setTimeout(120_000);

/**
 * The plugin's PostgreSQL goes away under it (a restart, a failover): the
 * plugin reaches it through a TCP relay that the test cuts and restores,
 * as a restart looks to a client (connections reset, then refused).
 */
class Relay {
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<Socket>();
  #server?: Server;
  port = 0;

  constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  async start() {
    const server = createServer(client => {
      const upstream = new Socket();
      upstream.connect(this.#target.port, this.#target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>(resolve =>
      server.listen(this.port, '127.0.0.1', () => resolve()),
    );
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Connections reset, new ones refused: the database is down. */
  async stop() {
    const server = this.#server;
    this.#server = undefined;
    for (const s of this.#sockets) s.destroy();
    await new Promise(resolve => server?.close(resolve));
  }
}

const databases = createTestDatabases();
const postgres = databases
  .eachSupportedId()
  .map(([id]) => id)
  .filter(id => id.startsWith('POSTGRES'));

const INTERNAL =
  /127\.0\.0\.1|\b5432\b|ECONNREFUSED|ECONNRESET|select |insert |incident_|\bat .*\.(js|ts):\d+/i;

describe.each(postgres)('with PostgreSQL (%s) going away', databaseId => {
  let direct: Knex;
  let relayed: Knex;
  let relay: Relay;
  let server: TestServer;
  const asUser = mockCredentials.user.header('user:default/sam-rivera');

  beforeAll(async () => {
    direct = await databases.init(databaseId);
    await direct.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    const connection = direct.client.config
      .connection as Knex.PgConnectionConfig;
    relay = new Relay({
      host: connection.host ?? '127.0.0.1',
      port: Number(connection.port ?? 5432),
    });
    await relay.start();
    relayed = knexFactory({
      client: 'pg',
      connection: { ...connection, host: '127.0.0.1', port: relay.port },
      // as Backstage's default: a failed acquire gives up after a while
      pool: { min: 0, max: 5, acquireTimeoutMillis: 5_000 },
    });
    ({ server } = await startIncidentsBackend({
      knex: relayed,
      anonymous: true,
      config: { escalation: { enabled: false } },
      entities: [entity('Component', 'bomizzel-backend')],
    }));
  });

  afterAll(async () => {
    await relay.stop().catch(() => undefined);
    await relayed?.destroy();
  });

  const declare = () =>
    request(server)
      .post('/api/incidents/incidents')
      .set('Authorization', asUser)
      .send({
        title: 'Checkout fails',
        severity: 'P1',
        entityRefs: ['component:default/bomizzel-backend'],
      })
      .timeout({ response: 15_000 });
  const list = () =>
    request(server)
      .get(
        '/api/incidents/incidents?entityRef=component:default/bomizzel-backend',
      )
      .set('Authorization', asUser)
      .timeout({ response: 15_000 });

  it('answers 503 with Retry-After and a log id while it is down, and recovers when it is back', async () => {
    expect((await declare()).status).toBe(201);
    expect((await list()).status).toBe(200);

    await relay.stop();
    const during = [await list(), await declare(), await list()];
    for (const res of during) {
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.error.message).toMatch(/log id [0-9a-f]{20}/);
      expect(JSON.stringify(res.body)).not.toMatch(INTERNAL);
      expect(res.body.error.stack).toBeUndefined();
    }

    await relay.start();
    const back = Date.now();
    let recovered: number | undefined;
    while (Date.now() - back < 10_000) {
      if ((await list()).status === 200) {
        recovered = Date.now() - back;
        break;
      }
      await new Promise(r => setTimeout(r, 100));
    }
    expect(recovered).toBeDefined();
    expect((await declare()).status).toBe(201);
    // what was acknowledged before the outage is there, nothing more
    const [{ n }] = await direct('incidents').count({ n: '*' });
    expect(Number(n)).toBe(2);
  });

  it('answers 500 with a log id and no SQL when a statement fails', async () => {
    await direct.schema.renameTable('incident_events', 'incident_events_away');
    try {
      const res = await declare();
      expect(res.status).toBe(500);
      expect(res.body.error.message).toMatch(
        /^An internal error occurred \(log id [0-9a-f]{20}\)$/,
      );
      expect(JSON.stringify(res.body)).not.toMatch(INTERNAL);
      // nothing of the declare was written
      const [{ n }] = await direct('incidents').count({ n: '*' });
      expect(Number(n)).toBe(2);
    } finally {
      await direct.schema.renameTable(
        'incident_events_away',
        'incident_events',
      );
    }
  });
});

describe('with the catalog answering 500 (its own database restarting)', () => {
  it('answers 503 with Retry-After and a log id, and writes nothing', async () => {
    const catalog = catalogServiceMock.mock({
      getEntitiesByRefs: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'Error',
                message: 'connect ECONNREFUSED 127.0.0.1:5432',
              },
            }),
            {
              status: 500,
              statusText: 'Internal Server Error',
              headers: { 'content-type': 'application/json' },
            },
          ) as any,
        );
      },
    });
    const { server } = await startIncidentsBackend({
      anonymous: true,
      config: { escalation: { enabled: false } },
      services: [catalog.factory],
    });
    const res = await request(server)
      .post('/api/incidents/incidents')
      .set('Authorization', mockCredentials.user.header())
      .send({
        title: 'Checkout fails',
        severity: 'P1',
        entityRefs: ['component:default/bomizzel-backend'],
      });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.error.message).toMatch(
      /^A service the incidents plugin depends on failed; .*\(log id [0-9a-f]{20}\)$/,
    );
    expect(JSON.stringify(res.body)).not.toMatch(INTERNAL);
    const list = await request(server)
      .get('/api/incidents/incidents')
      .set('Authorization', mockCredentials.user.header());
    expect(list.body.items).toEqual([]);
  });
});
