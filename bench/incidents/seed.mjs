// Seeds the benchmark database with the plugin's own schema and bulk loads.
//
// 1. (re)creates the database, runs the plugin's knex migrations from
//    plugins/incidents-backend/migrations, so the schema is exactly the plugin's;
// 2. records the definitions of the secondary indexes and foreign keys, drops
//    them, and loads the three tables with COPY ... FREEZE in parallel
//    (pg-copy-streams), the rows generated in memory with a seeded PRNG;
// 3. recreates the indexes and foreign keys from the recorded definitions
//    (same names, same definitions; checked), VACUUM ANALYZE;
// 4. writes bench_meta, which lets a later run reuse the data.
//
// The copies on incident_entities are computed as IncidentWriter#writeLinks
// does: created_at, severity, status, tta_ms = acknowledged_at - detected_at,
// ttr_ms = resolved_at - coalesce(started_at, detected_at). The per-entity
// stats counters (migration *_entity_stats.js) are then computed from those
// rows by the migration's own backfill (INSERT ... SELECT), as the plugin
// would keep them on write.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
const knexFactory = require('knex');

/** Bump when the generator changes, so that seeded data is not reused. */
export const GENERATOR_VERSION = 3;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365.25 * DAY;

export const SEVERITIES = ['P0', 'P1', 'P2', 'P3'];
const SEVERITY_CDF = [0.03, 0.15, 0.45, 1];
export const STATUSES = [
  'INVESTIGATING',
  'IDENTIFIED',
  'RESOLVING',
  'RESOLVED',
];
// lognormal medians by severity
const TTA_MEDIAN = [4 * MINUTE, 12 * MINUTE, 45 * MINUTE, 3 * HOUR];
const TTI_MEDIAN = [20 * MINUTE, 45 * MINUTE, 2 * HOUR, 8 * HOUR];
const TTR_MEDIAN = [1 * HOUR, 3 * HOUR, 10 * HOUR, 2 * DAY];

// Zipf-Mandelbrot weights (rank + Q)^-S over the entities: with 1M incidents,
// 1-3 entities each (mean 1.85) and 10,000 entities, the busiest has ~35,000
// incidents, the median ~40, the smallest ~18.
const ZIPF_S = 1.1066;
const ZIPF_Q = 10;
const ENTITY_COUNT_CDF = [0.4, 0.75, 1]; // 1, 2 or 3 entities

/** mulberry32 */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The entity ref of a popularity rank (1 = busiest), normalised as the plugin stores refs. */
export function entityRef(rank) {
  const kind =
    rank % 10 === 0 ? 'resource' : rank % 10 === 5 ? 'api' : 'component';
  const name = kind === 'resource' ? 'db' : kind === 'api' ? 'api' : 'service';
  return `${kind}:default/${name}-${String(rank).padStart(5, '0')}`;
}

export function migrationsDir(root) {
  return join(root, 'plugins/incidents-backend/migrations');
}

