// The real incidents plugin in a minimal Backstage backend, serving the
// generated runbooks, for run.mjs. Loaded with Backstage's TypeScript
// transform (`--require @backstage/cli-node/config/nodeTransform.cjs`) as
// `backstage-cli package start` does. Auth is mocked (requests carry
// `Bearer mock-user-token`), the catalog is an in-memory mock holding the
// generated entities, the database in-memory SQLite.
//
// The same backend mounts `/api/benchstatic`: `express.static` over the same
// root, behind the same Backstage middleware and auth, for the side-by-side
// comparison of fetching one runbook.
//
// Environment: BENCH_PORT, BENCH_ROOT (the runbook root), BENCH_ENTITIES (a
// JSON file of catalog entities), LOG_LEVEL (default warn).

const fs = require('node:fs');
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

const port = Number(process.env.BENCH_PORT);
const root = process.env.BENCH_ROOT;
const entities = JSON.parse(
  fs.readFileSync(process.env.BENCH_ENTITIES, 'utf8'),
);

const backend = createBackend();
backend.add(
  mockServices.rootConfig.factory({
    data: {
      app: { baseUrl: `http://127.0.0.1:${port}` },
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      incidents: { runbooks: { roots: [root] } },
    },
  }),
);
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(catalogServiceMock.factory({ entities }));
backend.add(mockServices.scheduler.factory({ skipTaskRunOnStartup: true }));
backend.add(require('@bomizzel/plugin-incidents-backend'));

backend.add(
  createBackendPlugin({
    pluginId: 'benchstatic',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          httpRouter.use(express.static(root));
        },
      });
    },
  }),
);

backend.start().then(
  () => process.send?.({ type: 'ready', port }),
  error => {
    console.error('runbooks bench backend failed to start:', error);
    process.exit(1);
  },
);

process.on('disconnect', () => {
  backend.stop().finally(() => process.exit(0));
});
