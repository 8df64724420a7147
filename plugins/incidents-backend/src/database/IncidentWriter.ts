import { Knex } from 'knex';
import { EntityStatsAggregates, LinkCopies } from './entityStats';
import { readIncidents } from './readIncidents';
import {
  EntityOwners,
  eventRow,
  IncidentChanges,
  IncidentEventRecord,
  IncidentEventRow,
  IncidentRecord,
  incidentColumns,
  NewIncident,
  NewIncidentEvent,
  NewSystemEvent,
  num,
  toEventRecord,
} from './records';

/** Rows per statement: 6 columns × 500 stays under every parameter limit. */
const SYSTEM_EVENTS_CHUNK = 500;
/** Entities (and owner pairs) per statement when writing owners. */
const OWNERS_CHUNK = 200;
/** Attempts of a transaction that PostgreSQL aborted to break a deadlock. */
const TRANSACTION_ATTEMPTS = 3;

/**
 * PostgreSQL aborted the transaction to resolve a deadlock or a
 * serialization conflict: it wrote nothing and may simply run again.
 */
function isRetryableAbort(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '40P01' || code === '40001';
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

/** How an incident is created. */
export interface IncidentCreation {
  now: number;
  idempotency?: { principal: string; key: string; requestHash: string };
  /** Owners of the affected entities, recorded in the same transaction. */
  owners?: EntityOwners;
}

/** A change of an incident, decided from its current state. */
export interface IncidentUpdate {
  actor: string;
  now: number;
  expectedVersion?: number;
  /** Owners of entities the change adds, recorded in the same transaction. */
  owners?: EntityOwners;
  decide: (current: IncidentRecord) => {
    changes: IncidentChanges;
    events: NewIncidentEvent[];
  };
}

export type IncidentUpdateOutcome =
  | {
      outcome: 'updated';
      record: IncidentRecord;
      events: IncidentEventRecord[];
    }
  | { outcome: 'conflict'; current: IncidentRecord }
  | { outcome: 'not-found' };

/**
 * Writes incidents: creations, changes, timeline events and the owners of
 * their entities.
 *
 * Each change of an incident and its timeline events commit in one
 * transaction, and the copies kept on `incident_entities` (sort key,
 * severity, status, durations) and the entity counters are rewritten in that
 * same transaction.
 */
export class IncidentWriter {
  readonly #db: Knex;
  readonly #aggregates: EntityStatsAggregates;
  readonly #pg: boolean;

  static create(
    db: Knex,
    /** The counters kept on write, shared with the statistics. */
    aggregates: EntityStatsAggregates,
  ): IncidentWriter {
    return new IncidentWriter(db, aggregates);
  }

  private constructor(db: Knex, aggregates: EntityStatsAggregates) {
    this.#db = db;
    this.#aggregates = aggregates;
    this.#pg = db.client.config.client === 'pg';
  }

  /**
   * Inserts an incident with its entities and its `created` event. With an
   * idempotency key, the key is stored in the same transaction, so that of
   * concurrent creations with one key exactly one commits.
   */
  async create(input: NewIncident, options: IncidentCreation): Promise<number> {
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
    options: IncidentUpdate,
  ): Promise<IncidentUpdateOutcome> {
    const { actor, now, expectedVersion, owners, decide } = options;
    return this.#transaction(async trx => {
      // SQLite has no row locks: its write transactions run one at a time.
      const [current] = await readIncidents(trx, [id], { lock: this.#pg });
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
          ...incidentColumns(fields),
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
   * Replaces the recorded owners of these entities. Concurrent writers of
   * the same entities (declares on one service, the scheduled refresh) never
   * conflict: stale owners are deleted and current ones upserted.
   */
  async setOwners(owners: EntityOwners): Promise<void> {
    if (owners.size === 0) return;
    await this.#transaction(trx => this.#writeOwners(trx, owners));
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
    const rows: IncidentEventRow[] = await trx('incident_events')
      .insert(events.map(e => eventRow(incidentId, actor, now, e)))
      .returning('*');
    return rows.map(toEventRecord);
  }
}
