import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createRouter } from './http/createRouter';
import { metricsServiceRef } from './metrics/metricsServiceRef';
import { createIncidentsServices } from './services';

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
        logger: coreServices.logger,
        database: coreServices.database,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        lifecycle: coreServices.lifecycle,
        notifications: notificationService,
        cache: coreServices.cache,
        metrics: metricsServiceRef,
      },
      async init({ httpRouter, httpAuth, auditor, ...deps }) {
        const services = await createIncidentsServices(deps);
        httpRouter.use(
          await createRouter({
            ...services,
            logger: deps.logger,
            httpAuth,
            auditor,
          }),
        );
      },
    });
  },
});
