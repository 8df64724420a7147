/*
 * The portal's HTTP server comes from @backstage/backend-defaults with a patch
 * (.yarn/patches/README.md): requests and responses are created with the
 * Express app's prototypes, so Express has no prototype to change per request.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import { createHttpServer } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';

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
