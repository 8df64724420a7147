#!/usr/bin/env node
// Benchmark of the Incidents tab in the example portal's production build.
//
//   node bench/frontend/run.mjs [--loads 10] [--entity component:default/bomizzel-backend]
//                               [--url http://127.0.0.1:7007] [--serve]
//
// Targets (issue 15): from navigation to the first incident row of an
// entity's Incidents tab <= 1 s median over 10 cold loads, and <= 300 ms when
// switching to the tab from the entity's overview.
//
// Set-up, as the portal is deployed: the production build (`yarn
// build:backend`, which builds the app bundle with it; cached as the topology
// suite caches it, see topology/README.md, but in
// ~/.cache/bomizzel-portal/frontend-bench or TOPOLOGY_CACHE_DIR) unpacked and installed as
// packages/backend/Dockerfile does, one replica started as the image's CMD
// starts it (NODE_ENV=production, app-config.yaml + app-config.production.yaml)
// on a PostgreSQL 15 and a Redis of its own, the backend serving the app
// bundle (app-backend) with its own compression. The overlay on top sets only
// ports and base URLs, guest sign-in outside development, and
// `incidents.demoData: true`: the year of example incidents the development
// portal shows, seeded into the fresh database at start-up (production
// config leaves it off; without it the example entities have no incidents
// to show). --url measures a portal that is already running instead;
// --serve starts the portal and keeps it running (for --url) until Ctrl-C.
//
// Browser: Debian's Chromium, headless, through playwright-core. Each load is
// cold: a new browser context (empty HTTP cache, no service worker, no
// storage) of a signed-in user (the sign-in page's remembered provider,
// `guest`, put into localStorage before the first script runs, as a user who
// signed in before has it; the app then signs in by itself). The backend is
// warm: one load before the measured ones is not counted.
//   (a) cold load: navigation to <entity>/incidents, until the frame after the
//       first row of the tab's incident tables is in the DOM (the page's own
//       clock: performance.now() from the navigation's start);
//   (b) tab switch: navigation to the entity's overview, wait until it is
//       complete (the incidents card shows its figures, then no request for
//       500 ms), click the Incidents tab; from the click to the frame after
//       the first row.
// The median and p95 (nearest rank) are printed with a verdict; for the
// median load, the requests it made before its first row (a waterfall). The
// process exits 0 whether the targets pass or not, non-zero on errors.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable } from './table.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const require = createRequire(path.join(repo, 'package.json'));
const { chromium } = require('playwright-core');
const chromiumLaunch = require('./scripts/chromium.cjs');

const { values: flags } = parseArgs({
  options: {
    loads: { type: 'string', default: '10' },
    entity: { type: 'string', default: 'component:default/bomizzel-backend' },
    url: { type: 'string' },
    serve: { type: 'boolean', default: false },
    chromium: {
      type: 'string',
      default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    },
  },
});
const LOADS = Number(flags.loads);
if (!Number.isInteger(LOADS) || LOADS <= 0) {
  throw new Error('--loads: expected a positive integer');
}
const TARGET_LOAD_MS = 1000;
const TARGET_SWITCH_MS = 300;
const [kind, rest] = flags.entity.split(':');
const [namespace, name] = rest.split('/');
const ENTITY_PATH = `/catalog/${namespace}/${kind}/${name}`;

const started = performance.now();
const log = (...args) =>
  console.log(
    `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s]`,
    ...args,
  );

// ------------------------------------------------------------- the portal
let topology;
let baseUrl = flags.url?.replace(/\/$/, '');
if (!baseUrl) {
  // A cache of its own: the topology suite replaces the build in its cache
  // when the sources differ, which must not happen under a running suite.
  process.env.TOPOLOGY_CACHE_DIR ??= path.join(
    process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
    'bomizzel-portal',
    'frontend-bench',
  );
  const { Topology } = await import('../../topology/lib/topology.ts');
  /** One replica, reached directly (no proxy hop), with the demo incidents. */
  class BenchTopology extends Topology {
    overlay(port) {
      const base = super.overlay(port);
      const direct = `http://127.0.0.1:${port}`;
      return {
        ...base,
        app: { baseUrl: direct },
        backend: { ...base.backend, baseUrl: direct },
        incidents: { ...base.incidents, demoData: true },
      };
    }
  }
  topology = new BenchTopology({
    replicas: 1,
    fastEscalation: false,
    logDir: path.join(repo, 'e2e-test-report', 'frontend-bench-logs'),
    log: line => {
      if (!line.startsWith('build: ')) log(line);
    },
  });
  log(
    'Preparing the production build (cached while the sources are unchanged) ...',
  );
  await topology.start();
  baseUrl = topology.replicas[0].url;
  await topology.signIn();
  await topology.catalogReady();
}

