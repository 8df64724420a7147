/*
 * The production topology under parallel load and faults: the built backend
 * (yarn build:backend, run as the Dockerfile runs it) in two replicas on one
 * PostgreSQL and one Redis of the suite's own, behind a round-robin proxy,
 * with app-config.yaml + app-config.production.yaml and a small overlay
 * (ports, guest sign-in, a fake Statuspage, escalation in seconds).
 * Everything on loopback; a table of what was measured is printed at the end
 * and written to e2e-test-report/topology.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './lib/bundle.ts';
import { Client, json, request } from './lib/http.ts';
import type { Reply } from './lib/http.ts';
import { freePort, sleep, waitFor } from './lib/processes.ts';
import { ms, Report } from './lib/report.ts';
import { SignalsConnection } from './lib/signals.ts';
import {
  formatCounts,
  is2xx,
  latency,
  Load,
  parallel,
  statusCounts,
} from './lib/stats.ts';
import { logProblems, Replica, Topology } from './lib/topology.ts';

const BACKEND = 'component:default/bomizzel-backend';
const FRONTEND = 'component:default/bomizzel-frontend';
const report = new Report('Topology: two replicas, PostgreSQL 15, Redis');
const topo = new Topology({
  log: line => process.stdout.write(`[topology] ${line}\n`),
});
let startError: unknown;
let escalated: { id: number; declaredAt: number } | undefined;

/** The topology, or the reason it could not be started. */
function running() {
  if (startError) {
    throw startError;
  }
  return topo;
}

const api = () => running().client;

function declareBody(title: string, severity = 'P3', entityRefs = [BACKEND]) {
  return {
    title,
    severity,
    entityRefs,
    description: 'Declared by the topology test.',
  };
}

async function declare(title: string, severity = 'P3') {
  const reply = await api().call('/api/incidents/incidents', {
    method: 'POST',
    body: declareBody(title, severity),
    timeoutMs: 15_000,
  });
  const incident = json(reply);
  if (reply.status !== 201 || !incident?.id) {
    throw new Error(`declare: ${reply.status} ${reply.text.slice(0, 300)}`);
  }
  return incident as { id: number; ref: string; version: number };
}

async function timeline(id: number) {
  const reply = await api().call(`/api/incidents/incidents/${id}/events`, {
    timeoutMs: 15_000,
  });
  return (json(reply)?.items ?? []) as {
    type: string;
    message: string | null;
    data: Record<string, unknown>;
  }[];
}

/** Internal detail a caller must never see in an error answer. */
function leaks(replies: Reply[], pgPort: number) {
  const patterns = [
    /127\.0\.0\.1/,
    new RegExp(`\\b${pgPort}\\b`),
    /ECONNREFUSED|ECONNRESET|terminating connection/i,
    /\b(select|insert into|update|delete from)\b[\s\S]*\b(from|values|set|where)\b/i,
    /\n\s+at\s|node_modules|knex/i,
  ];
  return replies.filter(
    r => r.status >= 500 && patterns.some(p => p.test(r.text)),
  );
}

