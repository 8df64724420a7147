import { uriTransformer } from 'react-markdown';

/** Where a link in a runbook leads, once resolved against the runbook. */
export type RunbookLinkTarget =
  /** Another runbook (or this one), shown in the portal. */
  | { type: 'runbook'; path: string; hash: string }
  /** A heading of this page. */
  | { type: 'anchor'; hash: string }
  /** A web or mail address, opened as it is. */
  | { type: 'external'; href: string }
  /** A `javascript:`-like URL or a repository file that is not a runbook: no link. */
  | { type: 'none' };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// The schemes react-markdown's URI transformer lets through.
const SAFE_SCHEME = /^(https?|mailto|tel):/i;
// Only the pathname of this base matters: it stands for the root of the runbooks.
const ROOT = 'https://runbooks.invalid/';

/**
 * Resolves a link of the runbook at `fromPath` the way GitHub does for files
 * in a repository: `./database.md` and `../runbooks/x.md#anchor` name other
 * runbooks. Unsafe schemes go through react-markdown's URI transformer, which
 * lets only http(s), mailto and tel through.
 */
export function resolveRunbookLink(
  fromPath: string,
  href: string | undefined,
): RunbookLinkTarget {
  const raw = (href ?? '').trim();
  if (!raw) return { type: 'none' };
  if (raw.startsWith('#')) return { type: 'anchor', hash: raw };
  if (SCHEME.test(raw) || raw.startsWith('//')) {
    return SAFE_SCHEME.test(raw) && uriTransformer(raw) === raw
      ? { type: 'external', href: raw }
      : { type: 'none' };
  }
  let path: string;
  let hash: string;
  try {
    const url = new URL(raw, `${ROOT}${fromPath}`);
    path = decodeURIComponent(url.pathname.slice(1));
    hash = url.hash;
  } catch {
    return { type: 'none' };
  }
  if (!/\.md$/i.test(path)) return { type: 'none' };
  return { type: 'runbook', path, hash };
}

/** The portal URL of a runbook below `basePath`, each path segment encoded. */
export function runbookHref(basePath: string, path: string, hash = '') {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `${basePath.replace(/\/$/, '')}/${encoded}${hash}`;
}

/**
 * react-markdown's URI transformer, except that a refused URL becomes no URL
 * instead of `javascript:void(0)`, so that no `javascript:` reaches the DOM.
 */
export function safeUri(uri: string): string {
  const safe = uriTransformer(uri);
  return SAFE_SCHEME.test(safe) || !SCHEME.test(safe) ? safe : '';
}
