import { Knex } from 'knex';
import {
  EntityStatsAggregates,
  IncidentStatsRecord,
  monthOf,
} from './entityStats';
import { IncidentPermissionFilter, wherePermitted } from './incidentConditions';
import { BigintColumn, num } from './records';

type Duration = 'tta_ms' | 'ttr_ms';
type CountRow = { severity: string; status: string; n: BigintColumn };
type MonthRow = { severity: string; bucket: BigintColumn; n: BigintColumn };
type AggregateRow = { n: BigintColumn; mean: BigintColumn | null };

/**
 * The statistics of entities' incidents: counts, time-to-acknowledge and
 * time-to-resolve (median, p90, mean) and a monthly series.
 */
export class IncidentStatistics {
  readonly #db: Knex;
  readonly #aggregates: EntityStatsAggregates;

  static create(
    db: Knex,
    /** The counters kept on write, shared with the writer of the links. */
    aggregates: EntityStatsAggregates,
  ): IncidentStatistics {
    return new IncidentStatistics(db, aggregates);
  }

  private constructor(db: Knex, aggregates: EntityStatsAggregates) {
    this.#db = db;
    this.#aggregates = aggregates;
  }

  /**
   * Counts, time-to-acknowledge and time-to-resolve (median, p90, mean) and a
   * monthly series, computed in SQL.
   *
   * Percentiles are percentile_cont's linear interpolation between the two
   * ranked values around p·(n−1), each found by an ordered index scan.
   * `monthStarts` are the 13 boundaries (epoch ms) of 12 months.
   *
   * One entity without permission conditions reads the counters kept on
   * write (entityStats.ts); several entities (roll-ups, which must count a
   * shared incident once) and conditional reads are computed live from the
   * copies on incident_entities.
   */
  async stats(
    entityRefs: string[],
    monthStarts: number[],
    permission?: IncidentPermissionFilter,
  ): Promise<IncidentStatsRecord> {
    if (
      entityRefs.length === 1 &&
      !permission &&
      monthStarts.every(t => monthOf(t) === t)
    ) {
      return this.#aggregates.read(this.#db, entityRefs[0], monthStarts);
    }
    return this.#liveStats(entityRefs, monthStarts, permission);
  }

  async #liveStats(
    entityRefs: string[],
    monthStarts: number[],
    permission?: IncidentPermissionFilter,
  ): Promise<IncidentStatsRecord> {
    const db = this.#db;
    const links = () => {
      const query = db('incident_entities as ie').whereIn(
        'ie.entity_ref',
        entityRefs,
      );
      if (permission) {
        wherePermitted(query, 'ie.incident_id', permission);
      }
      return query;
    };
    // Several entities may share incidents: count each incident once.
    const source = (): Knex.QueryBuilder =>
      entityRefs.length === 1 && !permission
        ? db('incident_entities').where('entity_ref', entityRefs[0])
        : db.from(
            links()
              .distinct(
                'ie.incident_id',
                'ie.severity',
                'ie.status',
                'ie.created_at',
                'ie.tta_ms',
                'ie.ttr_ms',
              )
              .as('s'),
          );

    const counts: CountRow[] = await source()
      .select('severity', 'status')
      .count({ n: '*' })
      .groupBy('severity', 'status');

    const duration = async (column: Duration) => {
      const [agg]: AggregateRow[] = await source()
        .whereNotNull(column)
        .count({ n: column })
        .avg({ mean: column });
      const count = num(agg?.n ?? 0);
      if (count === 0) {
        return { count, median: null, p90: null, mean: null };
      }
      const percentile = async (p: number) => {
        const position = p * (count - 1);
        const lower = Math.floor(position);
        const rows: Array<Record<Duration, BigintColumn>> = await source()
          .select(column)
          .whereNotNull(column)
          .orderBy(column, 'asc')
          .offset(lower)
          .limit(2);
        const values = rows.map(r => num(r[column]));
        const upper = values[1] ?? values[0];
        // whole milliseconds
        return Math.round(values[0] + (upper - values[0]) * (position - lower));
      };
      return {
        count,
        median: await percentile(0.5),
        p90: await percentile(0.9),
        mean: Math.round(num(agg.mean)),
      };
    };

    const buckets = monthStarts
      .slice(1, -1)
      .map(
        (boundary, index) => `WHEN created_at < ${num(boundary)} THEN ${index}`,
      )
      .join(' ');
    const monthly: MonthRow[] = await source()
      .select('severity')
      .select(
        db.raw(`CASE ${buckets} ELSE ${monthStarts.length - 2} END AS bucket`),
      )
      .count({ n: '*' })
      .where('created_at', '>=', monthStarts[0])
      .where('created_at', '<', monthStarts[monthStarts.length - 1])
      .groupBy('severity', 'bucket');

    return {
      bySeverityAndStatus: counts.map(r => ({
        severity: String(r.severity),
        status: String(r.status),
        count: num(r.n),
      })),
      tta: await duration('tta_ms'),
      ttr: await duration('ttr_ms'),
      monthly: monthly.map(r => ({
        bucket: num(r.bucket),
        severity: String(r.severity),
        count: num(r.n),
      })),
    };
  }
}