/** The first few distinct answers that are not 2xx, for the evidence. */
function evidence(replies: Reply[], limit = 3) {
  const seen = new Map<string, number>();
  for (const r of replies.filter(x => !is2xx(x))) {
    const key = `${r.status || 'none'} ${
      r.error ?? (json(r)?.error?.message as string) ?? r.text.slice(0, 160)
    }`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const logged = explainLogIds(replies.filter(r => r.status >= 500));
  return `${[...seen]
    .slice(0, limit)
    .map(([k, n]) => `${n}× ${k}`)
    .join(' | ')}${logged ? `; logged: ${logged}` : ''}`;
}

/** Problems the replicas logged since `marks`, for the evidence. */
function replicaProblems(marks: number[], limit = 4) {
  const found = new Map<string, number>();
  running().replicas.forEach((r, i) => {
    for (const line of logProblems(r.process?.since(marks[i]) ?? [])) {
      const key = `${r.name}: ${line.slice(0, 220)}`;
      found.set(key, (found.get(key) ?? 0) + 1);
    }
  });
  return [...found]
    .slice(0, limit)
    .map(([k, n]) => `${n}× ${k}`)
    .join(' | ');
}

const marks = () => running().replicas.map(r => r.process?.mark() ?? 0);

/**
 * What the replicas logged for the log ids of these error answers: the
 * message and, when a call to another Backstage service failed, that call.
 */
function explainLogIds(replies: Reply[], limit = 3) {
  const found = new Map<string, number>();
  for (const reply of replies) {
    const id = /log id (\w+)/.exec(reply.text)?.[1];
    if (!id) {
      continue;
    }
    for (const r of running().replicas) {
      for (const line of r.process?.grep(new RegExp(`"logId":"${id}"`)) ?? []) {
        const entry = JSON.parse(line);
        const call = entry.body?.request
          ? ` ← ${entry.body.request.method ?? ''} ${
              entry.body.request.url
            } answered ${entry.body.response?.statusCode ?? '?'}`
          : '';
        const key = `${r.name}: ${String(entry.message)
          .replace(/\(log id \w+\) /, '')
          .slice(0, 200)}${call}`;
        found.set(key, (found.get(key) ?? 0) + 1);
      }
    }
  }
  return [...found]
    .slice(0, limit)
    .map(([k, n]) => `${n}× ${k}`)
    .join(' | ');
}

beforeAll(async () => {
  try {
    await topo.start();
    await topo.signIn();
    await topo.catalogReady();
    // Declared first so that its escalation runs while the other scenarios do.
    const incident = await declare('Topology P0: escalation', 'P0');
    escalated = { id: incident.id, declaredAt: Date.now() };
  } catch (error) {
    startError = error;
  }
}, 900_000);

afterAll(async () => {
  const exits = await topo.close();
  for (const { name, exit } of exits) {
    if (exit) {
      report.add(
        'teardown',
        `replica ${name}: SIGTERM to exit`,
        `${ms(exit.ms)}, exit ${exit.code ?? exit.signal}${
          exit.killed ? ' (killed)' : ''
        }`,
        exit.ms <= 30_000 && !exit.killed,
      );
    }
  }
  if (topo.backend) {
    report.add(
      'build',
      'bundle and install',
      `bundle ${topo.backend.bundleHash}: build ${
        topo.backend.build.cached ? 'cached' : ms(topo.backend.build.ms)
      }, production install ${
        topo.backend.install.cached ? 'cached' : ms(topo.backend.install.ms)
      }`,
    );
  }
  report.print(join(REPO, 'e2e-test-report', 'topology.md'));
}, 120_000);

test('start-up: two replicas started together on an empty database all become ready; a failed start exits', () => {
  const t = running();
  for (const record of t.firstStart) {
    report.add(
      'start-up (empty database, both at once)',
      `replica ${record.name}`,
      record.attempts
        .map(
          a =>
            `${a.outcome}${
              a.exitCode !== undefined ? ` (exit ${a.exitCode})` : ''
            } after ${ms(a.ms)}${
              a.outcome === 'ready'
                ? ''
                : `: ${a.evidence.slice(0, 2).join(' | ')}`
            }`,
        )
        .join(' → '),
      record.attempts.length === 1 && record.attempts[0].outcome === 'ready',
    );
  }
  for (const record of t.firstStart) {
    expect(record.attempts.map(a => a.outcome)).not.toContain('lingering');
    // A database no replica could ever migrate again without an operator.
    expect(
      record.attempts.flatMap(a => a.evidence.filter(e => /knex lock/.test(e))),
    ).toEqual([]);
    // The portal's start-up gate makes the replicas take turns: each is
    // ready at its first attempt, no exit and restart needed.
    expect(record.attempts.map(a => a.outcome)).toEqual(['ready']);
  }
  // The production config's cache section is complete (backend-defaults
  // warned on every start when backend.cache.redis was missing).
  for (const replica of t.replicas) {
    expect(
      replica.process?.grep(/No configuration found for cache store/) ?? [],
    ).toEqual([]);
  }
});

test('start-up failure: a replica whose plugin cannot start exits non-zero instead of lingering', async () => {
  const t = running();
  const ports = { http: await freePort(), metrics: await freePort() };
  const base = t.overlay(ports.http);
  const overlay = join(t.tmp, 'app-config.topology-broken.yaml');
  // a configuration the incidents plugin refuses at start-up
  writeFileSync(
    overlay,
    JSON.stringify({
      ...base,
      incidents: { ...base.incidents, cache: { timeoutMs: -1 } },
    }),
  );
  const broken = new Replica('broken', ports, t, overlay).spawn();
  const exit = await Promise.race([
    broken.exited,
    sleep(60_000).then(() => undefined),
  ]);
  if (!exit) {
    await broken.stop('SIGKILL');
  }
  report.add(
    'start-up failure (invalid incidents config)',
    'the process',
    exit
      ? `exited ${exit.code ?? exit.signal} after ${ms(exit.at)}`
      : 'still running after 60 s',
    !!exit && exit.code !== 0,
  );
  expect(exit).toBeDefined();
  expect(exit!.code).not.toBe(0);
  expect(
    broken.grep(/incidents\.cache\.timeoutMs must be a positive number/),
  ).not.toEqual([]);
}, 90_000);

test('idempotent declare: 20 parallel POSTs with one Idempotency-Key across replicas make one incident with identical answers', async () => {
  const key = randomUUID();
  const title = `Topology idempotent ${key}`;
  const replies = await parallel(20, () =>
    api().call('/api/incidents/incidents', {
      method: 'POST',
      headers: { 'idempotency-key': key },
      body: declareBody(title),
      timeoutMs: 15_000,
    }),
  );
  const bodies = new Set(
    replies.filter(is2xx).map(r => JSON.stringify(json(r))),
  );
  const ids = new Set(replies.filter(is2xx).map(r => json(r)?.id));
  const list = json(
    await api().call(
      `/api/incidents/incidents?q=${encodeURIComponent(key)}&limit=100`,
    ),
  );
  const stored = list?.items?.length ?? -1;
  const replicas = new Set(replies.map(r => r.headers['x-topology-replica']));
  report.add(
    'idempotent declare ×20, one key',
    'statuses',
    `${formatCounts(statusCounts(replies))} via ${[...replicas].join('+')}${
      replies.every(is2xx) ? '' : `: ${evidence(replies)}`
    }`,
    replies.every(r => r.status === 201 || r.status === 200),
  );
  report.add(
    'idempotent declare ×20, one key',
    'incidents stored / distinct answers',
    `${stored} / ${bodies.size}`,
    stored === 1 && bodies.size === 1,
  );
  expect(replies.filter(r => r.status >= 500)).toEqual([]);
  expect(replies.every(is2xx)).toBe(true);
  expect(ids.size).toBe(1);
  expect(bodies.size).toBe(1);
  expect(stored).toBe(1);
}, 60_000);

test('parallel declares: 10 on one entity without a key all answer 201', async () => {
  const run = randomBytes(4).toString('hex');
  const replies = await parallel(10, i =>
    api().call('/api/incidents/incidents', {
      method: 'POST',
      body: declareBody(`Topology parallel ${run} ${i}`),
      timeoutMs: 15_000,
    }),
  );
  const ids = new Set(replies.filter(is2xx).map(r => json(r)?.id));
  report.add(
    'parallel declares ×10, one entity',
    'statuses / incidents',
    `${formatCounts(statusCounts(replies))} / ${ids.size}${
      replies.every(is2xx) ? '' : `: ${evidence(replies)}`
    }`,
    replies.every(r => r.status === 201) && ids.size === 10,
  );
  expect(replies.map(r => r.status)).toEqual(Array(10).fill(201));
  expect(ids.size).toBe(10);
}, 60_000);

test('parallel notes: 30 on one incident all answer 201 and all are on the timeline', async () => {
  const incident = await declare('Topology notes');
  const run = randomBytes(4).toString('hex');
  const replies = await parallel(30, i =>
    api().call(`/api/incidents/incidents/${incident.id}/events`, {
      method: 'POST',
      body: { type: 'note', message: `note ${run} ${i}` },
      timeoutMs: 15_000,
    }),
  );
  const notes = (await timeline(incident.id)).filter(
    e => e.type === 'note' && e.message?.startsWith(`note ${run} `),
  );
  report.add(
    'parallel notes ×30, one incident',
    'statuses / on the timeline',
    `${formatCounts(statusCounts(replies))} / ${notes.length}${
      replies.every(is2xx) ? '' : `: ${evidence(replies)}`
    }`,
    replies.every(r => r.status === 201) && notes.length === 30,
  );
  expect(replies.map(r => r.status)).toEqual(Array(30).fill(201));
  expect(notes.length).toBe(30);
}, 60_000);

test('If-Match: 10 parallel PATCHes with the same ETag give one 200 and nine 412', async () => {
  const incident = await declare('Topology If-Match');
  const read = await api().call(`/api/incidents/incidents/${incident.id}`);
  const etag = String(read.headers.etag);
  const replies = await parallel(10, i =>
    api().call(`/api/incidents/incidents/${incident.id}`, {
      method: 'PATCH',
      headers: { 'if-match': etag },
      body: { title: `Topology If-Match, writer ${i}` },
      timeoutMs: 15_000,
    }),
  );
  const counts = statusCounts(replies);
  report.add(
    'If-Match ×10, one ETag',
    'statuses',
    formatCounts(counts),
    counts['200'] === 1 && counts['412'] === 9,
  );
  expect(counts).toEqual({ '200': 1, '412': 9 });
}, 60_000);

function alertPayload(
  service: string,
  severity: string,
  groupKey = `{}:{alertname="TopologyTest",run="${randomUUID()}"}`,
) {
  return {
    version: '4',
    groupKey,
    status: 'firing',
    receiver: 'backstage',
    groupLabels: { alertname: 'TopologyTest' },
    commonLabels: { alertname: 'TopologyTest', service, severity },
    commonAnnotations: { summary: 'Raised by the topology test' },
    externalURL: 'http://alertmanager.invalid',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'TopologyTest', service, severity },
        annotations: { summary: 'Raised by the topology test' },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.invalid/graph',
        fingerprint: randomBytes(8).toString('hex'),
      },
    ],
  };
}

