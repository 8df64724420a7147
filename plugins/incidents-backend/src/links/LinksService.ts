import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  GetLinksResponse,
  GetStatusResponse,
  StatusSource,
} from '@bomizzel/plugin-incidents-common';
import { IncidentService } from '../incidents/IncidentService';
import { normalizeEntityRef } from '../incidents/refs';
import {
  annotationOf,
  AnnotationError,
  ANNOTATIONS,
  checkLookback,
  parseLabelSelector,
  parseStatuspageComponents,
} from './annotations';
import { LinksConfig, readLinksConfig } from './config';
import { GrafanaClient } from './GrafanaClient';
import { JaegerClient } from './JaegerClient';
import { LinkResolver, TimeWindow } from './LinkResolver';
import { StatusCache, StatusReporter } from './StatusCache';
import { StatusLeases } from './StatusLeaseStore';
import { StatuspageClient } from './StatuspageClient';

type Credentials = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

export interface LinksServiceOptions {
  config: Config;
  catalog: CatalogService;
  incidents: Pick<IncidentService, 'get'>;
  cache: CacheService;
  logger: LoggerService;
  clock?: () => number;
  metrics?: StatusReporter;
  /** Leases of live-status loads across replicas (one upstream call per key). */
  leases?: StatusLeases;
  /** Whether the shared cache answers now. */
  cacheUsable?: () => boolean;
}

/**
 * An entity's links to its observability tools (`GET /links`) and their live
 * state (`GET /status`). Tokens stay here: responses carry links and states.
 */
export class LinksService {
  readonly #config: LinksConfig;
  readonly #catalog: CatalogService;
  readonly #incidents: Pick<IncidentService, 'get'>;
  readonly #logger: LoggerService;
  readonly #clock: () => number;
  readonly #resolver: LinkResolver;
  readonly #grafana: Array<{ status: boolean; client: GrafanaClient }>;
  readonly #jaeger?: JaegerClient;
  readonly #statuspage: Map<string, StatuspageClient | undefined>;

  static create(options: LinksServiceOptions) {
    return new LinksService(options);
  }

