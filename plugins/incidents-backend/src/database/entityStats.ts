import { IncidentDurationStats } from '@bomizzel/plugin-incidents-common';
import { Knex } from 'knex';
import { BigintColumn, num } from './records';

/** The columns an incident's link rows (incident_entities) copy from it. */
export interface LinkCopies {
  created_at: number;
  severity: string;
  status: string;
  /** acknowledged_at - detected_at */
  tta_ms: number | null;
  /** resolved_at - coalesce(started_at, detected_at) */
  ttr_ms: number | null;
}

/** One link row entering (+1) or leaving (-1) the statistics. */
export interface LinkChange {
  entityRef: string;
  copies: LinkCopies;
  sign: 1 | -1;
}

/** What IncidentStore.stats returns: raw rows the service shapes. */
export interface IncidentStatsRecord {
  bySeverityAndStatus: Array<{
    severity: string;
    status: string;
    count: number;
  }>;
  tta: IncidentDurationStats;
  ttr: IncidentDurationStats;
  /** Counts per month bucket (index into the given boundaries) and severity. */
  monthly: Array<{ bucket: number; severity: string; count: number }>;
}

const METRICS = ['tta', 'ttr'] as const;
type Metric = (typeof METRICS)[number];

type Columns = Record<string, unknown>;

/** A row of the union that reads one entity's counters. */
interface CounterRow {
  /** `c` counts, `m` months, `h` histogram buckets */
  kind: 'c' | 'm' | 'h';
  /** The severity (`c`, `m`) or the metric (`h`). */
  severity: string;
  status: string | null;
  /** The month (`m`) or the bucket (`h`). */
  k: BigintColumn;
  n: BigintColumn;
  tta_n: BigintColumn;
  tta_sum: BigintColumn;
  ttr_n: BigintColumn;
  ttr_sum: BigintColumn;
}