test('alert redeliveries: 10 parallel deliveries of one payload across replicas with the shipped token open one incident, all 200', async () => {
  const t = running();
  const payload = alertPayload('bomizzel-backend', 'warning');
  const replies = await parallel(10, () =>
    t.alertmanager.call('/api/incidents/alerts/alertmanager', {
      method: 'POST',
      body: payload,
      timeoutMs: 15_000,
    }),
  );
  const incidents = new Set(
    replies.map(r => json(r)?.incident?.id).filter(Boolean),
  );
  report.add(
    'alert redelivery ×10, shipped token',
    'statuses / incidents',
    `${formatCounts(statusCounts(replies))} / ${incidents.size}${
      replies.every(is2xx) ? '' : `: ${evidence(replies)}`
    }`,
    replies.every(r => r.status === 200) && incidents.size === 1,
  );
  expect(replies.map(r => r.status)).toEqual(Array(10).fill(200));
  expect(incidents.size).toBe(1);
}, 60_000);

test('status cache shared: parallel cold GET /status across both replicas make one upstream call per key', async () => {
  const t = running();
  t.statuspage.delayMs = 300;
  const before = t.statuspage.calls;
  const status = (i: number) =>
    api().call(
      `/api/incidents/status?entityRef=${i % 2 ? BACKEND : FRONTEND}`,
      { timeoutMs: 10_000 },
    );
  const cold = await parallel(40, status);
  const afterCold = t.statuspage.calls;
  const warm = await parallel(40, status);
  const afterWarm = t.statuspage.calls;
  const sources = cold
    .concat(warm)
    .map(r => json(r)?.sources?.find((s: any) => s.source === 'statuspage'));
  const ok = sources.filter(s => s?.state === 'ok').length;
  const keys = await t.redis.keys('*');
  report.add(
    'status cache, 40 cold + 40 warm GET /status',
    'upstream calls cold / warm (one key: the page)',
    `${afterCold - before} / ${afterWarm - afterCold}; answers ${formatCounts(
      statusCounts(cold.concat(warm)),
    )}, statuspage ok in ${ok}/80; Redis keys: ${keys.length}`,
    afterCold - before === 1 && afterWarm === afterCold,
  );
  report.add(
    'status cache, 40 cold + 40 warm GET /status',
    'latency cold / warm p50, p95',
    `${ms(latency(cold).p50)}, ${ms(latency(cold).p95)} / ${ms(
      latency(warm).p50,
    )}, ${ms(latency(warm).p95)}`,
  );
  expect(cold.concat(warm).every(is2xx)).toBe(true);
  expect(ok).toBe(80);
  expect(afterWarm - afterCold).toBe(0);
  expect(afterCold - before).toBe(1);
}, 60_000);

