#!/usr/bin/env node
// Builds and packs the suite's three packages the way they are published:
//
//   yarn release:pack [--out <dir>] [--skip-tsc]
//
// 1. type-checks the repository (`yarn tsc`), which also writes the
//    declarations to dist-types/ that `backstage-cli package build` rolls up
//    (building before tsc fails with "No declaration files found");
// 2. builds the packages in dependency order (common, then the frontend and
//    backend plugins) with `backstage-cli package build`, from an empty dist/;
// 3. fails when a package lacks dist/index.d.ts, or dist/<entry>.d.ts for
//    another entry point of its `exports` (the frontend's ./alpha);
// 4. packs each right after its build with `yarn pack` (its prepack, `backstage-cli package
//    prepack`, points main/types/exports at dist/ and compiles config.d.ts to
//    config.schema.json; yarn turns `workspace:^` into a semver range);
// 5. checks every tarball: its package.json has no workspace: range and points
//    at files the tarball has, no src/ or test files ship, LICENSE does, and
//    the backend ships its migrations and configuration schema.
//
// Output: <dir>/<package name without @, / as ->.tgz (stable names, e.g.
// dist-release/bomizzel-plugin-incidents-backend.tgz) and
// <dir>/manifest.json with name, version, file and sha256 of each.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Dependency order: the plugins depend on -common.
const PACKAGES = [
  'plugins/incidents-common',
  'plugins/incidents',
  'plugins/incidents-backend',
];
const SCRIPT_EXTS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.cts'];

const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const outDir = path.resolve(
  root,
  outArg >= 0 ? args[outArg + 1] ?? '' : 'dist-release',
);
const skipTsc = args.includes('--skip-tsc');

class ReleaseError extends Error {}

function step(message) {
  console.log(`\n== ${message}`);
}

