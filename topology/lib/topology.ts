import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareBackend, REPO } from './bundle.ts';
import type { PreparedBackend } from './bundle.ts';
import {
  FakeStatuspage,
  STATUSPAGE_API_KEY,
  STATUSPAGE_PAGE_ID,
} from './fakeStatuspage.ts';
import { Client, json, request } from './http.ts';
import {
  freePort,
  killAll,
  ManagedProcess,
  removeOnExit,
  sleep,
  waitFor,
} from './processes.ts';
import type { Exit } from './processes.ts';
import { RoundRobinProxy } from './proxy.ts';
import { PostgresServer, RedisServer } from './servers.ts';

/** The error and warning lines of a replica's JSON log, as `plugin: message`. */
export function logProblems(lines: string[], levels = /^(error|warn)$/) {
  const found: string[] = [];
  for (const line of lines) {
    let entry: Record<string, unknown> | undefined;
    try {
      entry = JSON.parse(line);
    } catch {
      if (/error|exception|failed/i.test(line)) {
        found.push(line.slice(0, 300));
      }
      continue;
    }
    if (entry && typeof entry.level === 'string' && levels.test(entry.level)) {
      const where = entry.plugin ?? entry.service ?? entry.type ?? '';
      const detail =
        typeof entry.stack === 'string'
          ? ` (${entry.stack.split('\n')[0]})`
          : '';
      found.push(
        `${entry.level} ${where ? `${where}: ` : ''}${String(
          entry.message,
        ).slice(0, 300)}${detail}`,
      );
    }
  }
  return found;
}

/** One start of a replica and how it ended. */
export interface StartAttempt {
  /** ready: readiness 200; exited: the process ended; lingering: alive but never ready. */
  outcome: 'ready' | 'exited' | 'lingering';
  ms: number;
  exitCode?: number | null;
  evidence: string[];
}

/** One backend process of the production build, restartable. */
export class Replica {
  readonly name: string;
  readonly port: number;
  /** Where its OpenTelemetry Prometheus exporter serves /metrics. */
  readonly metricsPort: number;
  readonly #topology: Topology;
  readonly #overlay: string;
  process?: ManagedProcess;
  readonly attempts: StartAttempt[] = [];

  constructor(
    name: string,
    ports: { http: number; metrics: number },
    topology: Topology,
    overlay: string,
  ) {
    this.name = name;
    this.port = ports.http;
    this.metricsPort = ports.metrics;
    this.#topology = topology;
    this.#overlay = overlay;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  client(token?: string) {
    return new Client(this.url, token);
  }

  /** Starts the process (again): what the Dockerfile's CMD runs, in the unpacked build. */
  spawn() {
    const t = this.#topology;
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (!/^(JEST_|npm_|YARN_|BERRY_)/.test(key)) {
        env[key] = value;
      }
    }
    const instrumentation = existsSync(
      join(t.backend.dir, 'instrumentation.js'),
    )
      ? ['--require', './instrumentation.js']
      : [];
    this.process = new ManagedProcess(
      `replica-${this.name}`,
      process.execPath,
      [
        ...instrumentation,
        'packages/backend',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
        '--config',
        this.#overlay,
      ],
      {
        cwd: t.backend.dir,
        logFile: join(t.logDir, `replica-${this.name}.log`),
        env: {
          ...env,
          NODE_ENV: 'production',
          // What app-config.production.yaml reads.
          POSTGRES_HOST: '127.0.0.1',
          POSTGRES_PORT: String(t.pg.port),
          POSTGRES_USER: t.pg.user,
          POSTGRES_PASSWORD: t.pg.password,
          REDIS_URL: t.redis.url,
          ALERTMANAGER_TOKEN: t.alertmanagerToken,
          // The image's metrics exporter; one port per replica on one host.
          OTEL_EXPORTER_PROMETHEUS_PORT: String(this.metricsPort),
          OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        },
      },
    );
    return this.process;
  }

  /** The readiness status, 0 when nothing answers. */
  async readiness() {
    return (
      await request(`${this.url}/.backstage/health/v1/readiness`, {
        timeoutMs: 2000,
      })
    ).status;
  }

  async liveness() {
    return (
      await request(`${this.url}/.backstage/health/v1/liveness`, {
        timeoutMs: 2000,
      })
    ).status;
  }
}

