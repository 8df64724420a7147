import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_HAS_PART,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ListRunbooksResponse } from '@bomizzel/plugin-incidents-common';
import { RunbookConfig } from './config';
import { runbooksOfEntity } from './references';
import { RunbookIndex, ServedRunbook } from './RunbookIndex';

const DEFAULT_LIMIT = 50;

/** Runbooks for the API: the index joined with the catalog. */
export class RunbookService {
  readonly #index: RunbookIndex;
  readonly #catalog: CatalogService;
  readonly #links: { appBaseUrl?: string; repositoryUrls: string[] };

  static async create(options: {
    config: RunbookConfig;
    catalog: CatalogService;
    logger: LoggerService;
    watch?: boolean;
  }): Promise<RunbookService> {
    const { config } = options;
    const index = await RunbookIndex.create({
      roots: config.roots,
      staleAfterDays: config.staleAfterDays,
      maxFileBytes: config.maxFileBytes,
      exclude: config.exclude,
      logger: options.logger,
      watch: options.watch,
    });
    options.logger.info(
      `Indexed ${index.size} runbooks under ${config.roots
        .map(r => r.dir)
        .join(', ')}`,
    );
    return new RunbookService(index, options.catalog, config);
  }

  private constructor(
    index: RunbookIndex,
    catalog: CatalogService,
    config: RunbookConfig,
  ) {
    this.#index = index;
    this.#catalog = catalog;
    this.#links = {
      appBaseUrl: config.appBaseUrl,
      repositoryUrls: config.repositoryUrls,
    };
  }

  get index(): RunbookIndex {
    return this.#index;
  }

  async list(
    request: { entityRef?: string; q?: string; limit?: number },
    credentials: BackstageCredentials,
  ): Promise<ListRunbooksResponse> {
    const only = request.entityRef
      ? await this.#pathsOfEntity(request.entityRef, credentials)
      : undefined;
    return this.#index.list({
      q: request.q?.trim() || undefined,
      only,
      limit: request.limit ?? DEFAULT_LIMIT,
    });
  }

  /**
   * The runbook at a path of the index. Anything else is 404: the path is
   * only ever a key of the in-memory index, never a file system path.
   */
  get(runbookPath: string): ServedRunbook {
    const served = this.#index.serve(runbookPath);
    if (!served) {
      throw new NotFoundError(
        `path: no runbook ${JSON.stringify(runbookPath)}`,
      );
    }
    return served;
  }

  /** The entity's runbooks and, for a System (any hasPart), its parts'. */
  async #pathsOfEntity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(
        parseEntityRef(ref, { defaultNamespace: 'default' }),
      );
    } catch (error) {
      throw new InputError(`entityRef: ${(error as Error).message}`);
    }
    const entity = await this.#catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `entityRef: no entity ${entityRef} in the catalog`,
      );
    }
    const partRefs = (entity.relations ?? [])
      .filter(r => r.type === RELATION_HAS_PART)
      .map(r => r.targetRef);
    const parts = partRefs.length
      ? (
          await this.#catalog.getEntitiesByRefs(
            { entityRefs: partRefs },
            { credentials },
          )
        ).items.filter((e): e is Entity => Boolean(e))
      : [];
    return new Set(
      [entity, ...parts].flatMap(e =>
        runbooksOfEntity(this.#index, e, this.#links),
      ),
    );
  }

  close() {
    this.#index.close();
  }
}