/** Start of the UTC calendar month of an epoch-ms time. */
export function monthOf(time: number): number {
  const d = new Date(time);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Index of the last bound <= value (bounds ascending, bounds[0] the minimum). */
function bucketOf(bounds: number[], value: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Sums deltas per key; the map's keys order the upserts. */
class Deltas<K extends Columns, V extends Record<string, number>> {
  readonly #rows = new Map<string, K & V>();

  add(key: K, delta: V) {
    const id = JSON.stringify(Object.values(key));
    const row = this.#rows.get(id);
    if (!row) {
      this.#rows.set(id, { ...key, ...delta });
      return;
    }
    for (const [column, value] of Object.entries(delta)) {
      (row as Record<string, number>)[column] += value;
    }
  }

  /**
   * The changed rows, sorted by key: concurrent writers then lock counter
   * rows in one order and cannot deadlock each other.
   */
  rows(valueColumns: string[]): Array<K & V> {
    return [...this.#rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : Number(a > b)))
      .map(([, row]) => row)
      .filter(row => valueColumns.some(c => (row as Columns)[c] !== 0));
  }
}

/** The rows of `db.raw`: an array on SQLite, `{ rows }` on PostgreSQL. */
const rowsOf = <T>(result: T[] | { rows: T[] }): T[] =>
  Array.isArray(result) ? result : result.rows;

/**
 * The per-entity counters of the stats (migration 20261127050000): counts by
 * severity and status with duration sums, counts per month, and duration
 * histograms, changed in the writer's transaction and read by one entity's
 * stats in two statements.
 */
export class EntityStatsAggregates {
  #bounds?: Promise<number[]>;

  /** The histogram's lower bounds, read once from the migration's table. */
  #boundsOf(db: Knex): Promise<number[]> {
    if (!this.#bounds) {
      this.#bounds = db('incident_duration_bounds')
        .select('lower_ms')
        .orderBy('bucket')
        .then((rows: Array<{ lower_ms: BigintColumn }>) =>
          rows.map(r => num(r.lower_ms)),
        );
      this.#bounds.catch(() => {
        this.#bounds = undefined;
      });
    }
    return this.#bounds;
  }

  /**
   * Adds link rows entering and leaving the statistics to the counters, with
   * atomic increments (`n = n + excluded.n`), so that concurrent writers
   * never lose a count. Call it inside the transaction that writes the links.
   */
  async apply(trx: Knex, changes: LinkChange[]): Promise<void> {
    if (changes.length === 0) return;
    const bounds = await this.#boundsOf(trx);
    const counts = new Deltas<
      { entity_ref: string; severity: string; status: string },
      Record<string, number>
    >();
    const months = new Deltas<
      { entity_ref: string; month: number; severity: string },
      { n: number }
    >();
    const durations = new Deltas<
      { entity_ref: string; metric: Metric; bucket: number },
      { n: number }
    >();
    for (const { entityRef, copies, sign } of changes) {
      counts.add(
        {
          entity_ref: entityRef,
          severity: copies.severity,
          status: copies.status,
        },
        {
          n: sign,
          tta_n: copies.tta_ms === null ? 0 : sign,
          tta_sum: sign * (copies.tta_ms ?? 0),
          ttr_n: copies.ttr_ms === null ? 0 : sign,
          ttr_sum: sign * (copies.ttr_ms ?? 0),
        },
      );
      months.add(
        {
          entity_ref: entityRef,
          month: monthOf(copies.created_at),
          severity: copies.severity,
        },
        { n: sign },
      );
      for (const metric of METRICS) {
        const value = copies[`${metric}_ms`];
        if (value !== null) {
          durations.add(
            { entity_ref: entityRef, metric, bucket: bucketOf(bounds, value) },
            { n: sign },
          );
        }
      }
    }
    const sums = ['n', 'tta_n', 'tta_sum', 'ttr_n', 'ttr_sum'];
    await upsert(trx, 'incident_entity_counts', sums, counts.rows(sums), [
      'entity_ref',
      'severity',
      'status',
    ]);
    await upsert(trx, 'incident_entity_months', ['n'], months.rows(['n']), [
      'entity_ref',
      'month',
      'severity',
    ]);
    await upsert(
      trx,
      'incident_entity_durations',
      ['n'],
      durations.rows(['n']),
      ['entity_ref', 'metric', 'bucket'],
    );
  }

  /**
   * One entity's stats from its counters: statement 1 reads every counter
   * row of the entity; statement 2 seeks the values around each percentile's
   * rank in the (entity_ref, tta_ms | ttr_ms) indexes, starting at the lower
   * bound of the bucket holding the rank with an offset inside that bucket.
   * Gives exactly percentile_cont's linear interpolation.
   */
  async read(
    db: Knex,
    entityRef: string,
    monthStarts: number[],
  ): Promise<IncidentStatsRecord> {
    const bounds = await this.#boundsOf(db);
    const rows = rowsOf<CounterRow>(
      await db.raw(
        `select 'c' as kind, severity, status, 0 as k, n, tta_n, tta_sum, ttr_n, ttr_sum
           from incident_entity_counts where entity_ref = ? and n <> 0
         union all
         select 'm', severity, null, month, n, 0, 0, 0, 0
           from incident_entity_months where entity_ref = ? and month >= ? and month < ? and n <> 0
         union all
         select 'h', metric, null, bucket, n, 0, 0, 0, 0
           from incident_entity_durations where entity_ref = ? and n <> 0`,
        [
          entityRef,
          entityRef,
          monthStarts[0],
          monthStarts[monthStarts.length - 1],
          entityRef,
        ],
      ),
    );
    const result: IncidentStatsRecord = {
      bySeverityAndStatus: [],
      tta: { count: 0, median: null, p90: null, mean: null },
      ttr: { count: 0, median: null, p90: null, mean: null },
      monthly: [],
    };
    const totals = { tta: { n: 0, sum: 0 }, ttr: { n: 0, sum: 0 } };
    const histograms: Record<Metric, Array<[number, number]>> = {
      tta: [],
      ttr: [],
    };
    for (const row of rows) {
      if (row.kind === 'c') {
        result.bySeverityAndStatus.push({
          severity: row.severity,
          status: row.status!,
          count: num(row.n),
        });
        for (const metric of METRICS) {
          totals[metric].n += num(row[`${metric}_n`]);
          totals[metric].sum += num(row[`${metric}_sum`]);
        }
      } else if (row.kind === 'm') {
        result.monthly.push({
          bucket: monthStarts.indexOf(num(row.k)),
          severity: row.severity,
          count: num(row.n),
        });
      } else {
        histograms[row.severity as Metric].push([num(row.k), num(row.n)]);
      }
    }

    // Where each percentile's lower rank lies: bucket lower bound + offset.
    const seeks: Array<{
      metric: Metric;
      p: 'median' | 'p90';
      position: number;
      lowerBound: number;
      offset: number;
    }> = [];
    for (const metric of METRICS) {
      const { n } = totals[metric];
      if (n === 0) continue;
      const histogram = histograms[metric].sort((a, b) => a[0] - b[0]);
      for (const [p, fraction] of [
        ['median', 0.5],
        ['p90', 0.9],
      ] as const) {
        const position = fraction * (n - 1);
        const rank = Math.floor(position);
        let before = 0;
        // a missing bucket (counters out of step) degrades to a plain offset
        let seek = { lowerBound: bounds[0], offset: rank };
        for (const [bucket, count] of histogram) {
          if (rank < before + count) {
            seek = { lowerBound: bounds[bucket], offset: rank - before };
            break;
          }
          before += count;
        }
        seeks.push({ metric, p, position, ...seek });
      }
    }
    if (seeks.length) {
      const values = rowsOf<{ i: BigintColumn; v: BigintColumn }>(
        await db.raw(
          seeks
            .map(
              (s, i) =>
                `select ${i} as i, v from (select ${s.metric}_ms as v from incident_entities
                  where entity_ref = ? and ${s.metric}_ms >= ? order by ${s.metric}_ms limit 2 offset ?) s${i}`,
            )
            .join(' union all '),
          seeks.flatMap(s => [entityRef, s.lowerBound, s.offset]),
        ),
      );
      seeks.forEach((seek, i) => {
        const [low, high = low] = values
          .filter(r => num(r.i) === i)
          .map(r => num(r.v))
          .sort((a, b) => a - b);
        const rank = Math.floor(seek.position);
        result[seek.metric][seek.p] = Math.round(
          low + (high - low) * (seek.position - rank),
        );
      });
    }
    for (const metric of METRICS) {
      const { n, sum } = totals[metric];
      result[metric].count = n;
      result[metric].mean = n === 0 ? null : Math.round(sum / n);
    }
    return result;
  }
}

async function upsert(
  trx: Knex,
  table: string,
  sums: string[],
  rows: Columns[],
  keys: string[],
) {
  if (rows.length === 0) return;
  await trx(table)
    .insert(rows)
    .onConflict(keys)
    .merge(
      Object.fromEntries(
        sums.map(c => [
          c,
          trx.raw('?? + ??', [`${table}.${c}`, `excluded.${c}`]),
        ]),
      ),
    );
}