function run(command, commandArgs, cwd = root) {
  console.log(
    `$ ${[command, ...commandArgs].join(' ')}  (in ${
      path.relative(root, cwd) || '.'
    })`,
  );
  const result = spawnSync(command, commandArgs, { cwd, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new ReleaseError(
      `${command} ${commandArgs.join(' ')} failed with exit code ${
        result.status
      }`,
    );
  }
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The entry points of a package: `exports` keys mapped to source files. */
function entryPoints(pkg) {
  const exp = pkg.exports ?? { '.': pkg.main ?? 'src/index.ts' };
  return Object.entries(typeof exp === 'string' ? { '.': exp } : exp)
    .filter(([, target]) => typeof target === 'string')
    .filter(([, target]) => SCRIPT_EXTS.includes(path.extname(target)))
    .map(([mount, target]) => ({
      mount,
      name: mount === '.' ? 'index' : mount.replace(/^\.\//, ''),
      source: target,
    }));
}

function tarballName(pkgName) {
  return `${pkgName.replace(/^@/, '').replace(/\//g, '-')}.tgz`;
}

function listTarball(file) {
  const result = spawnSync('tar', ['tzf', file], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new ReleaseError(`tar tzf ${file} failed: ${result.stderr}`);
  }
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map(entry => entry.replace(/^package\//, ''));
}

function readFromTarball(file, member) {
  const result = spawnSync('tar', ['xzOf', file, `package/${member}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new ReleaseError(
      `cannot read ${member} from ${file}: ${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Type-check, which also writes dist-types/ for the builds. */
function typeCheck() {
  if (skipTsc) {
    step(
      'type check skipped (--skip-tsc): using the dist-types/ that is there',
    );
  } else {
    step('type check (yarn tsc)');
    run('yarn', ['tsc']);
  }
  const missing = () =>
    PACKAGES.flatMap(dir =>
      entryPoints(readJson(path.join(root, dir, 'package.json')))
        .map(e =>
          path.join(
            root,
            'dist-types',
            dir,
            e.source.replace(/^\.\//, '').replace(/\.(tsx?|jsx?)$/, '.d.ts'),
          ),
        )
        .filter(f => !fs.existsSync(f)),
    );
  let absent = missing();
  if (absent.length > 0 && !skipTsc) {
    // An incremental build info file left behind by a deleted dist-types/
    // makes tsc believe there is nothing to emit.
    console.log(
      `declarations missing after tsc (${absent
        .map(f => path.relative(root, f))
        .join(', ')}); running tsc without incremental build info`,
    );
    run('yarn', ['tsc', '--incremental', 'false']);
    absent = missing();
  }
  if (absent.length > 0) {
    throw new ReleaseError(
      `declarations missing in dist-types/: ${absent
        .map(f => path.relative(root, f))
        .join(', ')}`,
    );
  }
}

function build(dir) {
  const pkgDir = path.join(root, dir);
  const pkg = readJson(path.join(pkgDir, 'package.json'));
  step(`build ${pkg.name}`);
  fs.rmSync(path.join(pkgDir, 'dist'), { recursive: true, force: true });
  run('yarn', ['backstage-cli', 'package', 'build'], pkgDir);
  for (const entry of entryPoints(pkg)) {
    const dts = path.join(pkgDir, 'dist', `${entry.name}.d.ts`);
    if (!fs.existsSync(dts)) {
      throw new ReleaseError(
        `${pkg.name}: the build made no dist/${entry.name}.d.ts for its ${entry.mount} entry point`,
      );
    }
  }
}

/**
 * `yarn pack` runs the package's prepack, which rewrites package.json in
 * place, and its postpack, which restores it. When packing fails midway the
 * postpack does not run: put package.json back ourselves.
 */
function pack(dir) {
  const pkgDir = path.join(root, dir);
  const pkgFile = path.join(pkgDir, 'package.json');
  const original = fs.readFileSync(pkgFile, 'utf8');
  const pkg = JSON.parse(original);
  const target = path.join(outDir, tarballName(pkg.name));
  step(`pack ${pkg.name}`);
  // The working tree may be shared: a pack that did not finish leaves
  // package.json rewritten (main in dist/) and package.json-prepack beside it.
  if (
    fs.existsSync(path.join(pkgDir, 'package.json-prepack')) ||
    String(pkg.main ?? '')
      .replace(/^\.\//, '')
      .startsWith('dist/')
  ) {
    throw new ReleaseError(
      `${path.relative(
        root,
        pkgFile,
      )} is the rewritten one of an unfinished pack (package.json-prepack holds the original): restore it first`,
    );
  }
  // Another build in the same tree (yarn build:backend rebuilds the plugins)
  // may have emptied dist/ since ours.
  for (const entry of entryPoints(pkg)) {
    if (!fs.existsSync(path.join(pkgDir, 'dist', `${entry.name}.d.ts`))) {
      throw new ReleaseError(
        `${pkg.name}: dist/${entry.name}.d.ts disappeared after the build (another build running in this tree?)`,
      );
    }
  }
  fs.rmSync(target, { force: true });
  try {
    run('yarn', ['pack', '--out', target], pkgDir);
  } finally {
    if (fs.readFileSync(pkgFile, 'utf8') !== original) {
      console.log(`restoring ${path.relative(root, pkgFile)}`);
      fs.writeFileSync(pkgFile, original);
    }
    fs.rmSync(path.join(pkgDir, 'package.json-prepack'), { force: true });
    if (
      typeof pkg.configSchema === 'string' &&
      pkg.configSchema.endsWith('.d.ts')
    ) {
      fs.rmSync(path.join(pkgDir, 'config.schema.json'), { force: true });
    }
  }
  return { dir, pkg, target };
}

/** Checks what a tarball holds against what its package.json promises. */
function verify({ dir, pkg: sourcePkg, target }, versions) {
  const files = listTarball(target);
  const has = file => files.includes(file.replace(/^\.\//, ''));
  const packed = JSON.parse(readFromTarball(target, 'package.json'));
  const problems = [];

  if (packed.private) problems.push('package.json says "private": true');
  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
  ]) {
    for (const [name, range] of Object.entries(packed[field] ?? {})) {
      if (/^(workspace|portal|link|file|patch):/.test(range)) {
        problems.push(
          `${field}.${name} is "${range}", which no registry resolves`,
        );
      }
      if (versions.has(name) && range !== `^${versions.get(name)}`) {
        problems.push(
          `${field}.${name} is "${range}", expected "^${versions.get(
            name,
          )}" (the version packed beside it)`,
        );
      }
    }
  }
  for (const field of ['main', 'types']) {
    if (!packed[field] || !has(packed[field])) {
      problems.push(`${field} is ${packed[field]}, not a file in the tarball`);
    } else if (!packed[field].replace(/^\.\//, '').startsWith('dist/')) {
      problems.push(`${field} is ${packed[field]}, not in dist/`);
    }
  }
  for (const [mount, exp] of Object.entries(packed.exports ?? {})) {
    const targets =
      typeof exp === 'string'
        ? [exp]
        : Object.entries(exp)
            .filter(([key]) => key !== 'backstage')
            .map(([, value]) => value);
    for (const file of targets) {
      if (!has(file))
        problems.push(`exports["${mount}"] names ${file}, not in the tarball`);
    }
  }
  for (const [name, [file]] of Object.entries(
    packed.typesVersions?.['*'] ?? {},
  )) {
    if (!has(file))
      problems.push(`typesVersions ${name} names ${file}, not in the tarball`);
  }
  for (const entry of entryPoints(sourcePkg)) {
    if (!has(`dist/${entry.name}.d.ts`)) {
      problems.push(`dist/${entry.name}.d.ts is missing`);
    }
  }
  if (!has('LICENSE')) problems.push('LICENSE is missing');
  if (sourcePkg.configSchema) {
    if (!packed.configSchema || !has(packed.configSchema)) {
      problems.push(
        `configSchema ${packed.configSchema} is not in the tarball`,
      );
    }
  }
  if ((sourcePkg.files ?? []).some(f => f.startsWith('migrations'))) {
    const sourceMigrations = fs
      .readdirSync(path.join(root, dir, 'migrations'))
      .filter(f => f.endsWith('.js'));
    for (const m of sourceMigrations) {
      if (!has(`migrations/${m}`)) problems.push(`migrations/${m} is missing`);
    }
  }
  const unwanted = files.filter(
    f =>
      f.startsWith('src/') ||
      f.startsWith('dev/') ||
      /\.test\.[jt]sx?$/.test(f) ||
      /(^|\/)__(tests|fixtures|mocks)__\//.test(f) ||
      f === 'package.json-prepack',
  );
  if (unwanted.length > 0) {
    problems.push(
      `ships files that are not for users: ${unwanted.slice(0, 10).join(', ')}`,
    );
  }
  if (problems.length > 0) {
    throw new ReleaseError(
      `${path.relative(root, target)}:\n  - ${problems.join('\n  - ')}`,
    );
  }
  return { files, packed };
}

/**
 * The builds write the plugins' dist/ and the packs rewrite their
 * package.json for a moment, in the working tree. The topology suite's
 * `yarn build:backend` (topology/lib/bundle.ts) rebuilds the same dist/
 * folders: both take the same lock, so that neither packs or bundles what the
 * other is halfway through writing. Without flock(1) the script runs unlocked.
 */
function underBuildLock() {
  if (process.env.RELEASE_PACK_LOCKED || process.platform === 'win32') {
    return false;
  }
  const cache =
    process.env.TOPOLOGY_CACHE_DIR ??
    path.join(
      process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
      'bomizzel-portal',
      'topology',
    );
  const probe = spawnSync('flock', ['--version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) return false;
  fs.mkdirSync(cache, { recursive: true });
  const result = spawnSync(
    'flock',
    [
      path.join(cache, 'build.lock'),
      process.execPath,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit', env: { ...process.env, RELEASE_PACK_LOCKED: '1' } },
  );
  process.exit(result.status ?? 1);
}

function main() {
  underBuildLock();
  const started = Date.now();
  fs.mkdirSync(outDir, { recursive: true });
  typeCheck();
  const versions = new Map(
    PACKAGES.map(dir => {
      const pkg = readJson(path.join(root, dir, 'package.json'));
      return [pkg.name, pkg.version];
    }),
  );
  // Each package is packed right after its build, so that its dist/ is what
  // this run built.
  const packs = PACKAGES.map(dir => {
    build(dir);
    return pack(dir);
  });

  step('check the tarballs');
  const manifest = [];
  for (const p of packs) {
    const { files, packed } = verify(p, versions);
    const data = fs.readFileSync(p.target);
    manifest.push({
      name: packed.name,
      version: packed.version,
      file: path.basename(p.target),
      bytes: data.length,
      files: files.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
  }
  fs.writeFileSync(
    path.join(outDir, 'manifest.json'),
    `${JSON.stringify({ packages: manifest }, null, 2)}${os.EOL}`,
  );

  step(
    `made in ${path.relative(root, outDir) || '.'}/ (${Math.round(
      (Date.now() - started) / 1000,
    )} s)`,
  );
  for (const m of manifest) {
    console.log(
      `${m.file.padEnd(42)} ${m.name}@${m.version}  ${(m.bytes / 1024).toFixed(
        1,
      )} KiB, ${m.files} files`,
    );
  }
  console.log('manifest.json');
}

try {
  main();
} catch (error) {
  console.error(
    `\nrelease:pack failed: ${
      error instanceof ReleaseError ? error.message : error.stack
    }`,
  );
  process.exit(1);
}