export interface TopologyOptions {
  replicas?: number;
  /** Progress lines (build, start-up, supervision). */
  log?: (line: string) => void;
  /** Where the processes' logs go; kept after the run. */
  logDir?: string;
  /** A replica alive but not ready for this long is lingering: killed and restarted. */
  lingerMs?: number;
  /** Every replica must be ready within this bound, restarts included. */
  readyWithinMs?: number;
  maxStarts?: number;
  /** Escalation levels within seconds (the tests); false keeps the defaults (the bench). */
  fastEscalation?: boolean;
  /**
   * Repair knex migration lock tables left with two rows by a start-up race
   * (as `knex migrate:unlock` does) so that the remaining scenarios can run;
   * recorded in the start attempts.
   */
  repairMigrationLocks?: boolean;
}

/**
 * The production topology on loopback: the built backend (as the image runs
 * it) in N replicas on one PostgreSQL and one Redis of their own, behind a
 * round-robin proxy, with a fake Statuspage upstream. The suite is the
 * process supervisor an orchestrator would be: it restarts a replica that
 * exits and takes a replica out of the proxy while it is stopped.
 */
export class Topology {
  readonly tmp = Topology.#makeTmp();
  readonly logDir: string;
  readonly pg: PostgresServer;
  readonly redis: RedisServer;
  readonly statuspage = new FakeStatuspage();
  readonly proxy = new RoundRobinProxy();
  readonly alertmanagerToken = randomBytes(24).toString('base64url');
  readonly replicas: Replica[] = [];
  backend!: PreparedBackend;
  readonly options: Required<TopologyOptions>;
  /** Start attempts of the first, simultaneous start on the empty database. */
  firstStart: { name: string; attempts: StartAttempt[]; readyMs: number }[] =
    [];
  #guestToken?: string;

