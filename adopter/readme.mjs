// The adopter test's steps come from the README: the fenced blocks of the
// section "Adding the suite to an existing Backstage app" that follow an
// `<!-- adopter:<kind> [<path>] -->` comment. A wrong README step makes the
// test fail.
//
// Kinds:
//   install            sh: each command runs in the app's root
//   backend <file>     ts: inserted above the file's `backend.start();`
//   config <file>      yaml: merged into the file (maps merge, lists append)
//   file <path>        the block is the file's content
//   legacy <file>      tsx edits of the legacy app, see applyLegacy in run.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument, isMap, isSeq } from 'yaml';

export const SECTION = '## Adding the suite to an existing Backstage app';

export function readSection(readmePath) {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const start = lines.indexOf(SECTION);
  if (start < 0) throw new Error(`README has no section "${SECTION}"`);
  let fenced = false;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i].startsWith('```')) fenced = !fenced;
    if (!fenced && lines[i].startsWith('## ')) {
      end = i;
      break;
    }
  }
  return lines.slice(start, end).join('\n');
}

export function readBlocks(readmePath) {
  const section = readSection(readmePath);
  const re =
    /<!-- adopter:([\w-]+)(?: ([^\s]+))? -->\s*\n```(\w*)\n([\s\S]*?)\n```/g;
  const blocks = [];
  for (const m of section.matchAll(re)) {
    blocks.push({ kind: m[1], arg: m[2], lang: m[3], body: `${m[4]}\n` });
  }
  return blocks;
}

/** Shell commands of an install block, without comments and blank lines. */
export function commandsOf(block) {
  return block.body
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));
}

/** Inserts a backend block above `backend.start();`. */
export function insertIntoBackend(file, snippet) {
  const source = readFileSync(file, 'utf8');
  const anchor = source.lastIndexOf('backend.start();');
  if (anchor < 0) throw new Error(`${file} has no backend.start();`);
  writeFileSync(
    file,
    `${source.slice(0, anchor)}${snippet.trimEnd()}\n\n${source.slice(anchor)}`,
  );
}

/** Merges a YAML block into a config file, keeping the file's comments. */
export function mergeYaml(file, snippet) {
  const target = parseDocument(readFileSync(file, 'utf8'));
  const source = parseDocument(snippet);
  for (const doc of [target, source]) {
    if (doc.errors.length) throw doc.errors[0];
  }
  mergeNode(target, target.contents, source.contents);
  writeFileSync(file, target.toString());
}

function mergeNode(doc, into, from) {
  for (const pair of from.items) {
    const key = pair.key.value;
    const existing = into.get(key, true);
    if (isMap(existing) && isMap(pair.value)) {
      mergeNode(doc, existing, pair.value);
    } else if (isSeq(existing) && isSeq(pair.value)) {
      for (const item of pair.value.items) existing.items.push(item);
    } else {
      into.set(key, pair.value);
    }
  }
}
