#!/usr/bin/env node
// Benchmark of the incidents plugin's entity history and stats over HTTP, on
// PostgreSQL, against a bare node:http + pg server running the same SQL.
//
//   yarn bench:incidents [--incidents 1000000] [--entities 10000] [--duration 10]
//                        [--rounds 2] [--history-requests 2000] [--reseed] [--seed-only]
//                        [--profile] [--pg-options='-c name=value'] [--database incidents_bench]
//
// Every option can also be given as an environment variable BENCH_<NAME>
// (BENCH_INCIDENTS, BENCH_ENTITIES, BENCH_DURATION, BENCH_ROUNDS, BENCH_RESEED=1,
// BENCH_PROFILE=1, BENCH_PG_OPTIONS, BENCH_DATABASE). PostgreSQL: PGHOST/PGPORT/PGUSER
// (default 127.0.0.1:5432, postgres).
//
// Targets (the issue): history page p95 <= 5 ms at concurrency 1; plugin
// throughput at 32 connections >= 0.7x the bare server's; stats p95 <= 20 ms.
// The process exits 0 whether the targets pass or fail; non-zero on errors.
// See README.md beside this file.

import { fork } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { analyzeProfile } from './profile.mjs';
import {
  readMeta,
  seed,
  schemaHash,
  GENERATOR_VERSION,
  entityRef,
  prng,
} from './seed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const require = createRequire(join(root, 'package.json'));
const pg = require('pg');
const autocannon = require('autocannon');
const { LIST_SQL } = createRequire(import.meta.url)('./bare-handler.cjs');

