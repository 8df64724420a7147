import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../database/migrations';
import { StatusLeaseStore } from './StatusLeaseStore';

jest.setTimeout(60_000);

describe('StatusLeaseStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'grants one lease per key until it is released or expires, on %p',
    async (databaseId: TestDatabaseId) => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      const leases = StatusLeaseStore.create(knex);
      const now = 1_800_000_000_000;

      // replicas asking at once: exactly one gets it
      const granted = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          leases.acquire('links:v2:statuspage:k1', `replica-${i}`, now, 3_000),
        ),
      );
      expect(granted.filter(Boolean)).toHaveLength(1);
      const holder = `replica-${granted.indexOf(true)}`;

      // other keys are independent
      expect(
        await leases.acquire('links:v2:jaeger:k2', 'replica-x', now, 3_000),
      ).toBe(true);

      // not before it expires, then anyone may take it over
      expect(
        await leases.acquire(
          'links:v2:statuspage:k1',
          'late',
          now + 2_999,
          3_000,
        ),
      ).toBe(false);
      expect(
        await leases.acquire(
          'links:v2:statuspage:k1',
          'late',
          now + 3_001,
          3_000,
        ),
      ).toBe(true);

      // a release only frees what the releaser holds
      await leases.release('links:v2:statuspage:k1', holder);
      expect(
        await leases.acquire(
          'links:v2:statuspage:k1',
          'third',
          now + 3_002,
          3_000,
        ),
      ).toBe(false);
      await leases.release('links:v2:statuspage:k1', 'late');
      expect(
        await leases.acquire(
          'links:v2:statuspage:k1',
          'third',
          now + 3_002,
          3_000,
        ),
      ).toBe(true);
    },
  );
});