test('signals: a websocket on replica B receives what replica A published (notification_read)', async () => {
  const t = running();
  const [a, b] = t.replicas;
  const ws = await SignalsConnection.open(b.url, t.guestToken, [
    'notifications',
  ]);
  try {
    await sleep(500);
    const id = randomUUID();
    const sent = Date.now();
    const reply = await a
      .client(t.guestToken)
      .call('/api/notifications/update', {
        method: 'POST',
        body: { ids: [id], read: true },
      });
    const got = await ws.waitFor(
      s =>
        s.channel === 'notifications' &&
        s.message.action === 'notification_read' &&
        JSON.stringify(s.message.notification_ids) === JSON.stringify([id]),
      15_000,
    );
    report.add(
      'signals across replicas',
      'read mark on A → websocket on B',
      got
        ? `delivered in ${ms(got.at - sent)} (publish ${reply.status})`
        : `not delivered within 15 s (publish ${reply.status}; B got ${ws.messages.length} messages)`,
      !!got,
    );
    expect(reply.status).toBe(200);
    expect(got).toBeDefined();
  } finally {
    ws.close();
  }
}, 60_000);

test('signals: a P0 from an alert delivered to replica A notifies the owner team member connected to replica B', async () => {
  const t = running();
  const [a, b] = t.replicas;
  const ws = await SignalsConnection.open(b.url, t.guestToken, [
    'notifications',
  ]);
  try {
    await sleep(500);
    const sent = Date.now();
    const reply = await new Client(a.url, t.alertmanagerToken).call(
      '/api/incidents/alerts/alertmanager',
      {
        method: 'POST',
        body: alertPayload('bomizzel-backend', 'critical'),
        timeoutMs: 15_000,
      },
    );
    const got = await ws.waitFor(
      s =>
        s.channel === 'notifications' &&
        s.message.action === 'new_notification',
      15_000,
    );
    report.add(
      'signals across replicas',
      'P0 alert on A → new_notification on B (guest, backend-team)',
      got
        ? `delivered in ${ms(got.at - sent)} (alert ${reply.status})`
        : `not delivered within 15 s (alert ${reply.status} ${
            reply.status === 200 ? '' : reply.text.slice(0, 160)
          })`,
      !!got,
    );
    expect(reply.status).toBe(200);
    expect(got).toBeDefined();
  } finally {
    ws.close();
  }
}, 60_000);

