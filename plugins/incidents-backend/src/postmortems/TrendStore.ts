import { IncidentDurationStats } from '@bomizzel/plugin-incidents-common';
import { Knex } from 'knex';
import {
  IncidentPermissionFilter,
  whereAffects,
  wherePermitted,
} from '../database/incidentConditions';
import { BigintColumn } from '../database/records';
import { actionItemOverdue } from './ActionItemStore';
import { overdueCondition } from './PostmortemStore';

/** A count or sum, as the drivers return it. */
type Count = BigintColumn | null;

/** What the trend review reads. */
export interface TrendQuery {
  /** The boundaries (epoch ms) of the months: one more than the months. */
  monthStarts: number[];
  entityRefs?: string[];
  permission?: IncidentPermissionFilter;
  requiredFor: string[];
  /** Post-mortems of incidents resolved before this are overdue. */
  overdueBefore: number;
  /** Today (UTC) `YYYY-MM-DD`, for overdue action items. */
  today: string;
  /** The system of each affected entity, from the catalog. */
  systemOf: Map<string, string>;
}

export interface TrendGroup {
  key: string;
  total: number;
  mtta: IncidentDurationStats;
  mttr: IncidentDurationStats;
}

export interface TrendRecord {
  monthly: Array<{
    bucket: number;
    total: number;
    bySeverity: Record<string, number>;
    mtta: IncidentDurationStats;
    mttr: IncidentDurationStats;
  }>;
  byTeam: TrendGroup[];
  bySystem: TrendGroup[];
  topEntities: Array<{ entityRef: string; total: number }>;
  postmortems: { required: number; published: number; overdue: number };
  actionItems: { open: number; overdue: number; done: number };
}

const TTA = 'i.acknowledged_at - i.detected_at';
const TTR = 'i.resolved_at - COALESCE(i.started_at, i.detected_at)';
const EMPTY: IncidentDurationStats = {
  count: 0,
  median: null,
  p90: null,
  mean: null,
};
const PERCENTILES = [
  { key: 'median' as const, numerator: 1, denominator: 2 },
  { key: 'p90' as const, numerator: 9, denominator: 10 },
];

/**
 * The SQL of the monthly trend review, over the incidents declared in the
 * window that the caller may read. Percentiles per group are found in SQL
 * with window functions (ROW_NUMBER and COUNT over the group): only the two
 * ranked values around p·(n−1) of each group leave the database, and are
 * interpolated as percentile_cont does, like the entity statistics.
 */
export class TrendStore {
  readonly #db: Knex;

