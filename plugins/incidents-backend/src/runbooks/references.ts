import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { RunbookIndex } from './RunbookIndex';

/** The annotation naming an entity's runbooks: comma-separated paths or globs. */
export const RUNBOOKS_ANNOTATION = 'bomizzel.com/runbooks';

const GLOB = /[*?[\]{}]/;

/**
 * The runbooks a path names: a path under a root (`runbooks/database.md`) or
 * in the repository (`docs/runbooks/database.md`), optionally `./`-prefixed;
 * globs (`runbooks/*.md`) allowed where `globs` is set.
 */
function resolvePath(
  index: RunbookIndex,
  reference: string,
  globs: boolean,
): string[] {
  const candidates = [reference.replace(/^(\.\/)+/, '')];
  for (const root of index.roots) {
    if (
      root.repositoryPath &&
      candidates[0].startsWith(`${root.repositoryPath}/`)
    ) {
      candidates.push(candidates[0].slice(root.repositoryPath.length + 1));
    }
  }
  for (const candidate of candidates) {
    if (!candidate || candidate.split('/').includes('..')) continue;
    if (globs && GLOB.test(candidate)) {
      const matches = index.matchGlob(candidate);
      if (matches.length) return matches;
    } else if (index.has(candidate)) {
      return [candidate];
    }
  }
  return [];
}

function decodePath(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/**
 * The runbook a `metadata.links` URL of type `runbook` points to, when it
 * points inside the roots: the portal's page (`/runbooks/<path>`, relative or
 * under app.baseUrl), a file in the repository as browsed at one of
 * `incidents.runbooks.repositoryUrls`, or a relative path as in `resolvePath`.
 */
export function resolveRunbookLink(
  index: RunbookIndex,
  url: string,
  options: { appBaseUrl?: string; repositoryUrls: string[] },
): string[] {
  const bare = url.replace(/[?#].*$/, '');
  const portalPrefixes = ['/runbooks/'];
  if (options.appBaseUrl) {
    portalPrefixes.push(`${options.appBaseUrl.replace(/\/+$/, '')}/runbooks/`);
  }
  const portal = portalPrefixes.find(prefix => bare.startsWith(prefix));
  if (portal) {
    const runbookPath = decodePath(bare.slice(portal.length));
    return runbookPath && index.has(runbookPath) ? [runbookPath] : [];
  }
  const repository = options.repositoryUrls.find(prefix =>
    bare.startsWith(prefix),
  );
  if (repository) {
    const repositoryPath = decodePath(bare.slice(repository.length));
    return repositoryPath ? resolvePath(index, repositoryPath, false) : [];
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(bare) || bare.startsWith('/')) {
    return [];
  }
  const relative = decodePath(bare);
  return relative ? resolvePath(index, relative, false) : [];
}

/**
 * The runbooks of one entity: front matter `entities` listing it, its
 * annotation, its runbook links.
 */
export function runbooksOfEntity(
  index: RunbookIndex,
  entity: Entity,
  options: { appBaseUrl?: string; repositoryUrls: string[] },
): string[] {
  const annotation = entity.metadata.annotations?.[RUNBOOKS_ANNOTATION] ?? '';
  return [
    ...index.pathsOfEntity(stringifyEntityRef(entity)),
    ...annotation
      .split(',')
      .map(reference => reference.trim())
      .filter(Boolean)
      .flatMap(reference => resolvePath(index, reference, true)),
    ...(entity.metadata.links ?? [])
      .filter(link => link.type === 'runbook')
      .flatMap(link => resolveRunbookLink(index, link.url, options)),
  ];
}