/** A hash of the plugin's migration files: the schema version the data was seeded with. */
export function schemaHash(root) {
  const dir = migrationsDir(root);
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) {
    hash.update(file);
    hash.update(readFileSync(join(dir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

const pick = (cdf, u) => {
  let i = 0;
  while (u > cdf[i]) i++;
  return i;
};

/** Generates all incidents as columns in memory. */
function generate({ incidents: N, entities: E, now }) {
  const rnd = prng(20261127);
  const normal = () => {
    const u = 1 - rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  const lognormal = (median, sigma) =>
    Math.round(median * Math.exp(sigma * normal()));

  // Zipf CDF over ranks 1..E
  const cdf = new Float64Array(E);
  let sum = 0;
  for (let r = 1; r <= E; r++) {
    sum += Math.pow(r + ZIPF_Q, -ZIPF_S);
    cdf[r - 1] = sum;
  }
  for (let i = 0; i < E; i++) cdf[i] /= sum;
  const sampleRank = () => {
    const u = rnd();
    let lo = 0;
    let hi = E - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };

  const span = 3 * YEAR;
  const start = now - span;
  const created = new Float64Array(N);
  const detected = new Float64Array(N);
  const started = new Float64Array(N); // NaN = null
  const acked = new Float64Array(N);
  const identified = new Float64Array(N);
  const resolved = new Float64Array(N);
  const updated = new Float64Array(N);
  const severity = new Uint8Array(N);
  const status = new Uint8Array(N);
  const version = new Uint8Array(N);
  const commander = new Int32Array(N); // 0 = null
  const reporter = new Int32Array(N); // <0 = service
  const titleKind = new Uint8Array(N);
  const descKind = new Uint8Array(N);
  const linkStart = new Uint32Array(N + 1);
  const linkRank = new Int32Array(N * 3);
  const entityCounts = new Int32Array(E + 1);
  let links = 0;

  for (let i = 0; i < N; i++) {
    const c = Math.round(start + ((i + rnd()) * span) / N);
    created[i] = c;
    const d = c - lognormal(3 * MINUTE, 1.0);
    detected[i] = d;
    started[i] = rnd() < 0.35 ? d - lognormal(12 * MINUTE, 1.2) : NaN;
    const sev = pick(SEVERITY_CDF, rnd());
    severity[i] = sev;
    const age = now - c;
    const openP = age < 14 * DAY ? 0.45 : age < 90 * DAY ? 0.06 : 0.015;
    let st = rnd() < openP ? pick([0.4, 0.7, 1], rnd()) : 3;
    let a = NaN;
    let idt = NaN;
    let res = NaN;
    if (st !== 0 || rnd() < 0.5) {
      a = Math.min(d + lognormal(TTA_MEDIAN[sev], 1.0), now - 1000);
      if (a < d) a = d;
    }
    if (st === 1 || st === 2 || (st === 3 && rnd() < 0.7)) {
      idt = Math.min(a + lognormal(TTI_MEDIAN[sev], 1.0), now - 1000);
      if (idt < a) idt = a;
    }
    if (st === 3) {
      const base = Number.isNaN(idt) ? a : idt;
      res = base + lognormal(TTR_MEDIAN[sev], 1.1);
      if (res >= now) {
        // not over yet
        st = 2;
        res = NaN;
      }
    }
    status[i] = st;
    acked[i] = a;
    identified[i] = idt;
    resolved[i] = res;
    let u = c;
    for (const t of [a, idt, res]) if (!Number.isNaN(t) && t > u) u = t;
    updated[i] = u;
    version[i] =
      1 +
      !Number.isNaN(a) +
      !Number.isNaN(idt) +
      !Number.isNaN(res) +
      (st === 2 ? 1 : 0);
    commander[i] = rnd() < 0.8 ? 1 + Math.floor(rnd() * 400) : 0;
    reporter[i] =
      rnd() < 0.3 ? -1 - Math.floor(rnd() * 3) : 1 + Math.floor(rnd() * 2000);
    titleKind[i] = Math.floor(rnd() * TITLES.length);
    descKind[i] = Math.floor(rnd() * DESCRIPTIONS.length);

    linkStart[i] = links;
    const k = 1 + pick(ENTITY_COUNT_CDF, rnd());
    for (let j = 0; j < k; j++) {
      let r;
      let dup;
      do {
        r = sampleRank();
        dup = false;
        for (let m = linkStart[i]; m < links; m++)
          if (linkRank[m] === r) dup = true;
      } while (dup);
      linkRank[links++] = r;
      entityCounts[r]++;
    }
  }
  linkStart[N] = links;
  return {
    N,
    E,
    now,
    created,
    detected,
    started,
    acked,
    identified,
    resolved,
    updated,
    severity,
    status,
    version,
    commander,
    reporter,
    titleKind,
    descKind,
    linkStart,
    linkRank,
    links,
    entityCounts,
  };
}

const TITLES = [
  'Elevated 5xx error rate on',
  'High latency on',
  'Degraded throughput of',
  'Failed deployment of',
  'Certificate expiry warning for',
  'Memory pressure on',
  'Connection pool exhaustion in',
  'Partial outage of',
  'Data inconsistency reported in',
  'Queue backlog growing in',
];
const DESCRIPTIONS = [
  'Alert fired from the SLO burn-rate monitor.\\n\\nCustomers report intermittent failures; see the dashboard for details.',
  'Synthetic checks failing in two regions. Rollback under consideration.',
  'Paged by on-call after error budget dropped below 50%. Investigating recent config changes.',
  'Upstream dependency returning timeouts; retries amplifying load.',
  'Reported by support: several tickets in the last hour mention checkout errors.',
  'Disk usage above 90% on primary; autoscaling did not trigger.',
  '',
  'Canary analysis failed; traffic shifted back to the stable version.',
];

const nul = '\\N';
const t = v => (Number.isNaN(v) ? nul : String(v));
const user = n => `user:default/user-${String(n).padStart(4, '0')}`;
const SERVICES = [
  'service:alertmanager',
  'service:pagerduty',
  'service:grafana',
];

function* incidentRows(g) {
  let chunk = [];
  for (let i = 0; i < g.N; i++) {
    const sev = SEVERITIES[g.severity[i]];
    const first = entityRef(g.linkRank[g.linkStart[i]]);
    const title = `${TITLES[g.titleKind[i]]} ${first.slice(
      first.indexOf('/') + 1,
    )}`;
    const reporter =
      g.reporter[i] < 0 ? SERVICES[-g.reporter[i] - 1] : user(g.reporter[i]);
    chunk.push(
      `${i + 1}\t${title}\t${DESCRIPTIONS[g.descKind[i]]}\t${sev}\t${
        STATUSES[g.status[i]]
      }\t${g.commander[i] ? user(g.commander[i]) : nul}\t${reporter}\t${t(
        g.started[i],
      )}\t${g.detected[i]}\t${t(g.acked[i])}\t${t(g.identified[i])}\t${t(
        g.resolved[i],
      )}\t${g.created[i]}\t${g.updated[i]}\t${g.version[i]}\tf\n`,
    );
    if (chunk.length === 2000) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join('');
}
const INCIDENT_COLUMNS =
  'id, title, description, severity, status, commander, reporter, started_at, detected_at, acknowledged_at, identified_at, resolved_at, created_at, updated_at, version, demo';

function* linkRows(g) {
  let chunk = [];
  for (let i = 0; i < g.N; i++) {
    const sev = SEVERITIES[g.severity[i]];
    const st = STATUSES[g.status[i]];
    const tta = Number.isNaN(g.acked[i])
      ? nul
      : String(g.acked[i] - g.detected[i]);
    const from = Number.isNaN(g.started[i]) ? g.detected[i] : g.started[i];
    const ttr = Number.isNaN(g.resolved[i])
      ? nul
      : String(g.resolved[i] - from);
    const tail = `\t${g.created[i]}\t${sev}\t${st}\t${tta}\t${ttr}\n`;
    for (let m = g.linkStart[i]; m < g.linkStart[i + 1]; m++) {
      chunk.push(`${i + 1}\t${entityRef(g.linkRank[m])}${tail}`);
    }
    if (chunk.length >= 2000) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join('');
}
const LINK_COLUMNS =
  'incident_id, entity_ref, created_at, severity, status, tta_ms, ttr_ms';

/** A `created` event for every incident; a full timeline for the last 90 days. */
function* eventRows(g, counter) {
  let chunk = [];
  let id = 0;
  const timelineFrom = g.now - 90 * DAY;
  for (let i = 0; i < g.N; i++) {
    const inc = i + 1;
    const sev = SEVERITIES[g.severity[i]];
    const refs = [];
    for (let m = g.linkStart[i]; m < g.linkStart[i + 1]; m++)
      refs.push(entityRef(g.linkRank[m]));
    refs.sort();
    const reporter =
      g.reporter[i] < 0 ? SERVICES[-g.reporter[i] - 1] : user(g.reporter[i]);
    chunk.push(
      `${++id}\t${inc}\tcreated\t${reporter}\t${
        g.created[i]
      }\t${nul}\t{"severity":"${sev}","status":"INVESTIGATING","entityRefs":${JSON.stringify(
        refs,
      )}}\n`,
    );
    if (g.created[i] >= timelineFrom) {
      const actor = g.commander[i]
        ? user(g.commander[i])
        : user(1 + (i % 2000));
      if (!Number.isNaN(g.acked[i])) {
        chunk.push(
          `${++id}\t${inc}\tacknowledged\t${actor}\t${Math.max(
            g.acked[i],
            g.created[i],
          )}\t${nul}\t{}\n`,
        );
      }
      let from = 'INVESTIGATING';
      const move = (to, at, message) => {
        chunk.push(
          `${++id}\t${inc}\tstatus_changed\t${actor}\t${Math.max(
            at,
            g.created[i],
          )}\t${message}\t{"from":"${from}","to":"${to}"}\n`,
        );
        from = to;
      };
      if (!Number.isNaN(g.identified[i]))
        move('IDENTIFIED', g.identified[i], 'Root cause identified');
      if (g.status[i] === 2)
        move('RESOLVING', g.updated[i], 'Fix is rolling out');
      if (!Number.isNaN(g.resolved[i]))
        move('RESOLVED', g.resolved[i], 'Resolved; monitoring');
    }
    if (chunk.length >= 2000) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join('');
  counter.events = id;
}
const EVENT_COLUMNS = 'id, incident_id, type, actor, created_at, message, data';

/** The tables the seeder loads. */
const LOADED = ['incidents', 'incident_entities', 'incident_events'];

/**
 * Secondary (non-primary-key) indexes and foreign keys of the plugin's tables
 * (every table of the public schema but knex's and bench_meta).
 */
export async function schemaObjects(client) {
  const tables = `c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
    and c.relname not like 'knex\\_%' and c.relname <> 'bench_meta'`;
  const indexes = (
    await client.query(
      `select i.indexrelid::regclass::text as name, c.relname as "table", pg_get_indexdef(i.indexrelid) as def
         from pg_index i join pg_class c on c.oid = i.indrelid
        where ${tables} and not i.indisprimary
        order by 1`,
    )
  ).rows;
  const foreignKeys = (
    await client.query(
      `select c.relname as "table", f.relname as "references", k.conname as name, pg_get_constraintdef(k.oid) as def
         from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class f on f.oid = k.confrelid
        where k.contype = 'f' and ${tables}
        order by 1, 3`,
    )
  ).rows;
  return { indexes, foreignKeys };
}

export async function readMeta(connection) {
  const client = new pg.Client(connection);
  try {
    await client.connect();
  } catch (error) {
    if (error.code === '3D000') return undefined; // no such database
    throw error;
  }
  try {
    const { rows } = await client.query(
      `select value from bench_meta where key = 'seed'`,
    );
    return rows[0]?.value;
  } catch {
    return undefined;
  } finally {
    await client.end();
  }
}

export async function seed({
  admin,
  connection,
  database,
  incidents,
  entities,
  root,
  log,
}) {
  const t0 = performance.now();
  const timings = {};
  const lap = (name, since) => {
    timings[name] = (performance.now() - since) / 1000;
    log(`  ${name}: ${timings[name].toFixed(1)} s`);
  };

  let since = performance.now();
  const adminClient = new pg.Client(admin);
  await adminClient.connect();
  await adminClient.query(`drop database if exists ${database} with (force)`);
  await adminClient.query(`create database ${database}`);
  await adminClient.end();

  const knex = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: 1 },
  });
  try {
    await knex.migrate.latest({ directory: migrationsDir(root) });
  } finally {
    await knex.destroy();
  }
  lap('create database + plugin migrations', since);

  since = performance.now();
  const now = Date.now() - HOUR;
  const g = generate({ incidents, entities, now });
  lap(
    `generate ${incidents.toLocaleString(
      'en-US',
    )} incidents, ${g.links.toLocaleString('en-US')} links (in memory)`,
    since,
  );

  const client = new pg.Client(connection);
  await client.connect();
  const before = await schemaObjects(client);
  since = performance.now();
  // Foreign keys from or to the loaded tables (TRUNCATE for COPY FREEZE needs
  // none pointing at a table) and the loaded tables' secondary indexes.
  const droppedKeys = before.foreignKeys.filter(
    fk => LOADED.includes(fk.table) || LOADED.includes(fk.references),
  );
  const droppedIndexes = before.indexes.filter(i => LOADED.includes(i.table));
  for (const fk of droppedKeys) {
    await client.query(`alter table ${fk.table} drop constraint ${fk.name}`);
  }
  for (const index of droppedIndexes) {
    await client.query(`drop index ${index.name}`);
  }

  const copy = async (table, columns, rows) => {
    const c = new pg.Client(connection);
    await c.connect();
    try {
      await c.query('set synchronous_commit = off');
      await c.query('begin');
      // TRUNCATE in the same transaction allows COPY FREEZE: rows are written
      // frozen and all-visible, so VACUUM has little left to do.
      await c.query(`truncate ${table}`);
      await pipeline(
        Readable.from(rows),
        c.query(
          copyFrom(`copy ${table} (${columns}) from stdin with (freeze)`),
        ),
      );
      await c.query('commit');
    } finally {
      await c.end();
    }
  };
  const counter = {};
  await Promise.all([
    copy('incidents', INCIDENT_COLUMNS, incidentRows(g)),
    copy('incident_entities', LINK_COLUMNS, linkRows(g)),
    copy('incident_events', EVENT_COLUMNS, eventRows(g, counter)),
  ]);
  lap(
    `COPY ... FREEZE (3 tables in parallel, ${counter.events.toLocaleString(
      'en-US',
    )} events)`,
    since,
  );

  since = performance.now();
  await client.query(
    `select setval(pg_get_serial_sequence('incidents', 'id'), $1)`,
    [incidents],
  );
  await client.query(
    `select setval(pg_get_serial_sequence('incident_events', 'id'), $1)`,
    [counter.events],
  );
  // Two sessions build the indexes side by side (the machine has 2 cores)
  // (greedy by an estimate: an index on incident_entities' entity_ref strings
  // costs ~4x one on integers).
  const queues = [[], []];
  const load = [0, 0];
  const cost = i => (i.def.includes('entity_ref') ? 4 : 1);
  for (const index of [...droppedIndexes].sort((a, b) => cost(b) - cost(a))) {
    const q = load[0] <= load[1] ? 0 : 1;
    queues[q].push(index);
    load[q] += cost(index);
  }
  await Promise.all(
    queues.map(async queue => {
      const c = new pg.Client(connection);
      await c.connect();
      try {
        await c.query(`set maintenance_work_mem = '512MB'`);
        await c.query('set max_parallel_maintenance_workers = 0');
        for (const index of queue) await c.query(index.def);
      } finally {
        await c.end();
      }
    }),
  );
  lap('recreate secondary indexes', since);
  since = performance.now();
  await client.query(`set maintenance_work_mem = '512MB'`);
  for (const fk of droppedKeys) {
    await client.query(
      `alter table ${fk.table} add constraint ${fk.name} ${fk.def}`,
    );
  }
  lap('recreate foreign keys (validated)', since);

  const after = await schemaObjects(client);
  if (JSON.stringify(after) !== JSON.stringify(before)) {
    throw new Error(
      `schema differs after reload:\n${JSON.stringify(
        before,
        null,
        1,
      )}\n${JSON.stringify(after, null, 1)}`,
    );
  }

  since = performance.now();
  const statsMigration = readdirSync(migrationsDir(root)).find(f =>
    f.endsWith('_entity_stats.js'),
  );
  if (statsMigration) {
    const { backfill } = require(join(migrationsDir(root), statsMigration));
    const db = knexFactory({
      client: 'pg',
      connection,
      pool: { min: 0, max: 1 },
    });
    try {
      await db.raw(`set work_mem = '256MB'`);
      await backfill(db);
    } finally {
      await db.destroy();
    }
    lap('per-entity stats counters (INSERT ... SELECT)', since);
  }

  since = performance.now();
  await client.query(
    'vacuum (analyze) incidents, incident_entities, incident_events, incident_idempotency_keys',
  );
  if (statsMigration) {
    await client.query(
      'vacuum (analyze) incident_entity_counts, incident_entity_months, incident_entity_durations',
    );
  }
  lap('VACUUM ANALYZE', since);

  // The entities the benchmark singles out, from the generated counts.
  const ranked = Array.from({ length: entities }, (_, i) => ({
    rank: i + 1,
    count: g.entityCounts[i + 1],
  }));
  const byCount = [...ranked].sort((a, b) => b.count - a.count);
  const busiest = byCount[0];
  const mid = ranked.reduce((best, e) =>
    Math.abs(e.count - 3900) < Math.abs(best.count - 3900) ? e : best,
  );
  const median = byCount[Math.floor(entities / 2)];
  const meta = {
    incidents,
    entities,
    schema: schemaHash(root),
    generator: GENERATOR_VERSION,
    links: g.links,
    events: counter.events,
    seededAt: new Date().toISOString(),
    seedSeconds: (performance.now() - t0) / 1000,
    timings,
    picks: {
      busiest: { ref: entityRef(busiest.rank), count: busiest.count },
      mid: { ref: entityRef(mid.rank), count: mid.count },
      median: { ref: entityRef(median.rank), count: median.count },
    },
    smallest: byCount[entities - 1].count,
  };
  await client.query(
    'create table bench_meta (key text primary key, value jsonb not null)',
  );
  await client.query(`insert into bench_meta values ('seed', $1)`, [
    JSON.stringify(meta),
  ]);
  await client.end();
  return meta;
}
