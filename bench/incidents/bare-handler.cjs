// One page of an entity's history with node-postgres alone: the SAME statement
// the plugin issues (IncidentListing.list: the page's keys from an index range
// scan of incident_entities, joined to incidents, with each incident's entity
// refs), as the plugin writes it for PostgreSQL (pgEntityPage.ts), on a
// connection taken from the pool. The plugin sends it as a named prepared
// statement; the bare handler sends the same text unnamed. run.mjs checks
// this text against the SQL the plugin really sends.
//
// Used by bare-server.mjs (node:http) and by the calibration plugin in
// plugin-server.cjs (the same handler inside the Backstage backend).

const LIST_SQL =
  'select "i".*, array(select e.entity_ref from incident_entities e where e.incident_id = i.id order by e.entity_ref) as entity_refs from (select "ie"."incident_id", "ie"."created_at" from "incident_entities" as "ie" where "ie"."entity_ref" = $1 order by "ie"."created_at" desc, "ie"."incident_id" desc limit $2) as "p" inner join "incidents" as "i" on "i"."id" = "p"."incident_id" order by "p"."created_at" desc, "p"."incident_id" desc';

// The default severities, from the plugin's source of truth. That file has no
// imports, so it loads both through Backstage's transform (plugin-server.cjs)
// and through Node's own type stripping, on by default since Node 22.18
// (bare-server.mjs, run.mjs).
const {
  DEFAULT_SEVERITIES,
} = require('@bomizzel/plugin-incidents-common/src/severities.ts');

// Their response targets (minutes), as the plugin's toApi uses them.
const RESPONSE_MINUTES = Object.fromEntries(
  DEFAULT_SEVERITIES.map(s => [s.id, s.responseMinutes]),
);

const num = v => Number(v);
const iso = t =>
  t === null || t === undefined ? null : new Date(Number(t)).toISOString();

/** The plugin's Incident JSON shape (IncidentApiMapper.toApi). */
function toApi(r, entityRefs) {
  const detectedAt = num(r.detected_at);
  const targetMinutes = RESPONSE_MINUTES[r.severity] ?? 0;
  const deadline = detectedAt + targetMinutes * 60_000;
  const ack = r.acknowledged_at === null ? null : num(r.acknowledged_at);
  let state;
  if (ack !== null) state = ack <= deadline ? 'met' : 'breached';
  else state = Date.now() > deadline ? 'breached' : 'pending';
  return {
    id: num(r.id),
    ref: `INC-${r.id}`,
    title: r.title,
    description: r.description,
    severity: r.severity,
    status: r.status,
    commander: r.commander ?? null,
    reporter: r.reporter,
    entityRefs,
    startedAt: iso(r.started_at),
    detectedAt: iso(r.detected_at),
    acknowledgedAt: iso(r.acknowledged_at),
    identifiedAt: iso(r.identified_at),
    resolvedAt: iso(r.resolved_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    version: num(r.version),
    response: {
      targetMinutes,
      deadline: new Date(deadline).toISOString(),
      state,
    },
    demo: Boolean(r.demo),
  };
}

/** `{ items, nextCursor? }` as GET /incidents?entityRef=<ref>&limit=<limit> answers. */
async function listPage(pool, entityRef, limit) {
  const rows = (await pool.query(LIST_SQL, [entityRef, limit + 1])).rows;
  const items = rows.slice(0, limit).map(r => toApi(r, r.entity_refs));
  const last = items[items.length - 1];
  return rows.length > limit && last
    ? {
        items,
        nextCursor: Buffer.from(
          JSON.stringify([Date.parse(last.createdAt), last.id]),
        ).toString('base64url'),
      }
    : { items };
}

/** A pg Pool like the plugin's knex pool (max 10) on the benchmark database. */
function createPool(pg, applicationName) {
  return new pg.Pool({
    host: process.env.PGHOST || '127.0.0.1',
    port: Number(process.env.PGPORT || 5432),
    user: process.env.PGUSER || 'postgres',
    database: process.env.BENCH_DATABASE || 'incidents_bench',
    max: Number(process.env.BENCH_POOL_MAX || 10),
    application_name: applicationName,
    ...(process.env.BENCH_PG_OPTIONS
      ? { options: process.env.BENCH_PG_OPTIONS }
      : {}),
  });
}

/** GET /severities: the default severities, as the plugin answers. */
const SEVERITIES = { items: DEFAULT_SEVERITIES };

module.exports = {
  LIST_SQL,
  listPage,
  createPool,
  SEVERITIES,
};