// ---------------------------------------------------------------- options
const { values: flags } = parseArgs({
  options: {
    incidents: { type: 'string' },
    entities: { type: 'string' },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    reseed: { type: 'boolean' },
    'seed-only': { type: 'boolean' },
    profile: { type: 'boolean' },
    'pg-options': { type: 'string' },
    'history-requests': { type: 'string' },
    database: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: false,
});
if (flags.help) {
  console.log(
    'usage: yarn bench:incidents [--incidents N] [--entities N] [--duration S] [--rounds N] [--reseed] [--seed-only] [--pg-options="-c name=value"] [--database incidents_bench] [--history-requests 2000] [--profile]',
  );
  process.exit(0);
}
const env = name =>
  process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
const opt = (name, fallback) => flags[name] ?? env(name) ?? fallback;
const intOpt = (name, fallback) => {
  const v = Number(opt(name, fallback));
  if (!Number.isFinite(v) || v <= 0)
    throw new Error(`--${name}: expected a positive number`);
  return v;
};
const options = {
  incidents: intOpt('incidents', 1_000_000),
  entities: intOpt('entities', 10_000),
  duration: intOpt('duration', 10),
  rounds: intOpt('rounds', 2),
  historyRequests: intOpt('history-requests', 2000),
  reseed: Boolean(
    flags.reseed || ['1', 'true', 'yes'].includes(String(env('reseed'))),
  ),
  seedOnly: Boolean(flags['seed-only']),
  profile: Boolean(
    flags.profile || ['1', 'true', 'yes'].includes(String(env('profile'))),
  ),
  pgOptions: opt('pg-options', ''),
  database: opt('database', 'incidents_bench'),
};
// The seeder drops and recreates this database: only a dedicated benchmark database.
if (
  !/^[a-z_][a-z0-9_]*$/.test(options.database) ||
  !options.database.includes('bench')
) {
  throw new Error(
    `--database ${options.database}: expected a dedicated benchmark database (lower-case name containing "bench")`,
  );
}
const pgBase = {
  host: process.env.PGHOST || '127.0.0.1',
  port: Number(process.env.PGPORT || 5432),
  user: process.env.PGUSER || 'postgres',
};
const connection = {
  ...pgBase,
  database: options.database,
  application_name: 'incidents_bench_runner',
};
const admin = {
  ...pgBase,
  database: 'postgres',
  application_name: 'incidents_bench_runner',
};

// Hard limit on the whole run: a shared machine must not be held by a stuck run.
const HARD_LIMIT_MS = 15 * 60_000;
const started = performance.now();
const children = new Set();
const watchdog = setTimeout(() => {
  console.error(`\nbench: aborting after ${HARD_LIMIT_MS / 60000} minutes`);
  for (const child of children) child.kill('SIGKILL');
  process.exit(2);
}, HARD_LIMIT_MS);
watchdog.unref();

const log = (...args) =>
  console.log(
    `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s]`,
    ...args,
  );
const ms = v =>
  v === undefined || v === null || Number.isNaN(v) ? '-' : v.toFixed(2);
const fmt = n => Math.round(n).toLocaleString('en-US');

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
function summary(samples) {
  const s = Float64Array.from(samples).sort();
  return {
    n: s.length,
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
    max: s[s.length - 1],
  };
}
function table(headers, rows) {
  const cells = [headers, ...rows].map(r => r.map(String));
  const widths = headers.map((_, i) =>
    Math.max(...cells.map(r => r[i].length)),
  );
  const line = r =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ');
  console.log(line(cells[0]));
  console.log(widths.map(w => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

// ---------------------------------------------------------------- CPU accounting
// CPU time (ms) of a process from /proc (Linux), and of the whole machine, to
// split each throughput run's CPU between the server, its PostgreSQL backends,
// the load generator and everything else on this shared machine.
const TICK_MS = 10; // CLK_TCK = 100 on Linux
function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}
function machineCpuMs() {
  try {
    const [, ...v] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: (total - v[3] - v[4]) * TICK_MS, total: total * TICK_MS };
  } catch {
    return { busy: 0, total: 0 };
  }
}
async function backendPids(db, applicationName) {
  const { rows } = await db.query(
    'select pid from pg_stat_activity where datname = current_database() and application_name = $1',
    [applicationName],
  );
  return rows.map(r => r.pid);
}
async function cpuSnapshot(db, server) {
  const pids = await backendPids(db, server.applicationName);
  const pg = new Map(pids.map(pid => [pid, procCpuMs(pid)]));
  return {
    server: procCpuMs(server.child.pid),
    pg,
    self: process.cpuUsage(),
    machine: machineCpuMs(),
  };
}
async function cpuDelta(db, server, before) {
  const after = await cpuSnapshot(db, server);
  let pgMs = 0;
  for (const pid of new Set([...before.pg.keys(), ...after.pg.keys()])) {
    const end = after.pg.has(pid)
      ? after.pg.get(pid)
      : procCpuMs(pid) || before.pg.get(pid);
    pgMs += end - (before.pg.get(pid) ?? 0);
  }
  const self = process.cpuUsage(before.self);
  const serverMs = after.server - before.server;
  const selfMs = (self.user + self.system) / 1000;
  const machineMs = after.machine.busy - before.machine.busy;
  return {
    serverMs,
    pgMs,
    selfMs,
    otherMs: Math.max(0, machineMs - serverMs - pgMs - selfMs),
    machineMs,
    capacityMs: after.machine.total - before.machine.total,
  };
}

// ---------------------------------------------------------------- servers
async function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function startChild(name, script, execArgv, extraEnv, timeoutMs) {
  return new Promise(async (res, rej) => {
    const port = await freePort();
    const child = fork(script, [], {
      cwd: root,
      execArgv,
      env: {
        ...process.env,
        ...extraEnv,
        BENCH_PORT: String(port),
        BENCH_DATABASE: options.database,
        PGHOST: pgBase.host,
        PGPORT: String(pgBase.port),
        PGUSER: pgBase.user,
        ...(options.pgOptions ? { BENCH_PG_OPTIONS: options.pgOptions } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    children.add(child);
    let output = '';
    const keep = chunk => {
      output = (output + chunk).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rej(
        new Error(
          `${name} did not start within ${timeoutMs / 1000} s:\n${output}`,
        ),
      );
    }, timeoutMs);
    child.on('exit', code => {
      children.delete(child);
      clearTimeout(timer);
      rej(
        new Error(`${name} exited (${code}) before it was ready:\n${output}`),
      );
    });
    child.on('message', m => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        res({
          name,
          child,
          port,
          base: `http://127.0.0.1:${port}`,
          output: () => output,
          applicationName: extraEnv.BENCH_APPLICATION_NAME,
        });
      }
    });
  });
}

// The GC events of a server's process since the last call (gc-stats.cjs).
function gcEvents(server) {
  return new Promise((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`${server.name}: no GC statistics`)),
      5000,
    );
    const onMessage = m => {
      if (m?.type !== 'gc-stats') return;
      clearTimeout(timer);
      server.child.off('message', onMessage);
      res(m.events);
    };
    server.child.on('message', onMessage);
    server.child.send({ type: 'gc-stats' });
  });
}

