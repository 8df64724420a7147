import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  IncidentEventType,
  IncidentStatus,
} from '@bomizzel/plugin-incidents-common';
import { Knex } from 'knex';
import {
  EntityStatsAggregates,
  IncidentStatsRecord,
  LinkCopies,
  monthOf,
} from './entityStats';
import { entityPageStatement, queryPg } from './pgEntityPage';

export type { IncidentStatsRecord } from './entityStats';

/**
 * A permission condition as SQL can apply it: the incident affects an entity
 * owned by one of `values`.
 */
export interface IncidentFilter {
  property: 'affectedEntityOwner';
  values: string[];
}

/** The conditions of a conditional permission decision, or none. */
export type IncidentPermissionFilter = PermissionCriteria<IncidentFilter>;

/** An incident as stored, with epoch-millisecond times. */
export interface IncidentRecord {
  id: number;
  title: string;
  description: string;
  severity: string;
  status: IncidentStatus;
  commander: string | null;
  reporter: string;
  entityRefs: string[];
  startedAt: number | null;
  detectedAt: number;
  acknowledgedAt: number | null;
  identifiedAt: number | null;
  resolvedAt: number | null;
  createdAt: number;
  updatedAt: number;
  version: number;
  demo: boolean;
}

/** The fields of an incident that a change may set. */
export type IncidentChanges = Partial<
  Pick<
    IncidentRecord,
    | 'title'
    | 'description'
    | 'severity'
    | 'status'
    | 'commander'
    | 'acknowledgedAt'
    | 'identifiedAt'
    | 'resolvedAt'
    | 'entityRefs'
  >
>;

export interface NewIncidentEvent {
  type: IncidentEventType;
  message?: string | null;
  data?: Record<string, unknown>;
}

/**
 * A timeline event the system writes on its own rather than as part of a
 * change through {@link IncidentStore.update}: who (a plugin or service ref)
 * and when are its own.
 */
export interface NewSystemEvent extends NewIncidentEvent {
  incidentId: number;
  actor: string;
  createdAt: number;
}

export interface IncidentEventRecord {
  id: number;
  incidentId: number;
  type: IncidentEventType;
  actor: string;
  createdAt: number;
  message: string | null;
  data: Record<string, unknown>;
}

export type NewIncident = Omit<
  IncidentRecord,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'demo'
  | 'acknowledgedAt'
  | 'identifiedAt'
  | 'resolvedAt'
> &
  Partial<
    Pick<
      IncidentRecord,
      'acknowledgedAt' | 'identifiedAt' | 'resolvedAt' | 'demo'
    >
  >;

export interface IncidentListFilter {
  /** Already expanded (roll-ups) and normalised entity refs. */
  entityRefs?: string[];
  statuses?: IncidentStatus[];
  severities?: string[];
  /** created_at at or after, epoch ms */
  from?: number;
  /** created_at before, epoch ms */
  to?: number;
  q?: string;
  limit: number;
  /** Keyset position: the last incident of the previous page. */
  after?: { createdAt: number; id: number };
  /** Conditions of the caller's read permission. */
  permission?: IncidentPermissionFilter;
}

export interface IdempotencyRecord {
  requestHash: string;
  incidentId: number;
}

type Row = Record<string, any>;

/** Rows per statement: 6 columns × 500 stays under every parameter limit. */
const SYSTEM_EVENTS_CHUNK = 500;
/** Entities (and owner pairs) per statement when writing owners. */
const OWNERS_CHUNK = 200;
/** Attempts of a transaction that PostgreSQL aborted to break a deadlock. */
const TRANSACTION_ATTEMPTS = 3;

/** The owner refs of entities, as copied from the catalog. */
export type EntityOwners = Map<string, string[]>;

/**
 * PostgreSQL aborted the transaction to resolve a deadlock or a
 * serialization conflict: it wrote nothing and may simply run again.
 */
function isRetryableAbort(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '40P01' || code === '40001';
}

