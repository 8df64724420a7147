/*
 * The portal's HTTP stack comes from @backstage/backend-defaults with patches
 * (.yarn/patches/README.md): requests and responses are created with the
 * Express app's prototypes, so Express has no prototype to change per request,
 * and the compression middleware declares its per-request functions before
 * assigning them. These tests hold the behaviour the patches must keep.
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { AddressInfo } from 'node:net';
import express from 'express';
import {
  createHttpServer,
  MiddlewareFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';

async function startServer(listener: http.RequestListener) {
  const server = await createHttpServer(
    listener,
    { listen: { host: '127.0.0.1', port: 0 } },
    { logger: mockServices.logger.mock() },
  );
  // Seen before Express: the objects as the server created them.
  const arrived: Array<{ req: object | null; res: object | null }> = [];
  server.prependListener('request', (req, res) => {
    arrived.push({
      req: Object.getPrototypeOf(req),
      res: Object.getPrototypeOf(res),
    });
  });
  await server.start();
  const { port } = server.address() as AddressInfo;
  return { server, arrived, base: `http://127.0.0.1:${port}` };
}

describe('the root HTTP server', () => {
  it("creates an Express app's requests and responses with the app's prototypes", async () => {
    const app = express();
    app.get('/probe', (req, res) => {
      res.set('x-probe', 'yes').json({ q: req.query.q, path: req.path });
    });
    const { server, arrived, base } = await startServer(app);
    try {
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${base}/probe?q=${i}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('x-probe')).toBe('yes');
        expect(await response.json()).toEqual({ q: String(i), path: '/probe' });
      }
      expect(arrived).toHaveLength(3);
      for (const { req, res } of arrived) {
        expect(req).toBe(app.request);
        expect(res).toBe(app.response);
      }
    } finally {
      await server.stop();
    }
  });

  it('leaves the requests of a plain listener as Node creates them', async () => {
    const { server, arrived, base } = await startServer((_req, res) => {
      res.end('plain');
    });
    try {
      const response = await fetch(`${base}/`);
      expect(await response.text()).toBe('plain');
      expect(arrived).toEqual([
        {
          req: http.IncomingMessage.prototype,
          res: http.ServerResponse.prototype,
        },
      ]);
    } finally {
      await server.stop();
    }
  });
});

describe('the compression middleware', () => {
  const body = {
    items: Array.from({ length: 200 }, (_, i) => ({ id: i, title: `t${i}` })),
  };

  async function start() {
    const app = express();
    const middleware = MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger: mockServices.logger.mock(),
    });
    app.use(middleware.compression());
    app.get('/json', (_req, res) => {
      res.json(body);
    });
    app.get('/stream', (_req, res) => {
      res.type('text/plain');
      res.write('a'.repeat(2000));
      (res as unknown as { flush(): void }).flush();
      res.end('b'.repeat(2000));
    });
    return startServer(app);
  }

  it('compresses for callers that accept gzip and not for the others', async () => {
    const { server, base } = await start();
    const get = (path: string, headers: Record<string, string>) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>(
        (resolve, reject) => {
          http
            .get(`${base}${path}`, { headers }, response => {
              const chunks: Buffer[] = [];
              response.on('data', chunk => chunks.push(chunk));
              response.on('end', () =>
                resolve({
                  headers: response.headers,
                  body: Buffer.concat(chunks),
                }),
              );
            })
            .on('error', reject);
        },
      );
    try {
      const gzip = await get('/json', { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gzip.headers.vary).toContain('Accept-Encoding');
      expect(JSON.parse(gunzipSync(gzip.body).toString())).toEqual(body);

      const plain = await get('/json', {});
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(plain.body.toString())).toEqual(body);

      const streamed = await get('/stream', { 'accept-encoding': 'gzip' });
      expect(streamed.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(streamed.body).toString()).toBe(
        `${'a'.repeat(2000)}${'b'.repeat(2000)}`,
      );
    } finally {
      await server.stop();
    }
  });
});
