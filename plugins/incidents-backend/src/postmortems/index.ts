import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Severity } from '@bomizzel/plugin-incidents-common';
import { Knex } from 'knex';
import { IncidentStore } from '../database/IncidentStore';
import { IncidentService } from '../incidents/IncidentService';
import { ActionItemService } from './ActionItemService';
import { ActionItemStore } from './ActionItemStore';
import { readPostmortemPolicy } from './config';
import { seedDemoPostmortems } from './demoData';
import { PostmortemService } from './PostmortemService';
import { PostmortemStore } from './PostmortemStore';
import { TrendService } from './TrendService';
import { TrendStore } from './TrendStore';

/** The services of post-mortems, action items and trends. */
export interface PostmortemServices {
  postmortems: PostmortemService;
  actionItems: ActionItemService;
  trends: TrendService;
}

/**
 * Builds the post-mortem, action item and trend services on the incident
 * store, and seeds their demo data when `incidents.demoData` is set.
 */
export async function createPostmortemServices(options: {
  config: Config;
  db: Knex;
  store: IncidentStore;
  incidents: IncidentService;
  catalog: CatalogService;
  severities: Severity[];
  logger: LoggerService;
  clock?: () => number;
}): Promise<PostmortemServices> {
  const { config, db, store, incidents, catalog, severities } = options;
  const clock = options.clock ?? (() => Date.now());
  const policy = readPostmortemPolicy(config, severities);
  const postmortemStore = PostmortemStore.create(db, store);
  const actionItemStore = ActionItemStore.create(db);
  if (config.getOptionalBoolean('incidents.demoData')) {
    await seedDemoPostmortems({
      incidents: store,
      postmortems: postmortemStore,
      actionItems: actionItemStore,
      policy,
      severities,
      logger: options.logger,
      now: clock(),
    });
  }
  return {
    postmortems: PostmortemService.create({
      incidents,
      incidentStore: store,
      store: postmortemStore,
      policy,
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
      policy,
      clock,
    }),
  };
}
