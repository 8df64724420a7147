import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

/** One answer, or status 0 with `error` when there was none (refused, reset, timed out). */
export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** From sending the request to the end of the answer. */
  ms: number;
  startedAt: number;
  error?: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The caller's deadline; the request is abandoned after it (status 0). */
  timeoutMs?: number;
  agent?: http.Agent;
}

/**
 * Keep-alive connections for load; a few hundred requests at a time at most.
 * Idle ones are closed before the server's keep-alive timeout (5 s) would
 * close one under a new request.
 */
export const keepAlive = new http.Agent({
  keepAlive: true,
  maxSockets: 256,
  timeout: 4000,
});

/** An HTTP request over node:http, timed, that never throws. */
export function request(url: string, options: RequestOptions = {}) {
  const startedAt = Date.now();
  const body =
    options.body === undefined
      ? undefined
      : Buffer.from(
          typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
        );
  const headers: Record<string, string> = {
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...options.headers,
  };
  return new Promise<Reply>(resolve => {
    let settled = false;
    const finish = (reply: Omit<Reply, 'ms' | 'startedAt'>) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ ...reply, ms: Date.now() - startedAt, startedAt });
      }
    };
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers,
        agent: options.agent ?? keepAlive,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          finish({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', error =>
          finish({ status: 0, headers: {}, text: '', error: String(error) }),
        );
      },
    );
    const timer = setTimeout(() => {
      finish({
        status: 0,
        headers: {},
        text: '',
        error: `no answer within ${options.timeoutMs} ms`,
      });
      req.destroy();
    }, options.timeoutMs ?? 30_000);
    req.on('error', error =>
      finish({ status: 0, headers: {}, text: '', error: String(error) }),
    );
    req.end(body);
  });
}

/** The JSON body of a reply, or undefined. */
export function json<T = any>(reply: Reply): T | undefined {
  try {
    return JSON.parse(reply.text) as T;
  } catch {
    return undefined;
  }
}

/** A Backstage client for one base URL (the proxy or one replica) and one token. */
export class Client {
  readonly baseUrl: string;
  readonly token?: string;

  constructor(baseUrl: string, token?: string) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  withToken(token: string) {
    return new Client(this.baseUrl, token);
  }

  call(path: string, options: RequestOptions = {}) {
    return request(`${this.baseUrl}${path}`, {
      ...options,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...options.headers,
      },
    });
  }
}
