/*
 * The Bomizzel developer portal backend: the standard Backstage plugins plus
 * the incidents suite.
 */

import { createBackend } from '@backstage/backend-defaults';
import { enterStartupGate } from './startupGate';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// auth: guest sign-in for development, see https://backstage.io/docs/auth/guest/provider
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions; see https://backstage.io/docs/permissions/getting-started for writing a policy
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// search, with the PostgreSQL engine in production (Lunr in memory on SQLite)
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals: the incidents suite notifies people through them
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// events: on PostgreSQL the event bus is a table every replica reads, so that
// a signal published on one replica reaches browsers connected to another
backend.add(import('@backstage/plugin-events-backend'));

// the incidents suite
backend.add(import('@bomizzel/plugin-incidents-backend'));

// Replicas started together on one PostgreSQL start one after the other, so
// that the plugins' migrations never race (startupGate.ts).
async function start() {
  const gate = await enterStartupGate();
  try {
    await backend.start();
  } finally {
    await gate.release();
  }
}

// Backstage 1.55 logs "... shutting down the process" when a plugin fails to
// start, but start() only rejects: the process stays up with liveness 200 and
// readiness 503 for good. Exit instead, so that the orchestrator starts it
// again.
start().catch(async error => {
  console.error(`Backend start-up failed, exiting: ${error}`);
  await Promise.race([
    backend.stop().catch(() => {}),
    new Promise(resolve => setTimeout(resolve, 10_000)),
  ]);
  process.exit(1);
});

// On SIGTERM Backstage drains: readiness 503, backend.lifecycle
// serverShutdownDelay, then the HTTP server waits for the requests in flight,
// without a deadline. Exit before the orchestrator's grace period ends
// (Kubernetes: 30 s) rather than be killed at an unknown point.
const SHUTDOWN_DEADLINE_MS = 25_000;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    setTimeout(() => {
      console.error(
        `Backend did not stop within ${SHUTDOWN_DEADLINE_MS} ms of ${signal}, exiting`,
      );
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
  });
}
