import { z } from 'zod';
import { fetchUpstreamJson, StatuspageInstance, UpstreamError } from '../links';
import { StatuspagePublishConfig } from './config';

/** The incident fields this plugin sends (Statuspage manage API, `incident[...]`). */
export interface StatuspageIncidentBody {
  name: string;
  status: string;
  impact_override: string;
  body: string;
  component_ids: string[];
  components: Record<string, string>;
  deliver_notifications: boolean;
}

const incidentSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string(),
  shortlink: z.string().nullish(),
});
export type StatuspageIncident = z.infer<typeof incidentSchema>;

/** A publication that failed for good, after `attempts` requests. */
export class StatuspagePublishError extends Error {
  constructor(reason: string, readonly attempts: number) {
    super(reason);
    this.name = 'StatuspagePublishError';
  }
}

/** Seconds or an HTTP date, as milliseconds from now. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number,
): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Creates and updates incidents of one Statuspage page. Rate limiting (429,
 * or 420 as Statuspage also answers) waits as long as Retry-After says, 5xx
 * are retried with exponential back-off, and everything stays within
 * `maxTotalMs` so that the person publishing gets an answer in time.
 */
export class StatuspageWriter {
  readonly #page: StatuspageInstance & { pageId: string; apiKey: string };
  readonly #config: StatuspagePublishConfig;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: {
    page: StatuspageInstance & { pageId: string; apiKey: string };
    config: StatuspagePublishConfig;
    sleep?: (ms: number) => Promise<void>;
  }) {
    this.#page = options.page;
    this.#config = options.config;
    this.#sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  /** `POST /pages/{page}/incidents`, or a PATCH of `existingId`. */
  async send(
    incident: StatuspageIncidentBody,
    existingId?: string,
  ): Promise<{ incident: StatuspageIncident; attempts: number }> {
    const { apiBaseUrl, pageId, apiKey } = this.#page;
    const base = `${apiBaseUrl}/pages/${encodeURIComponent(pageId)}/incidents`;
    const url = new URL(
      existingId ? `${base}/${encodeURIComponent(existingId)}` : base,
    );
    const { timeoutMs, maxTotalMs, maxAttempts, retryDelayMs } = this.#config;
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await fetchUpstreamJson({
          url,
          method: existingId ? 'PATCH' : 'POST',
          headers: { Authorization: `OAuth ${apiKey}` },
          body: { incident },
          schema: incidentSchema,
          timeoutMs: Math.min(
            timeoutMs,
            Math.max(1, maxTotalMs - (Date.now() - started)),
          ),
        });
        return { incident: result, attempts: attempt };
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        const status = error.response?.status ?? 0;
        const limited = status === 429 || status === 420;
        const wait = limited
          ? parseRetryAfter(error.response?.retryAfter, Date.now()) ??
            retryDelayMs * 2 ** (attempt - 1)
          : retryDelayMs * 2 ** (attempt - 1);
        const retryable = limited || status >= 500;
        const remaining = maxTotalMs - (Date.now() - started);
        if (!retryable || attempt >= maxAttempts || wait >= remaining) {
          const why = limited ? ' (rate limited)' : '';
          throw new StatuspagePublishError(
            `${error.message}${why} after ${attempt} attempt${
              attempt > 1 ? 's' : ''
            }`,
            attempt,
          );
        }
        await this.#sleep(wait);
      }
    }
  }
}
