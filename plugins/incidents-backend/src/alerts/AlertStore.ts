import {
  CreateIncidentRequest,
  IncidentStatus,
} from '@bomizzel/plugin-incidents-common';
import { Knex } from 'knex';
import { IncidentStore } from '../database/IncidentStore';
import { BigintColumn, NewSystemEvent } from '../database/records';

/** Rows per statement: 14 columns × 500 stays under every parameter limit. */
const CHUNK = 500;

/** An Alertmanager group as the delivery's transaction holds it. */
export interface AlertGroupRecord {
  generation: number;
  /** The group's incident of this generation, once created. */
  incidentId: number | null;
  /** The incident this generation creates, once decided. */
  createRequest?: CreateIncidentRequest;
}

/** A firing episode of an alert (fingerprint + start). */
export interface AlertEpisodeRecord {
  id: number;
  fingerprint: string;
  startsAt: number;
  endsAt: number | null;
  status: 'firing' | 'resolved';
  alertname: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorUrl: string | null;
  runbookUrl: string | null;
  /** null: kept for a human (unmapped). */
  incidentId: number | null;
  /** Why it could not be mapped. */
  reason: string | null;
  receivedAt: number;
  updatedAt: number;
}

/** What deduplication needs of a stored episode. */
export type KnownEpisode = Pick<
  AlertEpisodeRecord,
  'id' | 'fingerprint' | 'startsAt' | 'status' | 'incidentId'
>;

/** An episode seen for the first time. */
export type NewAlertEpisode = Omit<
  AlertEpisodeRecord,
  'id' | 'updatedAt' | 'annotations'
> & { groupHash: string; annotations?: Record<string, string> };

/** The fields of stored episodes that a delivery changes. */
export type AlertEpisodeChange = Pick<
  AlertEpisodeRecord,
  'status' | 'endsAt' | 'incidentId' | 'reason' | 'updatedAt'
>;

/** An `incident_alert_groups` row. */
interface AlertGroupRow {
  group_hash: string;
  group_key: string;
  receiver: string;
  generation: number;
  incident_id: BigintColumn | null;
  /** JSON */
  create_request: string | null;
  created_at: BigintColumn;
  updated_at: BigintColumn;
}

/** An `incident_alerts` row. */
interface AlertRow {
  id: BigintColumn;
  group_hash: string;
  incident_id: BigintColumn | null;
  fingerprint: string;
  starts_at: BigintColumn;
  ends_at: BigintColumn | null;
  status: 'firing' | 'resolved';
  alertname: string | null;
  /** JSON */
  labels: string;
  /** JSON */
  annotations: string;
  generator_url: string | null;
  runbook_url: string | null;
  reason: string | null;
  received_at: BigintColumn;
  updated_at: BigintColumn;
}

const numOrNull = (v: BigintColumn | null | undefined) =>
  v === null || v === undefined ? null : Number(v);

