import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@bomizzel/plugin-incidents-backend',
  'migrations',
);

/** Brings the plugin's schema up to date, unless the operator manages migrations. */
export async function applyDatabaseMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await client.migrate.latest({ directory: migrationsDir });
  }
  return client;
}

/** The plugin's migrations folder, for tests that step through it. */
export const MIGRATIONS_DIRECTORY = migrationsDir;
