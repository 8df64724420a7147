#!/usr/bin/env node
// Benchmark of the runbooks API with 5,000 runbooks under the roots.
//
//   yarn bench:runbooks [--runbooks 5000] [--components 1000] [--duration 5]
//                       [--rounds 2] [--latency-requests 1000]
//
// Generates the runbooks (seeded PRNG) in a temporary folder and a catalog
// referring to them (front matter, annotation paths and globs, runbook links,
// systems with parts), starts the real plugin in a Backstage backend
// (server.cjs) and measures with autocannon:
//   (a) an entity's runbook list and (b) a search, one request at a time
//       (latency, target p95 < 20 ms);
//   (c) fetching one 9 KB runbook through the API and through express.static
//       (as a browser asks, accepting gzip, and without Accept-Encoding)
//       mounted in the same backend behind the same auth, 32 connections, side
//       by side in one run, order alternated per round (target >= 2x).
// The process exits 0 whether the targets pass or not, non-zero on errors.
// The machine is shared: compare ratios from one run, not absolute numbers.

import { fork } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const require = createRequire(path.join(repo, 'package.json'));
const autocannon = require('autocannon');

const { values: flags } = parseArgs({
  options: {
    runbooks: { type: 'string', default: '5000' },
    components: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    'latency-requests': { type: 'string', default: '1000' },
  },
});
const positive = name => {
  const v = Number(flags[name]);
  if (!Number.isInteger(v) || v <= 0) {
    throw new Error(`--${name}: expected a positive integer`);
  }
  return v;
};
const RUNBOOKS = positive('runbooks');
const COMPONENTS = positive('components');
const DURATION = positive('duration');
const ROUNDS = positive('rounds');
const LATENCY_REQUESTS = positive('latency-requests');
const TEAMS = 50;
const HEADERS = { authorization: 'Bearer mock-user-token' };

const started = performance.now();
const log = (...args) =>
  console.log(
    `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s]`,
    ...args,
  );

// ------------------------------------------------------------ generation
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const r = prng(42);
// Words every runbook uses, and the subjects that set runbooks apart: each
// runbook is about a few subjects (the popular ones shared by hundreds of
// runbooks, most by a few dozen), as real runbooks are.
const COMMON = (
  'check the service logs status restart error if then and for with run on ' +
  'step verify confirm escalate team alert monitor dashboard metric command ' +
  'impact users customers minutes when after before until is are not no'
).split(/\s+/);
const SUBJECTS = (
  'database connection pool timeout latency cache redis postgres replica failover ' +
  'memory leak cpu throttling kubernetes pod deployment rollback canary ' +
  'certificate expiry dns resolution balancer ingress nginx queue backlog kafka ' +
  'consumer lag disk pressure inode volume snapshot backup restore migration schema ' +
  'lock deadlock vacuum index query plan endpoint saturation pagerduty ' +
  'authentication token session login oauth saml gateway throttle retry ' +
  'circuit breaker dependency upstream webhook email smtp storage bucket ' +
  'permission secret rotation vault config flag toggle release freeze hotfix ' +
  'elasticsearch opensearch shard rebalance mongodb cassandra compaction ' +
  'rabbitmq sqs lambda cron scheduler batch etl warehouse snowflake bigquery ' +
  'cdn cloudfront edge waf ddos firewall vpn bastion ssh ldap sso mfa ' +
  'payments billing invoice refund fraud checkout cart inventory search ' +
  'notification push sms twilio sendgrid mobile ios android frontend bundle'
).split(/\s+/);
const zipf = list => list[Math.floor(list.length * Math.pow(r(), 2.2))];
let subjects = [];
const word = () =>
  r() < 0.3 ? subjects[Math.floor(r() * subjects.length)] : zipf(COMMON);
const words = n => Array.from({ length: n }, word).join(' ');
const sentence = () => {
  const s = words(8 + Math.floor(r() * 12));
  return `${s[0].toUpperCase()}${s.slice(1)}.`;
};
const pad = (n, w) => String(n).padStart(w, '0');
const day = daysAgo =>
  new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