function toRecord(row: AlertRow): AlertEpisodeRecord {
  return {
    id: Number(row.id),
    fingerprint: row.fingerprint,
    startsAt: Number(row.starts_at),
    endsAt: numOrNull(row.ends_at),
    status: row.status,
    alertname: row.alertname ?? null,
    labels: JSON.parse(row.labels),
    annotations: JSON.parse(row.annotations),
    generatorUrl: row.generator_url ?? null,
    runbookUrl: row.runbook_url ?? null,
    incidentId: numOrNull(row.incident_id),
    reason: row.reason ?? null,
    receivedAt: Number(row.received_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * The statements of one delivery's transaction: on its group, its alerts,
 * and the incident tables it reads and appends timeline events to.
 */
export class AlertDeliveryTransaction {
  readonly #trx: Knex.Transaction;
  readonly #incidents: IncidentStore;

  constructor(trx: Knex.Transaction, incidents: IncidentStore) {
    this.#trx = trx;
    this.#incidents = incidents;
  }

  /**
   * The group, created at generation 1 when new, locked until the
   * transaction ends: deliveries of one group run one after the other.
   */
  async lockGroup(
    groupHash: string,
    group: { groupKey: string; receiver: string },
    now: number,
  ): Promise<AlertGroupRecord> {
    const trx = this.#trx;
    await trx('incident_alert_groups')
      .insert({
        group_hash: groupHash,
        group_key: group.groupKey,
        receiver: group.receiver,
        generation: 1,
        created_at: now,
        updated_at: now,
      })
      .onConflict('group_hash')
      .ignore();
    const query = trx('incident_alert_groups')
      .where({ group_hash: groupHash })
      .first();
    // SQLite runs one write transaction at a time already.
    const row: AlertGroupRow = await (trx.client.config.client === 'pg'
      ? query.forUpdate()
      : query);
    return {
      generation: Number(row.generation),
      incidentId: numOrNull(row.incident_id),
      ...(row.create_request
        ? { createRequest: JSON.parse(row.create_request) }
        : {}),
    };
  }

  /** The status of the group's incident. */
  incidentStatus(
    incidentId: number,
  ): Promise<{ id: number; status: IncidentStatus } | undefined> {
    return this.#incidents.statusOf(this.#trx, incidentId);
  }

  /** Starts a generation of the group, with the incident it is to create. */
  async startGeneration(
    groupHash: string,
    generation: number,
    request: CreateIncidentRequest,
    now: number,
  ): Promise<void> {
    await this.#trx('incident_alert_groups')
      .where({ group_hash: groupHash })
      .update({
        generation,
        incident_id: null,
        create_request: JSON.stringify(request),
        updated_at: now,
      });
  }

  /** Links the group to the incident of its current generation. */
  async linkIncident(
    groupHash: string,
    incidentId: number,
    now: number,
  ): Promise<void> {
    await this.#trx('incident_alert_groups')
      .where({ group_hash: groupHash })
      .update({ incident_id: incidentId, updated_at: now });
  }

  /** The stored episodes of the group's alerts of these fingerprints. */
  async knownEpisodes(
    groupHash: string,
    fingerprints: string[],
  ): Promise<KnownEpisode[]> {
    const rows: AlertRow[] = fingerprints.length
      ? await this.#trx('incident_alerts')
          .where({ group_hash: groupHash })
          .whereIn('fingerprint', fingerprints)
      : [];
    return rows.map(r => ({
      id: Number(r.id),
      fingerprint: r.fingerprint,
      startsAt: Number(r.starts_at),
      status: r.status,
      incidentId: numOrNull(r.incident_id),
    }));
  }

  /**
   * Writes new episodes: few statements whatever the payload's size, in
   * chunks that stay under SQLite's and PostgreSQL's limits on bound
   * parameters.
   */
  async insertEpisodes(episodes: NewAlertEpisode[]): Promise<void> {
    const rows: Array<Omit<AlertRow, 'id'>> = episodes.map(e => ({
      group_hash: e.groupHash,
      incident_id: e.incidentId,
      fingerprint: e.fingerprint,
      starts_at: e.startsAt,
      ends_at: e.endsAt,
      status: e.status,
      alertname: e.alertname,
      labels: JSON.stringify(e.labels ?? {}),
      annotations: JSON.stringify(e.annotations ?? {}),
      generator_url: e.generatorUrl,
      runbook_url: e.runbookUrl,
      reason: e.reason,
      received_at: e.receivedAt,
      updated_at: e.receivedAt,
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.#trx('incident_alerts').insert(rows.slice(i, i + CHUNK));
    }
  }

  /** Changes the episodes of `ids` alike, in chunks (see insertEpisodes). */
  async updateEpisodes(
    ids: number[],
    change: AlertEpisodeChange,
  ): Promise<void> {
    const values = {
      status: change.status,
      ends_at: change.endsAt,
      incident_id: change.incidentId,
      reason: change.reason,
      updated_at: change.updatedAt,
    };
    for (let i = 0; i < ids.length; i += CHUNK) {
      await this.#trx('incident_alerts')
        .whereIn('id', ids.slice(i, i + CHUNK))
        .update(values);
    }
  }

  /** Appends the alerts' timeline events, committed with the alerts. */
  appendEvents(events: NewSystemEvent[]): Promise<void> {
    return this.#incidents.appendSystemEvents(this.#trx, events);
  }
}

/**
 * The SQL of `incident_alert_groups` and `incident_alerts`: the Alertmanager
 * groups and the firing episodes of their alerts.
 */
export class AlertStore {
  readonly #db: Knex;
  readonly #incidents: IncidentStore;

  static create(db: Knex, incidents: IncidentStore): AlertStore {
    return new AlertStore(db, incidents);
  }

  private constructor(db: Knex, incidents: IncidentStore) {
    this.#db = db;
    this.#incidents = incidents;
  }

  /** Runs the statements of `work` in one transaction. */
  transaction<T>(
    work: (delivery: AlertDeliveryTransaction) => Promise<T>,
  ): Promise<T> {
    return this.#db.transaction(trx =>
      work(new AlertDeliveryTransaction(trx, this.#incidents)),
    );
  }

  /** How many episodes of the incident are firing. */
  async countFiring(incidentId: number): Promise<number> {
    const firing: { n?: BigintColumn } | undefined = await this.#db(
      'incident_alerts',
    )
      .where({ incident_id: incidentId, status: 'firing' })
      .count({ n: '*' })
      .first();
    return Number(firing?.n ?? 0);
  }

  /** Alerts that could not be mapped to an entity, newest first. */
  async listUnmapped(limit: number): Promise<AlertEpisodeRecord[]> {
    const rows: AlertRow[] = await this.#db('incident_alerts')
      .whereNull('incident_id')
      .orderBy([
        { column: 'received_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toRecord);
  }

  /** The alerts of an incident, oldest first. */
  async listForIncident(incidentId: number): Promise<AlertEpisodeRecord[]> {
    const rows: AlertRow[] = await this.#db('incident_alerts')
      .where({ incident_id: incidentId })
      .orderBy([
        { column: 'starts_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toRecord);
  }
}
