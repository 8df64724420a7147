#!/usr/bin/env node
// Benchmark of Alertmanager webhook ingestion on PostgreSQL, through the
// plugin's HTTP API in a real Backstage backend.
//
//   yarn bench:alerts [--duration 15] [--connections 16] [--alerts-per-payload 20]
//                     [--services 200] [--repeat 0.1] [--database alerts_bench]
//
// Deliveries follow Alertmanager: each payload is one group (service ×
// alertname) carrying new alerts of that group; the first delivery of a group
// opens its incident, later ones add alerts to it. A share of the deliveries
// (--repeat, default 10%) resend an earlier payload byte for byte, as
// Alertmanager's retries do. Afterwards the database is checked: one
// incident per group, one row and one timeline event per alert, nothing
// twice.
//
// Target (issue 7): at least 2,000 alerts per second with zero duplicates.

import { fork } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const require = createRequire(join(root, 'package.json'));
const pg = require('pg');

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    connections: { type: 'string', default: '16' },
    'alerts-per-payload': { type: 'string', default: '20' },
    services: { type: 'string', default: '200' },
    repeat: { type: 'string', default: '0.1' },
    database: { type: 'string', default: 'alerts_bench' },
  },
});
const duration = Number(options.duration) * 1000;
const connections = Number(options.connections);
const perPayload = Number(options['alerts-per-payload']);
const services = Number(options.services);
const repeatShare = Number(options.repeat);
const ALERTNAMES = [
  'HighErrorRate',
  'HighLatency',
  'PodCrashLooping',
  'DiskFull',
  'QueueBacklog',
];
const pgBase = {
  host: process.env.PGHOST || '127.0.0.1',
  port: Number(process.env.PGPORT || 5432),
  user: process.env.PGUSER || 'postgres',
};

async function freshDatabase(name) {
  const admin = new pg.Client({ ...pgBase, database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
}

const freePort = () =>
  new Promise((res, rej) => {
    const server = net.createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });

async function startServer() {
  const port = await freePort();
  const nodeTransform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
  );
  const child = fork(join(here, 'alert-server.cjs'), [], {
    cwd: root,
    execArgv: ['--require', nodeTransform],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
      BENCH_PORT: String(port),
      BENCH_DATABASE: options.database,
      BENCH_SERVICES: String(services),
      PGHOST: pgBase.host,
      PGPORT: String(pgBase.port),
      PGUSER: pgBase.user,
    },
  });
  await new Promise((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error('server did not start')),
      180_000,
    );
    child.on('message', m => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        res();
      }
    });
    child.on('exit', code => rej(new Error(`server exited with ${code}`)));
  });
  return { child, port };
}