const close = async () => {
  await browser?.close().catch(() => {});
  if (topology) await topology.close();
};
let browser;
try {
  const index = await fetch(`${baseUrl}/`);
  const html = await index.text();
  if (!index.ok || !/<script[^>]+src=/.test(html)) {
    throw new Error(
      `${baseUrl}/ does not serve the app bundle (${index.status})`,
    );
  }
  log(`Portal at ${baseUrl}; entity page ${ENTITY_PATH}`);
  if (flags.serve) {
    log('Serving until interrupted (measure with --url).');
    await new Promise(resolve => process.once('SIGINT', resolve));
    process.exit(0);
  }

  browser = await chromium.launch({
    executablePath: flags.chromium,
    args: chromiumLaunch.args,
    headless: true,
  });
  log(`Chromium ${browser.version()}`);

  // ---------------------------------------------------------- measuring
  /**
   * Runs in every page before its scripts: the remembered sign-in provider,
   * and the clock of the first incident row of the tab (and of the last
   * click, for the tab switch).
   */
  const initScript = () => {
    localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');
    const marks = (window.__bench = {});
    const ROW =
      'section[aria-label="Active incidents"] tbody a, section[aria-label="History"] tbody a';
    const hasRow = () =>
      [...document.querySelectorAll(ROW)].some(a =>
        /^INC-\d+$/.test(a.textContent.trim()),
      );
    const observer = new MutationObserver(() => {
      if (marks.firstRowDom === undefined && hasRow()) {
        marks.firstRowDom = performance.now();
        requestAnimationFrame(() => {
          marks.firstRow = performance.now();
        });
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
    addEventListener(
      'click',
      () => {
        marks.clickAt = performance.now();
      },
      true,
    );
  };

  const newPage = async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      serviceWorkers: 'block',
    });
    await context.addInitScript(initScript);
    const page = await context.newPage();
    return { context, page };
  };

  const marksOf = page => page.evaluate(() => window.__bench);
  const waitForRow = page =>
    page.waitForFunction(() => window.__bench?.firstRow !== undefined, null, {
      timeout: 60_000,
      polling: 50,
    });
  const resources = page =>
    page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return [nav, ...performance.getEntriesByType('resource')].map(r => ({
        name: r.name,
        type: r.initiatorType,
        start: r.startTime,
        end: r.responseEnd,
        bytes: r.transferSize,
      }));
    });

  async function coldLoad() {
    const { context, page } = await newPage();
    try {
      await page.goto(`${baseUrl}${ENTITY_PATH}/incidents`, {
        waitUntil: 'commit',
      });
      await waitForRow(page);
      const marks = await marksOf(page);
      const loaded = await resources(page);
      // Everything before the entity is the app's own start (bundle, sign-in,
      // catalog); from there on it is the tab's code and data.
      const entity = loaded.find(r =>
        r.name.includes('/api/catalog/entities/by-name/'),
      );
      return {
        ms: marks.firstRow,
        dom: marks.firstRowDom,
        afterEntity: entity ? marks.firstRow - entity.end : undefined,
        resources: loaded,
      };
    } finally {
      await context.close();
    }
  }

  async function tabSwitch() {
    const { context, page } = await newPage();
    try {
      let inFlight = 0;
      let lastActivity = Date.now();
      page.on('request', () => {
        inFlight++;
        lastActivity = Date.now();
      });
      const done = () => {
        inFlight--;
        lastActivity = Date.now();
      };
      page.on('requestfinished', done);
      page.on('requestfailed', done);
      await page.goto(`${baseUrl}${ENTITY_PATH}`, { waitUntil: 'load' });
      // The overview is complete: the incidents card shows its figures, and
      // nothing has been asked for 500 ms.
      await page.getByText('MTTA').first().waitFor({ timeout: 60_000 });
      const quietSince = Date.now();
      while (inFlight > 0 || Date.now() - lastActivity < 500) {
        if (Date.now() - quietSince > 30_000) break;
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      // The entity page's tab (a link), not the sidebar's Incidents page.
      const tab = page.locator(`a[href$="${ENTITY_PATH}/incidents"]`).first();
      await tab.waitFor({ timeout: 30_000 });
      await tab.click();
      await waitForRow(page);
      const marks = await marksOf(page);
      return {
        ms: marks.firstRow - marks.clickAt,
        dom: marks.firstRowDom - marks.clickAt,
        clickAt: marks.clickAt,
        resources: (await resources(page)).filter(
          r => r.start >= marks.clickAt - 1,
        ),
      };
    } finally {
      await context.close();
    }
  }

  // The machine may be shared: the figures are only as good as its load.
  const loadAverage = () =>
    os
      .loadavg()
      .map(v => v.toFixed(1))
      .join(' ');
  const loadAtStart = loadAverage();
  log('Warm-up load (not counted) ...');
  await coldLoad();
  const loads = [];
  for (let i = 0; i < LOADS; i++) {
    const result = await coldLoad();
    loads.push(result);
    log(`cold load ${i + 1}/${LOADS}: first row at ${result.ms.toFixed(0)} ms`);
  }
  const switches = [];
  for (let i = 0; i < LOADS; i++) {
    const result = await tabSwitch();
    switches.push(result);
    log(
      `tab switch ${i + 1}/${LOADS}: first row ${result.ms.toFixed(
        0,
      )} ms after the click`,
    );
  }

  // ------------------------------------------------------------- report
  const sorted = values => [...values].sort((a, b) => a - b);
  const median = values => {
    const s = sorted(values);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  };
  const p95 = values => {
    const s = sorted(values);
    return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
  };
  const summary = (label, values, target) => {
    const m = median(values);
    return [
      label,
      String(values.length),
      m.toFixed(0),
      p95(values).toFixed(0),
      sorted(values)[0].toFixed(0),
      sorted(values).at(-1).toFixed(0),
      target ? `<= ${target}` : '',
      target ? (m <= target ? 'MET' : 'MISSED') : '',
    ];
  };
  const waterfall = (label, result, from = 0) => {
    const origin = new URL(baseUrl).origin;
    console.log(`\n${label}`);
    printTable(
      result.resources
        .filter(r => r.start <= result.ms + from)
        .sort((a, b) => a.start - b.start)
        .map(r => [
          (r.start - from).toFixed(0),
          (r.end - from).toFixed(0),
          (r.bytes / 1000).toFixed(1),
          r.name.replace(origin, '').slice(0, 110),
        ]),
      ['start ms', 'end ms', 'kB', 'request'],
    );
  };
  const byMedian = results => {
    const m = median(results.map(r => r.ms));
    return results.reduce((best, r) =>
      Math.abs(r.ms - m) < Math.abs(best.ms - m) ? r : best,
    );
  };

  waterfall(
    `Requests of the median cold load before its first row (${byMedian(
      loads,
    ).ms.toFixed(0)} ms):`,
    byMedian(loads),
  );
  const medianSwitch = byMedian(switches);
  waterfall(
    `Requests of the median tab switch, from the click (${medianSwitch.ms.toFixed(
      0,
    )} ms):`,
    medianSwitch,
    medianSwitch.clickAt,
  );

  console.log(
    `\nIncidents tab of ${flags.entity}, production build, ${LOADS} cold loads each (ms); ` +
      `load average ${loadAtStart} at the start, ${loadAverage()} at the end ` +
      `(${os.cpus().length} CPUs)`,
  );
  const afterEntity = loads
    .map(r => r.afterEntity)
    .filter(v => v !== undefined);
  printTable(
    [
      summary(
        'navigation → first row',
        loads.map(r => r.ms),
        TARGET_LOAD_MS,
      ),
      ...(afterEntity.length
        ? [summary('  of which: entity loaded → first row', afterEntity)]
        : []),
      summary(
        'overview → tab click → first row',
        switches.map(r => r.ms),
        TARGET_SWITCH_MS,
      ),
    ],
    ['measure', 'n', 'median', 'p95', 'min', 'max', 'target', 'verdict'],
  );
  const out = path.join(repo, 'e2e-test-report', 'frontend-bench.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        entity: flags.entity,
        loads: loads.map(r => r.ms),
        afterEntity,
        switches: switches.map(r => r.ms),
      },
      null,
      2,
    ),
  );
} finally {
  await close();
}
