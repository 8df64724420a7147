import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';

/**
 * The databases every store test runs on: embedded SQLite and the PostgreSQL
 * named by BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING.
 *
 * Under CI a missing PostgreSQL fails the run instead of silently testing
 * SQLite alone.
 */
export function createTestDatabases(): TestDatabases {
  const ids: TestDatabaseId[] = ['SQLITE_3', 'POSTGRES_15'];
  if (
    process.env.CI &&
    !process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  ) {
    throw new Error(
      'CI must set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING so that database tests run on PostgreSQL',
    );
  }
  return TestDatabases.create({ ids, disableDocker: true });
}

/**
 * Deletes every incident and the per-entity counters kept on write (a bulk
 * delete behind the store's back leaves those counters as they were).
 */
export async function clearIncidents(knex: Knex): Promise<void> {
  await knex('incidents').delete();
  for (const table of [
    'incident_entity_counts',
    'incident_entity_months',
    'incident_entity_durations',
  ]) {
    await knex(table).delete();
  }
}
