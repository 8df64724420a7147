// The real incidents plugin in a minimal Backstage backend on PostgreSQL, for
// the alert ingestion benchmark (started by run.mjs with Backstage's
// TypeScript transform). Auth is mocked as in the plugin's dev/index.ts; the
// catalog is an in-memory stub holding BENCH_SERVICES components whose
// `prometheus.io/service-name` annotations the alerts' `service` labels name.
//
// Environment: BENCH_PORT, BENCH_DATABASE, BENCH_SERVICES, PGHOST/PGPORT/PGUSER.

const { createBackend } = require('@backstage/backend-defaults');
const { mockServices } = require('@backstage/backend-test-utils');
const {
  catalogServiceMock,
} = require('@backstage/plugin-catalog-node/testUtils');

const port = Number(process.env.BENCH_PORT);
const services = Number(process.env.BENCH_SERVICES || 200);

const entities = Array.from({ length: services }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `service-${i}`,
    namespace: 'default',
    annotations: { 'prometheus.io/service-name': `svc-${i}` },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team',
    lifecycle: 'production',
  },
}));

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
          connection: {
            host: process.env.PGHOST || '127.0.0.1',
            port: Number(process.env.PGPORT || 5432),
            user: process.env.PGUSER || 'postgres',
          },
          plugin: {
            incidents: { connection: { database: process.env.BENCH_DATABASE } },
          },
        },
      },
      incidents: { escalation: { enabled: false } },
    },
  }),
);
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(catalogServiceMock.factory({ entities }));
backend.add(mockServices.scheduler.factory({ skipTaskRunOnStartup: true }));
backend.add(require('@bomizzel/plugin-incidents-backend'));

backend.start().then(
  () => process.send?.({ type: 'ready', port }),
  error => {
    console.error('backend failed to start:', error);
    process.exit(1);
  },
);

process.on('disconnect', () => {
  backend.stop().finally(() => process.exit(0));
});