function runbookText(i, targetBytes) {
  subjects = Array.from({ length: 3 }, () => zipf(SUBJECTS));
  const team = i % TEAMS;
  const component = i % COMPONENTS;
  const parts = [
    '---',
    `title: 'Runbook ${pad(i, 4)}: ${words(3)}'`,
    `owner: group:default/team-${pad(team, 2)}`,
    `entities: [component:default/svc-${pad(component, 4)}]`,
    `tags: [${words(3).split(' ').join(', ')}]`,
    `severities: [P${i % 4}]`,
    `lastReviewed: ${day(Math.floor(r() * 400))}`,
    '---',
    '',
    `# Runbook ${pad(i, 4)}`,
    '',
    Array.from({ length: 3 }, sentence).join(' '),
    '',
  ];
  let section = 0;
  while (parts.join('\n').length < targetBytes) {
    section++;
    parts.push(`## ${words(2)} (P${section % 4})`, '');
    parts.push(Array.from({ length: 4 }, sentence).join(' '), '');
    parts.push(`### Step ${section}: ${words(2)}`, '');
    parts.push(
      '```bash',
      `kubectl -n svc-${pad(component, 4)} rollout restart deploy/${word()}`,
      `# ${sentence()}`,
      `curl -sf https://svc-${pad(component, 4)}.internal/health`,
      '```',
      '',
    );
    parts.push(
      '| check | threshold |',
      '| --- | --- |',
      `| ${word()} | ${Math.floor(r() * 100)}% |`,
      '',
    );
  }
  return parts.join('\n');
}

