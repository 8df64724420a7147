import { targetPaths } from '@backstage/cli-common';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import path from 'node:path';

/** A folder whose markdown files are runbooks. */
export interface RunbookRoot {
  /** Absolute path of the folder as configured. */
  dir: string;
  /**
   * The folder's POSIX path inside the repository (`docs`), when it lies in
   * it: links and annotations may name files by their repository path.
   */
  repositoryPath?: string;
}

export interface RunbookConfig {
  roots: RunbookRoot[];
  /** Globs of paths relative to a root that are not runbooks (`upstream/**`). */
  exclude: string[];
  staleAfterDays: number;
  maxFileBytes: number;
  /** Normalised to end with `/`. */
  repositoryUrls: string[];
  /** The portal's base URL, for links to its `/runbooks/<path>` pages. */
  appBaseUrl?: string;
}

const DEFAULT_STALE_AFTER_DAYS = 180;
const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

/**
 * Reads `incidents.runbooks`. Relative roots are resolved against the
 * repository root (the backend runs in packages/backend during development
 * and at the image's root in production), default `docs`.
 */
export function readRunbookConfig(
  config: Config,
  repositoryRoot: string = targetPaths.rootDir,
): RunbookConfig {
  const section = config.getOptionalConfig('incidents.runbooks');
  const positive = (key: string, fallback: number) => {
    const value = section?.getOptionalNumber(key) ?? fallback;
    if (!(value > 0)) {
      throw new InputError(
        `incidents.runbooks.${key}: must be a positive number, got ${value}`,
      );
    }
    return value;
  };
  const roots = (section?.getOptionalStringArray('roots') ?? ['docs']).map(
    configured => {
      const dir = path.resolve(repositoryRoot, configured);
      const relative = path.relative(repositoryRoot, dir);
      const inside =
        relative !== '' &&
        !relative.startsWith('..') &&
        !path.isAbsolute(relative);
      return {
        dir,
        repositoryPath: inside ? relative.split(path.sep).join('/') : undefined,
      };
    },
  );
  const exclude = section?.getOptionalStringArray('exclude') ?? [];
  for (const pattern of exclude) {
    if (pattern.trim() === '' || pattern.startsWith('/')) {
      throw new InputError(
        `incidents.runbooks.exclude: "${pattern}" must be a glob relative to the runbook roots, such as upstream/**`,
      );
    }
  }
  return {
    roots,
    exclude,
    staleAfterDays: positive('staleAfterDays', DEFAULT_STALE_AFTER_DAYS),
    maxFileBytes: positive('maxFileBytes', DEFAULT_MAX_FILE_BYTES),
    repositoryUrls: (
      section?.getOptionalStringArray('repositoryUrls') ?? []
    ).map(url => (url.endsWith('/') ? url : `${url}/`)),
    appBaseUrl: config.getOptionalString('app.baseUrl'),
  };
}
