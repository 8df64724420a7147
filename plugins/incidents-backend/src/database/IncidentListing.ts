import { Knex } from 'knex';
import { wherePermitted } from './incidentConditions';
import { entityPageStatement, queryPg } from './pgEntityPage';
import {
  IncidentListFilter,
  IncidentRecord,
  IncidentRow,
  toIncidentRecord,
} from './records';

/** A page's row: the incident with its sorted entity refs. */
type ListedRow = IncidentRow & {
  /** An array on PostgreSQL, a JSON array on SQLite. */
  entity_refs: string[] | string;
};

/**
 * Lists incidents newest first, a keyset page at a time: everyone's, or
 * those of some entities (an entity's history, the hot path of the plugin),
 * filtered by status, severity, time, text and the caller's permission.
 */
export class IncidentListing {
  readonly #db: Knex;
  readonly #pg: boolean;
  readonly #preparedStatements: boolean;

  static create(
    db: Knex,
    options: {
      /** Named prepared statements for the entity page on PostgreSQL. */
      preparedStatements: boolean;
    },
  ): IncidentListing {
    return new IncidentListing(db, options.preparedStatements);
  }

  private constructor(db: Knex, preparedStatements: boolean) {
    this.#db = db;
    this.#pg = db.client.config.client === 'pg';
    this.#preparedStatements = preparedStatements;
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
      const rows = await queryPg<IncidentRow & { entity_refs: string[] }>(
        this.#db,
        {
          ...(this.#preparedStatements ? { name } : {}),
          text,
          values,
        },
      );
      return {
        items: rows
          .slice(0, filter.limit)
          .map(row => toIncidentRecord(row, row.entity_refs)),
        hasMore: rows.length > filter.limit,
      };
    }
    const keys = filter.entityRefs
      ? this.#pageForEntities(filter, filter.entityRefs)
      : this.#page(filter);
    // One statement: the page's keys from an index range scan, then the
    // incidents and their entity refs for those keys only.
    const rows: ListedRow[] = await this.#db
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
      toIncidentRecord(
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
      wherePermitted(query, 'incidents.id', filter.permission);
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
      wherePermitted(query, 'ie.incident_id', filter.permission);
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
}
