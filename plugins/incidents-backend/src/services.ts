import {
  AuthService,
  CacheService,
  DatabaseService,
  LifecycleService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { incidentPermissions } from '@bomizzel/plugin-incidents-common';
import { AlertIngestor } from './alerts/AlertIngestor';
import { AlertMapper } from './alerts/AlertMapper';
import { AlertStore } from './alerts/AlertStore';
import { readAlertMappingConfig } from './alerts/config';
import { IncidentStore } from './database/IncidentStore';
import { applyDatabaseMigrations } from './database/migrations';
import { EscalationService } from './escalation/EscalationService';
import { EscalationStore } from './escalation/EscalationStore';
import { readEscalationPolicy } from './escalation/policy';
import { catalogForCallers } from './incidents/catalogForCallers';
import { seedDemoIncidents } from './incidents/demoData';
import { EntityOwnerSync } from './incidents/EntityOwnerSync';
import { IncidentService } from './incidents/IncidentService';
import { MessageTemplates } from './incidents/messages';
import {
  incidentPermissionResourceRef,
  incidentPermissionRules,
} from './incidents/permissions';
import { readSeverities } from './incidents/severities';
import { DeadlineCache, readCacheDeadlines } from './links/DeadlineCache';
import { LinksService } from './links/LinksService';
import { StatusLeaseStore } from './links/StatusLeaseStore';
import { IncidentMetrics } from './metrics/IncidentMetrics';
import {
  IncidentNotifier,
  readNotificationConfig,
} from './notifications/IncidentNotifier';
import { ActionItemService } from './postmortems/ActionItemService';
import { ActionItemStore } from './postmortems/ActionItemStore';
import { readPostmortemPolicy } from './postmortems/config';
import { seedDemoPostmortems } from './postmortems/demoData';
import { PostmortemService } from './postmortems/PostmortemService';
import { PostmortemStore } from './postmortems/PostmortemStore';
import { TrendService } from './postmortems/TrendService';
import { TrendStore } from './postmortems/TrendStore';
import { readRunbookConfig } from './runbooks/config';
import { RunbookService } from './runbooks/RunbookService';
import { StatuspagePublicationStore } from './statuspage/StatuspagePublicationStore';
import { StatuspagePublisher } from './statuspage/StatuspagePublisher';

/** The core and plugin services the incidents services are built on. */
export interface IncidentsServicesDeps {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  auth: AuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  lifecycle: LifecycleService;
  notifications: NotificationService;
  cache: CacheService;
  metrics: MetricsService;
}

/**
 * Builds every service of the plugin, in one place: the stores on the
 * migrated database, the incident domain, the features and the metrics. It
 * also registers the incident permission resource type, the scheduled tasks
 * and the shutdown hooks, and seeds the demo data when `incidents.demoData`
 * is set.
 */
export async function createIncidentsServices(deps: IncidentsServicesDeps) {
  const { config, logger, auth, scheduler } = deps;
  const catalog = catalogForCallers(
    deps.catalog,
    await auth.getOwnServiceCredentials(),
  );
  const severities = readSeverities(config);
  const messages = MessageTemplates.fromConfig(config);
  const db = await applyDatabaseMigrations(deps.database, { logger });
  const store = IncidentStore.create(db, {
    preparedStatements: config.getOptionalBoolean(
      'incidents.database.preparedStatements',
    ),
  });
  const demoData = config.getOptionalBoolean('incidents.demoData');
  if (demoData) {
    await seedDemoIncidents({ store, logger });
  }
  const metrics = IncidentMetrics.create({
    metrics: deps.metrics,
    incidents: store,
    severities,
    logger,
  });
  deps.lifecycle.addShutdownHook(() => metrics.close());

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
    catalog,
    permissions: deps.permissions,
    permissionRules: deps.permissionsRegistry.getPermissionRuleset(
      incidentPermissionResourceRef,
    ),
    severities,
    messages,
    listeners: [
      new IncidentNotifier({
        config: readNotificationConfig(config, severities),
        store,
        notifications: deps.notifications,
        logger,
      }),
      metrics,
    ],
  });

  const ownerSync = EntityOwnerSync.create({ store, catalog });
  // Ownership in the catalog changes; the permission rule and the
  // per-team trends read a copy. Soon after start-up too: incidents
  // written without the catalog (demo data, imports) get their owners.
  await scheduler.scheduleTask({
    id: 'incidents-refresh-entity-owners',
    frequency: { minutes: 10 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      const count = await ownerSync.refreshOwners(
        await auth.getOwnServiceCredentials(),
      );
      logger.debug(`Refreshed the owners of ${count} entities`);
    },
  });

  const alertConfig = readAlertMappingConfig(config, severities);
  const escalation = EscalationService.create({
    store: EscalationStore.create(db, store),
    policy: readEscalationPolicy(config, severities),
    catalog,
    auth,
    logger,
    notifications: deps.notifications,
    metrics,
  });
  if (escalation.policy.enabled) {
    // A global task: the scheduler runs it on one replica at a time, and
    // each level's primary key makes firing exactly-once regardless.
    await scheduler.scheduleTask({
      id: 'incidents-escalation',
      frequency: { seconds: escalation.policy.checkEverySeconds },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 5 },
      fn: async () => {
        const fired = await escalation.check();
        if (fired) {
          logger.info(`Fired ${fired} escalation levels`);
        }
      },
    });
  }

  const runbooks = await RunbookService.create({
    config: readRunbookConfig(config),
    catalog,
    logger: logger.child({ component: 'runbooks' }),
  });
  deps.lifecycle.addShutdownHook(() => runbooks.close());
  // Every replica keeps its own index: a local task re-scans the roots,
  // in case file watching misses a change (network file systems).
  await scheduler.scheduleTask({
    id: 'incidents-runbooks-rescan',
    scope: 'local',
    frequency: { minutes: 1 },
    timeout: { minutes: 1 },
    initialDelay: { minutes: 1 },
    fn: () => runbooks.index.refresh(),
  });

  const cache = DeadlineCache.create({
    cache: deps.cache,
    logger: logger.child({ component: 'cache' }),
    deadlines: readCacheDeadlines(config),
  });
  const alerts = AlertIngestor.create({
    store: AlertStore.create(db, store),
    incidents,
    mapper: new AlertMapper(alertConfig, catalog),
    config: alertConfig,
    severities,
    logger,
    metrics,
  });
  const links = LinksService.create({
    config,
    catalog,
    incidents,
    cache,
    cacheUsable: () => !cache.resting,
    leases: StatusLeaseStore.create(db),
    logger: logger.child({ component: 'links' }),
    metrics,
  });

  const clock = () => Date.now();
  const postmortemPolicy = readPostmortemPolicy(config, severities);
  const postmortemStore = PostmortemStore.create(db, store);
  const actionItemStore = ActionItemStore.create(db);
  if (demoData) {
    await seedDemoPostmortems({
      incidents: store,
      postmortems: postmortemStore,
      actionItems: actionItemStore,
      policy: postmortemPolicy,
      severities,
      logger,
      now: clock(),
    });
  }

  return {
    severities,
    incidents,
    escalation,
    alerts,
    runbooks,
    links,
    postmortems: PostmortemService.create({
      incidents,
      incidentStore: store,
      store: postmortemStore,
      policy: postmortemPolicy,
      severities,
      clock,
    }),
    actionItems: ActionItemService.create({
      incidents,
      store: actionItemStore,
      catalog,
      clock,
    }),
    trends: TrendService.create({
      incidents,
      store: TrendStore.create(db),
      catalog,
      policy: postmortemPolicy,
      clock,
    }),
    statuspage: StatuspagePublisher.create({
      config,
      store: StatuspagePublicationStore.create(db, store),
      incidents,
      catalog,
      severities,
    }),
  };
}