  /**
   * A new temporary folder; first removes those of earlier runs that were
   * killed before they could (their owner process is gone).
   */
  static #makeTmp() {
    for (const name of readdirSync(tmpdir())) {
      if (!name.startsWith('topology-')) {
        continue;
      }
      const dir = join(tmpdir(), name);
      try {
        process.kill(Number(readFileSync(join(dir, 'owner.pid'), 'utf8')), 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EPERM') {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'topology-'));
    writeFileSync(join(dir, 'owner.pid'), String(process.pid));
    return dir;
  }

  constructor(options: TopologyOptions = {}) {
    this.options = {
      replicas: 2,
      log: () => {},
      logDir: join(REPO, 'e2e-test-report', 'topology-logs'),
      lingerMs: 60_000,
      readyWithinMs: 240_000,
      maxStarts: 4,
      fastEscalation: true,
      repairMigrationLocks: true,
      ...options,
    };
    removeOnExit(this.tmp);
    // PostgreSQL runs as `postgres` and must reach its folder inside.
    chmodSync(this.tmp, 0o755);
    this.logDir = this.options.logDir;
    rmSync(this.logDir, { recursive: true, force: true });
    mkdirSync(this.logDir, { recursive: true });
    this.pg = new PostgresServer(join(this.tmp, 'pg'), this.logDir);
    this.redis = new RedisServer(join(this.tmp, 'redis'), this.logDir);
  }

  get log() {
    return this.options.log;
  }

  /** The proxy as a client, with the guest user's token once signed in. */
  get client() {
    return new Client(this.proxy.url, this.#guestToken);
  }

  get alertmanager() {
    return new Client(this.proxy.url, this.alertmanagerToken);
  }

  async start() {
    const t0 = Date.now();
    this.backend = await prepareBackend(line => this.log(`build: ${line}`));
    this.log(
      `backend bundle ${this.backend.bundleHash}: build ${
        this.backend.build.cached ? 'cached' : `${this.backend.build.ms} ms`
      }, install ${
        this.backend.install.cached ? 'cached' : `${this.backend.install.ms} ms`
      }`,
    );
    await this.pg.init();
    await Promise.all([
      this.pg.start(),
      this.redis.start(),
      this.statuspage.listen(),
      this.proxy.listen(),
    ]);
    for (let i = 0; i < this.options.replicas; i++) {
      const name = String.fromCharCode(97 + i);
      const ports = { http: await freePort(), metrics: await freePort() };
      const overlay = join(this.tmp, `app-config.topology-${name}.yaml`);
      writeFileSync(overlay, JSON.stringify(this.overlay(ports.http), null, 2));
      this.replicas.push(new Replica(name, ports, this, overlay));
    }
    this.log(
      `postgres :${this.pg.port}, redis :${this.redis.port}, statuspage :${
        this.statuspage.port
      }, proxy :${this.proxy.port}, replicas ${this.replicas
        .map(r => `${r.name}:${r.port}`)
        .join(' ')} (${Date.now() - t0} ms)`,
    );
    // All at the same moment, on the empty database.
    this.firstStart = await this.supervise(this.replicas);
    return this;
  }

  /** The test's own config, on top of app-config.yaml + app-config.production.yaml. */
  overlay(port: number) {
    return {
      app: { baseUrl: this.proxy.url },
      backend: {
        baseUrl: this.proxy.url,
        // The production config's string form; an object would not merge with it.
        listen: `127.0.0.1:${port}`,
      },
      auth: {
        providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
      },
      incidents: {
        // Levels within seconds instead of minutes.
        escalation: this.options.fastEscalation
          ? {
              checkEverySeconds: 2,
              levels: [
                { role: 'oncall', title: 'On-call engineer', afterMinutes: 0 },
                {
                  role: 'lead',
                  title: 'Team lead',
                  afterMinutes: 0.05,
                  severities: ['P0', 'P1'],
                  stopWhen: 'progress',
                },
                {
                  role: 'manager',
                  title: 'Engineering manager',
                  afterMinutes: 0.1,
                  severities: ['P0'],
                },
                {
                  role: 'executive',
                  title: 'CTO / VP Engineering',
                  afterMinutes: 60,
                  severities: ['P0'],
                },
              ],
            }
          : undefined,
        links: {
          statuspage: [
            {
              name: 'bomizzel',
              url: this.statuspage.url,
              pageId: STATUSPAGE_PAGE_ID,
              apiKey: STATUSPAGE_API_KEY,
              apiBaseUrl: `${this.statuspage.url}/v1`,
            },
          ],
        },
      },
    };
  }

  /**
   * Starts the given replicas at once and keeps them going until every one is
   * ready: a replica that exits is started again, one that stays alive but
   * not ready for `lingerMs` is recorded as lingering, killed and started
   * again. Each replica joins the proxy once ready.
   */
  async supervise(replicas: Replica[]) {
    const { lingerMs, readyWithinMs, maxStarts } = this.options;
    const deadline = Date.now() + readyWithinMs;
    const state = replicas.map(replica => {
      replica.spawn();
      return {
        replica,
        started: Date.now(),
        ready: false,
        restartAt: undefined as number | undefined,
      };
    });
    const t0 = Date.now();
    const records = replicas.map(r => ({
      name: r.name,
      attempts: [] as StartAttempt[],
      readyMs: NaN,
    }));
    while (state.some(s => !s.ready)) {
      if (Date.now() > deadline) {
        throw new Error(
          `Replicas ${state
            .filter(s => !s.ready)
            .map(s => s.replica.name)
            .join(', ')} not ready within ${readyWithinMs} ms: ${JSON.stringify(
            records,
          )}`,
        );
      }
      await sleep(250);
      for (const [i, s] of state.entries()) {
        if (s.ready) {
          continue;
        }
        if (s.restartAt !== undefined) {
          if (Date.now() >= s.restartAt) {
            s.replica.spawn();
            s.started = Date.now();
            s.restartAt = undefined;
          }
          continue;
        }
        const proc = s.replica.process!;
        const ms = Date.now() - s.started;
        let attempt: StartAttempt | undefined;
        if (!proc.running) {
          attempt = {
            outcome: 'exited',
            ms,
            exitCode: proc.exit?.code,
            evidence: logProblems(proc.since(0), /^error$/).slice(0, 6),
          };
        } else if ((await s.replica.readiness()) === 200) {
          attempt = { outcome: 'ready', ms, evidence: [] };
          s.ready = true;
          records[i].readyMs = Date.now() - t0;
          this.proxy.add(s.replica.name, s.replica.port);
        } else if (ms > lingerMs) {
          attempt = {
            outcome: 'lingering',
            ms,
            evidence: [
              `liveness ${await s.replica.liveness()}, readiness ${await s.replica.readiness()} after ${ms} ms`,
              ...logProblems(proc.since(0), /^error$/).slice(0, 6),
            ],
          };
          await proc.stop('SIGKILL', 5000);
        }
        if (!attempt) {
          continue;
        }
        if (
          attempt.outcome !== 'ready' &&
          attempt.evidence.some(e => /MigrationLocked|already locked/.test(e))
        ) {
          const stuck = await this.migrationLockProblems();
          if (stuck.length) {
            attempt.evidence.unshift(
              `knex lock table with more than one row (every later migration fails): ${stuck.join(
                ', ',
              )}`,
            );
            if (this.options.repairMigrationLocks) {
              await this.repairMigrationLocks(stuck);
              attempt.evidence.unshift(
                'supervisor repaired it as `knex migrate:unlock` does',
              );
            }
          }
        }
        records[i].attempts.push(attempt);
        s.replica.attempts.push(attempt);
        this.log(
          `replica ${s.replica.name}: ${attempt.outcome} after ${
            attempt.ms
          } ms${
            attempt.exitCode !== undefined ? ` (exit ${attempt.exitCode})` : ''
          }${
            attempt.evidence.length ? `: ${attempt.evidence.join(' | ')}` : ''
          }`,
        );
        if (!s.ready) {
          if (records[i].attempts.length >= maxStarts) {
            throw new Error(
              `Replica ${
                s.replica.name
              } did not start in ${maxStarts} attempts: ${JSON.stringify(
                records[i],
              )}`,
            );
          }
          // As an orchestrator's crash-loop back-off: doubling, with jitter
          // so that replicas that failed together do not restart together.
          const n = records[i].attempts.length;
          s.restartAt =
            Date.now() + 2000 * 2 ** (n - 1) * (0.5 + Math.random());
        }
      }
    }
    return records;
  }

  /**
   * knex's migration lock tables that do not hold exactly one row, as
   * `database.table`. Two processes creating a lock table at once can both
   * insert its row; knex then finds two rows to lock and reports
   * "Migration table is already locked" to every process, for good.
   */
  async migrationLockProblems(): Promise<string[]> {
    const found: string[] = [];
    const databases = (
      await this.pg.psql(
        "select datname from pg_database where datname like 'backstage%'",
      )
    )
      .split('\n')
      .filter(Boolean);
    for (const database of databases) {
      const tables = (
        await this.pg.psql(
          "select table_name from information_schema.tables where table_name like '%migrations_lock'",
          database,
        )
      )
        .split('\n')
        .filter(Boolean);
      for (const table of tables) {
        const rows = Number(
          await this.pg.psql(`select count(*) from "${table}"`, database),
        );
        if (rows !== 1) {
          found.push(`${database}.${table} (${rows} rows)`);
        }
      }
    }
    return found;
  }

  async repairMigrationLocks(problems: string[]) {
    for (const problem of problems) {
      const [database, table] = problem.split(' ')[0].split('.');
      await this.pg.psql(
        `delete from "${table}"; insert into "${table}" (is_locked) values (0)`,
        database,
      );
    }
  }

  /**
   * Stops a replica as an orchestrator does: out of the proxy first, then
   * SIGTERM, SIGKILL after `graceMs` (Kubernetes' default grace is 30 s).
   */
  async stopReplica(replica: Replica, graceMs = 30_000) {
    this.proxy.remove(replica.name);
    return replica.process!.stop('SIGTERM', graceMs);
  }

  /** Signs in as the example catalog's guest user (through the proxy). */
  async signIn() {
    const reply = await request(`${this.proxy.url}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      timeoutMs: 10_000,
    });
    const token = json(reply)?.backstageIdentity?.token;
    if (!token) {
      throw new Error(
        `Guest sign-in failed: ${reply.status} ${reply.text.slice(0, 300)}`,
      );
    }
    this.#guestToken = token;
    return token as string;
  }

  get guestToken() {
    return this.#guestToken!;
  }

  /** Waits until the catalog has read the example entities the tests use. */
  async catalogReady(timeoutMs = 120_000) {
    const refs = [
      'component/default/bomizzel-backend',
      'component/default/bomizzel-frontend',
      'group/default/backend-team',
      'user/default/guest',
    ];
    await waitFor(
      'the catalog to hold the example entities',
      async () => {
        for (const ref of refs) {
          const reply = await this.client.call(
            `/api/catalog/entities/by-name/${ref}`,
            { timeoutMs: 5000 },
          );
          if (reply.status !== 200) {
            return undefined;
          }
        }
        return true;
      },
      { timeoutMs, intervalMs: 1000 },
    );
  }

  /** Stops everything and removes the temporary folder; returns how the replicas exited. */
  async close() {
    const exits: {
      name: string;
      exit?: Exit & { ms: number; killed: boolean };
    }[] = [];
    await Promise.all(
      this.replicas.map(async r => {
        this.proxy.remove(r.name);
        exits.push({
          name: r.name,
          exit: r.process ? await r.process.stop('SIGTERM', 30_000) : undefined,
        });
      }),
    );
    await Promise.allSettled([
      this.proxy.close(),
      this.statuspage.close(),
      this.redis.stop(),
      this.pg.stop(),
    ]);
    killAll();
    rmSync(this.tmp, { recursive: true, force: true });
    return exits;
  }
}
