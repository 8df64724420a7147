import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { AddressInfo, connect, createServer } from 'node:net';
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { mockCredentials } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  fakeUpstreams,
  startIncidentsBackend,
  TestServer,
} from '../__testUtils__/testBackend';
import { mockServices } from '@backstage/backend-test-utils';
import { entity } from '../__testUtils__/catalog';

/**
 * The live status route with Backstage's Redis cache, against a real
 * redis-server that is stopped and started again: the route answers within
 * its deadline while Redis is down, and uses the cache again once Redis is
 * back, without a restart.
 */

const REDIS = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
const available = existsSync(REDIS);
if (!available && process.env.CI) {
  throw new Error(`${REDIS} is missing: the machine's Redis server is needed`);
}

jest.setTimeout(120_000);

const STATUSPAGE_API = 'https://api.statuspage.test/v1';
const REF = 'component:default/bomizzel-backend';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** Whether something accepts connections on the port. */
const accepting = (port: number) =>
  new Promise<boolean>(resolve => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const upstream = setupServer();
fakeUpstreams(upstream);

(available ? describe : describe.skip)(
  'GET /status when Redis goes away and comes back',
  () => {
    let port: number;
    let redis: ChildProcess | undefined;
    let server: TestServer;
    const calls: string[] = [];

    const startRedis = async () => {
      redis = spawn(
        REDIS,
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { stdio: 'ignore' },
      );
      const deadline = Date.now() + 10_000;
      while (!(await accepting(port))) {
        if (Date.now() > deadline)
          throw new Error('redis-server did not start');
        await new Promise(r => setTimeout(r, 50));
      }
    };

    const stopRedis = async () => {
      const process = redis!;
      redis = undefined;
      await new Promise(resolve => {
        process.once('exit', resolve);
        process.kill('SIGKILL');
      });
    };

    beforeAll(async () => {
      port = await freePort();
      await startRedis();
      upstream.use(
        http.get(
          `${STATUSPAGE_API}/pages/:page/components`,
          ({ request: r }) => {
            calls.push(r.url);
            return HttpResponse.json([
              {
                id: 'api0000000001',
                name: 'API',
                status: 'operational',
                group: false,
              },
            ]);
          },
        ),
      );
      ({ server } = await startIncidentsBackend({
        entities: [
          entity('Component', 'bomizzel-backend', {
            annotations: {
              'statuspage.io/components': 'bomizzel:api0000000001',
            },
          }),
        ],
        services: [
          cacheServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              backend: {
                cache: {
                  store: 'redis',
                  connection: `redis://127.0.0.1:${port}`,
                  redis: { client: { namespace: 'cache-outage-test' } },
                },
              },
              incidents: {
                escalation: { enabled: false },
                cache: { timeoutMs: 200, retryAfterMs: 1000 },
                links: {
                  statuspage: [
                    {
                      name: 'bomizzel',
                      url: 'https://status.bomizzel.test',
                      apiBaseUrl: STATUSPAGE_API,
                      pageId: 'pg1',
                      apiKey: 'statuspage-key',
                      cacheTtlSeconds: 600,
                    },
                  ],
                },
              },
            },
          }),
        ],
      }));
    });

    afterAll(async () => {
      if (redis) await stopRedis();
    });

    /** One GET /status: its time, and whether the status page's answer is in it. */
    const status = async () => {
      const started = Date.now();
      const res = await request(server)
        .get(`/api/incidents/status?entityRef=${REF}`)
        .set('Authorization', mockCredentials.user.header())
        // a request that waits on Redis fails here rather than at jest's timeout
        .timeout({ response: 5_000 });
      const ms = Date.now() - started;
      expect(res.status).toBe(200);
      const source = res.body.sources.find(
        (s: any) => s.source === 'statuspage',
      );
      expect(source).toMatchObject({ state: 'ok' });
      return ms;
    };

    it('serves from Redis, answers within its deadline without it, and uses it again when it is back', async () => {
      await status();
      await status();
      expect(calls).toHaveLength(1); // the second came from Redis

      await stopRedis();
      const down: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        down.push(await status());
      }
      // no cache: every request asks the status page, none waits on Redis
      expect(calls).toHaveLength(7);
      expect(Math.max(...down)).toBeLessThan(2_000);

      await startRedis();
      // the client reconnects in the background; the cache is tried again
      // after retryAfterMs
      const deadline = Date.now() + 15_000;
      let cached = false;
      while (!cached && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 500));
        const before = calls.length;
        await status();
        await status();
        cached = calls.length - before <= 1;
      }
      expect(cached).toBe(true);
    });
  },
);
