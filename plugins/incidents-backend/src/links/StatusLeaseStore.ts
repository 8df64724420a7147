import { Knex } from 'knex';

/** Leases of live-status loads across replicas (see {@link StatusCache}). */
export interface StatusLeases {
  /**
   * Takes the lease of `key` for `holder` until `now + ttlMs`, unless
   * someone else holds one that has not expired. True when it was taken.
   */
  acquire(
    key: string,
    holder: string,
    now: number,
    ttlMs: number,
  ): Promise<boolean>;
  /** Gives the lease back, if `holder` still holds it. */
  release(key: string, holder: string): Promise<void>;
}

interface LeaseRow {
  lease_key: string;
  holder: string;
  expires_at: number | string;
}

/** The SQL of `incident_status_leases`. */
export class StatusLeaseStore implements StatusLeases {
  readonly #db: Knex;

  static create(db: Knex): StatusLeaseStore {
    return new StatusLeaseStore(db);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  async acquire(
    key: string,
    holder: string,
    now: number,
    ttlMs: number,
  ): Promise<boolean> {
    // One statement: insert, or take over an expired lease; a live lease of
    // someone else makes the conditional update a no-op that returns nothing.
    const rows: Array<Pick<LeaseRow, 'holder'>> = await this.#db<LeaseRow>(
      'incident_status_leases',
    )
      .insert({ lease_key: key, holder, expires_at: now + ttlMs })
      .onConflict('lease_key')
      .merge(['holder', 'expires_at'])
      .where('incident_status_leases.expires_at', '<', now)
      .returning('holder');
    return rows.length === 1 && rows[0].holder === holder;
  }

  async release(key: string, holder: string): Promise<void> {
    await this.#db<LeaseRow>('incident_status_leases')
      .where({ lease_key: key, holder })
      .delete();
  }
}