test('escalation: each level of a P0 fires exactly once with both replicas running the scheduler', async () => {
  const t = running();
  const incident = escalated!;
  const expected = ['oncall', 'lead', 'manager'];
  const state = await waitFor(
    'the oncall, lead and manager levels to fire',
    async () => {
      const body = json(
        await t.client.call(
          `/api/incidents/incidents/${incident.id}/escalation`,
        ),
      );
      const fired = (body?.levels ?? []).filter(
        (l: any) => l.state === 'fired',
      );
      return fired.length >= expected.length ? body : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 1000 },
  ).catch(() => undefined);
  // Two more checks of the scheduler (every 2 s) to see nothing fires twice.
  await sleep(5000);
  const events = (await timeline(incident.id)).filter(
    e => e.type === 'escalated',
  );
  const perLevel: Record<string, number> = {};
  for (const e of events) {
    const level = String(e.data.level ?? e.data.role ?? e.data.id ?? '?');
    perLevel[level] = (perLevel[level] ?? 0) + 1;
  }
  const levels = (state?.levels ?? []).map(
    (l: any) => `${l.role ?? l.id}:${l.state}`,
  );
  report.add(
    'escalation, P0, levels at 0 / 3 / 6 s',
    'levels / escalated events per level',
    `${levels.join(' ')} / ${JSON.stringify(perLevel)} after ${ms(
      Date.now() - incident.declaredAt,
    )}`,
    !!state && events.length === expected.length,
  );
  expect(state).toBeDefined();
  expect(events.length).toBe(expected.length);
  expect(Object.values(perLevel).every(n => n === 1)).toBe(true);
}, 90_000);

/** Each series of a metric in Prometheus text: its labels and value. */
function series(text: string, name: string) {
  const found: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(?:\\{(.*)\\})? (\\S+)$`).exec(line);
    if (match) {
      const labels: Record<string, string> = {};
      for (const [, k, v] of (match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)) {
        labels[k] = v;
      }
      found.push({ labels, value: Number(match[2]) });
    }
  }
  return found;
}

const sum = (values: { value: number }[]) =>
  values.reduce((total, v) => total + v.value, 0);

test("metrics: each replica serves the suite's metrics in the Prometheus format, and they add up to what happened", async () => {
  const t = running();
  const scrapes = await Promise.all(
    t.replicas.map(r =>
      request(`http://127.0.0.1:${r.metricsPort}/metrics`, {
        timeoutMs: 10_000,
      }),
    ),
  );
  // every incident of the run, through the API
  const incidents: { status: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = json(
      await api().call(
        `/api/incidents/incidents?limit=100${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
        }`,
      ),
    );
    incidents.push(...(page?.items ?? []));
    cursor = page?.nextCursor;
  } while (cursor);
  const open = incidents.filter(i => i.status !== 'RESOLVED').length;

  const declared = scrapes.flatMap(r =>
    series(r.text, 'backstage_plugin_incidents_declared_total'),
  );
  const openBy = scrapes.map(r =>
    sum(series(r.text, 'backstage_plugin_incidents_open')),
  );
  const fired = scrapes.flatMap(r =>
    series(r.text, 'backstage_plugin_incidents_escalations_fired_total'),
  );
  const received = scrapes.flatMap(r =>
    series(r.text, 'backstage_plugin_incidents_alerts_received_total'),
  );
  report.add(
    'metrics (Prometheus, each replica)',
    'declared (sum) / incidents; open per replica / open; escalations fired; alerts received',
    `${sum(declared)} / ${incidents.length}; ${openBy.join(
      ', ',
    )} / ${open}; ${sum(fired)}; ${sum(received)}`,
    scrapes.every(r => r.status === 200) &&
      sum(declared) === incidents.length &&
      openBy.every(n => n === open),
  );
  for (const scrape of scrapes) {
    expect(scrape.status).toBe(200);
    expect(scrape.text).toContain(
      '# TYPE backstage_plugin_incidents_declared_total counter',
    );
  }
  // counters: each replica counts what it did; together, every declare
  expect(sum(declared)).toBe(incidents.length);
  expect(
    sum(declared.filter(d => d.labels.source === 'alert')),
  ).toBeGreaterThanOrEqual(2);
  // the gauge: every replica reads the same database
  expect(openBy).toEqual(t.replicas.map(() => open));
  expect(sum(fired)).toBeGreaterThanOrEqual(3);
  expect(sum(received)).toBeGreaterThanOrEqual(10);
}, 60_000);

