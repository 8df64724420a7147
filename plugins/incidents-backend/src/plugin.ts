import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { applyDatabaseMigrations } from './database/migrations';
import { IncidentStore } from './database/IncidentStore';
import { IncidentService } from './service/IncidentService';
import { MessageTemplates } from './service/messages';
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
        catalog: catalogServiceRef,
      },
      async init({ config, database, httpAuth, httpRouter, catalog }) {
        const severities = readSeverities(config);
        const messages = MessageTemplates.fromConfig(config);
        const store = IncidentStore.create(
          await applyDatabaseMigrations(database),
        );
        const incidents = IncidentService.create({
          store,
          catalog,
          severities,
          messages,
        });
        httpRouter.use(await createRouter({ httpAuth, severities, incidents }));
      },
    });
  },
});
