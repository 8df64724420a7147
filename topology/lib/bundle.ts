import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root: the nearest folder up from here with topology/ in it. */
function findRepo(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'topology', 'lib', 'bundle.ts'))) {
      return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(`No repository with topology/ above ${from}`);
    }
  }
}
export const REPO = findRepo(process.cwd());
/**
 * Outside the checkout, so that fresh clones on one machine (CI clones main
 * afresh every time) share the build and the production install; the hashes
 * below decide what is still good. TOPOLOGY_CACHE_DIR moves it.
 */
const CACHE =
  process.env.TOPOLOGY_CACHE_DIR ??
  join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'bomizzel-portal',
    'topology',
  );

/** What the backend bundle is built from: every source file of the workspaces and the lock. */
const BUNDLE_INPUTS = [
  'packages',
  'plugins',
  'package.json',
  'yarn.lock',
  '.yarnrc.yml',
  '.yarn/patches',
  'backstage.json',
  'tsconfig.json',
];

async function hashFiles(cwd: string, paths: string[], extra: string[] = []) {
  const { stdout } = await run(
    'git',
    [
      'ls-files',
      '-z',
      '--cached',
      '--others',
      '--exclude-standard',
      '--',
      ...paths,
    ],
    { cwd, maxBuffer: 64 * 1024 * 1024 },
  );
  const hash = createHash('sha256');
  for (const value of extra) {
    hash.update(`${value}\0`);
  }
  for (const file of [...new Set(stdout.split('\0').filter(Boolean))].sort()) {
    const full = join(cwd, file);
    hash.update(`${file}\0`);
    // Deleted but still listed (a work tree change): hash the absence.
    hash.update(existsSync(full) ? readFileSync(full) : Buffer.from('-'));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Runs a command with its output going to `log`; rejects on a non-zero exit. */
function sh(
  command: string,
  args: string[],
  cwd: string,
  log: (line: string) => void,
  env = process.env,
) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        tail = (tail + chunk).slice(-4000);
        for (const line of chunk.split('\n').filter(Boolean)) {
          log(line);
        }
      });
    }
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${command} ${args.join(' ')} exited ${code}:\n${tail}`),
          ),
    );
  });
}

/** An environment for yarn without the variables of an enclosing `yarn run`. */
function cleanEnv(extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      (/^(npm_|YARN_|BERRY_)/i.test(key) && key !== 'npm_config_nodedir') ||
      /^JEST_/.test(key) ||
      key === 'PROJECT_CWD' ||
      key === 'INIT_CWD' ||
      key === 'NODE_OPTIONS' ||
      // Jest's `test` would make the app build miss its browserslist.
      key === 'NODE_ENV'
    ) {
      continue;
    }
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface PreparedBackend {
  /** The unpacked production build, as the Dockerfile lays it out. */
  dir: string;
  bundleHash: string;
  build: { ms: number; cached: boolean };
  install: { ms: number; cached: boolean };
}

/**
 * The backend as packages/backend/Dockerfile builds its image: `yarn
 * build:backend` (bundle + skeleton), the skeleton installed with `yarn
 * workspaces focus --all --production`, the bundle unpacked over it, the app
 * configs and the example catalog beside it. Cached (see CACHE):
 * the build is skipped while no source of the workspaces, the lock or the
 * patches changed; the install while the skeleton, the lock and Node are the same.
 */
export async function prepareBackend(
  log: (line: string) => void = () => {},
): Promise<PreparedBackend> {
  mkdirSync(CACHE, { recursive: true });
  const bundleHash = await hashFiles(REPO, BUNDLE_INPUTS, [process.version]);
  const bundleDir = join(CACHE, `bundle-${bundleHash}`);
  const result: PreparedBackend = {
    dir: join(CACHE, 'app'),
    bundleHash,
    build: { ms: 0, cached: true },
    install: { ms: 0, cached: true },
  };

  if (!existsSync(join(bundleDir, 'bundle.tar.gz'))) {
    const started = Date.now();
    // Serialised with other runs of this suite (the bench, a second shell).
    await sh(
      'flock',
      [join(CACHE, 'build.lock'), 'yarn', 'build:backend'],
      REPO,
      log,
      cleanEnv(),
    );
    mkdirSync(bundleDir, { recursive: true });
    for (const file of ['bundle.tar.gz', 'skeleton.tar.gz']) {
      cpSync(join(REPO, 'packages/backend/dist', file), join(bundleDir, file));
    }
    for (const old of readdirSync(CACHE)) {
      if (old.startsWith('bundle-') && old !== `bundle-${bundleHash}`) {
        rmSync(join(CACHE, old), { recursive: true, force: true });
      }
    }
    result.build = { ms: Date.now() - started, cached: false };
  }

  const app = result.dir;
  const depsHash = createHash('sha256')
    .update(readFileSync(join(bundleDir, 'skeleton.tar.gz')))
    .update(readFileSync(join(REPO, 'yarn.lock')))
    .update(readFileSync(join(REPO, 'package.json')))
    .update(process.version)
    .digest('hex')
    .slice(0, 16);
  const depsStamp = join(app, '.topology-deps');
  if (!existsSync(depsStamp) || readFileSync(depsStamp, 'utf8') !== depsHash) {
    const started = Date.now();
    rmSync(app, { recursive: true, force: true });
    mkdirSync(join(app, '.yarn'), { recursive: true });
    for (const file of [
      '.yarnrc.yml',
      'backstage.json',
      'yarn.lock',
      'package.json',
    ]) {
      cpSync(join(REPO, file), join(app, file));
    }
    for (const dir of ['releases', 'patches']) {
      cpSync(join(REPO, '.yarn', dir), join(app, '.yarn', dir), {
        recursive: true,
      });
    }
    await sh('tar', ['xzf', join(bundleDir, 'skeleton.tar.gz')], app, log);
    // The yarn lock is shared with the other engineers' installs.
    await sh(
      'flock',
      [
        '/tmp/yarn.flock',
        'yarn',
        'workspaces',
        'focus',
        '--all',
        '--production',
      ],
      app,
      log,
      cleanEnv({ NODE_ENV: 'production' }),
    );
    writeFileSync(depsStamp, depsHash);
    rmSync(join(app, '.topology-bundle'), { force: true });
    result.install = { ms: Date.now() - started, cached: false };
  }

  const bundleStamp = join(app, '.topology-bundle');
  if (
    !existsSync(bundleStamp) ||
    readFileSync(bundleStamp, 'utf8') !== bundleHash
  ) {
    // Replace what the previous bundle unpacked; the installed node_modules stay.
    for (const workspace of ['packages', 'plugins']) {
      for (const name of existsSync(join(app, workspace))
        ? readdirSync(join(app, workspace))
        : []) {
        for (const owned of ['dist', 'migrations']) {
          rmSync(join(app, workspace, name, owned), {
            recursive: true,
            force: true,
          });
        }
      }
    }
    await sh('tar', ['xzf', join(bundleDir, 'bundle.tar.gz')], app, log);
    writeFileSync(bundleStamp, bundleHash);
  }

  // What the image ships beside the bundle (see the Dockerfile).
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    cpSync(join(REPO, file), join(app, file));
  }
  // The image loads OpenTelemetry (metrics) with node --require.
  const instrumentation = join(REPO, 'packages/backend/src/instrumentation.js');
  if (existsSync(instrumentation)) {
    cpSync(instrumentation, join(app, 'instrumentation.js'));
  }
  for (const dir of ['examples', 'docs']) {
    rmSync(join(app, dir), { recursive: true, force: true });
    cpSync(join(REPO, dir), join(app, dir), { recursive: true });
  }
  return result;
}
