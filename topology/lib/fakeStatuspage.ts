import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The example catalog's components (`statuspage.io/components: bomizzel:…`). */
export const STATUSPAGE_PAGE_ID = 'kctbh9vrtdwd';
export const STATUSPAGE_API_KEY = 'topology-statuspage-key';
const components = [
  {
    id: 'api0000000001',
    name: 'Bomizzel API',
    status: 'operational',
    group_id: null,
    group: false,
  },
  {
    id: 'web0000000001',
    name: 'Bomizzel website',
    status: 'degraded_performance',
    group_id: null,
    group: false,
  },
];

/**
 * A fake Atlassian Statuspage with the documented shapes: the manage API's
 * `GET /v1/pages/{page}/components` (header `Authorization: OAuth <key>`) and
 * the public `/api/v2/components.json`. It counts every call, so that a test
 * can tell how often the replicas went upstream. `delayMs` holds each answer
 * back, so that concurrent cold requests overlap.
 */
export class FakeStatuspage {
  readonly #server: http.Server;
  port = 0;
  calls = 0;
  delayMs = 200;
  readonly log: { at: number; path: string }[] = [];

  constructor() {
    this.#server = http.createServer((req, res) => {
      this.calls++;
      this.log.push({ at: Date.now(), path: req.url ?? '' });
      const send = (status: number, body: unknown) =>
        setTimeout(() => {
          res
            .writeHead(status, { 'content-type': 'application/json' })
            .end(JSON.stringify(body));
        }, this.delayMs);
      if (req.url === `/v1/pages/${STATUSPAGE_PAGE_ID}/components`) {
        if (req.headers.authorization !== `OAuth ${STATUSPAGE_API_KEY}`) {
          send(401, { error: 'Could not authenticate' });
          return;
        }
        send(200, components);
      } else if (req.url === '/api/v2/components.json') {
        send(200, {
          page: { id: STATUSPAGE_PAGE_ID, name: 'Bomizzel', url: this.url },
          components,
        });
      } else {
        send(404, { error: 'Not found' });
      }
    });
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen() {
    await new Promise<void>(resolve =>
      this.#server.listen(0, '127.0.0.1', resolve),
    );
    this.port = (this.#server.address() as AddressInfo).port;
  }

  async close() {
    this.#server.closeAllConnections();
    await new Promise(resolve => this.#server.close(resolve));
  }
}
