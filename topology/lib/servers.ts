import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, ManagedProcess, waitFor } from './processes.ts';

const run = promisify(execFile);
const PG_BIN = process.env.TOPOLOGY_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** uid and gid of an OS user, from `id`. */
async function osUser(name: string) {
  const uid = Number((await run('id', ['-u', name])).stdout.trim());
  const gid = Number((await run('id', ['-g', name])).stdout.trim());
  return { uid, gid };
}

/**
 * A PostgreSQL 15 server of its own: initdb into a temporary folder, run as
 * the `postgres` OS user (the harness runs as root), on a free port of
 * 127.0.0.1, password authentication as production has it. Stopping and
 * starting it again keeps the data, as a restart of a real server does.
 * The machine's own server on 5432 is never touched.
 */
export class PostgresServer {
  readonly dir: string;
  readonly password = randomBytes(12).toString('hex');
  readonly user = 'postgres';
  port = 0;
  process?: ManagedProcess;
  #owner?: { uid: number; gid: number };
  readonly #logDir: string;

  constructor(dir: string, logDir: string) {
    this.dir = dir;
    this.#logDir = logDir;
  }

  async init() {
    this.port = await freePort();
    // Root cannot run PostgreSQL: its files and process belong to `postgres`.
    this.#owner = userInfo().uid === 0 ? await osUser('postgres') : undefined;
    const data = join(this.dir, 'data');
    mkdirSync(data, { recursive: true });
    const pwfile = join(this.dir, 'pwfile');
    writeFileSync(pwfile, `${this.password}\n`, { mode: 0o600 });
    if (this.#owner) {
      for (const path of [this.dir, data, pwfile]) {
        chownSync(path, this.#owner.uid, this.#owner.gid);
      }
    }
    await run(
      join(PG_BIN, 'initdb'),
      [
        '-D',
        data,
        '-U',
        this.user,
        '--pwfile',
        pwfile,
        '--auth',
        'scram-sha-256',
        '-E',
        'UTF8',
        '--no-sync',
      ],
      { ...this.#owner, cwd: this.dir },
    );
  }

  /** Starts the server (again) and waits until it accepts connections. */
  async start() {
    this.process = new ManagedProcess(
      'postgres',
      join(PG_BIN, 'postgres'),
      [
        '-D',
        join(this.dir, 'data'),
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${this.dir}`,
        // Several plugins on two replicas, each with its own pool.
        '-c',
        'max_connections=300',
        // Throw-away data: durability is not what is tested here.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      {
        ...this.#owner,
        cwd: this.dir,
        logFile: join(this.#logDir, 'postgres.log'),
        parentDeathSignal: 'SIGINT',
      },
    );
    await waitFor(
      'PostgreSQL to accept connections',
      async () => {
        if (!this.process?.running) {
          throw new Error(
            `postgres exited: ${this.process?.tail(5).join(' | ')}`,
          );
        }
        const { stdout } = await run(join(PG_BIN, 'pg_isready'), [
          '-h',
          '127.0.0.1',
          '-p',
          String(this.port),
        ]).catch(e => ({ stdout: String(e.stdout ?? '') }));
        return stdout.includes('accepting connections') ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }

  /** Fast shutdown (SIGINT): open connections are cut, as in a restart. */
  async stop() {
    return this.process?.stop('SIGINT', 20_000);
  }

  /** Runs SQL as the superuser and returns the unaligned result. */
  async psql(sql: string, database = 'postgres') {
    const { stdout } = await run(
      'psql',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(this.port),
        '-U',
        this.user,
        '-d',
        database,
        '-At',
        '-c',
        sql,
      ],
      { env: { ...process.env, PGPASSWORD: this.password } },
    );
    return stdout.trim();
  }
}

/**
 * A redis-server of its own on a free port, without persistence: a restart
 * empties it, as a restarted cache node does.
 */
export class RedisServer {
  port = 0;
  process?: ManagedProcess;
  readonly #dir: string;
  readonly #logDir: string;

  constructor(dir: string, logDir: string) {
    this.#dir = dir;
    this.#logDir = logDir;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    if (!this.port) {
      this.port = await freePort();
      mkdirSync(this.#dir, { recursive: true });
    }
    this.process = new ManagedProcess(
      'redis',
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.#dir,
      ],
      {
        cwd: this.#dir,
        logFile: join(this.#logDir, 'redis.log'),
        parentDeathSignal: 'SIGTERM',
      },
    );
    await waitFor(
      'Redis to answer PING',
      async () => ((await this.cli('PING')) === 'PONG' ? true : undefined),
      { timeoutMs: 15_000, intervalMs: 100 },
    );
  }

  async stop() {
    return this.process?.stop('SIGTERM', 10_000);
  }

  async cli(...args: string[]) {
    const { stdout } = await run('redis-cli', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      ...args,
    ]);
    return stdout.trim();
  }

  /** Keys matching a glob pattern. */
  async keys(pattern: string): Promise<string[]> {
    const out = await this.cli('--scan', '--pattern', pattern);
    return out ? out.split('\n') : [];
  }
}