/** An `incident_events` row as written. */
function eventRow(
  incidentId: number,
  actor: string,
  createdAt: number,
  event: NewIncidentEvent,
): Row {
  return {
    incident_id: incidentId,
    type: event.type,
    actor,
    created_at: createdAt,
    message: event.message ?? null,
    data: JSON.stringify(event.data ?? {}),
  };
}

/** The fields of an incident that its link rows copy. */
type LinkSource = Pick<
  IncidentRecord,
  | 'id'
  | 'createdAt'
  | 'severity'
  | 'status'
  | 'detectedAt'
  | 'startedAt'
  | 'acknowledgedAt'
  | 'resolvedAt'
  | 'entityRefs'
>;

function copiesOf(record: LinkSource): LinkCopies {
  return {
    created_at: record.createdAt,
    severity: record.severity,
    status: record.status,
    tta_ms:
      record.acknowledgedAt === null || record.acknowledgedAt === undefined
        ? null
        : record.acknowledgedAt - record.detectedAt,
    ttr_ms:
      record.resolvedAt === null || record.resolvedAt === undefined
        ? null
        : record.resolvedAt - (record.startedAt ?? record.detectedAt),
  };
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

/**
 * Owns every SQL statement on the incident tables.
 *
 * Each change of an incident and its timeline events commit in one
 * transaction, and the copies kept on `incident_entities` (sort key,
 * severity, status, durations) are rewritten in that same transaction.
 */
export class IncidentStore {
  readonly #db: Knex;
  readonly #aggregates = new EntityStatsAggregates();
  readonly #pg: boolean;
  readonly #preparedStatements: boolean;

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
    this.#pg = db.client.config.client === 'pg';
    this.#preparedStatements = preparedStatements;
  }

  get client(): Knex {
    return this.#db;
  }

  /** The incident, if it exists and satisfies the permission conditions. */
  async get(
    id: number,
    permission?: IncidentPermissionFilter,
  ): Promise<IncidentRecord | undefined> {
    if (permission && !(await this.matches(id, permission))) {
      return undefined;
    }
    const [record] = await this.#hydrate(this.#db, [id]);
    return record;
  }

  /** Whether the incident satisfies the permission conditions. */
  async matches(
    id: number,
    permission: IncidentPermissionFilter,
  ): Promise<boolean> {
    const query = this.#db('incidents').select('id').where({ id });
    this.#wherePermitted(query, 'incidents.id', permission);
    return (await query).length > 0;
  }

  /** Owners of each affected entity, from the catalog. */
  async getOwners(entityRefs: string[]): Promise<string[]> {
    if (entityRefs.length === 0) return [];
    const rows = await this.#db('incident_entity_owners')
      .distinct('owner_ref')
      .whereIn('entity_ref', entityRefs);
    return rows.map(r => r.owner_ref).sort();
  }

  /**
   * Replaces the recorded owners of these entities. Concurrent writers of
   * the same entities (declares on one service, the scheduled refresh) never
   * conflict: stale owners are deleted and current ones upserted.
   */
  async setOwners(owners: EntityOwners): Promise<void> {
    if (owners.size === 0) return;
    await this.#transaction(trx => this.#writeOwners(trx, owners));
  }

  async #writeOwners(trx: Knex.Transaction, owners: EntityOwners) {
    if (owners.size === 0) return;
    const refs = [...owners.keys()].sort();
    // Sorted, so that concurrent writers take row locks in the same order.
    const rows = refs.flatMap(entityRef =>
      [...new Set(owners.get(entityRef))].sort().map(ownerRef => ({
        entity_ref: entityRef,
        owner_ref: ownerRef,
      })),
    );
    for (let i = 0; i < refs.length; i += OWNERS_CHUNK) {
      const chunk = refs.slice(i, i + OWNERS_CHUNK);
      const keep = rows
        .filter(r => chunk.includes(r.entity_ref))
        .map(r => [r.entity_ref, r.owner_ref]);
      const stale = trx('incident_entity_owners').whereIn('entity_ref', chunk);
      if (keep.length) {
        stale.whereNotIn(['entity_ref', 'owner_ref'], keep);
      }
      await stale.delete();
    }
    for (let i = 0; i < rows.length; i += OWNERS_CHUNK) {
      await trx('incident_entity_owners')
        .insert(rows.slice(i, i + OWNERS_CHUNK))
        .onConflict(['entity_ref', 'owner_ref'])
        .ignore();
    }
  }

  /** Every entity that has incidents, for refreshing their owners. */
  async listAffectedEntityRefs(): Promise<string[]> {
    const rows = await this.#db('incident_entities').distinct('entity_ref');
    return rows.map(r => r.entity_ref);
  }

  /**
   * Restricts a query of another table family (post-mortems, action items,
   * trends) to permitted incidents; `idColumn` is the incident id of its rows.
   */
  wherePermitted(
    query: Knex.QueryBuilder,
    idColumn: string,
    criteria: IncidentPermissionFilter,
  ): void {
    this.#wherePermitted(query, idColumn, criteria);
  }

  /**
   * Applies permission conditions (all of, any of, not, and the owner rule)
   * to a query, where `idColumn` is the incident id of its rows.
   */
  #wherePermitted(
    query: Knex.QueryBuilder,
    idColumn: string,
    criteria: IncidentPermissionFilter,
  ): void {
    if ('allOf' in criteria) {
      query.where(inner => {
        for (const c of criteria.allOf) {
          inner.andWhere(q => this.#wherePermitted(q, idColumn, c));
        }
      });
    } else if ('anyOf' in criteria) {
      query.where(inner => {
        for (const c of criteria.anyOf) {
          inner.orWhere(q => this.#wherePermitted(q, idColumn, c));
        }
      });
    } else if ('not' in criteria) {
      query.whereNot(q => this.#wherePermitted(q, idColumn, criteria.not));
    } else {
      const owners = criteria.values;
      query.whereExists(sub =>
        sub
          .select(this.#db.raw('1'))
          .from('incident_entities as pe')
          .join(
            'incident_entity_owners as po',
            'po.entity_ref',
            'pe.entity_ref',
          )
          .whereRaw(`pe.incident_id = ${idColumn}`)
          .whereIn('po.owner_ref', owners),
      );
    }
  }

  async list(
    filter: IncidentListFilter,
  ): Promise<{ items: IncidentRecord[]; hasMore: boolean }> {
    if (filter.entityRefs?.length === 0) {
      return { items: [], hasMore: false };
    }
    if (this.#pg && filter.entityRefs && !filter.q && !filter.permission) {
      const { name, text, values } = entityPageStatement(
        filter,
        filter.entityRefs,
      );
      const rows = await queryPg<Row>(this.#db, {
        ...(this.#preparedStatements ? { name } : {}),
        text,
        values,
      });
      return {
        items: rows
          .slice(0, filter.limit)
          .map(row => this.#toRecord(row, row.entity_refs)),
        hasMore: rows.length > filter.limit,
      };
    }
    const keys = filter.entityRefs
      ? this.#pageForEntities(filter, filter.entityRefs)
      : this.#page(filter);
    // One statement: the page's keys from an index range scan, then the
    // incidents and their entity refs for those keys only.
    const rows = await this.#db
      .select(
        'i.*',
        this.#db.raw(`${this.#entityRefsOf('i.id')} as entity_refs`),
      )
      .from(keys.as('p'))
      .join('incidents as i', 'i.id', 'p.incident_id')
      .orderBy([
        { column: 'p.created_at', order: 'desc' },
        { column: 'p.incident_id', order: 'desc' },
      ]);
    const items = rows.map(row =>
      this.#toRecord(
        row,
        typeof row.entity_refs === 'string'
          ? JSON.parse(row.entity_refs)
          : row.entity_refs,
      ),
    );
    return {
      items: items.slice(0, filter.limit),
      hasMore: items.length > filter.limit,
    };
  }

  /** SQL for the sorted entity refs of the incident whose id is `idColumn`. */
  #entityRefsOf(idColumn: string): string {
    const refs = `select e.entity_ref from incident_entities e where e.incident_id = ${idColumn} order by e.entity_ref`;
    return this.#pg
      ? `array(${refs})`
      : `(select json_group_array(entity_ref) from (${refs}))`;
  }

  /**
   * Inserts an incident with its entities and its `created` event. With an
   * idempotency key, the key is stored in the same transaction, so that of
   * concurrent creations with one key exactly one commits.
   */
  async create(
    input: NewIncident,
    options: {
      now: number;
      idempotency?: { principal: string; key: string; requestHash: string };
      /** Owners of the affected entities, recorded in the same transaction. */
      owners?: EntityOwners;
    },
  ): Promise<number> {
    const { now, idempotency, owners } = options;
    return this.#transaction(async trx => {
      const [inserted] = await trx('incidents')
        .insert({
          title: input.title,
          description: input.description,
          severity: input.severity,
          status: input.status,
          commander: input.commander,
          reporter: input.reporter,
          started_at: input.startedAt,
          detected_at: input.detectedAt,
          acknowledged_at: input.acknowledgedAt ?? null,
          identified_at: input.identifiedAt ?? null,
          resolved_at: input.resolvedAt ?? null,
          created_at: now,
          updated_at: now,
          version: 1,
          demo: input.demo ?? false,
        })
        .returning('id');
      const id = num(typeof inserted === 'object' ? inserted.id : inserted);
      if (idempotency) {
        await trx('incident_idempotency_keys').insert({
          principal: idempotency.principal,
          idempotency_key: idempotency.key,
          request_hash: idempotency.requestHash,
          incident_id: id,
          created_at: now,
        });
      }
      await this.#writeLinks(trx, {
        id,
        createdAt: now,
        severity: input.severity,
        status: input.status,
        detectedAt: input.detectedAt,
        startedAt: input.startedAt,
        acknowledgedAt: input.acknowledgedAt ?? null,
        resolvedAt: input.resolvedAt ?? null,
        entityRefs: input.entityRefs,
      });
      if (owners) {
        await this.#writeOwners(trx, owners);
      }
      await this.#insertEvents(trx, id, input.reporter, now, [
        {
          type: 'created',
          data: {
            severity: input.severity,
            status: input.status,
            entityRefs: input.entityRefs,
          },
        },
      ]);
      return id;
    });
  }

  async getIdempotencyKey(
    principal: string,
    key: string,
  ): Promise<IdempotencyRecord | undefined> {
    const row = await this.#db('incident_idempotency_keys')
      .where({ principal, idempotency_key: key })
      .first();
    return row
      ? { requestHash: row.request_hash, incidentId: num(row.incident_id) }
      : undefined;
  }

  /**
   * Applies a change computed from the current state of the incident.
   *
   * `decide` sees the incident as it is inside the transaction, which holds
   * the incident's row lock (PostgreSQL; SQLite runs one write transaction at
   * a time), so concurrent changes apply one after the other, each to the
   * state the previous one left. It returns the fields to set and the
   * timeline events to write. A change of no field (a note) only appends
   * its events: the incident's version stays, so notes never make someone's
   * If-Match stale. Answers `conflict` only when `expectedVersion` (the
   * caller's If-Match) is not the current version.
   */
  async update(
    id: number,
    options: {
      actor: string;
      now: number;
      expectedVersion?: number;
      /** Owners of entities the change adds, recorded in the same transaction. */
      owners?: EntityOwners;
      decide: (current: IncidentRecord) => {
        changes: IncidentChanges;
        events: NewIncidentEvent[];
      };
    },
  ): Promise<
    | {
        outcome: 'updated';
        record: IncidentRecord;
        events: IncidentEventRecord[];
      }
    | { outcome: 'conflict'; current: IncidentRecord }
    | { outcome: 'not-found' }
  > {
    const { actor, now, expectedVersion, owners, decide } = options;
    return this.#transaction(async trx => {
      const [current] = await this.#hydrate(trx, [id], { lock: true });
      if (!current) {
        return { outcome: 'not-found' as const };
      }
      if (
        expectedVersion !== undefined &&
        current.version !== expectedVersion
      ) {
        return { outcome: 'conflict' as const, current };
      }
      const { changes, events } = decide(current);
      if (events.length === 0) {
        return { outcome: 'updated' as const, record: current, events: [] };
      }
      const { entityRefs, ...fields } = changes;
      if (entityRefs === undefined && Object.keys(fields).length === 0) {
        const written = await this.#insertEvents(trx, id, actor, now, events);
        return {
          outcome: 'updated' as const,
          record: current,
          events: written,
        };
      }
      await trx('incidents')
        .where({ id })
        .update({
          ...this.#toRow(fields),
          updated_at: now,
          version: current.version + 1,
        });
      const record: IncidentRecord = {
        ...current,
        ...fields,
        entityRefs: entityRefs ?? current.entityRefs,
        updatedAt: now,
        version: current.version + 1,
      };
      await this.#writeLinks(trx, record, current);
      if (owners) {
        await this.#writeOwners(trx, owners);
      }
      const written = await this.#insertEvents(trx, id, actor, now, events);
      return { outcome: 'updated' as const, record, events: written };
    });
  }

  /**
   * Runs `work` in a transaction, again when PostgreSQL aborted it to break
   * a deadlock (nothing of it was written).
   */
  async #transaction<T>(work: (trx: Knex.Transaction) => Promise<T>) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.#db.transaction(work);
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isRetryableAbort(error)) {
          throw error;
        }
      }
    }
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
        this.#wherePermitted(query, 'ie.incident_id', permission);
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

    const counts = await source()
      .select('severity', 'status')
      .count({ n: '*' })
      .groupBy('severity', 'status');

    const duration = async (column: 'tta_ms' | 'ttr_ms') => {
      const [agg]: Row[] = await source()
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
        const values = (
          await source()
            .select(column)
            .whereNotNull(column)
            .orderBy(column, 'asc')
            .offset(lower)
            .limit(2)
        ).map((r: Row) => num(r[column]));
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
    const monthly = await source()
      .select('severity')
      .select(
        db.raw(`CASE ${buckets} ELSE ${monthStarts.length - 2} END AS bucket`),
      )
      .count({ n: '*' })
      .where('created_at', '>=', monthStarts[0])
      .where('created_at', '<', monthStarts[monthStarts.length - 1])
      .groupBy('severity', 'bucket');

    return {
      bySeverityAndStatus: counts.map((r: Row) => ({
        severity: String(r.severity),
        status: String(r.status),
        count: num(r.n),
      })),
      tta: await duration('tta_ms'),
      ttr: await duration('ttr_ms'),
      monthly: monthly.map((r: Row) => ({
        bucket: num(r.bucket),
        severity: String(r.severity),
        count: num(r.n),
      })),
    };
  }

  async listEvents(incidentId: number): Promise<IncidentEventRecord[]> {
    const rows = await this.#db('incident_events')
      .where({ incident_id: incidentId })
      .orderBy('id', 'asc');
    return rows.map(r => this.#toEvent(r));
  }

  /**
   * Appends timeline events that the system writes on its own (an escalation
   * level firing, an alert firing or resolving), possibly for several
   * incidents, in the caller's transaction so that they commit with the
   * change they record. Few statements whatever their number, in chunks that
   * stay under SQLite's and PostgreSQL's limits on bound parameters.
   */
  async appendSystemEvents(
    trx: Knex.Transaction | Knex,
    events: NewSystemEvent[],
  ): Promise<void> {
    for (let i = 0; i < events.length; i += SYSTEM_EVENTS_CHUNK) {
      await trx('incident_events').insert(
        events
          .slice(i, i + SYSTEM_EVENTS_CHUNK)
          .map(e => eventRow(e.incidentId, e.actor, e.createdAt, e)),
      );
    }
  }

  #page(filter: IncidentListFilter): Knex.QueryBuilder {
    const query = this.#db('incidents')
      .select({ incident_id: 'id' }, 'created_at')
      .limit(filter.limit + 1);
    if (filter.statuses?.length) query.whereIn('status', filter.statuses);
    if (filter.severities?.length) query.whereIn('severity', filter.severities);
    if (filter.from !== undefined) query.where('created_at', '>=', filter.from);
    if (filter.to !== undefined) query.where('created_at', '<', filter.to);
    if (filter.q) this.#whereText(query, 'incidents', filter.q);
    if (filter.permission) {
      this.#wherePermitted(query, 'incidents.id', filter.permission);
    }
    if (filter.after) {
      query.whereRaw('(created_at, id) < (?, ?)', [
        filter.after.createdAt,
        filter.after.id,
      ]);
    }
    query.orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
    return query;
  }

  /**
   * One entity's page is a range scan of (entity_ref, created_at, incident_id)
   * with the filters on the copied columns; the incidents table is only read
   * for the page's rows.
   */
  #pageForEntities(
    filter: IncidentListFilter,
    entityRefs: string[],
  ): Knex.QueryBuilder {
    const query = this.#db('incident_entities as ie')
      .select('ie.incident_id', 'ie.created_at')
      .whereIn('ie.entity_ref', entityRefs)
      .limit(filter.limit + 1);
    if (filter.statuses?.length) query.whereIn('ie.status', filter.statuses);
    if (filter.severities?.length)
      query.whereIn('ie.severity', filter.severities);
    if (filter.from !== undefined)
      query.where('ie.created_at', '>=', filter.from);
    if (filter.to !== undefined) query.where('ie.created_at', '<', filter.to);
    if (filter.after) {
      query.whereRaw('(ie.created_at, ie.incident_id) < (?, ?)', [
        filter.after.createdAt,
        filter.after.id,
      ]);
    }
    if (filter.q) {
      const q = filter.q;
      query.whereExists(sub => {
        sub
          .select(this.#db.raw('1'))
          .from('incidents')
          .whereRaw('incidents.id = ie.incident_id');
        this.#whereText(sub, 'incidents', q);
      });
    }
    if (filter.permission) {
      this.#wherePermitted(query, 'ie.incident_id', filter.permission);
    }
    if (entityRefs.length > 1) {
      // an incident on several of the entities is listed once
      query.groupBy('ie.incident_id', 'ie.created_at');
    }
    query.orderBy([
      { column: 'ie.created_at', order: 'desc' },
      { column: 'ie.incident_id', order: 'desc' },
    ]);
    return query;
  }

  #whereText(query: Knex.QueryBuilder, table: string, q: string) {
    const pattern = `%${q
      .toLocaleLowerCase('en-US')
      .replace(/[\\%_]/g, c => `\\${c}`)}%`;
    query.where(inner =>
      inner
        .whereRaw(`LOWER(${table}.title) LIKE ? ESCAPE '\\'`, [pattern])
        .orWhereRaw(`LOWER(${table}.description) LIKE ? ESCAPE '\\'`, [
          pattern,
        ]),
    );
  }

  async #hydrate(
    db: Knex,
    ids: number[],
    options?: { lock?: boolean },
  ): Promise<IncidentRecord[]> {
    if (ids.length === 0) {
      return [];
    }
    const query = db('incidents').whereIn('id', ids);
    // SQLite has no row locks: its write transactions run one at a time.
    const rows = await (options?.lock && this.#pg ? query.forUpdate() : query);
    const byId = new Map(rows.map(r => [num(r.id), r]));
    return this.#hydrateRows(
      db,
      ids.map(id => byId.get(id)).filter((r): r is Row => Boolean(r)),
    );
  }

  async #hydrateRows(db: Knex, rows: Row[]): Promise<IncidentRecord[]> {
    const links = await db('incident_entities')
      .select('incident_id', 'entity_ref')
      .whereIn(
        'incident_id',
        rows.map(r => r.id),
      )
      .orderBy('entity_ref');
    const refs = new Map<number, string[]>();
    for (const link of links) {
      const id = num(link.incident_id);
      refs.set(id, [...(refs.get(id) ?? []), link.entity_ref]);
    }
    return rows.map(r => this.#toRecord(r, refs.get(num(r.id)) ?? []));
  }

  #toRecord(r: Row, entityRefs: string[]): IncidentRecord {
    return {
      id: num(r.id),
      title: r.title,
      description: r.description,
      severity: r.severity,
      status: r.status,
      commander: r.commander ?? null,
      reporter: r.reporter,
      entityRefs,
      startedAt: numOrNull(r.started_at),
      detectedAt: num(r.detected_at),
      acknowledgedAt: numOrNull(r.acknowledged_at),
      identifiedAt: numOrNull(r.identified_at),
      resolvedAt: numOrNull(r.resolved_at),
      createdAt: num(r.created_at),
      updatedAt: num(r.updated_at),
      version: num(r.version),
      demo: Boolean(r.demo),
    };
  }

  #toRow(fields: Partial<NewIncident>): Row {
    const columns: Record<string, string> = {
      title: 'title',
      description: 'description',
      severity: 'severity',
      status: 'status',
      commander: 'commander',
      reporter: 'reporter',
      startedAt: 'started_at',
      detectedAt: 'detected_at',
      acknowledgedAt: 'acknowledged_at',
      identifiedAt: 'identified_at',
      resolvedAt: 'resolved_at',
      demo: 'demo',
    };
    const row: Row = {};
    for (const [key, value] of Object.entries(fields)) {
      if (key in columns && value !== undefined) {
        row[columns[key]] = value;
      }
    }
    return row;
  }

  /**
   * Rewrites the entity links of an incident and the copies they carry, and
   * moves the links from the entity counters of `previous` (the incident as
   * it was, when it existed) to those of `record`, in the caller's
   * transaction.
   */
  async #writeLinks(
    trx: Knex.Transaction | Knex,
    record: LinkSource,
    previous?: LinkSource,
  ) {
    const copies = copiesOf(record);
    const before = previous && copiesOf(previous);
    const previousRefs = previous?.entityRefs ?? [];
    const removed = previousRefs.filter(r => !record.entityRefs.includes(r));
    const added = record.entityRefs.filter(r => !previousRefs.includes(r));
    if (removed.length) {
      await trx('incident_entities')
        .where({ incident_id: record.id })
        .whereIn('entity_ref', removed)
        .delete();
    }
    const copiesChanged =
      before &&
      (Object.keys(copies) as Array<keyof LinkCopies>).some(
        k => copies[k] !== before[k],
      );
    if (copiesChanged) {
      await trx('incident_entities')
        .where({ incident_id: record.id })
        .update(copies);
    }
    if (added.length) {
      await trx('incident_entities').insert(
        added.map(entityRef => ({
          incident_id: record.id,
          entity_ref: entityRef,
          ...copies,
        })),
      );
    }
    await this.#aggregates.apply(trx, [
      ...previousRefs.map(entityRef => ({
        entityRef,
        copies: before!,
        sign: -1 as const,
      })),
      ...record.entityRefs.map(entityRef => ({
        entityRef,
        copies,
        sign: 1 as const,
      })),
    ]);
  }

  async #insertEvents(
    trx: Knex.Transaction | Knex,
    incidentId: number,
    actor: string,
    now: number,
    events: NewIncidentEvent[],
  ): Promise<IncidentEventRecord[]> {
    if (events.length === 0) {
      return [];
    }
    const rows = await trx('incident_events')
      .insert(events.map(e => eventRow(incidentId, actor, now, e)))
      .returning('*');
    return rows.map(r => this.#toEvent(r));
  }

  #toEvent(r: Row): IncidentEventRecord {
    return {
      id: num(r.id),
      incidentId: num(r.incident_id),
      type: r.type,
      actor: r.actor,
      createdAt: num(r.created_at),
      message: r.message ?? null,
      data: JSON.parse(r.data ?? '{}'),
    };
  }
}
