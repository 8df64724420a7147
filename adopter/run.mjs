#!/usr/bin/env node
// The adopter test: what a team with a stock Backstage app does to add the
// suite, following the README's "Adding the suite to an existing Backstage
// app", for each supported Backstage release. See adopter/README.md.
//
//   node adopter/run.mjs [--release 1.55.0|newest]... [--db sqlite|postgres]...
//                        [--no-browser] [--tarballs <dir>] [--json <file>]
//
// Prints one line per check and ends with `adopter: N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  readBlocks,
  commandsOf,
  insertIntoBackend,
  mergeYaml,
} from './readme.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const require = createRequire(path.join(repo, 'package.json'));
const chromiumLaunch = require('./scripts/chromium.cjs');

const CREATE_APP = '0.9.2';
const ENTITY = 'component:default/example-website';
const args = process.argv.slice(2);
const argValues = name =>
  args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]] : []));
const RELEASES = argValues('--release').length
  ? argValues('--release')
  : ['1.55.0', 'newest'];
const DATABASES = argValues('--db').length
  ? argValues('--db')
  : ['sqlite', 'postgres'];
const BROWSER = !args.includes('--no-browser');
const CACHE = path.resolve(
  process.env.ADOPTER_CACHE ??
    path.join(os.homedir(), '.cache/bomizzel-portal/adopter'),
);
const PORT = Number(process.env.ADOPTER_PORT ?? 7117);
const PG = {
  host: process.env.ADOPTER_PG_HOST ?? '127.0.0.1',
  port: Number(process.env.ADOPTER_PG_PORT ?? 5432),
  user: process.env.ADOPTER_PG_USER ?? 'postgres',
};
const ALERTMANAGER_TOKEN = 'adopter-test-alertmanager-token-0123456789';
const RUN_ID = `${Date.now().toString(36)}${process.pid}`;

const results = [];
const t0 = Date.now();
const log = message =>
  console.log(`[adopter ${((Date.now() - t0) / 1000).toFixed(0)}s] ${message}`);

function record(name, ok, detail = '') {
  results.push({ name, ok, detail });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}

async function check(name, fn) {
  try {
    const detail = await fn();
    return record(name, true, typeof detail === 'string' ? detail : '');
  } catch (error) {
    return record(name, false, String(error?.message ?? error).slice(0, 600));
  }
}

