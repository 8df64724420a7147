import {
  ActionItemKind,
  ActionItemStatus,
} from '@bomizzel/plugin-incidents-common';
import { Knex } from 'knex';
import {
  IncidentPermissionFilter,
  whereAffects,
  wherePermitted,
} from '../database/incidentConditions';
import { BigintColumn } from '../database/records';

/** An `incident_action_items` row. */
interface ActionItemRow {
  id: BigintColumn;
  incident_id: BigintColumn;
  title: string;
  kind: ActionItemKind;
  owner_ref: string | null;
  due_date: string | null;
  status: ActionItemStatus;
  ticket_url: string | null;
  created_by: string;
  created_at: BigintColumn;
  updated_at: BigintColumn;
  version: number;
}

/** An action item as stored, with epoch-millisecond times. */
export interface ActionItemRecord {
  id: number;
  incidentId: number;
  title: string;
  kind: ActionItemKind;
  ownerRef: string | null;
  /** `YYYY-MM-DD` */
  dueDate: string | null;
  status: ActionItemStatus;
  ticketUrl: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  version: number;
}

/** The fields a change may set. */
export type ActionItemChanges = Partial<
  Pick<
    ActionItemRecord,
    'title' | 'kind' | 'ownerRef' | 'dueDate' | 'status' | 'ticketUrl'
  >
>;

/** Filters of the action item list; every field narrows. */
export interface ActionItemListFilter {
  incidentId?: number;
  entityRefs?: string[];
  ownerRefs?: string[];
  statuses?: ActionItemStatus[];
  overdue?: boolean;
  /** Today (UTC) as `YYYY-MM-DD`: items due before it are overdue. */
  today: string;
  permission?: IncidentPermissionFilter;
  limit: number;
}

/** Statuses in which an item still needs work (and can be overdue). */
export const OPEN_ACTION_ITEM_STATUSES: ActionItemStatus[] = [
  'open',
  'in_progress',
];

/**
 * The SQL condition "this action item is overdue": still open and due
 * before today. `alias` is the action item table's alias.
 */
export function actionItemOverdue(
  alias: string,
  today: string,
): { sql: string; bindings: Knex.Value[] } {
  return {
    sql: `(${alias}.status IN ('open', 'in_progress') AND ${alias}.due_date IS NOT NULL AND ${alias}.due_date < ?)`,
    bindings: [today],
  };
}

/**
 * The SQL of action items. Changes are optimistic: an update only applies
 * to the version the caller read.
 */
export class ActionItemStore {
  readonly #db: Knex;

  static create(db: Knex) {
    return new ActionItemStore(db);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  async create(
    item: Omit<ActionItemRecord, 'id' | 'updatedAt' | 'version'>,
  ): Promise<ActionItemRecord> {
    const [row]: ActionItemRow[] = await this.#db('incident_action_items')
      .insert({
        incident_id: item.incidentId,
        title: item.title,
        kind: item.kind,
        owner_ref: item.ownerRef,
        due_date: item.dueDate,
        status: item.status,
        ticket_url: item.ticketUrl,
        created_by: item.createdBy,
        created_at: item.createdAt,
        updated_at: item.createdAt,
        version: 1,
      })
      .returning('*');
    return toRecord(row);
  }

  async get(id: number): Promise<ActionItemRecord | undefined> {
    const row: ActionItemRow | undefined = await this.#db(
      'incident_action_items',
    )
      .where({ id })
      .first();
    return row ? toRecord(row) : undefined;
  }

  /** Applies the changes if the item is still at `expectedVersion`. */
  async update(
    id: number,
    options: {
      expectedVersion: number;
      changes: ActionItemChanges;
      now: number;
    },
  ): Promise<
    | { outcome: 'updated'; record: ActionItemRecord }
    | { outcome: 'conflict'; current: ActionItemRecord }
    | { outcome: 'not-found' }
  > {
    const { expectedVersion, changes, now } = options;
    return this.#db.transaction(async trx => {
      const row: ActionItemRow | undefined = await trx('incident_action_items')
        .where({ id })
        .first();
      if (!row) return { outcome: 'not-found' as const };
      const current = toRecord(row);
      const columns = {
        title: changes.title,
        kind: changes.kind,
        owner_ref: changes.ownerRef,
        due_date: changes.dueDate,
        status: changes.status,
        ticket_url: changes.ticketUrl,
      };
      const updated =
        current.version === expectedVersion
          ? await trx('incident_action_items')
              .where({ id, version: expectedVersion })
              .update({
                ...Object.fromEntries(
                  Object.entries(columns).filter(([, v]) => v !== undefined),
                ),
                updated_at: now,
                version: expectedVersion + 1,
              })
          : 0;
      if (updated !== 1) return { outcome: 'conflict' as const, current };
      const [latest]: ActionItemRow[] = await trx(
        'incident_action_items',
      ).where({ id });
      return { outcome: 'updated' as const, record: toRecord(latest) };
    });
  }

  /** Overdue first, then by due date (undated last), then by id. */
  async list(filter: ActionItemListFilter): Promise<ActionItemRecord[]> {
    if (
      filter.entityRefs?.length === 0 ||
      filter.ownerRefs?.length === 0 ||
      filter.statuses?.length === 0
    ) {
      return [];
    }
    const overdue = actionItemOverdue('a', filter.today);
    const query = this.#db('incident_action_items as a')
      .select('a.*')
      .orderByRaw(
        `CASE WHEN ${overdue.sql} THEN 0 ELSE 1 END`,
        overdue.bindings,
      )
      .orderByRaw('CASE WHEN a.due_date IS NULL THEN 1 ELSE 0 END')
      .orderBy('a.due_date', 'asc')
      .orderBy('a.id', 'asc')
      .limit(filter.limit);
    if (filter.incidentId !== undefined) {
      query.where('a.incident_id', filter.incidentId);
    }
    if (filter.entityRefs) {
      whereAffects(query, 'a.incident_id', filter.entityRefs);
    }
    if (filter.ownerRefs) query.whereIn('a.owner_ref', filter.ownerRefs);
    if (filter.statuses) query.whereIn('a.status', filter.statuses);
    if (filter.overdue !== undefined) {
      if (filter.overdue) query.whereRaw(overdue.sql, overdue.bindings);
      else query.whereNot(q => q.whereRaw(overdue.sql, overdue.bindings));
    }
    if (filter.permission) {
      wherePermitted(query, 'a.incident_id', filter.permission);
    }
    const rows: ActionItemRow[] = await query;
    return rows.map(toRecord);
  }
}

function toRecord(r: ActionItemRow): ActionItemRecord {
  return {
    id: Number(r.id),
    incidentId: Number(r.incident_id),
    title: r.title,
    kind: r.kind,
    ownerRef: r.owner_ref ?? null,
    dueDate: r.due_date ?? null,
    status: r.status,
    ticketUrl: r.ticket_url ?? null,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    version: Number(r.version),
  };
}
