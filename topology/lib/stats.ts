import type { Reply } from './http.ts';

/** The p-th percentile (0-100) of `values`, nearest rank; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (!values.length) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** `{ '201': 9, '500': 1 }` as `201×9 500×1`; status 0 (no answer) as `none`. */
export function statusCounts(replies: Reply[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of replies) {
    const key = r.status === 0 ? 'none' : String(r.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export function formatCounts(counts: Record<string, number>): string {
  const keys = Object.keys(counts).sort();
  return keys.length ? keys.map(k => `${k}×${counts[k]}`).join(' ') : '-';
}

export function latency(replies: Reply[]) {
  const ms = replies.map(r => r.ms);
  return {
    p50: percentile(ms, 50),
    p95: percentile(ms, 95),
    max: Math.max(...ms),
  };
}

export const is2xx = (r: Reply) => r.status >= 200 && r.status < 300;

/** Runs `count` calls of `fn` at once and returns their results in order. */
export function parallel<T>(count: number, fn: (i: number) => Promise<T>) {
  return Promise.all(Array.from({ length: count }, (_, i) => fn(i)));
}

/**
 * `workers` loops that each call `fn` again as soon as it answers, until
 * stopped: at most `workers` requests in flight. Results are readable while
 * it runs.
 */
export class Load<T> {
  readonly results: T[] = [];
  readonly #done: Promise<unknown>;
  #stopped = false;

  constructor(workers: number, fn: (worker: number, n: number) => Promise<T>) {
    let n = 0;
    this.#done = Promise.all(
      Array.from({ length: workers }, async (_, worker) => {
        while (!this.#stopped) {
          this.results.push(await fn(worker, n++));
        }
      }),
    );
  }

  /** Stops issuing requests and waits for those in flight. */
  async stop(): Promise<T[]> {
    this.#stopped = true;
    await this.#done;
    return this.results;
  }
}
