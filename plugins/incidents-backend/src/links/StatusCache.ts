import { createHash } from 'node:crypto';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { IncidentMetrics } from '../metrics/IncidentMetrics';
import { UpstreamError, UpstreamTimeoutError } from './upstream';

type Entry = {
  value: JsonValue;
  fetchedAt: number;
};

/** A source's answer: fresh, the last good value after a failure, or none. */
export type CachedResult<T> =
  | { state: 'ok'; value: T; fetchedAt: number }
  | { state: 'stale'; value: T; fetchedAt: number; reason: string }
  | { state: 'unavailable'; reason: string };

/**
 * Live state of the tools, cached in `coreServices.cache` (shared by the
 * replicas) with stale-if-error: entries outlive their freshness so that the
 * last good value can be served when the upstream fails. Within this process
 * at most one load per key runs at a time; concurrent callers share it.
 */
export class StatusCache {
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #staleIfErrorMs: number;
  readonly #clock: () => number;
  readonly #metrics?: IncidentMetrics;
  readonly #inflight = new Map<string, Promise<CachedResult<JsonValue>>>();

  static create(options: {
    cache: CacheService;
    logger: LoggerService;
    staleIfErrorMs: number;
    clock?: () => number;
    metrics?: IncidentMetrics;
  }) {
    return new StatusCache(options);
  }

  private constructor(options: {
    cache: CacheService;
    logger: LoggerService;
    staleIfErrorMs: number;
    clock?: () => number;
    metrics?: IncidentMetrics;
  }) {
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#staleIfErrorMs = options.staleIfErrorMs;
    this.#clock = options.clock ?? (() => Date.now());
    this.#metrics = options.metrics;
  }

  /**
   * The value under `key` if younger than `ttlMs`, else a fresh `load()`.
   * `key` names the source and its parameters; it is hashed, never logged.
   */
  get<T extends JsonValue>(
    source: string,
    key: string,
    ttlMs: number,
    load: () => Promise<T>,
  ): Promise<CachedResult<T>> {
    const cacheKey = `links:v1:${source}:${createHash('sha256')
      .update(key)
      .digest('base64url')}`;
    let pending = this.#inflight.get(cacheKey);
    if (!pending) {
      pending = this.#resolve(source, cacheKey, ttlMs, load).finally(() =>
        this.#inflight.delete(cacheKey),
      );
      this.#inflight.set(cacheKey, pending);
    }
    return pending as Promise<CachedResult<T>>;
  }

  async #resolve(
    source: string,
    cacheKey: string,
    ttlMs: number,
    load: () => Promise<JsonValue>,
  ): Promise<CachedResult<JsonValue>> {
    // A broken cache store must not break the live view: treat it as a miss.
    const cached = await this.#cache.get<Entry>(cacheKey).catch(error => {
      this.#logger.warn(`Status cache read failed: ${error}`);
      return undefined;
    });
    if (cached && this.#clock() - cached.fetchedAt < ttlMs) {
      this.#metrics?.statusCacheHit(source);
      return { state: 'ok', value: cached.value, fetchedAt: cached.fetchedAt };
    }
    try {
      const value = await load();
      this.#metrics?.statusUpstreamCalled(source, 'ok');
      const entry: Entry = { value, fetchedAt: this.#clock() };
      await this.#cache
        .set(cacheKey, entry, {
          ttl: Math.max(this.#staleIfErrorMs, ttlMs),
        })
        .catch(error =>
          this.#logger.warn(`Status cache write failed: ${error}`),
        );
      return { state: 'ok', value, fetchedAt: entry.fetchedAt };
    } catch (error) {
      this.#metrics?.statusUpstreamCalled(
        source,
        error instanceof UpstreamTimeoutError ? 'timeout' : 'error',
      );
      const reason =
        error instanceof UpstreamError
          ? error.message
          : 'failed unexpectedly (see the backend log)';
      if (!(error instanceof UpstreamError)) {
        this.#logger.error(`Status source ${source} failed`, error as Error);
      } else {
        this.#logger.warn(`Status source ${source}: ${reason}`);
      }
      return cached
        ? {
            state: 'stale',
            value: cached.value,
            fetchedAt: cached.fetchedAt,
            reason,
          }
        : { state: 'unavailable', reason };
    }
  }
}

/** The per-source fields of the API (`state`, `reason`, `updatedAt`) of a result. */
export function describeResult<T>(result: CachedResult<T>): {
  state: CachedResult<T>['state'];
  reason?: string;
  updatedAt?: string;
  value?: T;
} {
  if (result.state === 'unavailable') {
    return { state: result.state, reason: result.reason };
  }
  return {
    state: result.state,
    ...(result.state === 'stale' ? { reason: result.reason } : {}),
    updatedAt: new Date(result.fetchedAt).toISOString(),
    value: result.value,
  };
}
