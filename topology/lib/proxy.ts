import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A round-robin HTTP load balancer in front of the replicas, as an ingress
 * would be. The supervisor takes a replica out of rotation when it stops it
 * (as Kubernetes removes a terminating pod's endpoint) and puts it back when
 * it is ready. Each answer names the replica in `x-topology-replica`.
 * A backend it cannot reach answers 502 from the proxy, marked as such.
 */
export class RoundRobinProxy {
  readonly #server: http.Server;
  // Idle connections closed before the backend's keep-alive timeout (5 s)
  // closes them under a request.
  readonly #agent = new http.Agent({
    keepAlive: true,
    maxSockets: 512,
    timeout: 4000,
  });
  #backends: { name: string; port: number }[] = [];
  #next = 0;
  port = 0;
  /** Requests the proxy could not deliver (502 from the proxy itself). */
  failures = 0;

  constructor() {
    this.#server = http.createServer((req, res) => {
      const backend = this.#pick();
      if (!backend) {
        this.failures++;
        res.writeHead(502, { 'x-topology-proxy': 'no backend' }).end();
        return;
      }
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: backend.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent: this.#agent,
        },
        answer => {
          res.writeHead(answer.statusCode ?? 502, {
            ...answer.headers,
            'x-topology-replica': backend.name,
          });
          answer.pipe(res);
        },
      );
      upstream.on('error', error => {
        this.failures++;
        if (!res.headersSent) {
          res
            .writeHead(502, {
              'x-topology-proxy': `${backend.name}: ${error.message}`,
              'x-topology-replica': backend.name,
            })
            .end();
        } else {
          res.destroy();
        }
      });
      req.pipe(upstream);
    });
  }

  #pick() {
    if (!this.#backends.length) {
      return undefined;
    }
    const backend = this.#backends[this.#next % this.#backends.length];
    this.#next++;
    return backend;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  add(name: string, port: number) {
    this.remove(name);
    this.#backends.push({ name, port });
  }

  remove(name: string) {
    this.#backends = this.#backends.filter(b => b.name !== name);
  }

  async listen(port = 0) {
    await new Promise<void>(resolve =>
      this.#server.listen(port, '127.0.0.1', resolve),
    );
    this.port = (this.#server.address() as AddressInfo).port;
  }

  async close() {
    this.#agent.destroy();
    this.#server.closeAllConnections();
    await new Promise(resolve => this.#server.close(resolve));
  }
}
