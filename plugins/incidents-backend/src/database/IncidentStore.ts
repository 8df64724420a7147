import {
  IncidentStatus,
  OPEN_INCIDENT_STATUSES,
} from '@bomizzel/plugin-incidents-common';
import { Knex } from 'knex';
import { EntityStatsAggregates, IncidentStatsRecord } from './entityStats';
import { IncidentPermissionFilter, wherePermitted } from './incidentConditions';
import { IncidentListing } from './IncidentListing';
import { IncidentStatistics } from './IncidentStatistics';
import {
  IncidentCreation,
  IncidentUpdate,
  IncidentUpdateOutcome,
  IncidentWriter,
} from './IncidentWriter';
import { readIncidents } from './readIncidents';
import {
  EntityOwners,
  IdempotencyRecord,
  IncidentEventRecord,
  IncidentEventRow,
  IncidentListFilter,
  IncidentRecord,
  IncidentRow,
  IncidentSummary,
  NewIncident,
  NewSystemEvent,
  num,
  numOrNull,
  toEventRecord,
} from './records';

/** The columns of an incident's summary. */
const SUMMARY_COLUMNS = [
  'id',
  'title',
  'severity',
  'status',
  'detected_at',
  'acknowledged_at',
];

type SummaryRow = Pick<
  IncidentRow,
  'id' | 'title' | 'severity' | 'status' | 'detected_at' | 'acknowledged_at'
>;

function toSummary(row: SummaryRow): IncidentSummary {
  return {
    id: num(row.id),
    title: row.title,
    severity: row.severity,
    status: row.status,
    detectedAt: num(row.detected_at),
    acknowledgedAt: numOrNull(row.acknowledged_at),
  };
}

/**
 * The incident tables: incidents, their entities and the copies kept on
 * them, timeline events, idempotency keys and entity owners. Reads are
 * here; lists, statistics and writes are their own classes, which this one
 * hands the calls to.
 */
export class IncidentStore {
  readonly #db: Knex;
  readonly #listing: IncidentListing;
  readonly #statistics: IncidentStatistics;
  readonly #writer: IncidentWriter;

  static create(
    db: Knex,
    options?: {
      /** Named prepared statements for the entity page on PostgreSQL (default true). */
      preparedStatements?: boolean;
    },
  ): IncidentStore {
    return new IncidentStore(db, options?.preparedStatements ?? true);
  }

  private constructor(db: Knex, preparedStatements: boolean) {
    this.#db = db;
    // One set of counters: their histogram bounds are read once.
    const aggregates = new EntityStatsAggregates();
    this.#listing = IncidentListing.create(db, { preparedStatements });
    this.#statistics = IncidentStatistics.create(db, aggregates);
    this.#writer = IncidentWriter.create(db, aggregates);
  }

  /** The incident, if it exists and satisfies the permission conditions. */
  async get(
    id: number,
    permission?: IncidentPermissionFilter,
  ): Promise<IncidentRecord | undefined> {
    if (permission && !(await this.matches(id, permission))) {
      return undefined;
    }
    const [record] = await readIncidents(this.#db, [id]);
    return record;
  }

  /** Whether the incident satisfies the permission conditions. */
  async matches(
    id: number,
    permission: IncidentPermissionFilter,
  ): Promise<boolean> {
    const query = this.#db('incidents').select('id').where({ id });
    wherePermitted(query, 'incidents.id', permission);
    return (await query).length > 0;
  }

  /** A page of incidents, newest first (see {@link IncidentListing}). */
  list(
    filter: IncidentListFilter,
  ): Promise<{ items: IncidentRecord[]; hasMore: boolean }> {
    return this.#listing.list(filter);
  }

  /** Statistics of entities' incidents (see {@link IncidentStatistics}). */
  stats(
    entityRefs: string[],
    monthStarts: number[],
    permission?: IncidentPermissionFilter,
  ): Promise<IncidentStatsRecord> {
    return this.#statistics.stats(entityRefs, monthStarts, permission);
  }

  /** See {@link IncidentWriter.create}. */
  create(input: NewIncident, options: IncidentCreation): Promise<number> {
    return this.#writer.create(input, options);
  }

  /** See {@link IncidentWriter.update}. */
  update(id: number, options: IncidentUpdate): Promise<IncidentUpdateOutcome> {
    return this.#writer.update(id, options);
  }

  /** See {@link IncidentWriter.appendSystemEvents}. */
  appendSystemEvents(
    trx: Knex.Transaction | Knex,
    events: NewSystemEvent[],
  ): Promise<void> {
    return this.#writer.appendSystemEvents(trx, events);
  }

  async getIdempotencyKey(
    principal: string,
    key: string,
  ): Promise<IdempotencyRecord | undefined> {
    const row:
      | { request_hash: string; incident_id: number | string }
      | undefined = await this.#db('incident_idempotency_keys')
      .where({ principal, idempotency_key: key })
      .first();
    return row
      ? { requestHash: row.request_hash, incidentId: num(row.incident_id) }
      : undefined;
  }

  async listEvents(incidentId: number): Promise<IncidentEventRecord[]> {
    const rows: IncidentEventRow[] = await this.#db('incident_events')
      .where({ incident_id: incidentId })
      .orderBy('id', 'asc');
    return rows.map(toEventRecord);
  }

  /** Owners of each affected entity, from the catalog. */
  async getOwners(entityRefs: string[]): Promise<string[]> {
    if (entityRefs.length === 0) return [];
    const rows: Array<{ owner_ref: string }> = await this.#db(
      'incident_entity_owners',
    )
      .distinct('owner_ref')
      .whereIn('entity_ref', entityRefs);
    return rows.map(r => r.owner_ref).sort();
  }

