#!/usr/bin/env node
// Generates the typed router of a plugin from its OpenAPI spec, or checks that
// the generated file is current.
//
// Backstage's `repo-tools package schema openapi generate --server` needs the
// Java openapi-generator, whose JAR cannot be downloaded here; the router it
// would produce is the spec as a const, which is all that
// `createValidatedOpenApiRouter` needs to type requests and responses.
//
// usage: node scripts/openapi.mjs generate|check <plugin dir>...
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const [mode, ...dirs] = process.argv.slice(2);
if (!['generate', 'check'].includes(mode) || dirs.length === 0) {
  console.error('usage: openapi.mjs generate|check <plugin dir>...');
  process.exit(2);
}

let stale = 0;
for (const dir of dirs) {
  const specPath = path.join(dir, 'src/schema/openapi.yaml');
  const outPath = path.join(dir, 'src/schema/openapi/generated/router.ts');
  const spec = yaml.load(fs.readFileSync(specPath, 'utf8'));
  const text = `// THIS FILE IS GENERATED from ../../openapi.yaml by scripts/openapi.mjs. DO NOT EDIT.
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = ${JSON.stringify(spec, null, 2)} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
`;
  const current = fs.existsSync(outPath)
    ? fs.readFileSync(outPath, 'utf8')
    : '';
  if (current === text) continue;
  if (mode === 'check') {
    console.error(`${outPath} is out of date: run yarn openapi:generate`);
    stale++;
  } else {
    fs.mkdirSync(path.dirname(outPath), { recursive: true });
    fs.writeFileSync(outPath, text);
    console.log(`wrote ${outPath}`);
  }
}
process.exit(stale ? 1 : 0);
