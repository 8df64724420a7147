import { createHash, randomUUID } from 'node:crypto';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { StatusLeases } from './StatusLeaseStore';
import { UpstreamError, UpstreamTimeoutError } from './upstream';

/**
 * A cache entry: the last good value and when it was fetched, and the last
 * failure (which replicas waiting on a load elsewhere read).
 */
type Entry = {
  value?: JsonValue;
  fetchedAt?: number;
  failedAt?: number;
  reason?: string;
};

/** How often a replica waiting on another's load looks into the cache. */
const WAIT_POLL_MS = 50;
/** A load's lease outlives the upstream's own timeout by this much. */
const LEASE_MARGIN_MS = 1_000;
const DEFAULT_LOAD_TIMEOUT_MS = 5_000;
/** Longest wait for the database to grant a lease. */
const LEASE_DEADLINE_MS = 250;

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
 * Across replicas, a lease in the database lets one replica load a key that
 * several miss at once while the others wait for its answer in the shared
 * cache (or its failure), so an upstream sees one call per key however many
 * replicas there are. Without a usable cache (or database) every replica
 * loads for itself.
 */
export class StatusCache {
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #staleIfErrorMs: number;
  readonly #clock: () => number;
  readonly #metrics?: StatusReporter;
  readonly #leases?: StatusLeases;
  readonly #cacheUsable: () => boolean;
  /** This process, as the holder of leases. */
  readonly #holder = randomUUID();
  readonly #inflight = new Map<string, Promise<CachedResult<JsonValue>>>();

  static create(options: StatusCacheOptions) {
    return new StatusCache(options);
  }

  private constructor(options: StatusCacheOptions) {
    this.#cache = options.cache;
    this.#logger = options.logger;
    this.#staleIfErrorMs = options.staleIfErrorMs;
    this.#clock = options.clock ?? (() => Date.now());
    this.#metrics = options.metrics;
    this.#leases = options.leases;
    this.#cacheUsable = options.cacheUsable ?? (() => true);
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
    options?: { loadTimeoutMs?: number },
  ): Promise<CachedResult<T>> {
    const cacheKey = `links:v2:${source}:${createHash('sha256')
      .update(key)
      .digest('base64url')}`;
    let pending = this.#inflight.get(cacheKey);
    if (!pending) {
      const leaseMs =
        (options?.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS) + LEASE_MARGIN_MS;
      pending = this.#resolve(source, cacheKey, ttlMs, leaseMs, load).finally(
        () => this.#inflight.delete(cacheKey),
      );
      this.#inflight.set(cacheKey, pending);
    }
    return pending as Promise<CachedResult<T>>;
  }

  async #read(cacheKey: string): Promise<Entry | undefined> {
    // A broken cache store must not break the live view: treat it as a miss.
    return this.#cache.get<Entry>(cacheKey).catch(error => {
      this.#logger.warn(`Status cache read failed: ${error}`);
      return undefined;
    });
  }

  #write(cacheKey: string, entry: Entry, ttlMs: number) {
    return this.#cache
      .set(cacheKey, entry, { ttl: Math.max(this.#staleIfErrorMs, ttlMs) })
      .catch(error => this.#logger.warn(`Status cache write failed: ${error}`));
  }

  async #resolve(
    source: string,
    cacheKey: string,
    ttlMs: number,
    leaseMs: number,
    load: () => Promise<JsonValue>,
  ): Promise<CachedResult<JsonValue>> {
    const cached = await this.#read(cacheKey);
    if (
      cached?.fetchedAt !== undefined &&
      this.#clock() - cached.fetchedAt < ttlMs
    ) {
      this.#metrics?.statusCacheHit(source);
      return { state: 'ok', value: cached.value!, fetchedAt: cached.fetchedAt };
    }
    if (!this.#leases || !this.#cacheUsable()) {
      return this.#load(source, cacheKey, ttlMs, load, cached);
    }
    const startedAt = this.#clock();
    // The database only saves upstream calls here: when it is slow or down,
    // load without a lease rather than wait for it.
    let timer: NodeJS.Timeout | undefined;
    const leased = await Promise.race([
      this.#leases.acquire(cacheKey, this.#holder, startedAt, leaseMs),
      new Promise<boolean>(resolve => {
        timer = setTimeout(() => resolve(true), LEASE_DEADLINE_MS);
      }),
    ])
      .catch(error => {
        this.#logger.warn(`Status load lease not taken: ${error}`);
        return true;
      })
      .finally(() => clearTimeout(timer));
    if (leased) {
      try {
        return await this.#load(source, cacheKey, ttlMs, load, cached);
      } finally {
        this.#leases
          .release(cacheKey, this.#holder)
          .catch(error =>
            this.#logger.warn(`Status load lease not released: ${error}`),
          );
      }
    }
    // Another replica is loading it: its answer (or failure) lands in the
    // shared cache. Waits as long as its lease, in real time.
    const waitUntil = Date.now() + leaseMs;
    while (Date.now() < waitUntil && this.#cacheUsable()) {
      await new Promise(resolve => setTimeout(resolve, WAIT_POLL_MS));
      const entry = await this.#read(cacheKey);
      if (
        entry?.fetchedAt !== undefined &&
        entry.fetchedAt > (cached?.fetchedAt ?? -Infinity)
      ) {
        this.#metrics?.statusCacheHit(source);
        return { state: 'ok', value: entry.value!, fetchedAt: entry.fetchedAt };
      }
      if (entry?.failedAt !== undefined && entry.failedAt >= startedAt) {
        return this.#failed(entry.reason ?? 'failed', cached);
      }
    }
    return this.#load(source, cacheKey, ttlMs, load, cached);
  }

  /** Calls the upstream and records its answer, or its failure, in the cache. */
  async #load(
    source: string,
    cacheKey: string,
    ttlMs: number,
    load: () => Promise<JsonValue>,
    cached: Entry | undefined,
  ): Promise<CachedResult<JsonValue>> {
    try {
      const value = await load();
      this.#metrics?.statusUpstreamCalled(source, 'ok');
      const entry: Entry = { value, fetchedAt: this.#clock() };
      await this.#write(cacheKey, entry, ttlMs);
      return { state: 'ok', value, fetchedAt: entry.fetchedAt! };
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
      if (this.#leases) {
        // for replicas waiting on this load; the last good value stays
        await this.#write(
          cacheKey,
          { ...cached, failedAt: this.#clock(), reason },
          ttlMs,
        );
      }
      return this.#failed(reason, cached);
    }
  }

  #failed(reason: string, cached: Entry | undefined): CachedResult<JsonValue> {
    return cached?.fetchedAt !== undefined
      ? {
          state: 'stale',
          value: cached.value!,
          fetchedAt: cached.fetchedAt,
          reason,
        }
      : { state: 'unavailable', reason };
  }
}

/** How a live-status source's upstream call ended. */
export type UpstreamOutcome = 'ok' | 'error' | 'timeout';

/** Where the live status reports its upstream calls and cache hits (the metrics). */
export interface StatusReporter {
  /** `source` is one of the fixed live-status source names (`grafana-alerts`, …). */
  statusUpstreamCalled(source: string, outcome: UpstreamOutcome): void;
  statusCacheHit(source: string): void;
}

export interface StatusCacheOptions {
  cache: CacheService;
  logger: LoggerService;
  staleIfErrorMs: number;
  clock?: () => number;
  metrics?: StatusReporter;
  /** Leases of loads across replicas; none: each replica loads for itself. */
  leases?: StatusLeases;
  /** Whether the shared cache answers now (waiting on it is pointless if not). */
  cacheUsable?: () => boolean;
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
