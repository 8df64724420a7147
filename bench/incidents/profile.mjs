// Splits a V8 CPU profile (node --cpu-prof) of the plugin backend into where a
// request's CPU goes: each sample is charged to the innermost frame on its
// stack that belongs to one of the categories below (frames of Node's core
// and native code are charged to the nearest categorised caller).

import { readFileSync } from 'node:fs';

const CATEGORIES = [
  [
    'knex (query building, pool, results)',
    url => /node_modules\/(knex|tarn)\//.test(url),
  ],
  [
    'pg driver',
    url => /node_modules\/(pg|pg-protocol|pg-types|pg-pool)\//.test(url),
  ],
  [
    'OpenAPI request validation',
    url =>
      /express-openapi-validator|backend-openapi-utils|node_modules\/ajv/.test(
        url,
      ),
  ],
  [
    'compression middleware (+ the response write under it)',
    url => /node_modules\/compression\//.test(url),
  ],
  ['helmet + cors', url => /node_modules\/(helmet|cors)\//.test(url)],
  [
    'logging (winston, request log)',
    url => /winston|logform|readable-stream/.test(url),
  ],
  ['auth (httpAuth, mocked)', url => /backend-test-utils/.test(url)],
  ['Backstage backend (other)', url => /@backstage\/backend-/.test(url)],
  ['incidents plugin code', url => /plugins\/incidents/.test(url)],
  ['bare handler code', url => /bench\/incidents\/bare-handler/.test(url)],
  [
    'express, router, res.json, etag',
    url =>
      /node_modules\/(express|express-promise-router|router|path-to-regexp|qs|body-parser|send|etag|fresh|on-headers|on-finished|content-type|type-is|accepts|negotiator|finalhandler|cookie-parser)\//.test(
        url,
      ),
  ],
];

/**
 * @param {string} file a .cpuprofile
 * @param {bigint} from start of the window, CLOCK_MONOTONIC ns (process.hrtime.bigint() of any process)
 * @param {bigint} to end of the window
 * @param {number} cpuMsPerRequest measured node CPU per request, to scale shares to ms
 */
export function analyzeProfile(file, from, to, cpuMsPerRequest) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes)
    for (const c of n.children ?? []) parent.set(c, n.id);
  // V8 profile times are CLOCK_MONOTONIC microseconds on Linux.
  let t = p.startTime;
  const times = p.timeDeltas.map(d => (t += d));
  const lo = Number(from / 1000n);
  const hi = Number(to / 1000n);
  const totals = new Map();
  let busy = 0;
  for (let i = 0; i < p.samples.length; i++) {
    if (times[i] < lo || times[i] > hi) continue;
    const d = p.timeDeltas[i];
    let id = p.samples[i];
    const leaf = byId.get(id).callFrame.functionName;
    if (leaf === '(idle)' || leaf === '(program)') continue;
    let category =
      leaf === '(garbage collector)'
        ? 'garbage collection'
        : 'node core / native, uncategorised';
    if (leaf !== '(garbage collector)') {
      while (id !== undefined) {
        const url = byId.get(id).callFrame.url;
        const found = CATEGORIES.find(([, match]) => url && match(url));
        if (found) {
          category = found[0];
          break;
        }
        id = parent.get(id);
      }
    }
    totals.set(category, (totals.get(category) ?? 0) + d);
    busy += d;
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([category, us]) => ({
      category,
      share: us / busy,
      msPerRequest: (us / busy) * cpuMsPerRequest,
    }));
}
