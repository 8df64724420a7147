import { LoggerService } from '@backstage/backend-plugin-api';
import {
  RunbookListItem,
  RunbookSummary,
} from '@bomizzel/plugin-incidents-common';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import picomatch from 'picomatch';
import { RunbookRoot } from './config';
import { parseRunbook } from './parseRunbook';
import {
  FileIdentity,
  mapLimited,
  RunbookFiles,
  sameFile,
} from './RunbookFiles';
import { RunbookSearch } from './RunbookSearch';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Changes arrive in bursts (an editor's save, a git checkout). */
const WATCH_DEBOUNCE_MS = 50;
const SNIPPET_CHARS = 180;

interface Entry {
  summary: Omit<RunbookSummary, 'stale'>;
  markdown: string;
  frontMatter: Record<string, unknown>;
  /** The plain text, until the search index has taken it in. */
  searchText?: string;
  file: FileIdentity;
  /** When it turns stale (epoch ms); never reviewed is always stale. */
  staleAt?: number;
  served?: ServedRunbook & { stale: boolean };
}

/** One runbook as the API serves it: JSON bytes and their ETag. */
export interface ServedRunbook {
  body: Buffer;
  etag: string;
  /** The same body gzip-compressed, made on the first request that accepts it. */
  gzipped(): { body: Buffer; etag: string };
}

const collator = new Intl.Collator('en');
const byTitle = (a: Entry, b: Entry) =>
  collator.compare(a.summary.title, b.summary.title) ||
  collator.compare(a.summary.path, b.summary.path);

/** Any of the terms, case blind; the last few patterns are kept. */
const termsPatterns = new Map<string, RegExp>();
const termsPattern = (terms: string[]): RegExp => {
  const key = terms.join('\n');
  let pattern = termsPatterns.get(key);
  if (!pattern) {
    pattern = new RegExp(
      terms.map(term => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
      'iu',
    );
    if (termsPatterns.size >= 64) termsPatterns.clear();
    termsPatterns.set(key, pattern);
  }
  return pattern;
};

/**
 * Every `.md` file under the runbook roots, parsed and kept in memory, with a
 * full-text index. Only files found by walking a root, whose real path stays
 * inside that root, are ever known here: nothing is read on request, so a
 * request path can never reach another file. Changes are picked up by
 * watching the roots and by `refresh()` (scheduled as a safety net).
 */
export class RunbookIndex {
  readonly #roots: RunbookRoot[];
  readonly #staleAfterMs: number;
  readonly #logger: LoggerService;
  readonly #files: RunbookFiles;
  #entries = new Map<string, Entry>();
  #byEntity = new Map<string, string[]>();
  #byTitle: Entry[] = [];
  #search = new RunbookSearch();
  #globCache = new Map<string, string[]>();
  #refreshing?: Promise<void>;
  #refreshAgain = false;
  #debounce?: NodeJS.Timeout;
  #closed = false;

  static async create(options: {
    roots: RunbookRoot[];
    staleAfterDays: number;
    maxFileBytes: number;
    logger: LoggerService;
    /** Globs of paths relative to a root that are not runbooks. */
    exclude?: string[];
    /** Watch the roots for changes (default true). */
    watch?: boolean;
  }): Promise<RunbookIndex> {
    const index = new RunbookIndex(options);
    await index.refresh();
    return index;
  }

  private constructor(options: {
    roots: RunbookRoot[];
    staleAfterDays: number;
    maxFileBytes: number;
    logger: LoggerService;
    exclude?: string[];
    watch?: boolean;
  }) {
    this.#roots = options.roots;
    this.#staleAfterMs = options.staleAfterDays * DAY_MS;
    this.#logger = options.logger;
    this.#files = RunbookFiles.create({
      roots: options.roots,
      maxFileBytes: options.maxFileBytes,
      logger: options.logger,
      exclude: options.exclude,
      watch: options.watch !== false,
      onChange: () => this.#changed(),
    });
  }

  get roots(): readonly RunbookRoot[] {
    return this.#roots;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(runbookPath: string): boolean {
    return this.#entries.has(runbookPath);
  }

  paths(): IterableIterator<string> {
    return this.#entries.keys();
  }

  /** Paths of the runbooks whose front matter lists the entity. */
  pathsOfEntity(entityRef: string): string[] {
    return this.#byEntity.get(entityRef.toLocaleLowerCase('en-US')) ?? [];
  }

  /** Paths matching a glob, cached until the set of files changes. */
  matchGlob(pattern: string): string[] {
    let matches = this.#globCache.get(pattern);
    if (!matches) {
      const matcher = picomatch(pattern);
      matches = [...this.#entries.keys()].filter(p => matcher(p));
      this.#globCache.set(pattern, matches);
    }
    return matches;
  }

  /** The runbook's JSON, built once per change of the file (or its staleness). */
  serve(runbookPath: string, now = Date.now()): ServedRunbook | undefined {
    const entry = this.#entries.get(runbookPath);
    if (!entry) {
      return undefined;
    }
    const stale = this.#isStale(entry, now);
    if (entry.served?.stale !== stale) {
      const body = Buffer.from(
        JSON.stringify({
          ...entry.summary,
          stale,
          markdown: entry.markdown,
          frontMatter: entry.frontMatter,
        }),
      );
      const hash = createHash('sha256').update(body).digest('base64url');
      const etag = `"${hash.slice(0, 27)}"`;
      let gzipped: { body: Buffer; etag: string } | undefined;
      entry.served = {
        stale,
        body,
        etag,
        // compressed once per version rather than by the compression
        // middleware on every request (a distinct representation: own ETag)
        gzipped: () =>
          (gzipped ??= {
            body: gzipSync(body, { level: 9 }),
            etag: `${etag.slice(0, -1)}-gzip"`,
          }),
      };
    }
    return entry.served;
  }

  /**
   * Lists runbooks: with `q` the matches, best first, else all by title;
   * `only` restricts to those paths.
   */
  list(options: {
    q?: string;
    only?: ReadonlySet<string>;
    limit: number;
    now?: number;
  }): { items: RunbookListItem[]; total: number } {
    const now = options.now ?? Date.now();
    const { q, only, limit } = options;
    if (!q) {
      const entries = only
        ? [...only].flatMap(p => this.#entries.get(p) ?? []).sort(byTitle)
        : this.#byTitle;
      return {
        items: entries.slice(0, limit).map(entry => ({
          ...entry.summary,
          stale: this.#isStale(entry, now),
        })),
        total: entries.length,
      };
    }
    // Every word first; then any word, allowing typos, rather than nothing.
    // Only the best `limit` hits are built; `total` counts all matches.
    let results = this.#search.search(q, {
      all: true,
      fuzzy: false,
      only,
      limit,
    });
    if (results.total === 0) {
      results = this.#search.search(q, {
        all: false,
        fuzzy: true,
        only,
        limit,
      });
    }
    return {
      items: results.hits.flatMap(hit => {
        const entry = this.#entries.get(hit.id);
        return entry
          ? [
              {
                ...entry.summary,
                stale: this.#isStale(entry, now),
                score: Math.round(hit.score * 1000) / 1000,
                snippet: this.#snippet(entry, hit.textTerms),
              },
            ]
          : [];
      }),
      total: results.total,
    };
  }

  /** Re-scans the roots; unchanged files are not read again. */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      try {
        do {
          this.#refreshAgain = false;
          await this.#scan();
        } while (this.#refreshAgain && !this.#closed);
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#debounce);
    this.#files.close();
  }

  #isStale(entry: Entry, now: number) {
    return entry.staleAt === undefined || now >= entry.staleAt;
  }

  /**
   * Text around the first of the terms (matched in the body) found in the
   * markdown, else the summary.
   */
  #snippet(entry: Entry, terms: string[]): string | undefined {
    // The markdown, not a plain-text copy: 5,000 runbooks' text twice over
    // would double the heap every garbage collection walks. Searched case
    // blind in place rather than lower-cased whole for every hit.
    const text = entry.markdown;
    const at = terms.length ? text.search(termsPattern(terms)) : -1;
    if (at < 0) {
      return entry.summary.summary;
    }
    const start = Math.max(0, at - SNIPPET_CHARS / 3);
    const excerpt = text
      .slice(start, start + SNIPPET_CHARS)
      .replace(/\s+/g, ' ')
      .trim();
    return `${start > 0 ? '…' : ''}${excerpt}${
      start + SNIPPET_CHARS < text.length ? '…' : ''
    }`;
  }

  #changed() {
    if (this.#closed) return;
    clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      this.refresh().catch(error =>
        this.#logger.error(`Runbook re-scan failed: ${error}`),
      );
    }, WATCH_DEBOUNCE_MS);
  }

  async #load(
    runbookPath: string,
    file: string,
    realRoot: string,
  ): Promise<Entry | undefined> {
    const identity = await this.#files.identify(runbookPath, file, realRoot);
    if (!identity) {
      return undefined;
    }
    const previous = this.#entries.get(runbookPath);
    if (previous && sameFile(previous.file, identity)) {
      return previous;
    }
    const content = await this.#files.read(identity);
    if (content === undefined) {
      return undefined;
    }
    const parsed = parseRunbook(content, path.posix.basename(runbookPath));
    for (const warning of parsed.warnings) {
      this.#logger.warn(`Runbook ${runbookPath}: ${warning}`);
    }
    const reviewed = parsed.lastReviewed
      ? Date.parse(`${parsed.lastReviewed}T00:00:00Z`)
      : undefined;
    return {
      markdown: parsed.markdown,
      frontMatter: parsed.frontMatter,
      searchText: parsed.text,
      file: identity,
      staleAt:
        reviewed === undefined ? undefined : reviewed + this.#staleAfterMs,
      summary: {
        path: runbookPath,
        title: parsed.title,
        summary: parsed.summary,
        headings: parsed.headings,
        owner: parsed.owner,
        entities: parsed.entities,
        tags: parsed.tags,
        severities: parsed.severities,
        lastReviewed: parsed.lastReviewed,
        size: identity.size,
        modifiedAt: new Date(identity.mtimeMs).toISOString(),
      },
    };
  }

  async #scan() {
    const files = await this.#files.list();
    const loaded = await mapLimited(files, ([runbookPath, file, realRoot]) =>
      this.#load(runbookPath, file, realRoot),
    );
    const next = new Map<string, Entry>();
    for (const entry of loaded) {
      if (entry) next.set(entry.summary.path, entry);
    }

    const previous = this.#entries;
    let changed = previous.size !== next.size;
    for (const [runbookPath, entry] of previous) {
      if (next.get(runbookPath) !== entry) {
        changed = true;
        this.#search.remove(runbookPath);
      }
    }
    for (const [runbookPath, entry] of next) {
      if (previous.get(runbookPath) !== entry) {
        changed = true;
        this.#search.add(runbookPath, {
          title: entry.summary.title,
          headings: entry.summary.headings.map(h => h.text).join('\n'),
          text: entry.searchText ?? '',
        });
        entry.searchText = undefined;
      }
    }
    if (!changed) {
      return;
    }

    const byEntity = new Map<string, string[]>();
    for (const entry of next.values()) {
      for (const ref of entry.summary.entities) {
        const key = ref.toLocaleLowerCase('en-US');
        byEntity.set(key, [...(byEntity.get(key) ?? []), entry.summary.path]);
      }
    }
    this.#entries = next;
    this.#byEntity = byEntity;
    this.#byTitle = [...next.values()].sort(byTitle);
    this.#globCache = new Map();
    this.#logger.debug(`Indexed ${next.size} runbooks`);
  }
}
