import { ConfigSources } from '@backstage/config-loader';
import { Client, ClientConfig } from 'pg';

/** The PostgreSQL advisory lock that replicas of this portal start under. */
const STARTUP_LOCK_KEY = 0x62737467; // 'bstg'
/** Longest wait for a replica that started first. */
const DEFAULT_WAIT_MS = 180_000;

export interface StartupGate {
  /** Lets the next replica start; safe to call more than once. */
  release(): Promise<void>;
}

const open: StartupGate = { release: async () => {} };

/**
 * Replicas that start at the same moment on one empty PostgreSQL take turns:
 * each holds an advisory lock (on a connection of its own, released with it
 * even if the process dies) from before the backend starts until every
 * plugin has started. Backstage's plugins migrate their databases with
 * knex, whose lock does not wait, and whose lock table two processes can
 * create at once with two rows, after which that plugin's migrations fail
 * for good (knex/knex#3538): seen for the catalog, events and auth
 * databases in about 1 of 4 simultaneous starts of two replicas.
 *
 * Without PostgreSQL (SQLite in development), or when the lock cannot be
 * had within `waitMs`, the backend starts without waiting.
 */
export async function enterStartupGate(
  options: {
    argv?: string[];
    waitMs?: number;
    log?: (line: string) => void;
  } = {},
): Promise<StartupGate> {
  const log = options.log ?? (line => console.warn(line));
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const config = await ConfigSources.toConfig(
    ConfigSources.default({ argv: options.argv ?? process.argv }),
  );
  let connection: ClientConfig;
  try {
    if (config.getOptionalString('backend.database.client') !== 'pg') {
      return open;
    }
    const raw = config.getOptional('backend.database.connection');
    connection =
      typeof raw === 'string'
        ? { connectionString: raw }
        : {
            // a database every PostgreSQL has, as Backstage's own admin
            // connection uses when it creates the plugins' databases
            database: 'postgres',
            ...(raw as ClientConfig),
          };
  } finally {
    config.close();
  }
  const client = new Client({
    ...connection,
    connectionTimeoutMillis: 10_000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`SET lock_timeout = ${Math.ceil(waitMs)}`);
    const started = Date.now();
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    const waited = Date.now() - started;
    if (waited > 1_000) {
      log(`Waited ${waited} ms for another replica to finish starting`);
    }
  } catch (error) {
    log(`Starting without the start-up lock: ${error}`);
    await client.end().catch(() => {});
    return open;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client
        .query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY])
        .catch(() => {});
      await client.end().catch(() => {});
    },
  };
}