  static create(db: Knex) {
    return new TrendStore(db);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  /** Entities affected by incidents of the window, for their systems. */
  async affectedEntityRefs(query: TrendQuery): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.#links(
      query,
    ).distinct('ie.entity_ref');
    return rows.map(r => r.entity_ref);
  }

  async trends(query: TrendQuery): Promise<TrendRecord> {
    const db = this.#db;
    const { monthStarts } = query;
    const bucket = `CASE ${monthStarts
      .slice(1, -1)
      .map((b, index) => `WHEN i.created_at < ${Number(b)} THEN ${index}`)
      .join(' ')} ELSE ${monthStarts.length - 2} END`;

    const counts: Array<{ severity: string; grp: Count; n: Count }> =
      await this.#incidentsInWindow(query)
        .select('i.severity', db.raw(`${bucket} AS grp`))
        .count({ n: '*' })
        .groupBy('i.severity', 'grp');
    const monthTta = await this.#durations(() =>
      this.#incidentsInWindow(query).select(
        db.raw(`${bucket} AS grp`),
        db.raw(`${TTA} AS v`),
      ),
    );
    const monthTtr = await this.#durations(() =>
      this.#incidentsInWindow(query).select(
        db.raw(`${bucket} AS grp`),
        db.raw(`${TTR} AS v`),
      ),
    );
    const monthly = monthStarts.slice(0, -1).map((_, index) => ({
      bucket: index,
      total: 0,
      bySeverity: {} as Record<string, number>,
      mtta: monthTta.get(String(index)) ?? EMPTY,
      mttr: monthTtr.get(String(index)) ?? EMPTY,
    }));
    for (const r of counts) {
      const month = monthly[Number(r.grp)];
      month.total += Number(r.n);
      month.bySeverity[r.severity] = Number(r.n);
    }

    const byTeam = await this.#groups(
      () =>
        this.#links(query).join(
          'incident_entity_owners as o',
          'o.entity_ref',
          'ie.entity_ref',
        ),
      'o.owner_ref',
      [],
    );
    const systems = [...query.systemOf].filter(([ref]) =>
      query.entityRefs ? query.entityRefs.includes(ref) : true,
    );
    const bySystem = systems.length
      ? await this.#groups(
          () => this.#links(query),
          `CASE ie.entity_ref ${systems
            .map(() => 'WHEN ? THEN ?')
            .join(' ')} END`,
          systems.flat(),
        )
      : [];

    const top: Array<{ entity_ref: string; n: Count }> = await this.#links(
      query,
    )
      .select('ie.entity_ref')
      .countDistinct({ n: 'i.id' })
      .groupBy('ie.entity_ref')
      .orderBy([
        { column: 'n', order: 'desc' },
        { column: 'ie.entity_ref', order: 'asc' },
      ])
      .limit(10);

    const pmOverdue = overdueCondition('i', 'p', query);
    const [pm]: Array<{ required: Count; published: Count; overdue: Count }> =
      await this.#incidentsInWindow(query)
        .leftJoin('incident_postmortems as p', 'p.incident_id', 'i.id')
        .select(
          db.raw(
            `SUM(CASE WHEN ${
              query.requiredFor.length
                ? `i.severity IN (${query.requiredFor
                    .map(() => '?')
                    .join(', ')})`
                : '1 = 0'
            } THEN 1 ELSE 0 END) AS required`,
            query.requiredFor,
          ),
          db.raw(
            `SUM(CASE WHEN p.status = 'published' THEN 1 ELSE 0 END) AS published`,
          ),
          db.raw(
            `SUM(CASE WHEN ${pmOverdue.sql} THEN 1 ELSE 0 END) AS overdue`,
            pmOverdue.bindings,
          ),
        );
    const aiOverdue = actionItemOverdue('a', query.today);
    const [ai]: Array<{ open: Count; overdue: Count; done: Count }> =
      await this.#incidentsInWindow(query)
        .join('incident_action_items as a', 'a.incident_id', 'i.id')
        .select(
          db.raw(
            `SUM(CASE WHEN a.status IN ('open', 'in_progress') THEN 1 ELSE 0 END) AS open`,
          ),
          db.raw(
            `SUM(CASE WHEN ${aiOverdue.sql} THEN 1 ELSE 0 END) AS overdue`,
            aiOverdue.bindings,
          ),
          db.raw(`SUM(CASE WHEN a.status = 'done' THEN 1 ELSE 0 END) AS done`),
        );

    return {
      monthly,
      byTeam,
      bySystem,
      topEntities: top.map(r => ({
        entityRef: r.entity_ref,
        total: Number(r.n),
      })),
      postmortems: {
        required: Number(pm?.required ?? 0),
        published: Number(pm?.published ?? 0),
        overdue: Number(pm?.overdue ?? 0),
      },
      actionItems: {
        open: Number(ai?.open ?? 0),
        overdue: Number(ai?.overdue ?? 0),
        done: Number(ai?.done ?? 0),
      },
    };
  }

  /** Incidents declared in the window, of the entities, as permitted. */
  #incidentsInWindow(query: TrendQuery): Knex.QueryBuilder {
    const q = this.#db('incidents as i')
      .where('i.created_at', '>=', query.monthStarts[0])
      .where(
        'i.created_at',
        '<',
        query.monthStarts[query.monthStarts.length - 1],
      );
    if (query.entityRefs) whereAffects(q, 'i.id', query.entityRefs);
    if (query.permission) {
      wherePermitted(q, 'i.id', query.permission);
    }
    return q;
  }

  /** Those incidents joined to their affected entities (`ie`), filtered. */
  #links(query: TrendQuery): Knex.QueryBuilder {
    const q = this.#incidentsInWindow(query).join(
      'incident_entities as ie',
      'ie.incident_id',
      'i.id',
    );
    if (query.entityRefs) q.whereIn('ie.entity_ref', query.entityRefs);
    return q;
  }

  /**
   * Incidents, MTTA and MTTR per group (owner, system) of `groupSql`, each
   * incident counted once per group, most incidents first.
   */
  async #groups(
    source: () => Knex.QueryBuilder,
    groupSql: string,
    bindings: Knex.Value[],
  ): Promise<TrendGroup[]> {
    const db = this.#db;
    const perIncident = (value: string) => () =>
      source()
        .distinct(
          db.raw(`${groupSql} AS grp`, bindings),
          'i.id',
          db.raw(`${value} AS v`),
        )
        .as('g');
    const totals: Array<{ grp: string | number; n: Count }> = await db
      .from(perIncident('0')())
      .whereNotNull('grp')
      .select('grp')
      .count({ n: '*' })
      .groupBy('grp');
    const tta = await this.#durations(() =>
      db.from(perIncident(TTA)()).select('grp', 'v').whereNotNull('grp'),
    );
    const ttr = await this.#durations(() =>
      db.from(perIncident(TTR)()).select('grp', 'v').whereNotNull('grp'),
    );
    return totals
      .map(r => ({
        key: String(r.grp),
        total: Number(r.n),
        mtta: tta.get(String(r.grp)) ?? EMPTY,
        mttr: ttr.get(String(r.grp)) ?? EMPTY,
      }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  }

  /** Count, median, p90 and mean of `v` per `grp` of the rows of `source`. */
  async #durations(
    source: () => Knex.QueryBuilder,
  ): Promise<Map<string, IncidentDurationStats>> {
    const db = this.#db;
    const values = () => db.from(source().as('s')).whereNotNull('v');
    const aggregates: Array<{ grp: string | number; n: Count; mean: Count }> =
      await values()
        .select('grp')
        .count({ n: '*' })
        .avg({ mean: 'v' })
        .groupBy('grp');
    const ranks = PERCENTILES.flatMap(({ numerator: a, denominator: b }) => [
      `(${a} * (n - 1)) / ${b}`,
      `(${a} * (n - 1)) / ${b} + 1`,
    ]);
    const picked: Array<{ grp: string | number; rn: Count; v: Count }> =
      await db
        .from(
          values()
            .select(
              'grp',
              'v',
              db.raw(
                'ROW_NUMBER() OVER (PARTITION BY grp ORDER BY v) - 1 AS rn',
              ),
              db.raw('COUNT(*) OVER (PARTITION BY grp) AS n'),
            )
            .as('r'),
        )
        .select('grp', 'rn', 'v')
        .whereRaw(`rn IN (${ranks.join(', ')})`);
    const result = new Map<string, IncidentDurationStats>();
    for (const agg of aggregates) {
      const grp = String(agg.grp);
      const count = Number(agg.n);
      const at = new Map(
        picked
          .filter(p => String(p.grp) === grp)
          .map(p => [Number(p.rn), Number(p.v)]),
      );
      const stats: IncidentDurationStats = {
        count,
        median: null,
        p90: null,
        mean: Math.round(Number(agg.mean)),
      };
      for (const { key, numerator, denominator } of PERCENTILES) {
        const position = (numerator * (count - 1)) / denominator;
        const lower = Math.floor(position);
        const low = at.get(lower)!;
        const high = at.get(lower + 1) ?? low;
        stats[key] = Math.round(low + (high - low) * (position - lower));
      }
      result.set(grp, stats);
    }
    return result;
  }
}
