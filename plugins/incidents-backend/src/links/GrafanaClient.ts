import {
  GrafanaAlertsStatus,
  GrafanaDashboardsStatus,
} from '@bomizzel/plugin-incidents-common';
import { z } from 'zod';
import { GrafanaInstance } from './config';
import { describeResult, StatusCache } from './StatusCache';
import { fetchUpstreamJson, urlWithQuery } from './upstream';

// GET /api/search?type=dash-db&tag=… (REFERENCE.md)
const searchSchema = z.array(
  z.object({
    uid: z.string().min(1),
    title: z.string(),
    tags: z.array(z.string()).optional(),
  }),
);

const labelsSchema = z.record(z.string(), z.string()).nullish();

// GET /api/prometheus/grafana/api/v1/rules (REFERENCE.md)
const rulesSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    groups: z.array(
      z.object({
        name: z.string(),
        rules: z.array(
          z.object({
            name: z.string(),
            type: z.string().optional(),
            state: z.string().optional(),
            labels: labelsSchema,
            alerts: z
              .array(z.object({ labels: labelsSchema, state: z.string() }))
              .nullish(),
          }),
        ),
      }),
    ),
  }),
});

type Dashboard = NonNullable<GrafanaDashboardsStatus['dashboards']>[number];
type Alert = NonNullable<GrafanaAlertsStatus['alerts']>[number];

const matches = (
  labels: Record<string, string> | null | undefined,
  wanted: Record<string, string>,
) => Object.entries(wanted).every(([k, v]) => labels?.[k] === v);

/** Live state from one Grafana instance, with its service-account token. */
export class GrafanaClient {
  readonly #instance: GrafanaInstance;
  readonly #cache: StatusCache;

  static create(instance: GrafanaInstance, cache: StatusCache) {
    return new GrafanaClient(instance, cache);
  }

  private constructor(instance: GrafanaInstance, cache: StatusCache) {
    this.#instance = instance;
    this.#cache = cache;
  }

  #get<T>(path: string, query: Array<[string, string]>, schema: z.ZodType<T>) {
    return fetchUpstreamJson({
      url: urlWithQuery(this.#instance.baseUrl, path, query),
      schema,
      timeoutMs: this.#instance.timeoutMs,
      headers: this.#instance.token
        ? { Authorization: `Bearer ${this.#instance.token}` }
        : undefined,
    });
  }

  /** Dashboards carrying all tags of any one alternative of the selector. */
  async dashboards(selector: string[][]): Promise<GrafanaDashboardsStatus> {
    const { baseUrl, name, cacheTtlMs } = this.#instance;
    const result = await this.#cache.get(
      'grafana-dashboards',
      JSON.stringify([name, selector]),
      cacheTtlMs,
      async () => {
        // One search per alternative, in parallel: the source's latency stays
        // one timeout however many alternatives the selector has.
        const pages = await Promise.all(
          selector.map(tags =>
            this.#get(
              '/api/search',
              [
                ['type', 'dash-db'],
                ...tags.map((tag): [string, string] => ['tag', tag]),
                ['limit', '100'],
              ],
              searchSchema,
            ),
          ),
        );
        const found = new Map<string, Dashboard>();
        for (const d of pages.flat()) {
          // Built from the uid rather than the upstream's `url`, which the
          // browser would otherwise open unchecked.
          found.set(d.uid, {
            uid: d.uid,
            title: d.title,
            url: `${baseUrl}/d/${encodeURIComponent(d.uid)}`,
          });
        }
        return [...found.values()];
      },
      { loadTimeoutMs: this.#instance.timeoutMs },
    );
    const { value, ...state } = describeResult(result);
    return {
      source: 'grafana-dashboards',
      instance: name,
      ...state,
      ...(value ? { dashboards: value } : {}),
    };
  }

  /** Grafana-managed alert rules whose labels (or instances' labels) match. */
  async alerts(labels: Record<string, string>): Promise<GrafanaAlertsStatus> {
    const { baseUrl, name, cacheTtlMs } = this.#instance;
    const result = await this.#cache.get(
      'grafana-alerts',
      JSON.stringify([name, labels]),
      cacheTtlMs,
      async () => {
        const body = await this.#get(
          '/api/prometheus/grafana/api/v1/rules',
          [],
          rulesSchema,
        );
        const alerts: Alert[] = [];
        for (const rule of body.data.groups.flatMap(g => g.rules)) {
          const instance = rule.alerts?.find(a => matches(a.labels, labels));
          const state = rule.state ?? 'inactive';
          if (
            (rule.type ?? 'alerting') !== 'alerting' ||
            (state !== 'firing' && state !== 'pending') ||
            (!matches(rule.labels, labels) && !instance)
          ) {
            continue;
          }
          alerts.push({
            name: rule.name,
            state,
            labels: { ...rule.labels, ...instance?.labels },
            url: `${baseUrl}/alerting/list?search=${encodeURIComponent(
              rule.name,
            )}`,
          });
        }
        return alerts;
      },
      { loadTimeoutMs: this.#instance.timeoutMs },
    );
    const { value, ...state } = describeResult(result);
    return {
      source: 'grafana-alerts',
      instance: name,
      ...state,
      ...(value
        ? {
            firing: value.filter(a => a.state === 'firing').length,
            alerts: value,
          }
        : {}),
    };
  }
}
