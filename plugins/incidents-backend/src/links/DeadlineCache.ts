import {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { JsonValue } from '@backstage/types';

/** What {@link DeadlineCache} waits for the store, and how long it rests it. */
export interface CacheDeadlines {
  /** Longest wait for one read or write (ms). */
  timeoutMs: number;
  /** After a failure or timeout, the store is left alone this long (ms). */
  retryAfterMs: number;
}

export const DEFAULT_CACHE_DEADLINES: CacheDeadlines = {
  timeoutMs: 250,
  retryAfterMs: 5_000,
};

/** `incidents.cache` of the app config. */
export function readCacheDeadlines(config: Config): CacheDeadlines {
  const read = (key: keyof CacheDeadlines) => {
    const value = config.getOptionalNumber(`incidents.cache.${key}`);
    if (value !== undefined && !(value > 0)) {
      throw new Error(`incidents.cache.${key} must be a positive number`);
    }
    return value ?? DEFAULT_CACHE_DEADLINES[key];
  };
  return { timeoutMs: read('timeoutMs'), retryAfterMs: read('retryAfterMs') };
}

class CacheTimeoutError extends Error {
  name = 'CacheTimeoutError';
}

/** The breaker shared by a cache and the clients made from it. */
interface Breaker {
  openUntil: number;
}

/**
 * The cache service with a deadline on every call. A cache is an
 * optimisation: when its store (Redis) is down, restarting or slow, reads
 * are misses and writes are skipped, so every route answers within its own
 * deadline instead of waiting on the store's client, which queues commands
 * while it reconnects. After a failure the store is left alone for
 * `retryAfterMs`, then tried again; its recovery is logged.
 */
export class DeadlineCache implements CacheService {
  readonly #cache: CacheService;
  readonly #logger: LoggerService;
  readonly #deadlines: CacheDeadlines;
  readonly #clock: () => number;
  readonly #breaker: Breaker;

  static create(options: {
    cache: CacheService;
    logger: LoggerService;
    deadlines?: CacheDeadlines;
    clock?: () => number;
  }): DeadlineCache {
    return new DeadlineCache(
      options.cache,
      options.logger,
      options.deadlines ?? DEFAULT_CACHE_DEADLINES,
      options.clock ?? (() => Date.now()),
      { openUntil: 0 },
    );
  }

  private constructor(
    cache: CacheService,
    logger: LoggerService,
    deadlines: CacheDeadlines,
    clock: () => number,
    breaker: Breaker,
  ) {
    this.#cache = cache;
    this.#logger = logger;
    this.#deadlines = deadlines;
    this.#clock = clock;
    this.#breaker = breaker;
  }

  /** Whether calls currently skip the store after a failure. */
  get resting(): boolean {
    return this.#clock() < this.#breaker.openUntil;
  }

  async get<TValue extends JsonValue>(
    key: string,
  ): Promise<TValue | undefined> {
    return this.#call('read', () => this.#cache.get<TValue>(key), undefined);
  }

  async set(
    key: string,
    value: JsonValue,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    return this.#call(
      'write',
      () => this.#cache.set(key, value, options),
      undefined,
    );
  }

  async delete(key: string): Promise<void> {
    return this.#call('delete', () => this.#cache.delete(key), undefined);
  }

  withOptions(options: CacheServiceOptions): CacheService {
    return new DeadlineCache(
      this.#cache.withOptions(options),
      this.#logger,
      this.#deadlines,
      this.#clock,
      this.#breaker,
    );
  }

  async #call<T>(
    what: string,
    operation: () => Promise<T>,
    fallback: T,
  ): Promise<T> {
    if (this.resting) {
      return fallback;
    }
    const wasDown = this.#breaker.openUntil > 0;
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        operation(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new CacheTimeoutError(
                  `no answer within ${this.#deadlines.timeoutMs} ms`,
                ),
              ),
            this.#deadlines.timeoutMs,
          );
        }),
      ]);
      if (wasDown) {
        this.#breaker.openUntil = 0;
        this.#logger.info('Cache store answers again; using it');
      }
      return result;
    } catch (error) {
      this.#breaker.openUntil = this.#clock() + this.#deadlines.retryAfterMs;
      this.#logger.warn(
        `Cache ${what} failed (${
          (error as Error)?.message ?? error
        }); going without the cache for ${this.#deadlines.retryAfterMs} ms`,
      );
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }
}
