/*
 * yarn bench:topology [--seconds 30] [--connections 32] [--rounds 1]
 *
 * The production build in two replicas on one PostgreSQL and Redis (the
 * topology suite's harness), under 32 connections of mixed entity-history
 * reads (GET /incidents?entityRef=) and declares (10 %) for 30 s: errors,
 * declare and read latency, and the throughput of the pair against one
 * replica, measured side by side in the same run (pair, then one replica;
 * --rounds alternates them again). Connections are spread over the replicas
 * by the client (half to each), so that no proxy process shares the two cores.
 * Not part of the test command.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { Client, json } from './lib/http.ts';
import type { Reply } from './lib/http.ts';
import { ms, Report } from './lib/report.ts';
import {
  formatCounts,
  is2xx,
  Load,
  percentile,
  statusCounts,
} from './lib/stats.ts';
import { Topology } from './lib/topology.ts';
import { sleep } from './lib/processes.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '1' },
    writes: { type: 'string', default: '0.1' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const writeShare = Number(values.writes);

// The example catalog's entities; skewed so that declares meet on one entity.
const ENTITIES = [
  'component:default/bomizzel-backend',
  'component:default/bomizzel-backend',
  'component:default/bomizzel-backend',
  'component:default/bomizzel-frontend',
  'api:default/bomizzel-api',
  'resource:default/bomizzel-postgres',
  'resource:default/bomizzel-redis',
];
const pick = () => ENTITIES[Math.floor(Math.random() * ENTITIES.length)];

type Timed = Reply & { kind: 'read' | 'declare' };

async function measure(
  clients: Client[],
  label: string,
  agent: http.Agent,
): Promise<{ label: string; replies: Timed[]; seconds: number }> {
  const run = randomBytes(3).toString('hex');
  const started = Date.now();
  const load = new Load<Timed>(connections, async (worker, n) => {
    const client = clients[worker % clients.length];
    if (Math.random() < writeShare) {
      const reply = await client.call('/api/incidents/incidents', {
        method: 'POST',
        body: {
          title: `Bench ${run} ${worker}-${n}`,
          severity: 'P3',
          entityRefs: [pick()],
        },
        timeoutMs: 30_000,
        agent,
      });
      return { ...reply, kind: 'declare' };
    }
    const reply = await client.call(
      `/api/incidents/incidents?entityRef=${encodeURIComponent(
        pick(),
      )}&limit=50`,
      { timeoutMs: 30_000, agent },
    );
    return { ...reply, kind: 'read' };
  });
  await sleep(seconds * 1000);
  const replies = await load.stop();
  return { label, replies, seconds: (Date.now() - started) / 1000 };
}

async function main() {
  const topo = new Topology({
    log: line => process.stderr.write(`[topology] ${line}\n`),
    fastEscalation: false,
  });
  const report = new Report(
    `bench:topology — ${connections} connections, ${Math.round(
      writeShare * 100,
    )} % declares, ${seconds} s per measurement`,
  );
  try {
    await topo.start();
    const token = await topo.signIn();
    await topo.catalogReady();
    const agent = new http.Agent({
      keepAlive: true,
      maxSockets: connections,
      timeout: 4000,
    });
    const [a, b] = topo.replicas;
    const pair = [a.client(token), b.client(token)];
    const single = [a.client(token)];
    // Some history to read: 300 incidents over the entities.
    const seed = new Load<Reply>(8, (w, n) =>
      pair[n % 2].call('/api/incidents/incidents', {
        method: 'POST',
        body: { title: `Seed ${w}-${n}`, severity: 'P3', entityRefs: [pick()] },
        agent,
      }),
    );
    while (seed.results.length < 300) {
      await sleep(100);
    }
    await seed.stop();
    // Warm-up, not measured.
    await measure(pair, 'warm-up', agent).then(() => undefined);
    const results = [];
    for (let round = 0; round < rounds; round++) {
      results.push(await measure(pair, 'two replicas', agent));
      results.push(await measure(single, 'one replica', agent));
    }
    const throughput: Record<string, number[]> = {};
    for (const { label, replies, seconds: s } of results) {
      const reads = replies.filter(r => r.kind === 'read');
      const declares = replies.filter(r => r.kind === 'declare');
      const errors = replies.filter(r => !is2xx(r));
      const rps = replies.length / s;
      (throughput[label] ??= []).push(rps);
      report.add(
        label,
        'requests, req/s',
        `${replies.length}, ${rps.toFixed(0)}`,
      );
      report.add(
        label,
        'errors',
        `${errors.length}${
          errors.length ? ` (${formatCounts(statusCounts(errors))})` : ''
        }`,
        errors.length === 0,
      );
      report.add(
        label,
        'history read p50 / p95',
        `${ms(
          percentile(
            reads.map(r => r.ms),
            50,
          ),
        )} / ${ms(
          percentile(
            reads.map(r => r.ms),
            95,
          ),
        )} (${reads.length})`,
      );
      report.add(
        label,
        'declare p50 / p95',
        `${ms(
          percentile(
            declares.map(r => r.ms),
            50,
          ),
        )} / ${ms(
          percentile(
            declares.map(r => r.ms),
            95,
          ),
        )} (${declares.length}: ${formatCounts(statusCounts(declares))})`,
      );
      const sample = errors[0];
      if (sample) {
        report.add(
          label,
          'first error',
          `${sample.status} ${
            sample.error ??
            json(sample)?.error?.message ??
            sample.text.slice(0, 160)
          }`,
        );
      }
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    report.add(
      'pair / one replica',
      'throughput ratio',
      `${(
        mean(throughput['two replicas']) / mean(throughput['one replica'])
      ).toFixed(
        2,
      )}× (2 cores shared by both replicas, PostgreSQL and the load generator)`,
    );
  } finally {
    await topo.close();
  }
  report.print();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
