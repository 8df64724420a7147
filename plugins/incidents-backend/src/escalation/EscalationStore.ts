import { Knex } from 'knex';
import { IncidentStore } from '../database/IncidentStore';
import {
  BigintColumn,
  IncidentSummary,
  NewSystemEvent,
} from '../database/records';

/** A level fired for an incident. */
export interface FiredLevelRecord {
  levelId: string;
  firedAt: number;
  /** The user refs at the level when it fired. */
  recipients: string[];
}

/** An `incident_escalations` row. */
interface EscalationRow {
  incident_id: BigintColumn;
  level_id: string;
  fired_at: BigintColumn;
  /** JSON array */
  recipients: string;
}

/**
 * The SQL of `incident_escalations`, the levels fired per incident, and the
 * reads of the incident tables that the escalation decides on.
 */
export class EscalationStore {
  readonly #db: Knex;
  readonly #incidents: IncidentStore;

  static create(db: Knex, incidents: IncidentStore): EscalationStore {
    return new EscalationStore(db, incidents);
  }

  private constructor(db: Knex, incidents: IncidentStore) {
    this.#db = db;
    this.#incidents = incidents;
  }

  /** The incidents not resolved, with their entities. */
  listOpenIncidents(): Promise<
    Array<IncidentSummary & { entityRefs: string[] }>
  > {
    return this.#incidents.listOpen();
  }

  /** The ids of the levels fired, per incident of `incidentIds`. */
  async firedLevelIds(
    incidentIds: number[],
  ): Promise<Map<number, Set<string>>> {
    const fired = new Map<number, Set<string>>();
    const rows: Array<Pick<EscalationRow, 'incident_id' | 'level_id'>> =
      await this.#db('incident_escalations')
        .whereIn('incident_id', incidentIds)
        .select('incident_id', 'level_id');
    for (const row of rows) {
      const id = Number(row.incident_id);
      fired.set(id, (fired.get(id) ?? new Set()).add(row.level_id));
    }
    return fired;
  }

  /** The levels fired for the incident. */
  async listFired(incidentId: number): Promise<FiredLevelRecord[]> {
    const rows: EscalationRow[] = await this.#db('incident_escalations').where({
      incident_id: incidentId,
    });
    return rows.map(r => ({
      levelId: r.level_id,
      firedAt: Number(r.fired_at),
      recipients: JSON.parse(r.recipients),
    }));
  }

  /**
   * Records the level as fired with its timeline event, if no one else did
   * and `stillDue` holds for the incident as it is now, which the
   * transaction keeps from changing meanwhile. Returns whether this call
   * fired it: replicas racing on one database insert one row, the losers see
   * the conflict and write nothing.
   */
  async fire(options: {
    incidentId: number;
    levelId: string;
    firedAt: number;
    recipients: string[];
    stillDue: (incident: IncidentSummary) => boolean;
    event: NewSystemEvent;
  }): Promise<boolean> {
    const { incidentId, levelId, firedAt, recipients, stillDue, event } =
      options;
    return this.#db.transaction(async trx => {
      const incident = await this.#incidents.lockSummary(trx, incidentId);
      if (!incident || !stillDue(incident)) {
        return false;
      }
      const inserted = await trx('incident_escalations')
        .insert({
          incident_id: incidentId,
          level_id: levelId,
          fired_at: firedAt,
          recipients: JSON.stringify(recipients),
        })
        .onConflict(['incident_id', 'level_id'])
        .ignore()
        .returning('level_id');
      if (inserted.length === 0) {
        return false;
      }
      await this.#incidents.appendSystemEvents(trx, [event]);
      return true;
    });
  }
}
