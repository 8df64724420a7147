/*
 * The Bomizzel developer portal backend: the standard Backstage plugins plus
 * the incidents suite.
 */

import { createBackend } from '@backstage/backend-defaults';

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

backend.start();
