import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { incidentPermissions } from '@bomizzel/plugin-incidents-common';
import { applyDatabaseMigrations } from './database/migrations';
import { IncidentStore } from './database/IncidentStore';
import { seedDemoIncidents } from './service/demoData';
import { IncidentService } from './service/IncidentService';
import { MessageTemplates } from './service/messages';
import {
  incidentPermissionResourceRef,
  incidentPermissionRules,
} from './service/permissions';
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
      },
      async init(deps) {
        const { config, logger, auth, scheduler } = deps;
        const severities = readSeverities(config);
        const messages = MessageTemplates.fromConfig(config);
        const store = IncidentStore.create(
          await applyDatabaseMigrations(deps.database),
        );
        if (config.getOptionalBoolean('incidents.demoData')) {
          await seedDemoIncidents({ store, logger });
        }

        deps.permissionsRegistry.addResourceType({
          resourceRef: incidentPermissionResourceRef,
          permissions: incidentPermissions,
          rules: incidentPermissionRules,
          getResources: async ids =>
            Promise.all(
              ids.map(async id => {
                const record = await store.get(Number(id));
                return record
                  ? {
                      ...record,
                      owners: await store.getOwners(record.entityRefs),
                    }
                  : undefined;
              }),
            ),
        });

        const incidents = IncidentService.create({
          store,
          catalog: deps.catalog,
          permissions: deps.permissions,
          permissionRules: deps.permissionsRegistry.getPermissionRuleset(
            incidentPermissionResourceRef,
          ),
          severities,
          messages,
        });

        // Ownership in the catalog changes; the permission rule reads a copy.
        await scheduler.scheduleTask({
          id: 'incidents-refresh-entity-owners',
          frequency: { minutes: 10 },
          timeout: { minutes: 5 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const count = await incidents.refreshOwners(
              await auth.getOwnServiceCredentials(),
            );
            logger.debug(`Refreshed the owners of ${count} entities`);
          },
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            severities,
            incidents,
          }),
        );
      },
    });
  },
});