  /** See {@link IncidentWriter.setOwners}. */
  setOwners(owners: EntityOwners): Promise<void> {
    return this.#writer.setOwners(owners);
  }

  /** The incidents not resolved, with their entities (unordered). */
  async listOpen(): Promise<Array<IncidentSummary & { entityRefs: string[] }>> {
    const rows: SummaryRow[] = await this.#db('incidents')
      .whereIn('status', OPEN_INCIDENT_STATUSES as IncidentStatus[])
      .select(SUMMARY_COLUMNS);
    if (rows.length === 0) {
      return [];
    }
    const links: Array<{ incident_id: number | string; entity_ref: string }> =
      await this.#db('incident_entities')
        .whereIn(
          'incident_id',
          rows.map(r => r.id),
        )
        .select('incident_id', 'entity_ref');
    const refs = new Map<number, string[]>();
    for (const link of links) {
      const id = num(link.incident_id);
      refs.set(id, [...(refs.get(id) ?? []), link.entity_ref]);
    }
    return rows.map(r => ({
      ...toSummary(r),
      entityRefs: refs.get(num(r.id)) ?? [],
    }));
  }

  /** How many incidents are not resolved, per severity, demo data left out. */
  async countOpenBySeverity(): Promise<Map<string, number>> {
    const rows: Array<{ severity: string; n: number | string }> =
      await this.#db('incidents')
        .whereIn('status', OPEN_INCIDENT_STATUSES)
        .where('demo', false)
        .select('severity')
        .count({ n: '*' })
        .groupBy('severity');
    return new Map(rows.map(r => [String(r.severity), Number(r.n)]));
  }

  /**
   * The incident's summary in the caller's transaction, which holds its row
   * lock (PostgreSQL; SQLite transactions are serial already), so that a
   * decision on it serialises with a concurrent change of the incident.
   */
  async lockSummary(
    trx: Knex.Transaction,
    id: number,
  ): Promise<IncidentSummary | undefined> {
    const query = trx('incidents').where({ id }).first(SUMMARY_COLUMNS);
    const row: SummaryRow | undefined = await (trx.client.config.client === 'pg'
      ? query.forUpdate()
      : query);
    return row ? toSummary(row) : undefined;
  }

  /** The incident's status, read in the caller's transaction. */
  async statusOf(
    trx: Knex.Transaction,
    id: number,
  ): Promise<{ id: number; status: IncidentStatus } | undefined> {
    const row: Pick<IncidentRow, 'id' | 'status'> | undefined = await trx(
      'incidents',
    )
      .where({ id })
      .first('id', 'status');
    return row ? { id: num(row.id), status: row.status } : undefined;
  }

  /** The affected entities of each incident of `incidentIds`. */
  async entityRefsOf(incidentIds: number[]): Promise<Map<number, string[]>> {
    const result = new Map<number, string[]>();
    for (let i = 0; i < incidentIds.length; i += 500) {
      const rows: Array<{ incident_id: number | string; entity_ref: string }> =
        await this.#db('incident_entities')
          .select('incident_id', 'entity_ref')
          .whereIn('incident_id', incidentIds.slice(i, i + 500))
          .orderBy('entity_ref');
      for (const r of rows) {
        const id = num(r.incident_id);
        result.set(id, [...(result.get(id) ?? []), r.entity_ref]);
      }
    }
    return result;
  }

  /** Whether demo incidents were seeded. */
  async hasDemoIncidents(): Promise<boolean> {
    const existing = await this.#db('incidents').where({ demo: true }).first();
    return Boolean(existing);
  }

  /** The resolved demo incidents of these severities, latest resolved first. */
  async listResolvedDemoIncidentIds(severities: string[]): Promise<number[]> {
    const rows: Array<Pick<IncidentRow, 'id'>> = await this.#db('incidents')
      .select('id')
      .where({ demo: true, status: 'RESOLVED' })
      .whereIn('severity', severities)
      .orderBy('resolved_at', 'desc');
    return rows.map(r => num(r.id));
  }

  /** Every entity that has incidents, for refreshing their owners. */
  async listAffectedEntityRefs(): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.#db(
      'incident_entities',
    ).distinct('entity_ref');
    return rows.map(r => r.entity_ref);
  }
}
