import { IncidentStatus } from '@bomizzel/plugin-incidents-common';
import { Knex } from 'knex';
import { IncidentStore } from '../database/IncidentStore';
import { BigintColumn } from '../database/records';

/** An incident's publication on a status page, as stored. */
export interface PublicationRecord {
  incidentId: number;
  pageName: string;
  statuspageIncidentId: string | null;
  shortlink: string | null;
  publishedStatus: IncidentStatus | null;
  publishedSeverity: string | null;
  publishedAt: number | null;
  publishedBy: string | null;
  lastError: string | null;
  lastAttemptAt: number;
}

/** A timeline event written with the publication state. */
export interface PublicationEvent {
  type: 'statuspage_published' | 'statuspage_failed';
  actor: string;
  message: string;
  data: Record<string, unknown>;
}

/** An `incident_statuspage` row. */
interface PublicationRow {
  incident_id: BigintColumn;
  page_name: string;
  statuspage_incident_id: string | null;
  shortlink: string | null;
  published_status: IncidentStatus | null;
  published_severity: string | null;
  published_at: BigintColumn | null;
  published_by: string | null;
  last_error: string | null;
  last_attempt_at: BigintColumn;
  /** The lease of a publication in progress. */
  publishing_until: BigintColumn | null;
}

const numOrNull = (v: unknown) =>
  v === null || v === undefined ? null : Number(v);

/**
 * Owns the SQL of `incident_statuspage`. Each publication or failed attempt
 * commits its state and its timeline event together.
 */
export class StatuspagePublicationStore {
  readonly #db: Knex;
  readonly #incidents: IncidentStore;

  static create(db: Knex, incidents: IncidentStore) {
    return new StatuspagePublicationStore(db, incidents);
  }

  private constructor(db: Knex, incidents: IncidentStore) {
    this.#db = db;
    this.#incidents = incidents;
  }

  async get(incidentId: number): Promise<PublicationRecord | undefined> {
    const row: PublicationRow | undefined = await this.#db(
      'incident_statuspage',
    )
      .where({ incident_id: incidentId })
      .first();
    return row ? this.#toRecord(row) : undefined;
  }

  /** Upserts the state and appends the event in one transaction. */
  async record(
    state: PublicationRecord,
    event: PublicationEvent,
  ): Promise<PublicationRecord> {
    const now = state.lastAttemptAt;
    await this.#db.transaction(async trx => {
      await trx('incident_statuspage')
        .insert({
          incident_id: state.incidentId,
          page_name: state.pageName,
          statuspage_incident_id: state.statuspageIncidentId,
          shortlink: state.shortlink,
          published_status: state.publishedStatus,
          published_severity: state.publishedSeverity,
          published_at: state.publishedAt,
          published_by: state.publishedBy,
          last_error: state.lastError,
          last_attempt_at: now,
          publishing_until: null,
        })
        .onConflict('incident_id')
        .merge();
      await this.#incidents.appendSystemEvents(trx, [
        {
          incidentId: state.incidentId,
          type: event.type,
          actor: event.actor,
          createdAt: now,
          message: event.message,
          data: event.data,
        },
      ]);
    });
    return state;
  }

  /**
   * Takes the incident's publication lease until `until`, so that two people
   * publishing at once do not create two Statuspage incidents. Returns the
   * state as it is now, or undefined while another publication holds it.
   */
  async claim(
    incidentId: number,
    pageName: string,
    now: number,
    until: number,
  ): Promise<PublicationRecord | undefined> {
    return this.#db.transaction(async trx => {
      await trx('incident_statuspage')
        .insert({
          incident_id: incidentId,
          page_name: pageName,
          last_attempt_at: now,
        })
        .onConflict('incident_id')
        .ignore();
      const taken = await trx('incident_statuspage')
        .where({ incident_id: incidentId })
        .andWhere(q =>
          q.whereNull('publishing_until').orWhere('publishing_until', '<', now),
        )
        .update({ publishing_until: until });
      if (!taken) return undefined;
      const row: PublicationRow = await trx('incident_statuspage')
        .where({ incident_id: incidentId })
        .first();
      return this.#toRecord(row);
    });
  }

  /** Gives the lease back after an unexpected error. */
  async release(incidentId: number): Promise<void> {
    await this.#db('incident_statuspage')
      .where({ incident_id: incidentId })
      .update({ publishing_until: null });
  }

  #toRecord(row: PublicationRow): PublicationRecord {
    return {
      incidentId: Number(row.incident_id),
      pageName: row.page_name,
      statuspageIncidentId: row.statuspage_incident_id ?? null,
      shortlink: row.shortlink ?? null,
      publishedStatus: row.published_status ?? null,
      publishedSeverity: row.published_severity ?? null,
      publishedAt: numOrNull(row.published_at),
      publishedBy: row.published_by ?? null,
      lastError: row.last_error ?? null,
      lastAttemptAt: Number(row.last_attempt_at),
    };
  }
}
