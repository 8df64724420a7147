import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { IncidentStore } from '../database/IncidentStore';
import { MIGRATIONS_DIRECTORY } from '../database/migrations';
import { seedDemoIncidents } from '../incidents/demoData';
import { ActionItemStore } from './ActionItemStore';
import { seedDemoPostmortems } from './demoData';
import { PostmortemStore } from './PostmortemStore';
import { readSeverities } from '../incidents/severities';
import { ConfigReader } from '@backstage/config';

jest.setTimeout(60_000);

const TABLES = [
  'incident_postmortems',
  'incident_postmortem_sections',
  'incident_postmortem_revisions',
  'incident_action_items',
];

describe('post-mortem migration and demo data', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'migrates up and down, cascades deletes, and seeds demo post-mortems once on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const config = { directory: MIGRATIONS_DIRECTORY };
      await knex.migrate.latest(config);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }

      const store = IncidentStore.create(knex);
      const now = Date.UTC(2026, 10, 20, 12);
      const logger = mockServices.logger.mock();
      await seedDemoIncidents({ store, logger, now });
      const seed = () =>
        seedDemoPostmortems({
          incidents: store,
          postmortems: PostmortemStore.create(knex, store),
          actionItems: ActionItemStore.create(knex),
          policy: { requiredFor: ['P0', 'P1'], dueHours: 24 },
          severities: readSeverities(new ConfigReader({})),
          logger,
          now,
        });
      await seed();
      await seed();
      const statuses = (
        await knex('incident_postmortems').select('status')
      ).map(r => r.status);
      expect(new Set(statuses)).toEqual(
        new Set(['draft', 'in_review', 'published']),
      );
      const required = await knex('incidents')
        .where({ status: 'RESOLVED' })
        .whereIn('severity', ['P0', 'P1'])
        .count({ n: '*' });
      expect(statuses.length).toBe(Number(required[0].n) - 1);
      const overdueItems = await knex('incident_action_items')
        .whereIn('status', ['open', 'in_progress'])
        .where('due_date', '<', '2026-11-20')
        .count({ n: '*' });
      expect(Number(overdueItems[0].n)).toBeGreaterThan(0);

      // deleting an incident takes its post-mortem and action items with it
      await knex('incidents').delete();
      for (const table of TABLES) {
        const [{ n }] = await knex(table).count({ n: '*' });
        expect(Number(n)).toBe(0);
      }

      await knex.migrate.down({
        ...config,
        name: '20261127130000_postmortems.js',
      });
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      expect(await knex.schema.hasTable('incidents')).toBe(true);
      await knex.migrate.latest(config);
    },
  );
});
