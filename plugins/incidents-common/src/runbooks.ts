import GithubSlugger from 'github-slugger';

/**
 * A heading of a runbook, for its table of contents and deep links.
 *
 * @public
 */
export interface RunbookHeading {
  /** 1 for `#`, 2 for `##`, … */
  depth: number;
  /** The heading's text, markdown stripped. */
  text: string;
  /** GitHub-style anchor (`Database Issues (P0/P1)` → `database-issues-p0p1`). */
  slug: string;
}

/**
 * A runbook as listed: what the index knows of one markdown file under a
 * runbook root.
 *
 * @public
 */
export interface RunbookSummary {
  /**
   * The runbook's identity and URL path: its POSIX path relative to its root,
   * for example `runbooks/database.md` for `docs/runbooks/database.md`.
   */
  path: string;
  /** Front matter `title`, else the first heading, else the file name. */
  title: string;
  /** Front matter `summary`/`description`, else the first paragraph. */
  summary?: string;
  headings: RunbookHeading[];
  /** Front matter `owner`, as an entity ref (`group:default/sre`). */
  owner?: string;
  /** Front matter `entities`, as full entity refs. */
  entities: string[];
  tags: string[];
  /** Front matter `severities` (`P0`…) or scenarios the runbook covers. */
  severities: string[];
  /** Front matter `lastReviewed`, ISO date (`2026-04-15`). */
  lastReviewed?: string;
  /** Not reviewed within the configured threshold (or never reviewed). */
  stale: boolean;
  /** Size of the file in bytes. */
  size: number;
  /** ISO time of the file's last modification. */
  modifiedAt: string;
}

/**
 * A runbook search hit: where `q` matched, best matches first.
 *
 * @public
 */
export interface RunbookListItem extends RunbookSummary {
  /** Relevance to `q` (higher is better); absent without `q`. */
  score?: number;
  /** A short excerpt of the text around the best match of `q`. */
  snippet?: string;
}

/** @public */
export interface ListRunbooksRequest {
  /** Only the runbooks of this entity (and, for a System, its parts). */
  entityRef?: string;
  /** Full-text search over titles, headings and text. */
  q?: string;
  /** At most this many runbooks (default 50, at most 1000). */
  limit?: number;
}

/** @public */
export interface ListRunbooksResponse {
  items: RunbookListItem[];
  /** How many runbooks matched before `limit`. */
  total?: number;
}

/**
 * One runbook with its markdown.
 *
 * @public
 */
export interface Runbook extends RunbookSummary {
  /** The markdown body, front matter removed. */
  markdown: string;
  /** The parsed front matter, as JSON. */
  frontMatter: Record<string, unknown>;
}

/**
 * Anchors for the headings of one runbook, in document order, as GitHub makes
 * them (github-slugger: lower case, punctuation dropped, spaces to `-`, `-1`,
 * `-2`… for repeats). The backend's `headings[].slug` and the rendered page's
 * heading ids both come from this, so table-of-contents links always land.
 *
 * @public
 */
export function createRunbookHeadingSlugger(): (text: string) => string {
  const slugger = new GithubSlugger();
  return text => slugger.slug(text);
}
