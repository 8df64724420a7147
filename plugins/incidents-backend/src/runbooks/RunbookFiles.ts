import { LoggerService } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { RunbookRoot } from './config';

/** Parallel file operations while scanning. */
const SCAN_CONCURRENCY = 32;
const MAX_DEPTH = 32;

/** What tells a file from its earlier self: its real path and stat. */
export interface FileIdentity {
  realPath: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

const isInside = (root: string, candidate: string) => {
  const relative = path.relative(root, candidate);
  return (
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
  );
};

/** Whether the file is unchanged since it was identified. */
export const sameFile = (a: FileIdentity, b: FileIdentity) =>
  a.realPath === b.realPath &&
  a.dev === b.dev &&
  a.ino === b.ino &&
  a.size === b.size &&
  a.mtimeMs === b.mtimeMs;

/** Runs `fn` over the items, SCAN_CONCURRENCY at a time. */
export async function mapLimited<T, R>(
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

/** What {@link RunbookFiles} walks and how. */
export interface RunbookFilesOptions {
  roots: RunbookRoot[];
  maxFileBytes: number;
  logger: LoggerService;
  /**
   * Globs of paths relative to a root that are not runbooks: a matching
   * file is not listed, a matching folder is neither walked nor watched.
   */
  exclude?: string[];
  /** Watch the folders of each listing for changes. */
  watch: boolean;
  /** Called when a watched folder changes. */
  onChange: () => void;
}

/**
 * The runbook files on disk: the `.md` files found by walking the roots,
 * each checked to stay inside its root and read without following a link
 * swapped in meanwhile, and the folders watched for changes.
 */
export class RunbookFiles {
  readonly #roots: RunbookRoot[];
  readonly #maxFileBytes: number;
  readonly #logger: LoggerService;
  readonly #watch: boolean;
  readonly #onChange: () => void;
  /** Whether a path under a root (`upstream`, `upstream/x.md`) is left out. */
  readonly #excluded: (runbookPath: string) => boolean;
  /** One watcher per folder: inotify reports changes to the files in it. */
  #watchers = new Map<string, fs.FSWatcher>();
  #closed = false;

  static create(options: RunbookFilesOptions): RunbookFiles {
    return new RunbookFiles(options);
  }

  private constructor(options: RunbookFilesOptions) {
    this.#roots = options.roots;
    this.#maxFileBytes = options.maxFileBytes;
    this.#logger = options.logger;
    this.#watch = options.watch;
    this.#onChange = options.onChange;
    this.#excluded = options.exclude?.length
      ? picomatch(options.exclude)
      : () => false;
  }

  /** Stops watching. */
  close() {
    this.#closed = true;
    for (const watcher of this.#watchers.values()) {
      watcher.close();
    }
    this.#watchers.clear();
  }

  /** Every `.md` under the roots: [runbook path, absolute path, real root]. */
  async list(): Promise<Array<[string, string, string]>> {
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
          if (this.#excluded(runbookPath)) continue;
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
  async identify(
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
   * Reads the file checked by identify(). O_NOFOLLOW and the inode check make
   * a file swapped for a link in between fail instead of being read.
   */
  async read(identity: FileIdentity): Promise<string | undefined> {
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
          this.#onChange(),
        );
        watcher.on('error', () => {
          // The folder went away; the re-scan this triggers drops it.
          watcher.close();
          this.#watchers.delete(folder);
          this.#onChange();
        });
        this.#watchers.set(folder, watcher);
      } catch (error) {
        this.#logger.warn(
          `Cannot watch ${folder} for runbook changes; they appear on the periodic re-scan: ${error}`,
        );
      }
    }
  }
}