type Tagged = Reply & { kind: string; tag: string; phase: string };

/** The time every replica first answered a request sent after `since` with 2xx, or undefined. */
function everyReplicaAnswered(results: Tagged[], since: number) {
  let latest = 0;
  for (const replica of running().replicas) {
    const first = results.find(
      r =>
        r.startedAt >= since &&
        is2xx(r) &&
        r.headers['x-topology-replica'] === replica.name,
    );
    if (!first) {
      return undefined;
    }
    latest = Math.max(latest, first.startedAt + first.ms);
  }
  return latest;
}

test('PostgreSQL restarted under write load: only 2xx or 503, nothing internal leaked, no acknowledged write lost, recovery within 10 s', async () => {
  const t = running();
  const incident = await declare('Topology PostgreSQL restart');
  const m = marks();
  let phase = 'before';
  const run = randomBytes(4).toString('hex');
  const load = new Load<Tagged>(6, async (worker, n) => {
    const tag = `${run}-${worker}-${n}`;
    const kind = n % 3 === 0 ? 'declare' : 'note';
    const at = phase;
    const reply =
      kind === 'note'
        ? await api().call(`/api/incidents/incidents/${incident.id}/events`, {
            method: 'POST',
            body: { type: 'note', message: `pg ${tag}` },
            timeoutMs: 15_000,
          })
        : await api().call('/api/incidents/incidents', {
            method: 'POST',
            headers: { 'idempotency-key': `pg-${tag}` },
            body: declareBody(`Topology PostgreSQL ${tag}`),
            timeoutMs: 15_000,
          });
    if (!is2xx(reply)) {
      // A client backs off a little after an error.
      await sleep(200);
    }
    return { ...reply, kind, tag, phase: at };
  });
  await sleep(3000);
  const downAt = Date.now();
  phase = 'down';
  await t.pg.stop();
  await sleep(5000);
  await t.pg.start();
  const upAt = Date.now();
  phase = 'back';
  const recovered = await waitFor(
    'writes to succeed again on every replica',
    () => everyReplicaAnswered(load.results, upAt),
    { timeoutMs: 30_000, intervalMs: 250 },
  ).catch(() => undefined);
  // Some clean load after recovery.
  await sleep(5000);
  const writes = await load.stop();

  for (const p of ['before', 'down', 'back']) {
    const ws = writes.filter(w => w.phase === p);
    report.add(
      'PostgreSQL restart under writes (6 writers)',
      `${p === 'down' ? 'while down (5 s)' : p}: statuses, p50/p95`,
      `${formatCounts(statusCounts(ws))}, ${ms(latency(ws).p50)}/${ms(
        latency(ws).p95,
      )}${ws.every(is2xx) ? '' : `: ${evidence(ws)}`}`,
    );
  }
  const bad = writes.filter(w => !is2xx(w) && w.status !== 503);
  const no503RetryAfter = writes.filter(
    w => w.status === 503 && !w.headers['retry-after'],
  );
  const leaked = leaks(writes, t.pg.port);
  const recoveryMs = recovered ? recovered - upAt : NaN;
  // Every acknowledged write is still there.
  const notes = new Set(
    (await timeline(incident.id))
      .filter(e => e.type === 'note')
      .map(e => e.message),
  );
  const acknowledgedNotes = writes.filter(w => w.kind === 'note' && is2xx(w));
  const lostNotes = acknowledgedNotes.filter(w => !notes.has(`pg ${w.tag}`));
  const declared = writes.filter(w => w.kind === 'declare' && is2xx(w));
  const lookups = await parallel(declared.length, i =>
    api().call(`/api/incidents/incidents/${json(declared[i])?.id}`, {
      timeoutMs: 15_000,
    }),
  );
  const lostDeclares = lookups.filter(r => r.status !== 200);
  report.add(
    'PostgreSQL restart under writes (6 writers)',
    'only 2xx/503 (503 with Retry-After), no internal detail',
    `${bad.length} other, ${no503RetryAfter.length} 503 without Retry-After, ${
      leaked.length
    } leaking${
      leaked.length
        ? `: ${leaked[0].status} ${leaked[0].text.slice(0, 200)}`
        : ''
    }${bad.length ? `; ${evidence(bad)}` : ''}`,
    bad.length === 0 && no503RetryAfter.length === 0 && leaked.length === 0,
  );
  report.add(
    'PostgreSQL restart under writes (6 writers)',
    'recovery after the database is back (every replica)',
    `${ms(recoveryMs)} (down ${ms(upAt - downAt)})`,
    recoveryMs <= 10_000,
  );
  report.add(
    'PostgreSQL restart under writes (6 writers)',
    'acknowledged writes lost',
    `${lostNotes.length} of ${acknowledgedNotes.length} notes, ${lostDeclares.length} of ${declared.length} declares`,
    lostNotes.length === 0 && lostDeclares.length === 0,
  );
  if (bad.length || leaked.length) {
    report.add(
      'PostgreSQL restart under writes (6 writers)',
      'replica log for those answers',
      explainLogIds([...bad, ...leaked]) || replicaProblems(m),
    );
  }
  expect(bad.map(w => `${w.status} ${w.text.slice(0, 120)}`)).toEqual([]);
  expect(no503RetryAfter.length).toBe(0);
  expect(leaked.map(w => w.text.slice(0, 200))).toEqual([]);
  expect(recoveryMs).toBeLessThanOrEqual(10_000);
  expect(lostNotes.length + lostDeclares.length).toBe(0);
}, 180_000);

