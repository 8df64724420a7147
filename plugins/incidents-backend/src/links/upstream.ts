import { z } from 'zod';

/**
 * Why an upstream could not answer, worded for a person. The message never
 * carries a token: requests put tokens in headers, and reasons are built here
 * from status codes and error codes only.
 */
export class UpstreamError extends Error {
  constructor(
    reason: string,
    /** The HTTP answer that failed, for callers that retry (429, 5xx). */
    readonly response?: { status: number; retryAfter: string | null },
  ) {
    super(reason);
    this.name = 'UpstreamError';
  }
}

/** The upstream did not answer within the configured timeout. */
export class UpstreamTimeoutError extends UpstreamError {}

/** `base` + `path` with the query parameters that have a value, encoded. */
export function urlWithQuery(
  base: string,
  path: string,
  query: Array<[string, string | undefined]>,
): URL {
  const url = new URL(`${base}${path}`);
  for (const [key, value] of query) {
    if (value !== undefined) {
      url.searchParams.append(key, value);
    }
  }
  return url;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

// Not awaited: cancelling can wait on a peer that never finishes the body.
const discard = (response: Response) => {
  response.body?.cancel().catch(() => {});
};

export interface UpstreamRequest<T> {
  url: URL;
  /** GET by default; a `body` is sent as JSON. */
  method?: 'GET' | 'POST' | 'PATCH';
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  schema: z.ZodType<T>;
  /** The value of a 404, for APIs that answer "nothing found" with one (Jaeger v3). */
  notFound?: T;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : 'the body';
  return `${path}: ${issue?.message ?? 'invalid'}`;
}

/**
 * One JSON request to a configured tool (a GET unless `method` says otherwise): bounded by the timeout (connection,
 * headers and body), redirects refused rather than followed (a redirect could
 * point at 169.254.169.254 or carry the token elsewhere), the body checked
 * against the documented shape.
 */
export async function fetchUpstreamJson<T>(
  request: UpstreamRequest<T>,
): Promise<T> {
  const { url, timeoutMs, schema } = request;
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = () =>
    new UpstreamTimeoutError(`no answer within ${timeoutMs} ms`);
  const deadline = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(timedOut()), { once: true });
  });
  deadline.catch(() => {});

  const exchange = async (): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method ?? 'GET',
        headers: {
          Accept: 'application/json',
          ...(request.body === undefined
            ? {}
            : { 'Content-Type': 'application/json' }),
          ...request.headers,
        },
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      if (signal.aborted) {
        throw timedOut();
      }
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      throw new UpstreamError(
        `could not connect${typeof code === 'string' ? ` (${code})` : ''}`,
      );
    }
    if (
      response.type === 'opaqueredirect' ||
      (response.status >= 300 && response.status < 400)
    ) {
      discard(response);
      throw new UpstreamError(
        `answered with a redirect (${response.status}), which is refused`,
      );
    }
    if (response.status === 404 && request.notFound !== undefined) {
      discard(response);
      return request.notFound;
    }
    if (!response.ok) {
      discard(response);
      const hint =
        response.status === 401 || response.status === 403
          ? ': check the configured credentials'
          : '';
      throw new UpstreamError(`answered HTTP ${response.status}${hint}`, {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
      });
    }
    if (Number(response.headers.get('content-length')) > MAX_BODY_BYTES) {
      discard(response);
      throw new UpstreamError('answered with more than 10 MB');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      if (signal.aborted) {
        throw timedOut();
      }
      throw new UpstreamError('answered with malformed JSON');
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new UpstreamError(
        `answered with an unexpected shape (${describeIssue(parsed.error)})`,
      );
    }
    return parsed.data;
  };

  return Promise.race([exchange(), deadline]);
}