/** The k-th unique delivery: group k mod G, with `perPayload` new alerts. */
function delivery(k) {
  const groups = services * ALERTNAMES.length;
  const group = k % groups;
  const service = `svc-${group % services}`;
  const alertname =
    ALERTNAMES[Math.floor(group / services) % ALERTNAMES.length];
  const startsAt = new Date(Date.UTC(2026, 10, 27, 3, 0, 0)).toISOString();
  const alerts = Array.from({ length: perPayload }, (_, i) => {
    const instance = `${k}-${i}`;
    return {
      status: 'firing',
      labels: { alertname, service, severity: 'critical', instance },
      annotations: { summary: `${alertname} on ${service} ${instance}` },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: `${group.toString(16)}-${instance}`,
    };
  });
  return {
    group,
    body: JSON.stringify({
      version: '4',
      groupKey: `{}:{alertname="${alertname}",service="${service}"}`,
      status: 'firing',
      receiver: 'backstage',
      groupLabels: { alertname, service },
      commonLabels: { alertname, service, severity: 'critical' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
      alerts,
    }),
  };
}

async function load(port, { count, first = 0, repeat = repeatShare }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const sent = [];
  const latencies = [];
  let uniqueDeliveries = 0;
  let repeats = 0;
  let errors = 0;
  let next = first;
  const end = Date.now() + duration;
  const more = () =>
    count === undefined ? Date.now() < end : next < first + count;
  const post = body =>
    new Promise(res => {
      const started = process.hrtime.bigint();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/incidents/alerts/alertmanager',
          method: 'POST',
          agent,
          headers: {
            // Service credentials, as Alertmanager's static token would be.
            authorization: 'Bearer mock-service-token',
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        res2 => {
          res2.resume();
          res2.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            if (res2.statusCode !== 200) {
              errors += 1;
              if (errors === 1)
                console.error(`first error: HTTP ${res2.statusCode}`);
            }
            res(res2.statusCode);
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        res(0);
      });
      req.end(body);
    });
  const worker = async () => {
    while (more()) {
      if (sent.length > connections && Math.random() < repeat) {
        repeats += 1;
        await post(sent[Math.floor(Math.random() * sent.length)]);
      } else {
        const d = delivery(next++);
        sent.push(d.body);
        uniqueDeliveries += 1;
        await post(d.body);
      }
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = p =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return {
    seconds,
    uniqueDeliveries,
    repeats,
    errors,
    p50: pct(0.5),
    p95: pct(0.95),
    next,
  };
}

async function check(expected) {
  const db = new pg.Client({ ...pgBase, database: options.database });
  await db.connect();
  const one = async sql => Number((await db.query(sql)).rows[0].n);
  const result = {
    incidents: await one('SELECT count(*) AS n FROM incidents'),
    groupsWithSeveral: await one(
      `SELECT count(*) AS n FROM (SELECT group_hash FROM incident_alerts GROUP BY group_hash HAVING count(DISTINCT incident_id) > 1) g`,
    ),
    alertRows: await one('SELECT count(*) AS n FROM incident_alerts'),
    alertEvents: await one(
      `SELECT count(*) AS n FROM incident_events WHERE type = 'alert'`,
    ),
    unattached: await one(
      'SELECT count(*) AS n FROM incident_alerts WHERE incident_id IS NULL',
    ),
  };
  await db.end();
  result.duplicates =
    result.incidents -
    expected.groups +
    result.groupsWithSeveral +
    (result.alertRows - expected.alerts) +
    (result.alertEvents - expected.alerts);
  return result;
}

await freshDatabase(options.database);
const { child, port } = await startServer();
try {
  // Warm-up: connections, JIT, catalog lookups cached per service.
  console.log(
    `load average before: ${loadavg()
      .map(n => n.toFixed(2))
      .join(' ')}`,
  );
  // Warm-up, not measured: the first delivery of every group opens its
  // incident. The measured deliveries then add alerts to open incidents, as
  // Alertmanager does between an incident's start and end.
  const groups = services * ALERTNAMES.length;
  const warm = await load(port, { count: groups, repeat: 0 });
  console.log(
    `warm-up: ${groups} groups opened in ${warm.seconds.toFixed(1)} s (${(
      groups / warm.seconds
    ).toFixed(0)} incidents/s), ${warm.errors} non-200`,
  );
  const r = await load(port, { first: warm.next });
  const alertsDelivered = (r.uniqueDeliveries + r.repeats) * perPayload;
  const uniqueAlerts = r.uniqueDeliveries * perPayload;
  const c = await check({
    groups,
    alerts: uniqueAlerts + warm.uniqueDeliveries * perPayload,
  });
  const rate = alertsDelivered / r.seconds;
  console.log(`
Alertmanager webhook on PostgreSQL, ${connections} connections, ${r.seconds.toFixed(
    1,
  )} s,
${perPayload} alerts per delivery, ${(repeatShare * 100).toFixed(
    0,
  )}% of deliveries repeated
  deliveries          ${r.uniqueDeliveries} new + ${r.repeats} repeated, ${
    r.errors
  } non-200
  alerts per second   ${rate.toFixed(0)} delivered (${(
    uniqueAlerts / r.seconds
  ).toFixed(0)} new)
  latency             p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(
    1,
  )} ms per delivery
  database            ${c.incidents} incidents for ${groups} groups, ${
    c.alertRows
  } alert rows and ${c.alertEvents} alert events for ${
    uniqueAlerts + warm.uniqueDeliveries * perPayload
  } alerts (warm-up included)
  duplicates          ${c.duplicates}
target: >= 2000 alerts/s with zero duplicates: ${
    rate >= 2000 && c.duplicates === 0 && r.errors === 0 ? 'PASS' : 'FAIL'
  }`);
} finally {
  child.disconnect();
}
