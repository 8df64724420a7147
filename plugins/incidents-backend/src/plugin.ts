import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { applyDatabaseMigrations } from './database/migrations';
import { createRouter } from './service/router';
import { readSeverities } from './service/severities';

/**
 * The incidents backend plugin: incident store, runbooks and observability links.
 *
 * @public
 */
export const incidentsPlugin = createBackendPlugin({
  pluginId: 'incidents',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, database, httpAuth, httpRouter }) {
        const severities = readSeverities(config);
        await applyDatabaseMigrations(database);
        httpRouter.use(await createRouter({ httpAuth, severities }));
      },
    });
  },
});
