import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@bomizzel/plugin-incidents-backend',
  'migrations',
);

/** How long start-up waits for another replica's migrations. */
const DEFAULT_MIGRATION_WAIT_MS = 120_000;

/**
 * A failure of `migrate.latest` that another process migrating the same
 * database at the same moment explains: knex's lock is taken (it does not
 * wait for it), or both created knex's own bookkeeping tables at once.
 */
function isMigrationRace(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown; message?: unknown };
  return (
    e?.name === 'LockError' ||
    // PostgreSQL: the advisory lock was not granted within the wait
    e?.code === '55P03' ||
    // PostgreSQL: duplicate table; a type created twice at once
    e?.code === '42P07' ||
    (e?.code === '23505' && /pg_type/.test(String(e?.message))) ||
    // SQLite (another process on the same file)
    /already exists|already locked|SQLITE_BUSY/.test(String(e?.message))
  );
}

/** The PostgreSQL advisory lock that serialises this plugin's migrations. */
const MIGRATION_LOCK_KEY = 0x1bc1d3e7;

/**
 * Runs `work` while holding a PostgreSQL advisory lock, so that replicas
 * migrate one after the other. knex's own lock does not suffice on an empty
 * database: two processes that create its lock table at once can both
 * insert its single row, after which every `migrate.latest` fails as
 * "already locked" for good. The lock is held by a transaction on one pool
 * connection (released with it, even if the process dies); the migrations
 * run on others, so it needs a pool of two connections or more.
 */
async function underAdvisoryLock(
  client: Knex,
  waitMs: number,
  work: () => Promise<unknown>,
): Promise<void> {
  const pool = (client.client as { pool?: { max?: number } }).pool;
  if (client.client.config.client !== 'pg' || (pool?.max ?? 0) < 2) {
    await work();
    return;
  }
  await client.transaction(async trx => {
    await trx.raw(`SET LOCAL lock_timeout = ${Math.ceil(waitMs)}`);
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    await work();
  });
}

/**
 * Brings the plugin's schema up to date, unless the operator manages
 * migrations. Replicas that start together on one database take turns
 * (on PostgreSQL under an advisory lock); a replica that finds knex's lock
 * taken anyway (someone running knex by hand) tries again until it is free,
 * for at most `waitMs`; then it fails, and with it the start-up, naming the
 * lock to release.
 */
export async function applyDatabaseMigrations(
  database: DatabaseService,
  options?: { logger?: LoggerService; waitMs?: number },
): Promise<Knex> {
  const client = await database.getClient();
  if (database.migrations?.skip) {
    return client;
  }
  const waitMs = options?.waitMs ?? DEFAULT_MIGRATION_WAIT_MS;
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await underAdvisoryLock(client, waitMs, () =>
        client.migrate.latest({ directory: migrationsDir }),
      );
      return client;
    } catch (error) {
      if (!isMigrationRace(error)) {
        throw error;
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `The incidents plugin's database migrations stayed locked for ${waitMs} ms (${error}). If no other replica is migrating, release knex's lock: UPDATE knex_migrations_lock SET is_locked = 0 in the plugin's database.`,
        );
      }
      options?.logger?.info(
        `Another process is migrating the incidents database (${error}); trying again (attempt ${attempt})`,
      );
      const backoff = Math.min(250 * 2 ** (attempt - 1), 2_000);
      await new Promise(resolve =>
        setTimeout(resolve, backoff * (0.5 + Math.random() / 2)),
      );
    }
  }
}

/** The plugin's migrations folder, for tests that step through it. */
export const MIGRATIONS_DIRECTORY = migrationsDir;