  private constructor(options: LinksServiceOptions) {
    this.#config = readLinksConfig(options.config);
    this.#catalog = options.catalog;
    this.#incidents = options.incidents;
    this.#logger = options.logger;
    this.#clock = options.clock ?? (() => Date.now());
    this.#resolver = LinkResolver.create(this.#config);
    const cache = StatusCache.create({
      cache: options.cache,
      logger: options.logger,
      staleIfErrorMs: this.#config.staleIfErrorMs,
      clock: this.#clock,
      metrics: options.metrics,
      leases: options.leases,
      cacheUsable: options.cacheUsable,
    });
    this.#grafana = this.#config.grafana.map(instance => ({
      status: instance.status,
      client: GrafanaClient.create(instance, cache),
    }));
    const jaeger = this.#config.jaeger;
    this.#jaeger = jaeger?.status
      ? JaegerClient.create(jaeger, cache, this.#clock)
      : undefined;
    this.#statuspage = new Map(
      this.#config.statuspage.map(page => [
        page.name,
        page.status ? StatuspageClient.create(page, cache) : undefined,
      ]),
    );
  }

  async #entity(entityRef: string, credentials: Credentials): Promise<Entity> {
    let ref: string;
    try {
      ref = normalizeEntityRef(entityRef);
    } catch {
      throw new InputError(`entityRef: '${entityRef}' is not an entity ref`);
    }
    const entity = await this.#catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`entityRef: no entity ${ref} in the catalog`);
    }
    return entity;
  }

  /** From a margin before the impact started (else detection) to a margin after resolution, or now. */
  async #window(
    incidentId: string,
    credentials: Credentials,
  ): Promise<TimeWindow> {
    const incident = await this.#incidents.get(incidentId, credentials);
    const { marginMs } = this.#config;
    const now = this.#clock();
    const start = incident.startedAt ?? incident.detectedAt;
    return {
      from: start - marginMs,
      to:
        incident.resolvedAt === null
          ? now
          : Math.min(incident.resolvedAt + marginMs, now),
    };
  }

  async getLinks(
    request: { entityRef: string; incidentId?: string },
    credentials: Credentials,
  ): Promise<GetLinksResponse> {
    const [entity, window] = await Promise.all([
      this.#entity(request.entityRef, credentials),
      request.incidentId
        ? this.#window(request.incidentId, credentials)
        : undefined,
    ]);
    return {
      entityRef: normalizeEntityRef(request.entityRef),
      ...(window
        ? {
            window: {
              from: new Date(window.from).toISOString(),
              to: new Date(window.to).toISOString(),
            },
          }
        : {}),
      groups: this.#resolver.resolve(entity, window),
    };
  }

  async getStatus(
    entityRef: string,
    credentials: Credentials,
  ): Promise<GetStatusResponse> {
    const entity = await this.#entity(entityRef, credentials);
    const pending = [
      ...this.#grafanaStatus(entity),
      ...this.#jaegerStatus(entity),
      ...this.#statuspageStatus(entity),
    ].map(({ source, instance, run }) =>
      Promise.resolve()
        .then(run)
        .catch((error): StatusSource => {
          const reason =
            error instanceof AnnotationError
              ? error.message
              : 'failed unexpectedly (see the backend log)';
          if (!(error instanceof AnnotationError)) {
            this.#logger.error(`Status source ${source} failed`, error);
          }
          return {
            source,
            state: 'unavailable',
            reason,
            ...(instance ? { instance } : {}),
          } as StatusSource;
        }),
    );
    return {
      entityRef: normalizeEntityRef(entityRef),
      sources: await Promise.all(pending),
    };
  }

  #grafanaStatus(entity: Entity): SourceTask[] {
    const labels = annotationOf(entity, ANNOTATIONS.alertLabelSelector);
    return this.#config.grafana.flatMap((instance, i) => {
      const { status, client } = this.#grafana[i];
      if (!status) {
        return [];
      }
      const tasks: SourceTask[] = [];
      const hasSelector =
        annotationOf(entity, ANNOTATIONS.dashboardSelector) ??
        instance.dashboardSelector;
      if (hasSelector) {
        tasks.push({
          source: 'grafana-dashboards',
          instance: instance.name,
          run: async () => {
            const selector = this.#resolver.dashboardSelector(entity, instance);
            return selector
              ? client.dashboards(selector)
              : {
                  source: 'grafana-dashboards',
                  instance: instance.name,
                  state: 'ok',
                  dashboards: [],
                };
          },
        });
      }
      if (labels) {
        tasks.push({
          source: 'grafana-alerts',
          instance: instance.name,
          run: () => client.alerts(parseLabelSelector(labels)),
        });
      }
      return tasks;
    });
  }

  #jaegerStatus(entity: Entity): SourceTask[] {
    const jaeger = this.#jaeger;
    const hasService =
      annotationOf(entity, ANNOTATIONS.jaegerService) ??
      (this.#config.jaeger?.defaultServiceFromName ? true : undefined);
    if (!jaeger || !hasService) {
      return [];
    }
    return [
      {
        source: 'jaeger',
        run: async () => {
          const lookback = annotationOf(entity, ANNOTATIONS.jaegerLookback);
          return jaeger.errorTraces(
            this.#resolver.jaegerService(entity)!,
            lookback ? checkLookback(lookback) : this.#config.jaeger!.lookback,
          );
        },
      },
    ];
  }

  #statuspageStatus(entity: Entity): SourceTask[] {
    const value = annotationOf(entity, ANNOTATIONS.statuspageComponents);
    if (!value || !this.#statuspage.size) {
      return [];
    }
    const fail = (error: unknown): SourceTask[] => [
      { source: 'statuspage', run: () => Promise.reject(error) },
    ];
    let parsed: ReturnType<typeof parseStatuspageComponents>;
    try {
      parsed = parseStatuspageComponents(value);
    } catch (error) {
      return fail(error);
    }
    const names = [...this.#statuspage.keys()];
    const name = parsed.instance ?? (names.length === 1 ? names[0] : '');
    if (!this.#statuspage.has(name)) {
      return fail(
        new AnnotationError(
          ANNOTATIONS.statuspageComponents,
          value,
          `names no configured status page (configured: ${names.join(', ')})`,
        ),
      );
    }
    const client = this.#statuspage.get(name);
    return client
      ? [
          {
            source: 'statuspage',
            instance: name,
            run: () => client.components(parsed.ids),
          },
        ]
      : [];
  }
}

interface SourceTask {
  source: StatusSource['source'];
  instance?: string;
  run: () => Promise<StatusSource>;
}
