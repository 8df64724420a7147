import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { IncidentStore } from '../database/IncidentStore';
import { MIGRATIONS_DIRECTORY } from '../database/migrations';
import { seedDemoIncidents } from './demoData';

jest.setTimeout(60_000);

describe('demo incidents', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'seed a lived-in year once, through the store, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      const store = IncidentStore.create(knex);
      const logger = mockServices.logger.mock();
      const now = Date.UTC(2026, 10, 27, 12);

      await seedDemoIncidents({ store, logger, now });
      await seedDemoIncidents({ store, logger, now });

      const all = await knex('incidents').select(
        'status',
        'demo',
        'created_at',
      );
      expect(all).toHaveLength(36);
      expect(all.every(r => Boolean(r.demo))).toBe(true);
      expect(all.filter(r => r.status !== 'RESOLVED')).toHaveLength(2);
      const oldest = Math.min(...all.map(r => Number(r.created_at)));
      expect(now - oldest).toBeGreaterThan(300 * 24 * 3600_000);
      expect(all.every(r => Number(r.created_at) <= now)).toBe(true);

      const { items } = await store.list({
        entityRefs: ['component:default/bomizzel-backend'],
        limit: 100,
      });
      expect(items.length).toBeGreaterThan(5);
      const resolved = items.find(i => i.status === 'RESOLVED')!;
      const events = await store.listEvents(resolved.id);
      expect(events.map(e => e.type)).toEqual([
        'created',
        'acknowledged',
        'note',
        'status_changed',
        'status_changed',
        'status_changed',
      ]);
      expect(resolved.acknowledgedAt).not.toBeNull();
      expect(resolved.resolvedAt).toBeGreaterThan(resolved.acknowledgedAt!);
    },
  );
});
