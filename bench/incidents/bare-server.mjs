// The reference server of the benchmark: node:http + pg (Pool), no framework,
// answering GET /api/incidents/incidents?entityRef=<ref>&limit=<n> with the
// same statements as the plugin (bare-handler.cjs), and GET
// /api/incidents/severities with a constant body (the no-database floor).
//
// Environment: BENCH_PORT, BENCH_DATABASE, PGHOST, PGPORT, PGUSER,
// BENCH_POOL_MAX (default 10: knex's default pool size, which the plugin's
// client uses), BENCH_PG_OPTIONS.

import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('./gc-stats.cjs');
const pg = require('pg');
const {
  listPage,
  createPool,
  SEVERITIES: severities,
} = require('./bare-handler.cjs');

const SEVERITIES = JSON.stringify(severities);

const port = Number(process.env.BENCH_PORT);
const pool = createPool(
  pg,
  process.env.BENCH_APPLICATION_NAME || 'incidents_bench_bare',
);
const send = (res, body) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
};
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'GET' && url.pathname === '/api/incidents/severities') {
      send(res, SEVERITIES);
      return;
    }
    if (req.method !== 'GET' || url.pathname !== '/api/incidents/incidents') {
      res.writeHead(404).end();
      return;
    }
    const entityRef = url.searchParams.get('entityRef');
    const limit = Number(url.searchParams.get('limit') ?? 20);
    if (!entityRef || !(limit >= 1 && limit <= 100)) {
      res.writeHead(400).end();
      return;
    }
    send(
      res,
      JSON.stringify(await listPage(pool, entityRef.toLowerCase(), limit)),
    );
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(port, '127.0.0.1', () => process.send?.({ type: 'ready', port }));
process.on('disconnect', () => {
  server.close();
  pool.end().finally(() => process.exit(0));
});