function generate(dir) {
  const root = path.join(dir, 'docs');
  for (let t = 0; t < TEAMS; t++) {
    fs.mkdirSync(path.join(root, 'runbooks', `team-${pad(t, 2)}`), {
      recursive: true,
    });
  }
  let bytes = 0;
  for (let i = 0; i < RUNBOOKS; i++) {
    const text = runbookText(i, i === 0 ? 9000 : 3000 + Math.floor(r() * 7000));
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(
      path.join(
        root,
        'runbooks',
        `team-${pad(i % TEAMS, 2)}`,
        `rb-${pad(i, 4)}.md`,
      ),
      text,
    );
  }
  const entities = [];
  for (let c = 0; c < COMPONENTS; c++) {
    const team = pad(c % TEAMS, 2);
    const annotations = {};
    const links = [];
    // A tenth name a team's folder by glob, another tenth one file; a tenth link one.
    if (c % 10 === 0) {
      annotations['bomizzel.com/runbooks'] = `runbooks/team-${team}/*.md`;
    } else if (c % 10 === 1) {
      annotations['bomizzel.com/runbooks'] = `runbooks/team-${team}/rb-${pad(
        c % TEAMS,
        4,
      )}.md`;
    } else if (c % 10 === 2) {
      links.push({
        url: `/runbooks/runbooks/team-${team}/rb-${pad(c % TEAMS, 4)}.md`,
        type: 'runbook',
      });
    }
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${pad(c, 4)}`,
        namespace: 'default',
        annotations,
        links,
      },
      spec: { owner: `group:default/team-${team}`, system: `sys-${team}` },
    });
  }
  for (let t = 0; t < TEAMS; t++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `sys-${pad(t, 2)}`, namespace: 'default' },
      spec: {},
      relations: entities
        .filter(e => e.spec.system === `sys-${pad(t, 2)}`)
        .map(e => ({
          type: 'hasPart',
          targetRef: `component:default/${e.metadata.name}`,
        })),
    });
  }
  const entitiesFile = path.join(dir, 'entities.json');
  fs.writeFileSync(entitiesFile, JSON.stringify(entities));
  return { root, entitiesFile, bytes };
}

// ---------------------------------------------------------------- server
async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(root, entitiesFile) {
  const port = await freePort();
  const child = fork(path.join(here, 'server.cjs'), [], {
    cwd: repo,
    execArgv: [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
    ],
    env: {
      ...process.env,
      BENCH_PORT: String(port),
      BENCH_ROOT: root,
      BENCH_ENTITIES: entitiesFile,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => {
    // Indexing 5,000 runbooks takes a while on a busy machine.
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the backend did not start within 600 s'));
    }, 600_000);
    child.on('message', m => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`the backend exited with ${code}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function getJson(base, p) {
  const res = await fetch(`${base}${p}`, { headers: HEADERS });
  if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
  return res.json();
}

// ----------------------------------------------------------- measurement
function quantile(sorted, q) {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** One request at a time; latency per request from autocannon's response events. */
async function latency(base, nextPath) {
  const samples = [];
  let non2xx = 0;
  const instance = autocannon({
    url: base,
    connections: 1,
    amount: LATENCY_REQUESTS,
    headers: HEADERS,
    requests: [
      { method: 'GET', setupRequest: req => ({ ...req, path: nextPath() }) },
    ],
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    samples.push(ms);
    if (status < 200 || status >= 300) non2xx++;
  });
  await instance;
  const s = Float64Array.from(samples).sort();
  return {
    n: s.length,
    non2xx,
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
    max: s[s.length - 1],
  };
}

async function throughput(base, p, headers = HEADERS) {
  const result = await autocannon({
    url: `${base}${p}`,
    connections: 32,
    duration: DURATION,
    headers,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    non2xx: result.non2xx + result.errors,
  };
}

const f2 = v => v.toFixed(2);
function table(headers, rows) {
  const cells = [headers, ...rows].map(row => row.map(String));
  const widths = headers.map((_, i) =>
    Math.max(...cells.map(row => row[i].length)),
  );
  const line = row =>
    row
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ');
  console.log(line(cells[0]));
  console.log(widths.map(w => '-'.repeat(w)).join('  '));
  cells.slice(1).forEach(row => console.log(line(row)));
}

// ------------------------------------------------------------------- run
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbooks-bench-'));
let server;
try {
  log(
    `node ${process.version}, ${os.availableParallelism()} cores, load ${os
      .loadavg()
      .map(f2)
      .join(' ')}`,
  );
  const { root, entitiesFile, bytes } = generate(dir);
  log(
    `generated ${RUNBOOKS} runbooks (${(bytes / 1e6).toFixed(1)} MB) and ${
      COMPONENTS + TEAMS
    } entities in ${dir}`,
  );

  const boot = performance.now();
  server = await startServer(root, entitiesFile);
  const { total } = await getJson(
    server.base,
    '/api/incidents/runbooks?limit=1',
  );
  if (total !== RUNBOOKS)
    throw new Error(`indexed ${total} runbooks, expected ${RUNBOOKS}`);
  log(
    `backend up with ${total} runbooks indexed in ${(
      (performance.now() - boot) /
      1000
    ).toFixed(1)} s`,
  );

  // Entities: components (front matter + annotation/glob/link) and systems (roll-up of 20 parts).
  const entityRefs = [
    ...Array.from(
      { length: COMPONENTS },
      (_, c) => `component:default/svc-${pad(c, 4)}`,
    ),
    ...Array.from(
      { length: TEAMS },
      (_, t) => `system:default/sys-${pad(t, 2)}`,
    ),
  ];
  const sizes = await Promise.all(
    [entityRefs[0], entityRefs[3], entityRefs[COMPONENTS]].map(async ref => [
      ref,
      (
        await getJson(server.base, `/api/incidents/runbooks?entityRef=${ref}`)
      ).items.length,
    ]),
  );
  log(
    `runbooks per entity, e.g. ${sizes
      .map(([ref, n]) => `${ref}: ${n}`)
      .join(', ')}`,
  );
  // Subjects popular and rare, several words, an unfinished word, a title, a
  // word in every runbook, nothing.
  const queries = [
    'database',
    'redis failover',
    'certificate expiry',
    'kafka consumer lag',
    'rollback',
    'dead',
    'pgbouncer',
    'Runbook 1234',
    'vacuum index',
    'oauth token rotation',
    'restart',
  ];
  const probe = await getJson(
    server.base,
    `/api/incidents/runbooks?q=${encodeURIComponent('redis failover')}`,
  );
  log(
    `search "redis failover": ${probe.total} matches, best "${probe.items[0]?.title}"`,
  );

  const rnd = prng(7);
  const pick = list => list[Math.floor(rnd() * list.length)];
  // Warm-up, then latency at concurrency 1.
  await latency(
    server.base,
    () => `/api/incidents/runbooks?entityRef=${pick(entityRefs)}`,
  );
  const entityList = await latency(
    server.base,
    () => `/api/incidents/runbooks?entityRef=${pick(entityRefs)}`,
  );
  const search = await latency(
    server.base,
    () => `/api/incidents/runbooks?q=${encodeURIComponent(pick(queries))}`,
  );
  // Calibration: the cheapest route of the plugin, through the same stack.
  const floor = await latency(server.base, () => '/api/incidents/severities');
  const searchInEntity = await latency(
    server.base,
    () =>
      `/api/incidents/runbooks?entityRef=${pick(
        entityRefs.slice(COMPONENTS),
      )}&q=${encodeURIComponent(pick(queries))}`,
  );
  console.log(
    `\n(a, b) latency, one request at a time, ${LATENCY_REQUESTS} requests each (ms)`,
  );
  table(
    ['request', 'n', 'non-2xx', 'p50', 'p95', 'p99', 'max'],
    [
      ['entity runbook list (random component or system)', entityList],
      ['search (11 queries, all runbooks)', search],
      ['search within a system', searchInEntity],
      ['calibration: GET /severities (constant JSON)', floor],
    ].map(([name, s]) => [
      name,
      s.n,
      s.non2xx,
      f2(s.p50),
      f2(s.p95),
      f2(s.p99),
      f2(s.max),
    ]),
  );

  // (c) one runbook: API vs express.static, same file, same backend and auth.
  const file = 'runbooks/team-00/rb-0000.md';
  const apiPath = `/api/incidents/runbooks/${file}`;
  const staticPath = `/api/benchstatic/${file}`;
  const apiBody = await getJson(server.base, apiPath);
  const staticText = await (
    await fetch(`${server.base}${staticPath}`, { headers: HEADERS })
  ).text();
  if (!staticText.endsWith(apiBody.markdown)) {
    throw new Error('the API and express.static do not serve the same runbook');
  }
  log(
    `fetching ${file} (${Buffer.byteLength(
      staticText,
    )} bytes on disk); warm-up 2 s each`,
  );
  // Two ways of asking: as the portal's browser does (it always accepts
  // gzip: express.static's answer is then compressed by Backstage's
  // compression middleware on every request, the API's once per version),
  // and with no Accept-Encoding (identity on both sides).
  const clients = {
    browser: {
      label: 'as a browser asks (Accept-Encoding: gzip, deflate, br)',
      headers: { ...HEADERS, 'accept-encoding': 'gzip, deflate, br' },
    },
    identity: {
      label: 'without Accept-Encoding (no compression on either side)',
      headers: HEADERS,
    },
  };
  const paths = {
    api: apiPath,
    static: staticPath,
    // The calibration route bounds what any route of this backend can reach.
    floor: '/api/incidents/severities',
  };
  const names = {
    api: 'runbooks API',
    static: 'express.static',
    floor: 'calibration: /severities',
  };
  const ratios = {};
  for (const [client, { label, headers }] of Object.entries(clients)) {
    for (const p of [apiPath, staticPath]) {
      await autocannon({
        url: `${server.base}${p}`,
        connections: 32,
        duration: Math.min(2, DURATION),
        headers,
      });
    }
    const rows = [];
    const totals = { api: 0, static: 0, floor: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const order =
        round % 2 === 0
          ? ['api', 'static', 'floor']
          : ['floor', 'static', 'api'];
      for (const which of order) {
        const res = await throughput(server.base, paths[which], headers);
        totals[which] += res.rps;
        rows.push([
          `round ${round + 1}: ${names[which]}`,
          Math.round(res.rps),
          res.p50,
          res.p97_5,
          res.non2xx,
        ]);
      }
    }
    console.log(
      `\n(c) one runbook, ${label}, 32 connections, ${DURATION} s per run`,
    );
    table(['server', 'req/s', 'p50 ms', 'p97.5 ms', 'non-2xx'], rows);
    ratios[client] = totals.api / totals.static;
    console.log(
      `runbooks API / express.static = ${f2(
        ratios[client],
      )}x; calibration / express.static = ${f2(
        totals.floor / totals.static,
      )}x (a constant answer of this backend)`,
    );
  }

  console.log('\ntargets');
  table(
    ['target', 'measured', 'pass'],
    [
      [
        'entity list p95 < 20 ms',
        `${f2(entityList.p95)} ms`,
        entityList.p95 < 20 ? 'yes' : 'NO',
      ],
      [
        'search p95 < 20 ms',
        `${f2(search.p95)} ms`,
        search.p95 < 20 ? 'yes' : 'NO',
      ],
      ...Object.entries(ratios).map(([client, ratio]) => [
        `API >= 2x express.static (${client})`,
        `${f2(ratio)}x`,
        ratio >= 2 ? 'yes' : 'NO',
      ]),
    ],
  );
  console.log(
    `(load average now ${os
      .loadavg()
      .map(f2)
      .join(' ')}; the machine is shared, runs vary by up to 30%)`,
  );
} finally {
  server?.child.disconnect();
  await new Promise(resolve => setTimeout(resolve, 500));
  server?.child.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
