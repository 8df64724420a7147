// The real incidents plugin in a minimal Backstage backend, for the benchmark.
//
// Started by run.mjs as a child process with Backstage's TypeScript transform
// (`--require @backstage/cli-node/config/nodeTransform.cjs`), the way
// `backstage-cli package start` runs dev/index.ts. Auth is mocked as in
// dev/index.ts, the catalog is an empty in-memory stub (listing or counting a
// component's incidents does not call it), and the plugin's database is the
// benchmark's (run.mjs applied the migrations; the plugin's own run at start
// finds nothing to do).
//
// Environment: BENCH_PORT, BENCH_DATABASE (a database name on PGHOST:PGPORT),
// BENCH_PG_OPTIONS (optional libpq `options`, e.g. `-c max_parallel_workers_per_gather=0`,
// only used for what-if runs), LOG_LEVEL (default warn).

require('./gc-stats.cjs');
const { createBackend } = require('@backstage/backend-defaults');
const {
  coreServices,
  createBackendPlugin,
} = require('@backstage/backend-plugin-api');
const express = require('express');
const { mockServices } = require('@backstage/backend-test-utils');
const {
  catalogServiceMock,
} = require('@backstage/plugin-catalog-node/testUtils');

// SQL tracing, switched on and off by run.mjs over IPC to record the exact
// statements the plugin sends (one boolean check per query when off).
const pg = require('pg');
let tracing = false;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function tracedQuery(config, values, callback) {
  if (tracing && config) {
    const text = typeof config === 'string' ? config : config.text;
    const params = Array.isArray(values) ? values : config.values;
    const name = typeof config === 'object' ? config.name : undefined;
    if (text) {
      process.send?.({ type: 'sql', text, name, values: params ?? [] });
    }
  }
  return originalQuery.call(this, config, values, callback);
};
process.on('message', message => {
  if (message?.type === 'trace') tracing = Boolean(message.on);
});

const port = Number(process.env.BENCH_PORT);
const host = process.env.PGHOST || '127.0.0.1';
const pgPort = Number(process.env.PGPORT || 5432);
const database = process.env.BENCH_DATABASE || 'incidents_bench';

const connection = {
  host,
  port: pgPort,
  user: process.env.PGUSER || 'postgres',
};
if (process.env.BENCH_PG_OPTIONS)
  connection.options = process.env.BENCH_PG_OPTIONS;

const backend = createBackend();
backend.add(
  mockServices.rootConfig.factory({
    data: {
      app: { baseUrl: `http://127.0.0.1:${port}` },
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        database: {
          client: 'pg',
          connection,
          plugin: { incidents: { connection: { database } } },
        },
      },
    },
  }),
);
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(catalogServiceMock.factory({ entities: [] }));
// The plugin schedules a periodic refresh of entity owners (first run one
// minute after start). A scheduler that never fires keeps it out of the
// measurements; run.mjs measures that refresh's query separately.
backend.add(mockServices.scheduler.factory({ skipTaskRunOnStartup: true }));
backend.add(require('@bomizzel/plugin-incidents-backend'));

// Calibration: the bare server's handler (bare-handler.cjs: same SQL through
// node-postgres, same JSON) mounted in this same Backstage backend as another
// plugin, at /api/benchbare/incidents and /api/benchbare/severities. Comparing
// it with the incidents plugin separates what the Backstage framework costs
// per request (auth, middleware) from what the plugin's own code costs.
backend.add(
  createBackendPlugin({
    pluginId: 'benchbare',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          lifecycle: coreServices.lifecycle,
        },
        async init({ httpRouter, lifecycle }) {
          const {
            listPage,
            createPool,
            SEVERITIES,
          } = require('./bare-handler.cjs');
          const pool = createPool(pg, 'incidents_bench_calibration');
          lifecycle.addShutdownHook(() => pool.end());
          const router = express.Router();
          router.get('/severities', (_req, res) => {
            res.json(SEVERITIES);
          });
          router.get('/incidents', async (req, res, next) => {
            try {
              const limit = Number(req.query.limit ?? 20);
              res.json(
                await listPage(
                  pool,
                  String(req.query.entityRef).toLowerCase(),
                  limit,
                ),
              );
            } catch (error) {
              next(error);
            }
          });
          httpRouter.use(router);
        },
      });
    },
  }),
);

backend.start().then(
  () => process.send?.({ type: 'ready', port }),
  error => {
    console.error('plugin backend failed to start:', error);
    process.exit(1);
  },
);

process.on('disconnect', () => {
  backend.stop().finally(() => process.exit(0));
});