async function stopChild(server) {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise(r => server.child.once('exit', r));
  server.child.disconnect();
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
// The plugin's OpenAPI spec requires a bearer token; the mocked auth service
// accepts this one as user:default/mock. Sent to both servers.
const HEADERS = { authorization: 'Bearer mock-user-token' };
function get(base, path) {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const req = http.get(base + path, { agent, headers: HEADERS }, response => {
      const chunks = [];
      response.on('data', c => chunks.push(c));
      response.on('end', () => {
        const elapsed = performance.now() - t0;
        res({
          status: response.statusCode,
          body: Buffer.concat(chunks),
          elapsed,
        });
      });
      response.on('error', rej);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${path}`)));
    req.on('error', rej);
  });
}
const historyPath = (server, ref) =>
  `${server.prefix}/incidents?entityRef=${encodeURIComponent(ref)}&limit=20`;
const statsPath = ref =>
  `/api/incidents/stats?entityRef=${encodeURIComponent(ref)}`;

/** Sequential requests (concurrency 1, keep-alive), bounded in count and time. */
async function sequential(base, paths, { maxMs }) {
  const byClass = new Map();
  const all = [];
  const classOf = [];
  const deadline = performance.now() + maxMs;
  let failures = 0;
  for (const { cls, path } of paths) {
    if (performance.now() > deadline) break;
    const r = await get(base, path);
    if (r.status !== 200) {
      failures++;
      if (failures <= 3)
        log(`  ${r.status} on ${path}: ${r.body.toString().slice(0, 300)}`);
      continue;
    }
    if (!byClass.has(cls)) byClass.set(cls, []);
    byClass.get(cls).push(r.elapsed);
    all.push(r.elapsed);
    classOf.push(cls);
  }
  return { byClass, all, classOf, failures };
}

// ---------------------------------------------------------------- main
async function main() {
  console.log(
    'Incidents plugin benchmark (entity history and stats over HTTP, PostgreSQL)',
  );
  console.log(
    `options: incidents=${fmt(options.incidents)} entities=${fmt(
      options.entities,
    )} duration=${options.duration}s rounds=${options.rounds}` +
      ` db=${options.database}@${pgBase.host}:${pgBase.port} node=${process.version}` +
      (options.pgOptions ? ` pg-options="${options.pgOptions}"` : ''),
  );

  const [l1, l5] = loadavg();
  console.log(
    `machine: load average ${l1.toFixed(2)} (1 min), ${l5.toFixed(
      2,
    )} (5 min) on ${availableParallelism()} cores before the run`,
  );

  // 1. seed or reuse
  let meta = options.reseed ? undefined : await readMeta(connection);
  const wanted = {
    incidents: options.incidents,
    entities: options.entities,
    schema: schemaHash(root),
    generator: GENERATOR_VERSION,
  };
  const reusable =
    meta && Object.entries(wanted).every(([k, v]) => meta[k] === v);
  if (reusable) {
    log(
      `reusing ${options.database}: seeded ${
        meta.seededAt
      } in ${meta.seedSeconds.toFixed(1)} s (schema ${
        meta.schema
      }); --reseed to reload`,
    );
  } else {
    log(
      meta
        ? `reseeding ${options.database} (${
            options.reseed ? '--reseed' : 'size, schema or generator changed'
          })`
        : `seeding ${options.database}`,
    );
    meta = await seed({
      admin,
      connection,
      database: options.database,
      incidents: options.incidents,
      entities: options.entities,
      root,
      log,
    });
    log(`SEED TIME: ${meta.seedSeconds.toFixed(1)} s`);
  }
  console.log(
    `data: ${fmt(meta.incidents)} incidents, ${fmt(
      meta.links,
    )} incident_entities rows, ${fmt(meta.events)} events; ` +
      `busiest ${meta.picks.busiest.ref} (${fmt(meta.picks.busiest.count)}), ` +
      `~3,900: ${meta.picks.mid.ref} (${fmt(meta.picks.mid.count)}), median ${
        meta.picks.median.ref
      } (${fmt(meta.picks.median.count)}), smallest ${fmt(meta.smallest)}`,
  );
  if (options.seedOnly) return;

  const db = new pg.Client(connection);
  await db.connect();
  try {
    // Warm the OS page cache with the tables and indexes the reads use.
    const t = performance.now();
    await db.query('create extension if not exists pg_prewarm');
    const { rows: rels } = await db.query(
      `select c.oid::regclass::text as rel from pg_class c
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r','i')
          and (c.relname like 'incident%')`,
    );
    for (const { rel } of rels)
      await db.query(`select pg_prewarm($1, 'prefetch')`, [rel]);
    log(
      `prefetched ${rels.length} relations into the OS cache (${(
        (performance.now() - t) /
        1000
      ).toFixed(1)} s)`,
    );
  } catch (error) {
    log(`(pg_prewarm unavailable: ${error.message}; continuing)`);
  }

  // 2. servers
  log(
    'starting the plugin backend (Backstage, TypeScript transform) and the bare server',
  );
  const nodeTransform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
  );
  const [plugin, bare] = await Promise.all([
    startChild(
      'plugin',
      join(here, 'plugin-server.cjs'),
      ['--require', nodeTransform],
      {
        NODE_ENV: 'production',
        LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
        BENCH_APPLICATION_NAME: 'backstage_plugin_incidents',
      },
      120_000,
    ),
    startChild(
      'bare',
      join(here, 'bare-server.mjs'),
      [],
      {
        NODE_ENV: 'production',
        BENCH_APPLICATION_NAME: 'incidents_bench_bare',
      },
      30_000,
    ),
  ]);
  plugin.prefix = '/api/incidents';
  bare.prefix = '/api/incidents';
  // The bare handler mounted inside the plugin's Backstage backend (calibration).
  const cal = {
    ...plugin,
    name: 'bare-in-backstage',
    prefix: '/api/benchbare',
    applicationName: 'incidents_bench_calibration',
  };
  log(
    `plugin on ${plugin.base}${plugin.prefix}, bare-in-backstage on ${cal.base}${cal.prefix}, bare on ${bare.base}${bare.prefix}`,
  );
  const servers = [plugin, cal, bare];

  const results = { pass: {} };
  try {
    const refs = {
      busiest: meta.picks.busiest.ref,
      mid: meta.picks.mid.ref,
      median: meta.picks.median.ref,
    };

    // All three answer the same page from the bench database.
    const pages = [];
    for (const server of servers) {
      const r = await get(server.base, historyPath(server, refs.busiest));
      const body = r.status === 200 ? JSON.parse(r.body.toString()) : {};
      if (!Array.isArray(body.items) || body.items.length !== 20) {
        throw new Error(
          `${server.name}: unexpected answer ${r.status} ${r.body
            .toString()
            .slice(0, 500)}`,
        );
      }
      pages.push(body.items.map(i => i.id).join());
      if (server === plugin) {
        log(
          `plugin: ${refs.busiest} page 1 -> ${
            body.items.length
          } items, newest ${body.items[0].ref} ${
            body.items[0].createdAt
          }, nextCursor ${body.nextCursor ? 'yes' : 'no'}`,
        );
      }
    }
    log(
      `same page from all three: ${
        pages.every(p => p === pages[0]) ? 'yes' : 'NO'
      }`,
    );

    // The SQL the plugin really sends, compared to the bare handler's.
    const sqlTrace = async path => {
      const seen = [];
      const onMessage = m => m?.type === 'sql' && seen.push(m);
      plugin.child.on('message', onMessage);
      plugin.child.send({ type: 'trace', on: true });
      await new Promise(r => setTimeout(r, 50));
      await get(plugin.base, path);
      plugin.child.send({ type: 'trace', on: false });
      await new Promise(r => setTimeout(r, 50));
      plugin.child.off('message', onMessage);
      return seen;
    };
    const listSql = await sqlTrace(historyPath(plugin, refs.busiest));
    const expected = [LIST_SQL];
    const same =
      listSql.length === expected.length &&
      listSql.every((q, i) => q.text === expected[i]);
    console.log(
      '\nSQL of one history page, as the plugin sends it (traced at the pg driver):',
    );
    for (const q of listSql)
      console.log(
        `  ${q.text.length > 160 ? q.text.slice(0, 157) + '...' : q.text}${
          q.name ? `\n  (sent as the prepared statement "${q.name}")` : ''
        }`,
      );
    console.log(
      `the bare handler issues the same statements: ${same ? 'yes' : 'NO'}`,
    );
    const statsSql = await sqlTrace(statsPath(refs.busiest));
    console.log(
      `stats of one entity: ${statsSql.length} statements, run one after another`,
    );

    // Warm-up: JIT, pools, caches.
    const rnd = prng(7);
    const randomRef = () => entityRef(1 + Math.floor(rnd() * meta.entities));
    log('warming up (200 history requests per server, 20 stats requests)');
    for (let i = 0; i < 200; i++) {
      const ref =
        i % 2 ? randomRef() : refs[['busiest', 'mid', 'median'][i % 3]];
      for (const server of servers)
        await get(server.base, historyPath(server, ref));
    }
    for (let i = 0; i < 20; i++)
      await get(
        plugin.base,
        statsPath(i % 4 === 0 ? refs.busiest : randomRef()),
      );

    // (a) history at concurrency 1
    const classes = ['busiest', 'mid', 'median', 'random'];
    const label = {
      busiest: `busiest (${fmt(meta.picks.busiest.count)})`,
      mid: `~3,900 (${fmt(meta.picks.mid.count)})`,
      median: `median (${fmt(meta.picks.median.count)})`,
      random: 'random entity',
      floor: 'GET /severities (no db)',
    };
    const mixRnd = prng(11);
    const refsMix = Array.from({ length: options.historyRequests }, (_, i) => {
      const cls = classes[i % 4];
      return {
        cls,
        ref:
          cls === 'random'
            ? entityRef(1 + Math.floor(mixRnd() * meta.entities))
            : refs[cls],
      };
    });
    log(
      `(a) history page at concurrency 1: ${fmt(
        refsMix.length,
      )} sequential requests per server, + 300 to GET /severities (the no-database floor)`,
    );
    const hist = new Map();
    const gcDuring = new Map();
    const othersDuring = new Map(); // other processes' CPU, in cores
    for (const server of servers) {
      const mix = refsMix.map(({ cls, ref }) => ({
        cls,
        path: historyPath(server, ref),
      }));
      const floor = Array.from({ length: 300 }, () => ({
        cls: 'floor',
        path: `${server.prefix}/severities`,
      }));
      await gcEvents(server); // starts the window
      const cpuBefore = await cpuSnapshot(db, server);
      const started = performance.now();
      hist.set(
        server,
        await sequential(
          server.base,
          [...floor.slice(0, 50), ...mix, ...floor],
          { maxMs: 60_000 },
        ),
      );
      gcDuring.set(server, await gcEvents(server));
      const cpu = await cpuDelta(db, server, cpuBefore);
      othersDuring.set(server, cpu.otherMs / (performance.now() - started));
    }
    console.log(
      '\n(a) GET /api/incidents/incidents?entityRef=<ref>&limit=20, concurrency 1, keep-alive (ms)',
    );
    console.log(
      '    plugin = the incidents plugin; bare-in-backstage = the bare handler as a route of the same Backstage backend; bare = node:http + pg',
    );
    const histRows = [];
    let worstP95 = 0;
    for (const cls of [...classes, 'all', 'floor']) {
      const row = [label[cls] ?? cls];
      for (const server of servers) {
        const h = hist.get(server);
        const s = summary(
          cls === 'all'
            ? h.all.filter((_, i) => h.classOf[i] !== 'floor')
            : h.byClass.get(cls) ?? [],
        );
        if (server === plugin && classes.includes(cls))
          worstP95 = Math.max(worstP95, s.p95);
        if (server === bare && classes.includes(cls))
          results.bareWorstP95 = Math.max(results.bareWorstP95 ?? 0, s.p95);
        if (server === plugin && cls === 'all') results.historyP95All = s.p95;
        if (server === plugin)
          row.push(s.n, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max));
        else row.push(ms(s.p50), ms(s.p95), ms(s.p99));
      }
      histRows.push(row);
    }
    table(
      [
        'entity',
        'n',
        'plugin p50',
        'p95',
        'p99',
        'max',
        'bare-in-bs p50',
        'p95',
        'p99',
        'bare p50',
        'p95',
        'p99',
      ],
      histRows,
    );
    for (const server of servers)
      if (hist.get(server).failures)
        console.log(`failures: ${server.name} ${hist.get(server).failures}`);
    results.historyP95 = worstP95;
    console.log(
      '\n    during (a): garbage collections of the server process (V8, from perf_hooks; a request that meets one waits for it), and the CPU the rest of this shared machine used (from /proc; at concurrency 1 it delays requests too)',
    );
    table(
      [
        'server',
        'requests',
        'scavenges',
        'per 1,000 req',
        'pause p50 ms',
        'max ms',
        'total ms',
        'full GCs',
        'total ms',
        'other procs, cores',
      ],
      servers.map(server => {
        const events = gcDuring.get(server) ?? [];
        const minor = events.filter(e => e.minor).map(e => e.ms);
        const major = events.filter(e => !e.minor).map(e => e.ms);
        const requests = hist.get(server).all.length;
        const sum = a => a.reduce((x, y) => x + y, 0);
        const sm = summary(minor);
        return [
          server.name,
          fmt(requests),
          minor.length,
          ((minor.length * 1000) / requests).toFixed(1),
          minor.length ? ms(sm.p50) : '-',
          minor.length ? ms(sm.max) : '-',
          ms(sum(minor)),
          major.length,
          ms(sum(major)),
          (othersDuring.get(server) ?? 0).toFixed(2),
        ];
      }),
    );

    // (b) throughput at 32 connections
    const cannon = async (server, seconds) => {
      const r = prng(99); // the same entity sequence for every server
      const before = await cpuSnapshot(db, server);
      const result = await autocannon({
        url: server.base,
        connections: 32,
        pipelining: 1,
        duration: seconds,
        timeout: 10,
        headers: HEADERS,
        requests: [
          {
            method: 'GET',
            setupRequest: req => ({
              ...req,
              path: historyPath(
                server,
                entityRef(1 + Math.floor(r() * meta.entities)),
              ),
            }),
          },
        ],
      });
      result.cpu = await cpuDelta(db, server, before);
      return result;
    };
    log(
      `(b) throughput at 32 connections, random entities: warm-up 3 s each, then ${options.rounds} round(s) of ${options.duration} s per server (order reversed every other round)`,
    );
    for (const server of servers) await cannon(server, 3);
    const runs = [];
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? [bare, plugin, cal] : [cal, plugin, bare];
      for (const server of order) {
        const r = await cannon(server, options.duration);
        runs.push({ server: server.name, round: round + 1, r });
        log(
          `  round ${round + 1} ${server.name}: ${fmt(
            r.requests.average,
          )} req/s, p50 ${r.latency.p50} ms, p97.5 ${
            r.latency.p97_5
          } ms, non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${
            r.timeouts
          }`,
        );
      }
    }
    console.log(
      '\n(b) history page throughput, 32 connections, random entities (autocannon)',
    );
    const tput = name => {
      const mine = runs.filter(x => x.server === name);
      const total = mine.reduce((s, x) => s + x.r.requests.total, 0);
      const seconds = mine.reduce((s, x) => s + x.r.duration, 0);
      return total / seconds;
    };
    const rps = new Map(servers.map(s => [s.name, tput(s.name)]));
    table(
      [
        'server',
        'req/s',
        'vs bare',
        'p50 ms',
        'p97.5 ms',
        'p99 ms',
        'non-2xx',
        'errors',
        'CPU ms/req: node',
        'pg backends',
        'autocannon',
        'other procs',
        'machine busy',
      ],
      servers.map(({ name }) => {
        const mine = runs.filter(x => x.server === name);
        const n = mine.reduce((s, x) => s + x.r.requests.total, 0);
        const avg = k =>
          mine.reduce((s, x) => s + x.r.latency[k], 0) / mine.length;
        const sum = k => mine.reduce((s, x) => s + x.r.cpu[k], 0);
        return [
          name,
          fmt(rps.get(name)),
          `${(rps.get(name) / rps.get(bare.name)).toFixed(2)}x`,
          ms(avg('p50')),
          ms(avg('p97_5')),
          ms(avg('p99')),
          mine.reduce((s, x) => s + x.r.non2xx, 0),
          mine.reduce((s, x) => s + x.r.errors + x.r.timeouts, 0),
          ms(sum('serverMs') / n),
          ms(sum('pgMs') / n),
          ms(sum('selfMs') / n),
          ms(sum('otherMs') / n),
          `${((sum('machineMs') / sum('capacityMs')) * 100).toFixed(0)}%`,
        ];
      }),
    );
    console.log(
      '    CPU from /proc: node = the server process, pg backends = its PostgreSQL connections, other procs = the rest of this shared machine',
    );
    const otherShare =
      runs.reduce((s, x) => s + x.r.cpu.otherMs, 0) /
      Math.max(
        1,
        runs.reduce((s, x) => s + x.r.cpu.capacityMs, 0),
      );
    results.otherShare = otherShare;
    if (otherShare > 0.15) {
      console.log(
        `    WARNING: other processes took ${(otherShare * 100).toFixed(
          0,
        )}% of the machine's CPU during these runs; absolute figures are depressed and noisy, compare the ratios`,
      );
    }
    for (let round = 1; round <= options.rounds; round++) {
      const of = name =>
        runs.find(x => x.round === round && x.server === name).r.requests
          .average;
      console.log(
        `  round ${round}: plugin/bare = ${(
          of(plugin.name) / of(bare.name)
        ).toFixed(2)}, bare-in-backstage/bare = ${(
          of(cal.name) / of(bare.name)
        ).toFixed(2)}`,
      );
    }
    results.ratio = rps.get(plugin.name) / rps.get(bare.name);
    results.calRatio = rps.get(cal.name) / rps.get(bare.name);
    results.rps = rps;
    results.non2xx = runs.reduce(
      (s, x) => s + x.r.non2xx + x.r.errors + x.r.timeouts,
      0,
    );
    console.log(
      `plugin / bare throughput: ${results.ratio.toFixed(
        2,
      )}x (the bare handler inside Backstage: ${results.calRatio.toFixed(2)}x)`,
    );

    // (c) stats at concurrency 1
    log('(c) stats at concurrency 1');
    const statsRnd = prng(23);
    const statsPlan = [
      ...Array.from({ length: 60 }, () => ({
        cls: 'busiest',
        path: statsPath(refs.busiest),
      })),
      ...Array.from({ length: 60 }, () => ({
        cls: 'mid',
        path: statsPath(refs.mid),
      })),
      ...Array.from({ length: 60 }, () => ({
        cls: 'median',
        path: statsPath(refs.median),
      })),
      ...Array.from({ length: 300 }, () => ({
        cls: 'random',
        path: statsPath(entityRef(1 + Math.floor(statsRnd() * meta.entities))),
      })),
    ];
    // interleave the classes, so that all get measured if the time bound cuts the run short
    const interleaved = [];
    const byCls = classes.map(c => statsPlan.filter(p => p.cls === c));
    for (let i = 0; interleaved.length < statsPlan.length; i++)
      for (const list of byCls) if (list[i]) interleaved.push(list[i]);
    const st = await sequential(plugin.base, interleaved, { maxMs: 45_000 });
    console.log(
      '\n(c) GET /api/incidents/stats?entityRef=<ref>, concurrency 1 (ms)',
    );
    const statsRows = [];
    let worstStats = 0;
    for (const cls of classes) {
      const s = summary(st.byClass.get(cls) ?? []);
      worstStats = Math.max(worstStats, s.p95 || 0);
      statsRows.push([
        label[cls],
        s.n,
        ms(s.p50),
        ms(s.p95),
        ms(s.p99),
        ms(s.max),
      ]);
    }
    table(['entity', 'n', 'p50', 'p95', 'p99', 'max'], statsRows);
    if (st.failures) console.log(`failures: ${st.failures}`);
    results.statsP95 = worstStats;
    results.statsBusiestP95 = summary(st.byClass.get('busiest') ?? []).p95;

    // EXPLAIN of the stats statements for the busiest entity, as traced.
    const explain = async (statements, settings) => {
      const c = new pg.Client({
        ...connection,
        ...(settings
          ? { options: settings }
          : options.pgOptions
          ? { options: options.pgOptions }
          : {}),
      });
      await c.connect();
      const out = [];
      try {
        for (const q of statements) {
          // twice: the second, warm run is the one reported
          await c.query(`explain (analyze, buffers) ${q.text}`, q.values);
          const { rows } = await c.query(
            `explain (analyze, buffers) ${q.text}`,
            q.values,
          );
          const lines = rows.map(r => r['QUERY PLAN']);
          const exec = Number(
            /Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1],
          );
          const planning = Number(
            /Planning Time: ([\d.]+)/.exec(lines.join('\n'))?.[1],
          );
          out.push({ q, lines, exec, planning });
        }
      } finally {
        await c.end();
      }
      return out;
    };
    const printPlans = (title, plans) => {
      console.log(`\n${title}`);
      let sum = 0;
      plans.forEach(({ q, lines, exec, planning }, i) => {
        sum += exec + planning;
        const text = q.text
          .replace(/CASE .* END/, 'CASE <12 month buckets> END')
          .replace(/\(\$1, \$2, [$\d, ]*\)/, '($1, ..., $20)');
        const values =
          q.values.length > 4 ? [...q.values.slice(0, 3), '...'] : q.values;
        console.log(`\n#${i + 1} ${text}\n   params ${JSON.stringify(values)}`);
        console.log(`   planning ${ms(planning)} ms, execution ${ms(exec)} ms`);
        for (const l of lines) {
          if (/^(Planning|Execution) Time/.test(l)) continue;
          console.log(`   | ${l.length > 200 ? l.slice(0, 197) + '...' : l}`);
        }
      });
      console.log(
        `\nsum of planning + execution over these ${
          plans.length
        } statements: ${ms(sum)} ms`,
      );
      return sum;
    };
    const statsPlans = await explain(statsSql);
    printPlans(
      `EXPLAIN (ANALYZE, BUFFERS) of the ${statsSql.length} stats statements for ${refs.busiest}, as the plugin sends them`,
      statsPlans,
    );
    const serial = await explain(
      statsSql,
      '-c max_parallel_workers_per_gather=0',
    );
    console.log(
      'the same with max_parallel_workers_per_gather = 0 (execution ms): ' +
        serial.map((p, i) => `#${i + 1} ${ms(p.exec)}`).join(', '),
    );
    const parallelNodes = statsPlans.filter(p =>
      p.lines.some(l => /Gather|Parallel/.test(l)),
    ).length;
    console.log(
      `stats statements whose plan uses parallel workers: ${parallelNodes}`,
    );
    printPlans(
      `EXPLAIN (ANALYZE, BUFFERS) of the history page statements for ${refs.busiest}`,
      await explain(listSql),
    );

    // Optional: where the plugin backend's CPU goes, from a V8 CPU profile of
    // a separate backend process under the same load (kept out of the
    // measurements above).
    if (options.profile) {
      log(
        '--profile: CPU profile of a second plugin backend, 8 s of load on each of plugin and bare-in-backstage',
      );
      const dir = mkdtempSync(join(tmpdir(), 'incidents-bench-prof-'));
      const profiled = await startChild(
        'plugin (profiled)',
        join(here, 'plugin-server.cjs'),
        ['--require', nodeTransform, '--cpu-prof', `--cpu-prof-dir=${dir}`],
        {
          NODE_ENV: 'production',
          LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
          BENCH_APPLICATION_NAME: 'backstage_plugin_incidents',
        },
        120_000,
      );
      const targets = [
        { ...profiled, name: 'plugin', prefix: '/api/incidents' },
        {
          ...profiled,
          name: 'bare-in-backstage',
          prefix: '/api/benchbare',
          applicationName: 'incidents_bench_calibration',
        },
      ];
      const windows = [];
      try {
        for (const target of targets) await cannon(target, 3);
        for (const target of targets) {
          const from = process.hrtime.bigint();
          const r = await cannon(target, 8);
          windows.push({
            target,
            from,
            to: process.hrtime.bigint(),
            perRequest: r.cpu.serverMs / r.requests.total,
            rps: r.requests.average,
          });
        }
      } finally {
        await stopChild(profiled);
      }
      const file = readdirSync(dir)
        .filter(f => f.endsWith('.cpuprofile'))
        .map(f => join(dir, f))
        .sort((a, b) => statSync(b).size - statSync(a).size)[0];
      console.log(
        '\n(profile) node CPU per history request of the plugin backend process, by component (ms; V8 sampling profile under 32 connections)',
      );
      const split = windows.map(
        w =>
          new Map(
            analyzeProfile(file, w.from, w.to, w.perRequest).map(x => [
              x.category,
              x,
            ]),
          ),
      );
      const categories = [...new Set(split.flatMap(m => [...m.keys()]))];
      table(
        [
          'component',
          ...windows.map(w => `${w.target.name} ms/req`),
          'share (plugin)',
        ],
        [
          ...categories
            .sort(
              (a, b) =>
                (split[0].get(b)?.msPerRequest ?? 0) -
                (split[0].get(a)?.msPerRequest ?? 0),
            )
            .map(c => [
              c,
              ...split.map(m => ms(m.get(c)?.msPerRequest ?? 0)),
              `${((split[0].get(c)?.share ?? 0) * 100).toFixed(1)}%`,
            ]),
          ['total (from /proc)', ...windows.map(w => ms(w.perRequest)), '100%'],
        ],
      );
      console.log(`    profile: ${file}`);
    }

    // Verdict
    results.pass.history = results.historyP95 <= 5;
    results.pass.throughput = results.ratio >= 0.7 && results.non2xx === 0;
    results.pass.stats = results.statsP95 <= 20;
    console.log('\n================ RESULT ================');
    table(
      ['target', 'measured', 'verdict'],
      [
        [
          'history page p95 <= 5 ms (c=1, worst entity class)',
          `${ms(results.historyP95)} ms (all: ${ms(
            results.historyP95All,
          )} ms; bare server: ${ms(results.bareWorstP95)} ms)`,
          results.pass.history ? 'PASS' : 'FAIL',
        ],
        [
          'history throughput >= 0.7x bare (32 conns)',
          `${results.ratio.toFixed(2)}x (${fmt(
            results.rps.get(plugin.name),
          )} vs ${fmt(results.rps.get(bare.name))} req/s)`,
          results.pass.throughput ? 'PASS' : 'FAIL',
        ],
        [
          'stats p95 <= 20 ms (c=1, worst entity class)',
          `${ms(results.statsP95)} ms (busiest: ${ms(
            results.statsBusiestP95,
          )} ms)`,
          results.pass.stats ? 'PASS' : 'FAIL',
        ],
      ],
    );
    if (results.otherShare > 0.15) {
      console.log(
        `(other processes used ${(results.otherShare * 100).toFixed(
          0,
        )}% of the machine during the throughput runs: see the WARNING above)`,
      );
    }
    const all = Object.values(results.pass).every(Boolean);
    console.log(
      `OVERALL: ${all ? 'PASS' : 'FAIL'}   (total run ${(
        (performance.now() - started) /
        1000
      ).toFixed(0)} s)`,
    );
  } finally {
    await db.end().catch(() => {});
    await Promise.all([stopChild(plugin), stopChild(bare)]);
    agent.destroy();
  }
}

main().then(
  () => {
    clearTimeout(watchdog);
    process.exit(0);
  },
  error => {
    console.error(error);
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  },
);