/** Runs a command; throws with the tail of its output when it fails. */
function run(command, commandArgs, options = {}) {
  const { cwd = repo, env = process.env, logFile } = options;
  const started = Date.now();
  const result = spawnSync(command, commandArgs, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (logFile) {
    appendFileSync(
      logFile,
      `\n$ ${command} ${commandArgs.join(' ')}  (in ${cwd})\n${output}`,
    );
  }
  if (result.status !== 0) {
    throw new Error(
      `${command} ${commandArgs.join(' ')} failed (${
        result.status ?? result.signal
      }) in ${cwd}:\n${output.split('\n').slice(-25).join('\n')}`,
    );
  }
  return { output, seconds: (Date.now() - started) / 1000 };
}

// ---------------------------------------------------------------- tarballs

/** The release script's tarballs (or --tarballs <dir> packed earlier). */
function packSuite(logFile) {
  const given = argValues('--tarballs')[0];
  if (given) return path.resolve(given);
  const out = path.join(CACHE, 'tarballs');
  rmSync(out, { recursive: true, force: true });
  const scripts = JSON.parse(
    readFileSync(path.join(repo, 'package.json'), 'utf8'),
  ).scripts;
  if (scripts['release:pack']) {
    run('yarn', ['release:pack', '--out', out], { logFile });
  } else {
    // Until the release script lands: its steps by hand.
    mkdirSync(out, { recursive: true });
    run('yarn', ['tsc'], { logFile });
    for (const p of ['incidents-common', 'incidents', 'incidents-backend']) {
      const cwd = path.join(repo, 'plugins', p);
      run('yarn', ['backstage-cli', 'package', 'build'], { cwd, logFile });
      run('yarn', ['pack', '--out', path.join(out, `${p}.tgz`)], {
        cwd,
        logFile,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- stock apps

function appEnv(app) {
  const env = { ...process.env };
  delete env.CI; // an adopter's `yarn add` changes yarn.lock
  env.YARN_ENABLE_IMMUTABLE_INSTALLS = 'false';
  env.YARN_ENABLE_PROGRESS_BARS = 'false';
  env.PATH = `${path.join(app, '.adopter-bin')}:${env.PATH}`;
  return env;
}

function writeYarnShim(app) {
  const yarnPath = readFileSync(path.join(app, '.yarnrc.yml'), 'utf8').match(
    /^yarnPath: (.+)$/m,
  )[1];
  mkdirSync(path.join(app, '.adopter-bin'), { recursive: true });
  writeFileSync(
    path.join(app, '.adopter-bin/yarn'),
    `#!/bin/sh\nexec node "${path.join(app, yarnPath)}" "$@"\n`,
    { mode: 0o755 },
  );
}

/**
 * A stock app of the release, generated by create-app and installed once,
 * its state committed to the app's own git as `pristine` (the cache).
 */
function stockApp(release, logFile) {
  const dir = path.join(CACHE, `${release}-create-app-${CREATE_APP}`);
  const app = path.join(dir, 'app');
  if (existsSync(path.join(dir, 'ready'))) return { app, cold: false };
  log(`${release}: generating a stock app with create-app ${CREATE_APP}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const created = spawnSync(
    'npx',
    [
      '--yes',
      `@backstage/create-app@${CREATE_APP}`,
      '--path',
      app,
      '--skip-install',
    ],
    { cwd: dir, input: 'stock-app\n', encoding: 'utf8' },
  );
  appendFileSync(logFile, created.stdout + created.stderr);
  if (!existsSync(path.join(app, 'package.json'))) {
    throw new Error(`create-app failed: ${created.stderr}`);
  }
  writeYarnShim(app);
  const env = appEnv(app);
  const packageJson = path.join(app, 'package.json');
  if (release === 'newest') {
    // What an adopter on the newest release has: every @backstage/*
    // dependency on its newest version (yarn up), then installed.
    run('yarn', ['up', '@backstage/*'], { cwd: app, env, logFile });
  } else {
    // create-app's lockfile seed (not reachable here) pins the release; the
    // release manifest as resolutions does the same.
    const manifest = JSON.parse(
      readFileSync(path.join(here, 'releases', `${release}.json`), 'utf8'),
    );
    const pkg = JSON.parse(readFileSync(packageJson, 'utf8'));
    for (const { name, version } of manifest.packages) {
      pkg.resolutions[name] = version;
    }
    writeFileSync(packageJson, `${JSON.stringify(pkg, null, 2)}\n`);
    run('yarn', ['install'], { cwd: app, env, logFile });
  }
  const git = gitIn(app);
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', 'pristine');
  git('tag', '-f', 'pristine');
  writeFileSync(path.join(dir, 'ready'), new Date().toISOString());
  return { app, cold: true };
}

function gitIn(app) {
  return (...gitArgs) =>
    run('git', [
      '-C',
      app,
      '-c',
      'user.name=adopter',
      '-c',
      'user.email=adopter@localhost',
      ...gitArgs,
    ]).output;
}

/** Back to the pristine app: the README's edits are applied fresh. */
function resetApp(app) {
  const git = gitIn(app);
  git('reset', '-q', '--hard', 'pristine');
  git('clean', '-fdq', '-e', '.adopter-bin');
  for (const d of ['packages/app/dist', 'packages/backend/dist']) {
    rmSync(path.join(app, d), { recursive: true, force: true });
  }
  // The suite's tarballs keep their version between runs: no stale copy.
  const yarnCache = path.join(os.homedir(), '.yarn/berry/cache');
  if (existsSync(yarnCache)) {
    for (const f of readdirSync(yarnCache)) {
      if (f.startsWith('@bomizzel-')) rmSync(path.join(yarnCache, f));
    }
  }
}

function backstageVersions(app) {
  const lock = readFileSync(path.join(app, 'yarn.lock'), 'utf8');
  const versions = {};
  for (const m of lock.matchAll(
    /^"?(@backstage\/[^@"]+)@[^\n]*\n {2}version: ([^\n]+)/gm,
  )) {
    (versions[m[1]] ??= new Set()).add(m[2]);
  }
  return versions;
}

// ---------------------------------------------------------------- README

function applyReadme(app, env, logFile) {
  const blocks = readBlocks(path.join(repo, 'README.md'));
  const kinds = new Set(blocks.map(b => b.kind));
  for (const kind of ['install', 'backend', 'config', 'file']) {
    if (!kinds.has(kind)) {
      throw new Error(`README section has no <!-- adopter:${kind} --> block`);
    }
  }
  for (const block of blocks) {
    switch (block.kind) {
      case 'install':
        for (const command of commandsOf(block)) {
          run('bash', ['-euo', 'pipefail', '-c', command], {
            cwd: app,
            env,
            logFile,
          });
        }
        break;
      case 'backend':
        insertIntoBackend(path.join(app, block.arg), block.body);
        break;
      case 'config':
        mergeYaml(path.join(app, block.arg), block.body);
        break;
      case 'file':
        mkdirSync(path.dirname(path.join(app, block.arg)), {
          recursive: true,
        });
        writeFileSync(path.join(app, block.arg), block.body);
        break;
      case 'policy':
        replaceAllowAllPolicy(path.join(app, block.arg), block.body);
        break;
      default:
        // Blocks for the legacy frontend system are not applied to the
        // new-frontend-system stock app.
        break;
    }
  }
  return blocks;
}

/** The README's policy module in place of create-app's allow-all one. */
function replaceAllowAllPolicy(file, snippet) {
  const source = readFileSync(file, 'utf8');
  const allowAll =
    /backend\.add\(\s*import\(\s*'@backstage\/plugin-permission-backend-module-allow-all-policy'\s*\),?\s*\);/;
  if (!allowAll.test(source)) {
    throw new Error(`${file} does not add the allow-all policy module`);
  }
  writeFileSync(file, source.replace(allowAll, snippet.trim()));
}

function startRegistryProcess(tarballs) {
  const child = spawn(
    process.execPath,
    [path.join(here, 'registry.mjs'), tarballs],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', code =>
      reject(new Error(`test registry exited (${code})`)),
    );
    child.stdout.on('data', chunk => {
      out += chunk;
      const m = out.match(/listening (\d+)/);
      if (m) resolve({ port: Number(m[1]), stop: () => child.kill() });
    });
  });
}

/** The test's registry stands in for npmjs.org for the @bomizzel scope. */
function pointScopeAt(app, port) {
  appendFileSync(
    path.join(app, '.yarnrc.yml'),
    [
      '',
      '# adopter test: the @bomizzel packages from the local test registry',
      'npmScopes:',
      '  bomizzel:',
      `    npmRegistryServer: "http://127.0.0.1:${port}"`,
      'unsafeHttpWhitelist:',
      '  - 127.0.0.1',
      '',
    ].join('\n'),
  );
}

// ---------------------------------------------------------------- backend

function deploymentConfig(app, database) {
  // Where and on what this test deploys the app; not the suite's config.
  const base = `http://localhost:${PORT}`;
  const db =
    database === 'sqlite'
      ? { client: 'better-sqlite3', connection: ':memory:' }
      : {
          client: 'pg',
          connection: { ...PG },
          prefix: `adopter_${RUN_ID}_`,
        };
  const file = path.join(app, `app-config.adopter-${database}.yaml`);
  writeFileSync(
    file,
    JSON.stringify({
      app: { baseUrl: base },
      backend: {
        baseUrl: base,
        listen: { port: PORT },
        cors: { origin: base, credentials: true },
        database: db,
      },
    }),
  );
  return file;
}

async function startBackend(app, env, configFile, logFile) {
  const child = spawn(
    'yarn',
    [
      'workspace',
      'backend',
      'start',
      '--config',
      path.join(app, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: app,
      env: { ...env, ALERTMANAGER_TOKEN, NODE_OPTIONS: '--no-deprecation' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = chunk => {
    output += chunk;
    appendFileSync(logFile, chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 50 && !exited; i++) await sleep(200);
    if (!exited) process.kill(-child.pid, 'SIGKILL');
  };
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (exited) {
      throw Object.assign(
        new Error(
          `backend exited:\n${output.split('\n').slice(-30).join('\n')}`,
        ),
        { stop },
      );
    }
    try {
      const res = await fetch(
        `http://localhost:${PORT}/.backstage/health/v1/readiness`,
      );
      if (res.ok) return { stop, output: () => output };
    } catch {
      // not listening yet
    }
    await sleep(1000);
  }
  await stop();
  throw new Error(
    `backend not ready in 240 s:\n${output.split('\n').slice(-30).join('\n')}`,
  );
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

// ---------------------------------------------------------------- HTTP checks

async function api(method, url, { token, body, headers = {} } = {}) {
  const res = await fetch(`http://localhost:${PORT}${url}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, etag: res.headers.get('etag') };
}

function expectStatus(res, ...wanted) {
  if (!wanted.includes(res.status)) {
    throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 300)}`);
  }
}

async function guestToken() {
  let res;
  for (const method of ['POST', 'GET']) {
    res = await api(method, '/api/auth/guest/refresh?env=development', {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    if (res.status === 200) break;
  }
  expectStatus(res, 200);
  return res.json.backstageIdentity.token;
}

async function httpChecks(label, state) {
  let token;
  await check(`${label}: guest sign-in token`, async () => {
    token = await guestToken();
  });
  if (!token) return;
  await check(`${label}: catalog has ${ENTITY}`, async () => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const res = await api(
        'GET',
        '/api/catalog/entities/by-name/component/default/example-website',
        { token },
      );
      if (res.status === 200) return;
      if (Date.now() > deadline) expectStatus(res, 200);
      await sleep(1000);
    }
  });
  await check(`${label}: GET /api/incidents/severities`, async () => {
    const res = await api('GET', '/api/incidents/severities', { token });
    expectStatus(res, 200);
    const ids = (res.json.items ?? res.json).map(s => s.id);
    if (!ids.includes('P0')) throw new Error(`severities ${ids}`);
    return ids.join(',');
  });
  await check(
    `${label}: POST /api/incidents/incidents declares on ${ENTITY}`,
    async () => {
      const res = await api('POST', '/api/incidents/incidents', {
        token,
        body: {
          title: state.title,
          severity: 'P2',
          entityRefs: [ENTITY],
        },
      });
      expectStatus(res, 201);
      state.incident = res.json;
      state.etag = res.etag;
      return res.json.ref ?? res.json.id;
    },
  );
  await check(`${label}: GET /api/incidents/incidents lists it`, async () => {
    const res = await api(
      'GET',
      `/api/incidents/incidents?entityRef=${encodeURIComponent(ENTITY)}`,
      { token },
    );
    expectStatus(res, 200);
    const titles = res.json.items.map(i => i.title);
    if (!titles.includes(state.title)) throw new Error(`listed: ${titles}`);
  });
  await check(`${label}: README's policy applies the owner rule`, async () => {
    // The guest user owns nothing in the catalog (example-website is owned
    // by group:default/guests; guest sign-in is user:development/guest), so
    // the README's policy lets it read and declare but not change.
    const res = await api(
      'PATCH',
      `/api/incidents/incidents/${encodeURIComponent(state.incident.id)}`,
      {
        token,
        body: { title: `${state.title} (changed)` },
        headers: { 'if-match': state.etag },
      },
    );
    expectStatus(res, 403);
    return `PATCH by a non-owner: ${res.status}`;
  });
  await check(
    `${label}: GET /api/incidents/runbooks of ${ENTITY}`,
    async () => {
      const res = await api(
        'GET',
        `/api/incidents/runbooks?entityRef=${encodeURIComponent(ENTITY)}`,
        { token },
      );
      expectStatus(res, 200);
      const items = res.json.items ?? [];
      if (!items.length)
        throw new Error(`no runbooks: ${res.text.slice(0, 200)}`);
      state.runbookTitle = items[0].title;
      const one = await api(
        'GET',
        `/api/incidents/runbooks/${encodeURIComponent(items[0].path)}`,
        { token },
      );
      expectStatus(one, 200);
      return items.map(i => i.path).join(',');
    },
  );
  await check(`${label}: Alertmanager token reaches the webhook`, async () => {
    const now = new Date().toISOString();
    const res = await api('POST', '/api/incidents/alerts/alertmanager', {
      token: ALERTMANAGER_TOKEN,
      body: {
        version: '4',
        groupKey: `{}:{alertname="AdopterTest${RUN_ID}"}`,
        truncatedAlerts: 0,
        status: 'firing',
        receiver: 'backstage',
        groupLabels: { alertname: `AdopterTest${RUN_ID}` },
        commonLabels: { alertname: `AdopterTest${RUN_ID}` },
        commonAnnotations: {},
        externalURL: 'http://alertmanager.invalid',
        alerts: [
          {
            status: 'firing',
            labels: {
              alertname: `AdopterTest${RUN_ID}`,
              service: 'not-in-the-catalog',
              severity: 'warning',
            },
            annotations: { summary: 'adopter test' },
            startsAt: now,
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'http://prometheus.invalid',
            fingerprint: RUN_ID,
          },
        ],
      },
    });
    expectStatus(res, 200, 201, 202);
  });
  await check(
    `${label}: Alertmanager token refused outside incidents`,
    async () => {
      const res = await api('GET', '/api/catalog/entities?limit=1', {
        token: ALERTMANAGER_TOKEN,
      });
      expectStatus(res, 401, 403);
    },
  );
}

// ---------------------------------------------------------------- Chromium

async function browserChecks(label, state) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath:
      process.env.ADOPTER_CHROMIUM ?? chromiumLaunch.executablePath,
    args: chromiumLaunch.args,
  });
  const base = `http://localhost:${PORT}`;
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    const errors = [];
    page.on('pageerror', e => errors.push(String(e)));
    await check(`${label}: browser signs in as guest`, async () => {
      await page.goto(`${base}/`);
      const enter = page.getByRole('button', { name: /enter/i });
      await Promise.race([
        enter.waitFor().then(() => enter.click()),
        page.getByText('example-website').first().waitFor(),
      ]);
      await page.getByText('example-website').first().waitFor();
    });
    let entityUrl;
    await check(`${label}: example-website Incidents tab`, async () => {
      await page.getByRole('link', { name: 'example-website' }).first().click();
      await page.waitForURL(/example-website/);
      entityUrl = page.url().replace(/\/+$/, '');
      // The tab bar names the suite's tabs; each tab is its own URL.
      await page.getByText('Runbooks', { exact: true }).first().waitFor();
      await page.getByText('Incidents', { exact: true }).first().click();
      await page.waitForURL(/\/incidents$/);
      await page.getByText(state.title).first().waitFor();
    });
    await check(`${label}: example-website Runbooks tab`, async () => {
      await page.goto(
        `${
          entityUrl ?? `${base}/catalog/default/component/example-website`
        }/runbooks`,
      );
      await page
        .getByText(state.runbookTitle ?? 'Example website runbook')
        .first()
        .waitFor();
    });
    await check(`${label}: /incidents page`, async () => {
      await page.goto(`${base}/incidents`);
      await page.getByText(state.title).first().waitFor();
    });
    if (errors.length) {
      record(`${label}: no uncaught page errors`, false, errors.join('; '));
    }
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- PostgreSQL

async function dropDatabases(prefix) {
  const { Client } = require('pg');
  const client = new Client({ ...PG, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    return rows.length;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- main

async function testRelease(release, tarballs, logDir) {
  const logFile = path.join(logDir, `${release}.log`);
  writeFileSync(logFile, '');
  log(`${release}: log ${logFile}`);
  let app;
  const timings = {};
  let started = Date.now();
  const ok = await check(
    `${release}: stock app (create-app ${CREATE_APP})`,
    () => {
      const result = stockApp(release, logFile);
      app = result.app;
      timings.stockApp = {
        seconds: (Date.now() - started) / 1000,
        cold: result.cold,
      };
      const versions = backstageVersions(app);
      const mixed = Object.entries(versions).filter(([, v]) => v.size > 1);
      return `${Object.keys(versions).length} @backstage packages, cli ${[
        ...(versions['@backstage/cli'] ?? []),
      ]}, backend-defaults ${[
        ...(versions['@backstage/backend-defaults'] ?? []),
      ]}${
        mixed.length ? `, several versions of ${mixed.map(([n]) => n)}` : ''
      }${result.cold ? ' (generated now)' : ' (cached)'}`;
    },
  );
  if (!ok) return timings;
  resetApp(app);
  writeYarnShim(app);
  const env = appEnv(app);
  // Its own process: the README's commands run synchronously here.
  const registry = await startRegistryProcess(tarballs);
  try {
    pointScopeAt(app, registry.port);
    started = Date.now();
    const applied = await check(`${release}: README steps apply`, () => {
      const blocks = applyReadme(app, env, logFile);
      return `${blocks.length} blocks`;
    });
    timings.readme = (Date.now() - started) / 1000;
    if (!applied) return timings;
    started = Date.now();
    await check(
      `${release}: app type-checks with the README's code (yarn tsc)`,
      () => {
        run('yarn', ['tsc'], { cwd: app, env, logFile });
      },
    );
    timings.tsc = (Date.now() - started) / 1000;
  } finally {
    registry.stop();
  }
  if (BROWSER) {
    started = Date.now();
    await check(
      `${release}: frontend builds (yarn workspace app build)`,
      () => {
        run('yarn', ['workspace', 'app', 'build'], { cwd: app, env, logFile });
      },
    );
    timings.frontendBuild = (Date.now() - started) / 1000;
  }
  for (const database of DATABASES) {
    const label = `${release}/${database}`;
    const state = { title: `Adopter test ${RUN_ID} ${label}` };
    started = Date.now();
    let backend;
    const booted = await check(`${label}: backend starts`, async () => {
      backend = await startBackend(
        app,
        env,
        deploymentConfig(app, database),
        logFile,
      );
      return `${((Date.now() - started) / 1000).toFixed(0)} s`;
    });
    timings[`${database}Boot`] = (Date.now() - started) / 1000;
    try {
      if (booted) {
        await httpChecks(label, state);
        if (BROWSER) await browserChecks(label, state);
      }
    } finally {
      await backend?.stop();
      if (database === 'postgres') {
        await dropDatabases(`adopter_${RUN_ID}_`).catch(e =>
          log(`could not drop the test databases: ${e.message}`),
        );
      }
    }
    timings[database] = (Date.now() - started) / 1000;
  }
  return timings;
}

async function main() {
  mkdirSync(CACHE, { recursive: true });
  const logDir = path.join(CACHE, 'logs');
  mkdirSync(logDir, { recursive: true });
  const packLog = path.join(logDir, 'pack.log');
  writeFileSync(packLog, '');
  let tarballs;
  let started = Date.now();
  await check('suite packs (release script)', () => {
    tarballs = packSuite(packLog);
    const files = readdirSync(tarballs).filter(f => f.endsWith('.tgz'));
    if (files.length !== 3) throw new Error(`tarballs: ${files}`);
    return files.join(', ');
  });
  const timings = { pack: (Date.now() - started) / 1000 };
  if (tarballs) {
    for (const release of RELEASES) {
      timings[release] = await testRelease(release, tarballs, logDir);
    }
  }
  const passed = results.filter(r => r.ok).length;
  const failed = results.length - passed;
  const summary = {
    passed,
    failed,
    seconds: (Date.now() - t0) / 1000,
    timings,
    results,
  };
  const jsonOut = argValues('--json')[0];
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(summary, null, 2)}\n`);
  log(`timings ${JSON.stringify(timings)}`);
  console.log(`adopter: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
