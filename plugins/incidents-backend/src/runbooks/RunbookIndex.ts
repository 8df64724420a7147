import { LoggerService } from '@backstage/backend-plugin-api';
import {
  RunbookListItem,
  RunbookSummary,
} from '@bomizzel/plugin-incidents-common';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import picomatch from 'picomatch';
import { RunbookRoot } from './config';
import { parseRunbook } from './parseRunbook';
import { RunbookSearch } from './RunbookSearch';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Parallel file operations while scanning. */
const SCAN_CONCURRENCY = 32;
/** Changes arrive in bursts (an editor's save, a git checkout). */
const WATCH_DEBOUNCE_MS = 50;
const MAX_DEPTH = 32;
const SNIPPET_CHARS = 180;

interface FileIdentity {
  realPath: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

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

const isInside = (root: string, candidate: string) => {
  const relative = path.relative(root, candidate);
  return (
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
  );
};

const sameFile = (a: FileIdentity, b: FileIdentity) =>
  a.realPath === b.realPath &&
  a.dev === b.dev &&
  a.ino === b.ino &&
  a.size === b.size &&
  a.mtimeMs === b.mtimeMs;

async function mapLimited<T, R>(
  items: T[],
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(SCAN_CONCURRENCY, items.length) }, worker),
  );
  return results;
}

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
  readonly #maxFileBytes: number;
  readonly #logger: LoggerService;
  #entries = new Map<string, Entry>();
  #byEntity = new Map<string, string[]>();
  #byTitle: Entry[] = [];
  #search = new RunbookSearch();
  #globCache = new Map<string, string[]>();
  /** One watcher per folder: inotify reports changes to the files in it. */
  #watchers = new Map<string, fs.FSWatcher>();
  #watch: boolean;
  #refreshing?: Promise<void>;
  #refreshAgain = false;
  #debounce?: NodeJS.Timeout;
  #closed = false;

  static async create(options: {
    roots: RunbookRoot[];
    staleAfterDays: number;
    maxFileBytes: number;
    logger: LoggerService;
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
    watch?: boolean;
  }) {
    this.#watch = options.watch !== false;
    this.#roots = options.roots;
    this.#staleAfterMs = options.staleAfterDays * DAY_MS;
    this.#maxFileBytes = options.maxFileBytes;
    this.#logger = options.logger;
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
    for (const watcher of this.#watchers.values()) {
      watcher.close();
    }
    this.#watchers.clear();
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

  /** Watches the folders of the last scan (and the roots), no others. */
  #syncWatchers(folders: Set<string>) {
    for (const [folder, watcher] of this.#watchers) {
      if (!folders.has(folder)) {
        watcher.close();
        this.#watchers.delete(folder);
      }
    }
    for (const folder of folders) {
      if (this.#watchers.has(folder)) continue;
      try {
        const watcher = fs.watch(folder, { persistent: false }, () =>
          this.#changed(),
        );
        watcher.on('error', () => {
          // The folder went away; the re-scan this triggers drops it.
          watcher.close();
          this.#watchers.delete(folder);
          this.#changed();
        });
        this.#watchers.set(folder, watcher);
      } catch (error) {
        this.#logger.warn(
          `Cannot watch ${folder} for runbook changes; they appear on the periodic re-scan: ${error}`,
        );
      }
    }
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

  /** Every `.md` under the roots: [runbook path, absolute path, real root]. */
  async #listFiles(): Promise<Array<[string, string, string]>> {
    const found = new Map<string, [string, string, string]>();
    const folders = new Set<string>();
    for (const root of this.#roots) {
      let realRoot: string;
      try {
        realRoot = await fsp.realpath(root.dir);
      } catch {
        this.#logger.warn(`Runbook root ${root.dir} does not exist`);
        continue;
      }
      const walk = async (dir: string, relative: string, depth: number) => {
        let dirents: fs.Dirent[];
        try {
          dirents = await fsp.readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        folders.add(dir);
        for (const dirent of dirents) {
          const name = dirent.name;
          if (name.startsWith('.') || name === 'node_modules') continue;
          const runbookPath = relative ? `${relative}/${name}` : name;
          // Symbolic links to folders are not followed (no cycles, no escapes).
          if (dirent.isDirectory() && depth < MAX_DEPTH) {
            await walk(path.join(dir, name), runbookPath, depth + 1);
          } else if (
            name.endsWith('.md') &&
            (dirent.isFile() || dirent.isSymbolicLink())
          ) {
            if (found.has(runbookPath)) {
              this.#logger.warn(
                `Runbook ${runbookPath} in ${root.dir} is hidden by the one of an earlier root`,
              );
            } else {
              found.set(runbookPath, [
                runbookPath,
                path.join(dir, name),
                realRoot,
              ]);
            }
          }
        }
      };
      await walk(realRoot, '', 0);
    }
    if (this.#watch && !this.#closed) {
      this.#syncWatchers(folders);
    }
    return [...found.values()];
  }

  /** The file's identity, if it is a regular file whose real path stays in the root. */
  async #identify(
    runbookPath: string,
    file: string,
    realRoot: string,
  ): Promise<FileIdentity | undefined> {
    let realPath: string;
    try {
      realPath = await fsp.realpath(file);
    } catch {
      this.#logger.debug(`Runbook ${runbookPath} ignored: dangling link`);
      return undefined;
    }
    if (!isInside(realRoot, realPath)) {
      this.#logger.warn(
        `Runbook ${runbookPath} ignored: it links outside its root`,
      );
      return undefined;
    }
    const stat = await fsp.stat(realPath).catch(() => undefined);
    if (!stat?.isFile()) {
      return undefined;
    }
    if (stat.size > this.#maxFileBytes) {
      this.#logger.warn(
        `Runbook ${runbookPath} ignored: ${
          stat.size
        } bytes is over incidents.runbooks.maxFileBytes (${
          this.#maxFileBytes
        })`,
      );
      return undefined;
    }
    return {
      realPath,
      dev: stat.dev,
      ino: stat.ino,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
    };
  }

  /**
   * Reads the file checked by #identify. O_NOFOLLOW and the inode check make
   * a file swapped for a link in between fail instead of being read.
   */
  async #read(identity: FileIdentity): Promise<string | undefined> {
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(
        identity.realPath,
        fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW,
      );
      const stat = await handle.stat();
      if (
        stat.ino !== identity.ino ||
        stat.dev !== identity.dev ||
        stat.size > this.#maxFileBytes
      ) {
        return undefined;
      }
      return await handle.readFile('utf8');
    } catch {
      return undefined;
    } finally {
      await handle?.close();
    }
  }

  async #load(
    runbookPath: string,
    file: string,
    realRoot: string,
  ): Promise<Entry | undefined> {
    const identity = await this.#identify(runbookPath, file, realRoot);
    if (!identity) {
      return undefined;
    }
    const previous = this.#entries.get(runbookPath);
    if (previous && sameFile(previous.file, identity)) {
      return previous;
    }
    const content = await this.#read(identity);
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
    const files = await this.#listFiles();
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
