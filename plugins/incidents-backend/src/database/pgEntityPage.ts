import { Knex } from 'knex';
import type { IncidentListFilter } from './records';

/**
 * The hot path of the plugin: one page of the history of one entity (or a
 * few), as every Incidents tab asks for it, on PostgreSQL.
 *
 * It is the statement `IncidentListing.list` builds with knex for the same
 * filter (the page's keys from an index range scan of incident_entities,
 * joined to incidents, with each incident's entity refs), written out once
 * per shape of filter and sent as a named prepared statement on a connection
 * of knex's pool. That skips knex's query compilation and runner (~0.3 ms of
 * CPU per request) and PostgreSQL's planning (~0.3 ms): measured with
 * `yarn bench:incidents`, see bench/incidents/README.md.
 *
 * Lists with a text query or permission conditions take the general knex
 * path. Every list test runs on PostgreSQL through this path and on SQLite
 * through knex, so the two cannot drift apart unnoticed.
 *
 * Named prepared statements live on a server session: behind a connection
 * pooler in transaction mode (PgBouncer before 1.21, or without
 * `max_prepared_statements`) set `incidents.database.preparedStatements:
 * false`.
 */
export function entityPageStatement(
  filter: IncidentListFilter,
  entityRefs: string[],
): { name: string; text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  let shape = '';
  const where: string[] = [];
  if (entityRefs.length === 1) {
    shape += 'e';
    where.push(`"ie"."entity_ref" = ${param(entityRefs[0])}`);
  } else {
    shape += 'E';
    where.push(`"ie"."entity_ref" = any(${param(entityRefs)}::text[])`);
  }
  if (filter.statuses?.length) {
    shape += 's';
    where.push(`"ie"."status" = any(${param(filter.statuses)}::text[])`);
  }
  if (filter.severities?.length) {
    shape += 'v';
    where.push(`"ie"."severity" = any(${param(filter.severities)}::text[])`);
  }
  if (filter.from !== undefined) {
    shape += 'f';
    where.push(`"ie"."created_at" >= ${param(filter.from)}`);
  }
  if (filter.to !== undefined) {
    shape += 't';
    where.push(`"ie"."created_at" < ${param(filter.to)}`);
  }
  if (filter.after) {
    shape += 'a';
    where.push(
      `("ie"."created_at", "ie"."incident_id") < (${param(
        filter.after.createdAt,
      )}, ${param(filter.after.id)})`,
    );
  }
  // an incident on several of the entities is listed once
  const groupBy =
    entityRefs.length > 1
      ? ' group by "ie"."incident_id", "ie"."created_at"'
      : '';
  const keys =
    `select "ie"."incident_id", "ie"."created_at" from "incident_entities" as "ie"` +
    ` where ${where.join(' and ')}${groupBy}` +
    ` order by "ie"."created_at" desc, "ie"."incident_id" desc` +
    ` limit ${param(filter.limit + 1)}`;
  const text =
    `select "i".*, array(select e.entity_ref from incident_entities e where e.incident_id = i.id order by e.entity_ref) as entity_refs` +
    ` from (${keys}) as "p" inner join "incidents" as "i" on "i"."id" = "p"."incident_id"` +
    ` order by "p"."created_at" desc, "p"."incident_id" desc`;
  return { name: `incidents_entity_page_${shape}`, text, values };
}

/**
 * Runs a statement on a connection of knex's pool (so that the pool's size,
 * search path and lifecycle stay knex's) with node-postgres directly.
 * Without a `name` the statement is unnamed (parsed and planned each time).
 */
export async function queryPg<Row>(
  db: Knex,
  statement: { name?: string; text: string; values: unknown[] },
): Promise<Row[]> {
  const connection = await db.client.acquireConnection();
  try {
    // The callback form: node-postgres's promise form assigns an arrow
    // function to a property of the query, which V8 allocates in the old
    // generation; each dead one keeps its request's objects alive through
    // scavenges (see .yarn/patches/README.md, compression).
    const rows = await new Promise<Row[]>((resolve, reject) => {
      connection.query(statement, (error: Error | null, result: any) => {
        if (error) reject(error);
        else resolve(result.rows);
      });
    });
    return rows;
  } finally {
    await db.client.releaseConnection(connection);
  }
}
