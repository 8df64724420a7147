#!/usr/bin/env node
// What the incidents frontend plugin weighs in the example app's production
// bundle, from the bundler's stats:
//
//   node bench/frontend/chunks.mjs [--build] [--dist packages/app/dist]
//                                  [--json FILE]
//
// --build first runs `backstage-cli package build --stats` in packages/app
// (about 3 minutes on 2 cores); without it the script reads an earlier build's
// dist/bundle-stats.json. It prints
//   (a) the entry: the files every page load fetches before the app renders
//       (the `main` entrypoint's initial chunks), gzipped, and what the
//       plugin adds to them: its own modules plus the third-party modules
//       only it imports, measured as the entry's gzipped size with and
//       without their minified code (target: at most 20 kB);
//   (b) each lazy `import()` of the plugin (tab, card, page): the chunks the
//       browser fetches for it that the entry does not already hold, gzipped;
//   (c) each chunk that holds plugin code, gzipped, with the plugin's share.
// Sizes are gzip level 9 of the emitted files (as the build's own size
// report). The plugin is recognised by its sources (plugins/incidents,
// plugins/incidents-common) or its packages (@bomizzel/plugin-incidents*),
// so the script also reads the build of an app that installed the tarballs.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable } from './table.mjs';
import { gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const require = createRequire(path.join(repo, 'package.json'));
const acorn = require('acorn');

const { values: flags } = parseArgs({
  options: {
    build: { type: 'boolean', default: false },
    dist: { type: 'string', default: path.join(repo, 'packages/app/dist') },
    json: { type: 'string' },
  },
});
const TARGET_ENTRY_KB = 20;
const dist = path.resolve(flags.dist);

if (flags.build) {
  const app = path.dirname(dist);
  console.log(`Building ${app} with --stats ...`);
  const started = Date.now();
  const result = spawnSync(
    'yarn',
    ['backstage-cli', 'package', 'build', '--stats'],
    { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (result.status !== 0) {
    throw new Error(`The app build failed (exit ${result.status})`);
  }
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const statsFile = path.join(dist, 'bundle-stats.json');
if (!fs.existsSync(statsFile)) {
  throw new Error(
    `${statsFile} is missing: build the app with stats (--build, or ` +
      '`yarn backstage-cli package build --stats` in packages/app)',
  );
}
const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));

const PLUGIN =
  /(^|\/)(plugins\/incidents(-common)?\/|@bomizzel\/plugin-incidents(-common)?\/)/;
const isPluginName = name => PLUGIN.test(name ?? '');
const kB = bytes => (bytes / 1000).toFixed(1);
const gzip = data => gzipSync(data, { level: 9 }).length;

// ---------------------------------------------------------------- modules
// Concatenated modules ("a.tsx + 4 modules") list their parts; a part is the
// plugin's if its path is.
const modules = stats.modules.filter(m => m.chunks?.length);
const pluginBytes = m =>
  m.modules?.length
    ? m.modules
        .filter(part => isPluginName(part.name))
        .reduce((sum, part) => sum + part.size, 0)
    : isPluginName(m.name)
    ? m.size
    : 0;
const partsOf = m => (m.modules?.length ? m.modules : [m]);

// Third-party modules only the plugin imports: every importer is the
// plugin's or another such module (fixpoint over the reasons).
const importers = new Map();
const identifiers = new Map();
for (const m of stats.modules) {
  for (const part of partsOf(m)) {
    identifiers.set(part.identifier, m);
  }
}
for (const m of modules) {
  const from = new Set();
  for (const reason of m.reasons ?? []) {
    const importer = identifiers.get(reason.moduleIdentifier);
    if (importer && importer !== m) from.add(importer);
  }
  importers.set(m, from);
}
const owned = new Set(modules.filter(m => pluginBytes(m) > 0));
for (let grew = true; grew; ) {
  grew = false;
  for (const m of modules) {
    if (owned.has(m)) continue;
    const from = importers.get(m);
    if (from.size && [...from].every(i => owned.has(i))) {
      owned.add(m);
      grew = true;
    }
  }
}

// ----------------------------------------------------------------- chunks
const chunks = new Map(stats.chunks.map(c => [String(c.id), c]));
const entry = stats.entrypoints.main;
const initial = new Set(entry.chunks.map(String));
const jsFiles = c => c.files.filter(f => f.endsWith('.js'));
const fileBytes = new Map();
const read = file => {
  if (!fileBytes.has(file)) {
    fileBytes.set(file, fs.readFileSync(path.join(dist, file)));
  }
  return fileBytes.get(file);
};
const gzipOfFiles = files => files.reduce((sum, f) => sum + gzip(read(f)), 0);

/** The minified code of each module of a JSONP chunk file, by module id. */
function moduleCode(file) {
  const code = read(file).toString('utf8');
  const ast = acorn.parse(code, {
    ecmaVersion: 'latest',
    sourceType: 'script',
  });
  const found = new Map();
  const visit = node => {
    if (!node || typeof node.type !== 'string') return;
    if (
      node.type === 'CallExpression' &&
      node.callee.type === 'MemberExpression' &&
      node.callee.property.name === 'push' &&
      node.arguments[0]?.type === 'ArrayExpression' &&
      node.arguments[0].elements[1]?.type === 'ObjectExpression'
    ) {
      for (const prop of node.arguments[0].elements[1].properties) {
        const key =
          prop.key.type === 'Literal' ? prop.key.value : prop.key.name;
        found.set(String(key), { start: prop.start, end: prop.end });
      }
      return;
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(ast);
  return { code, found };
}

// (a) The entry with and without the plugin's modules.
const entryFiles = [...initial].flatMap(id => jsFiles(chunks.get(id)));
const entryGzip = gzipOfFiles(entryFiles);
let entryWithout = 0;
let pluginStandalone = '';
const inEntry = [];
for (const file of entryFiles) {
  const { code, found } = moduleCode(file);
  const cut = [];
  for (const m of modules) {
    if (!owned.has(m) || !m.chunks.some(c => initial.has(String(c)))) continue;
    const at = found.get(String(m.id));
    if (!at) continue;
    cut.push(at);
    pluginStandalone += code.slice(at.start, at.end);
    inEntry.push({
      name: m.name,
      own: pluginBytes(m) > 0,
      minified: at.end - at.start,
    });
  }
  cut.sort((a, b) => b.start - a.start);
  let rest = code;
  for (const at of cut) {
    // Keep the object literal valid: drop the property and its comma.
    const end = rest[at.end] === ',' ? at.end + 1 : at.end;
    rest = rest.slice(0, at.start) + rest.slice(end);
  }
  entryWithout += gzip(Buffer.from(rest));
}
// The app's list of discovered plugins names the package too; that line is
// the app's, and a handful of bytes.
const entryIncrease = entryGzip - entryWithout;

// (b) Each lazy import() of the plugin: what it fetches beyond the entry.
const loads = new Map();
for (const c of stats.chunks) {
  if (initial.has(String(c.id))) continue;
  for (const origin of c.origins ?? []) {
    if (!isPluginName(origin.moduleName) || !origin.request) continue;
    const key = `${origin.moduleName.replace(
      /^.*?(plugins\/|@bomizzel\/)/,
      '$1',
    )} → ${origin.request}`;
    if (!loads.has(key)) loads.set(key, new Set());
    loads.get(key).add(String(c.id));
  }
}

// (c) Chunks holding plugin code.
const pluginChunks = [];
for (const c of stats.chunks) {
  const id = String(c.id);
  let own = 0;
  let total = 0;
  for (const m of modules) {
    if (!m.chunks.map(String).includes(id)) continue;
    total += m.size;
    own += pluginBytes(m);
  }
  if (own === 0) continue;
  pluginChunks.push({
    id,
    files: jsFiles(c),
    initial: initial.has(id),
    gzip: gzipOfFiles(jsFiles(c)),
    pluginShare: own / total,
    pluginRaw: own,
  });
}
pluginChunks.sort((a, b) => b.gzip - a.gzip);

// ----------------------------------------------------------------- report

console.log(
  `\nBundle of ${path.relative(process.cwd(), dist) || dist} (${
    stats.rspackVersion
      ? `rspack ${stats.rspackVersion}`
      : `webpack ${stats.version}`
  }, built ${new Date(stats.builtAt).toISOString()})\n`,
);
console.log(
  `(a) Entry: ${entryFiles.length} files, ${kB(entryGzip)} kB gzipped; ` +
    `without the plugin's modules ${kB(entryWithout)} kB.`,
);
printTable(
  inEntry
    .sort((a, b) => b.minified - a.minified)
    .map(m => [m.own ? 'plugin' : 'only used by it', kB(m.minified), m.name]),
  ['module', 'minified kB', 'name'],
);
console.log(
  `The plugin adds ${kB(entryIncrease)} kB gzipped to the entry ` +
    `(its entry modules alone gzip to ${kB(
      gzip(Buffer.from(pluginStandalone)),
    )} kB); ` +
    `target <= ${TARGET_ENTRY_KB} kB: ${
      entryIncrease <= TARGET_ENTRY_KB * 1000 ? 'MET' : 'MISSED'
    }\n`,
);

console.log("(b) The plugin's lazy imports: chunks fetched beyond the entry");
const loadRows = [...loads]
  .map(([key, ids]) => {
    const files = [...ids].flatMap(id => jsFiles(chunks.get(id)));
    return [key, String(ids.size), kB(gzipOfFiles(files))];
  })
  .sort((a, b) => a[0].localeCompare(b[0]));
printTable(loadRows, ['import()', 'chunks', 'gzipped kB']);

console.log('\n(c) Chunks with plugin code');
printTable(
  pluginChunks.map(c => [
    c.files.join(' '),
    c.initial ? 'entry' : 'lazy',
    kB(c.gzip),
    `${(c.pluginShare * 100).toFixed(0)}%`,
  ]),
  ['file', 'loaded', 'gzipped kB', 'plugin share (raw)'],
);

if (flags.json) {
  fs.writeFileSync(
    flags.json,
    JSON.stringify(
      {
        builtAt: stats.builtAt,
        entry: {
          files: entryFiles,
          gzip: entryGzip,
          gzipWithoutPlugin: entryWithout,
          pluginIncrease: entryIncrease,
          modules: inEntry,
        },
        loads: Object.fromEntries(
          [...loads].map(([key, ids]) => [
            key,
            {
              chunks: [...ids],
              gzip: gzipOfFiles(
                [...ids].flatMap(id => jsFiles(chunks.get(id))),
              ),
            },
          ]),
        ),
        chunks: pluginChunks,
      },
      null,
      2,
    ),
  );
}