/** Mixed requests of a portal page, each with its deadline. */
function mixedRequest(client: Client, incidentId: number, n: number) {
  const routes: [string, () => Promise<Reply>, number][] = [
    [
      'GET /status',
      () =>
        client.call(`/api/incidents/status?entityRef=${BACKEND}`, {
          timeoutMs: 5000,
        }),
      5000,
    ],
    [
      'GET /incidents?entityRef',
      () =>
        client.call(`/api/incidents/incidents?entityRef=${BACKEND}&limit=20`, {
          timeoutMs: 5000,
        }),
      5000,
    ],
    [
      'GET /incidents/{id}',
      () =>
        client.call(`/api/incidents/incidents/${incidentId}`, {
          timeoutMs: 5000,
        }),
      5000,
    ],
    [
      'GET /severities',
      () => client.call('/api/incidents/severities', { timeoutMs: 5000 }),
      5000,
    ],
    [
      'POST note',
      () =>
        client.call(`/api/incidents/incidents/${incidentId}/events`, {
          method: 'POST',
          body: { type: 'note', message: `mixed ${n}` },
          timeoutMs: 5000,
        }),
      5000,
    ],
  ];
  const [route, call, deadline] = routes[n % routes.length];
  return call().then(reply => ({ ...reply, route, deadline }));
}
type Mixed = Awaited<ReturnType<typeof mixedRequest>> & { phase: string };

test('SIGTERM to a replica under load: requests in flight and during the shutdown delay complete, exit within 30 s', async () => {
  const t = running();
  const incident = await declare('Topology SIGTERM');
  const target = t.replicas[1];
  const direct = target.client(t.guestToken);
  let phase = 'before';
  let directOpen = true;
  // Through the proxy, as users reach the portal.
  const viaProxy = new Load<Mixed>(6, async (_, n) => ({
    ...(await mixedRequest(api(), incident.id, n)),
    phase,
  }));
  // Straight to the replica: connections a load balancer had already opened,
  // sending until a little after SIGTERM (within the shutdown delay).
  const toTarget = new Load<Mixed>(4, async (_, n) => {
    if (!directOpen) {
      await sleep(50);
      return undefined as unknown as Mixed;
    }
    return { ...(await mixedRequest(direct, incident.id, n)), phase };
  });
  await sleep(3000);
  phase = 'draining';
  const termAt = Date.now();
  const exitPromise = t.stopReplica(target, 30_000);
  await sleep(3000);
  directOpen = false;
  const exit = await exitPromise;
  phase = 'after';
  await sleep(2000);
  const proxied = await viaProxy.stop();
  const straight = (await toTarget.stop()).filter(Boolean);
  const inFlight = straight.filter(
    r => r.startedAt < termAt && r.startedAt + r.ms > termAt,
  );
  const duringDelay = straight.filter(r => r.startedAt >= termAt);
  report.add(
    'SIGTERM to replica b under load',
    'exit after SIGTERM',
    `${ms(exit.ms)}, exit ${exit.code ?? exit.signal}${
      exit.killed ? ' (killed at 30 s)' : ''
    }`,
    exit.ms <= 30_000 && !exit.killed && exit.code === 0,
  );
  report.add(
    'SIGTERM to replica b under load',
    'in flight at SIGTERM / sent to b during the delay',
    `${formatCounts(statusCounts(inFlight))} / ${formatCounts(
      statusCounts(duringDelay),
    )}${
      inFlight.concat(duringDelay).every(is2xx)
        ? ''
        : `: ${evidence(inFlight.concat(duringDelay))}`
    }`,
    inFlight.concat(duringDelay).every(is2xx),
  );
  report.add(
    'SIGTERM to replica b under load',
    'through the proxy: statuses, p50/p95',
    `${formatCounts(statusCounts(proxied))}, ${ms(latency(proxied).p50)}/${ms(
      latency(proxied).p95,
    )}${proxied.every(is2xx) ? '' : `: ${evidence(proxied)}`}`,
    proxied.every(is2xx),
  );
  // The rolling restart's other half: the replica comes back on the migrated database.
  const restarted = await t.supervise([target]);
  report.add(
    'SIGTERM to replica b under load',
    'restart on the existing database',
    restarted[0].attempts
      .map(a => `${a.outcome} after ${ms(a.ms)}`)
      .join(' → '),
    restarted[0].attempts.length === 1,
  );
  expect(exit.killed).toBe(false);
  expect(exit.ms).toBeLessThanOrEqual(30_000);
  expect(exit.code).toBe(0);
  expect(inFlight.concat(duringDelay).filter(r => !is2xx(r))).toEqual([]);
  expect(proxied.filter(r => !is2xx(r)).map(r => r.status)).toEqual([]);
}, 180_000);

