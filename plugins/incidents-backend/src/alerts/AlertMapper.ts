import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AlertMappingConfig } from './config';

/** How long a label value → entities lookup in the catalog is reused. */
const CATALOG_TTL_MS = 60_000;

/** The catalog annotations an alert label value is matched against. */
export const SERVICE_ANNOTATIONS = [
  'prometheus.io/service-name',
  'jaegertracing.io/service',
];
export const ALERT_SELECTOR_ANNOTATION = 'grafana/alert-label-selector';

/** The outcome of mapping one alert. */
export type AlertMapping =
  | { entityRefs: string[]; severity: string }
  | { reason: string };

/**
 * Finds the entities an alert is about, and its severity.
 *
 * Entities: the first rule of the explicit table whose labels all match;
 * else, for each of `entityLabels` present on the alert, the catalog
 * entities whose `prometheus.io/service-name` or `jaegertracing.io/service`
 * annotation equals the value, or whose `grafana/alert-label-selector` is
 * `<label>=<value>`. Catalog answers are reused for a minute: per replica,
 * nothing that replicas must agree on.
 */
export class AlertMapper {
  readonly #config: AlertMappingConfig;
  readonly #catalog: CatalogService;
  readonly #cache = new Map<string, { at: number; refs: Promise<string[]> }>();

  constructor(config: AlertMappingConfig, catalog: CatalogService) {
    this.#config = config;
    this.#catalog = catalog;
  }

  severityOf(labels: Record<string, string>): string {
    const value = labels[this.#config.severityLabel];
    return (
      (value && this.#config.severityMap[value.toLocaleLowerCase('en-US')]) ||
      this.#config.defaultSeverity
    );
  }

  async map(
    labels: Record<string, string>,
    credentials: BackstageCredentials,
  ): Promise<AlertMapping> {
    const severity = this.severityOf(labels);
    const rule = this.#config.entities.find(r =>
      Object.entries(r.labels).every(([k, v]) => labels[k] === v),
    );
    if (rule) {
      return { entityRefs: [rule.entityRef], severity };
    }
    const tried: string[] = [];
    for (const label of this.#config.entityLabels) {
      const value = labels[label];
      if (!value) {
        continue;
      }
      tried.push(`${label}="${value}"`);
      const refs = await this.#lookup(label, value, credentials);
      if (refs.length) {
        return { entityRefs: refs, severity };
      }
    }
    return {
      reason: tried.length
        ? `No catalog entity matches ${tried.join(', ')} (annotations ${[
            ...SERVICE_ANNOTATIONS,
            ALERT_SELECTOR_ANNOTATION,
          ].join(', ')}) and no incidents.alerts.entities rule matches`
        : `The alert has none of the labels ${this.#config.entityLabels.join(
            ', ',
          )} that name an entity`,
    };
  }

  #lookup(
    label: string,
    value: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const key = `${label}\u0000${value}`;
    const now = Date.now();
    const cached = this.#cache.get(key);
    if (cached && now - cached.at < CATALOG_TTL_MS) {
      return cached.refs;
    }
    const refs = this.#catalog
      .getEntities(
        {
          filter: [
            ...SERVICE_ANNOTATIONS.map(a => ({
              [`metadata.annotations.${a}`]: value,
            })),
            {
              [`metadata.annotations.${ALERT_SELECTOR_ANNOTATION}`]: `${label}=${value}`,
            },
          ],
          fields: ['kind', 'metadata.name', 'metadata.namespace'],
        },
        { credentials },
      )
      .then(({ items }) => items.map(e => stringifyEntityRef(e)).sort());
    // A failed lookup is not remembered.
    refs.catch(() => this.#cache.delete(key));
    this.#cache.set(key, { at: now, refs });
    return refs;
  }
}