test('Redis stopped and restarted under load: every route answers within its deadline, cache use resumes without a restart', async () => {
  const t = running();
  const incident = await declare('Topology Redis restart');
  const m = marks();
  let phase = 'before';
  const load = new Load<Mixed>(6, async (_, n) => ({
    ...(await mixedRequest(api(), incident.id, n)),
    phase,
  }));
  await sleep(3000);
  phase = 'down';
  const callsBefore = t.statuspage.calls;
  await t.redis.stop();
  await sleep(8000);
  const callsDown = t.statuspage.calls - callsBefore;
  await t.redis.start();
  phase = 'back';
  await sleep(12_000);
  const replies = await load.stop();
  for (const p of ['before', 'down', 'back']) {
    const rs = replies.filter(r => r.phase === p);
    const slow = rs.filter(r => r.status === 0 || r.ms > r.deadline);
    const routes = [...new Set(slow.map(r => r.route))];
    report.add(
      'Redis stop (8 s) and restart under load (6 clients)',
      `${p === 'down' ? 'while down' : p}: statuses, p50/p95, over deadline`,
      `${formatCounts(statusCounts(rs))}, ${ms(latency(rs).p50)}/${ms(
        latency(rs).p95,
      )}, ${slow.length} over (${routes.join(', ') || '-'})${
        rs.every(is2xx) ? '' : `: ${evidence(rs)}`
      }`,
      slow.length === 0 && rs.every(is2xx),
    );
  }
  // Cache use resumes: one fill after the restart, then answers from Redis.
  await sleep(2000);
  const c0 = t.statuspage.calls;
  const first = await parallel(20, () =>
    api().call(`/api/incidents/status?entityRef=${BACKEND}`, {
      timeoutMs: 5000,
    }),
  );
  const c1 = t.statuspage.calls;
  const second = await parallel(20, () =>
    api().call(`/api/incidents/status?entityRef=${BACKEND}`, {
      timeoutMs: 5000,
    }),
  );
  const c2 = t.statuspage.calls;
  const keys = await t.redis.keys('*').catch(() => []);
  report.add(
    'Redis stop (8 s) and restart under load (6 clients)',
    'upstream calls: while down / refill / from cache; Redis keys after',
    `${callsDown} / ${c1 - c0} / ${c2 - c1}; ${
      keys.length
    } keys; answers ${formatCounts(statusCounts(first.concat(second)))}`,
    c2 - c1 === 0 && keys.length > 0 && first.concat(second).every(is2xx),
  );
  report.add(
    'Redis stop (8 s) and restart under load (6 clients)',
    'replica log',
    replicaProblems(m) || '-',
  );
  const slow = replies.filter(r => r.status === 0 || r.ms > r.deadline);
  expect(slow.map(r => `${r.route} ${r.status} ${r.ms} ms`)).toEqual([]);
  expect(replies.filter(r => !is2xx(r)).map(r => r.status)).toEqual([]);
  expect(first.concat(second).every(is2xx)).toBe(true);
  expect(c2 - c1).toBe(0);
  expect(keys.length).toBeGreaterThan(0);
}, 180_000);
