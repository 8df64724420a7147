import { Entity } from '@backstage/catalog-model';
import {
  LINK_TOOLS,
  LinkGroup,
  LINK_TOOL_TITLES,
  LinkTool,
  ObservabilityLink,
} from '@bomizzel/plugin-incidents-common';
import {
  annotationOf,
  ANNOTATIONS,
  checkJaegerService,
  checkLookback,
  parseDashboardSelector,
  parseLabelSelector,
  parseStatuspageComponents,
} from './annotations';
import { GrafanaInstance, LinksConfig } from './config';
import { renderTemplate } from './templates';
import { urlWithQuery } from './upstream';

/** The time window links are scoped to, in epoch milliseconds. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** Only web links reach the browser: no `javascript:`, `data:` or relative URLs. */
function webUrl(value: string | undefined): URL | undefined {
  if (!value) {
    return undefined;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? url
      : undefined;
  } catch {
    return undefined;
  }
}

/** `true` when `url` lies under the instance's base URL. */
export function isUnder(url: URL, baseUrl: string): boolean {
  const href = url.toString();
  return href === baseUrl || href.startsWith(`${baseUrl}/`);
}

/** Runs one annotation reader; a value that cannot be used yields no link. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Resolves an entity's links to its observability tools from its annotations,
 * `metadata.links` and the configured templates. Pure: it calls nothing.
 */
export class LinkResolver {
  readonly #config: LinksConfig;

  static create(config: LinksConfig) {
    return new LinkResolver(config);
  }

  private constructor(config: LinksConfig) {
    this.#config = config;
  }

  resolve(entity: Entity, window?: TimeWindow): LinkGroup[] {
    const links: ObservabilityLink[] = [
      ...this.#grafana(entity, window),
      ...this.#jaeger(entity, window),
      ...this.#statuspage(entity),
      ...this.#templates(entity, window),
      ...this.#metadataLinks(entity, window),
    ];
    const seen = new Set<string>();
    const groups = new Map<LinkTool, ObservabilityLink[]>();
    for (const link of links) {
      if (!seen.has(link.url)) {
        seen.add(link.url);
        groups.set(link.tool, [...(groups.get(link.tool) ?? []), link]);
      }
    }
    return LINK_TOOLS.filter(tool => groups.has(tool)).map(tool => ({
      tool,
      title: LINK_TOOL_TITLES[tool],
      links: groups.get(tool)!,
    }));
  }

  /** The dashboard selector of an entity on one Grafana instance, if any. */
  dashboardSelector(entity: Entity, instance: GrafanaInstance) {
    const annotated = annotationOf(entity, ANNOTATIONS.dashboardSelector);
    const selector =
      annotated ??
      (instance.dashboardSelector &&
        renderTemplate(
          instance.dashboardSelector,
          this.#context(entity),
          v => v,
        ));
    return selector ? parseDashboardSelector(selector) : undefined;
  }

  /** The Jaeger service of an entity: its annotation, else its name where config allows. */
  jaegerService(entity: Entity) {
    const jaeger = this.#config.jaeger;
    const service =
      annotationOf(entity, ANNOTATIONS.jaegerService) ??
      (jaeger?.defaultServiceFromName ? entity.metadata.name : undefined);
    return jaeger && service ? checkJaegerService(service) : undefined;
  }

  #grafana(entity: Entity, window?: TimeWindow): ObservabilityLink[] {
    const instances = this.#config.grafana;
    const several = instances.length > 1;
    const links: ObservabilityLink[] = [];
    const overview = webUrl(
      annotationOf(entity, ANNOTATIONS.overviewDashboard),
    );
    if (overview) {
      if (window) {
        overview.searchParams.set('from', String(window.from));
        overview.searchParams.set('to', String(window.to));
      }
      links.push({
        tool: 'grafana',
        title: 'Overview dashboard',
        url: overview.toString(),
        kind: 'dashboard',
        instance: instances.find(i => isUnder(overview, i.baseUrl))?.name,
      });
    }
    const labelsValue = annotationOf(entity, ANNOTATIONS.alertLabelSelector);
    const labels =
      labelsValue && attempt(() => parseLabelSelector(labelsValue));
    for (const instance of instances) {
      const suffix = several ? ` (${instance.name})` : '';
      const selector = attempt(() => this.dashboardSelector(entity, instance));
      for (const tags of selector ?? []) {
        links.push({
          tool: 'grafana',
          title: `Dashboards tagged ${tags.join(', ')}${suffix}`,
          url: urlWithQuery(
            instance.baseUrl,
            '/dashboards',
            tags.map(tag => ['tag', tag]),
          ).toString(),
          kind: 'dashboards',
          instance: instance.name,
        });
      }
      if (labels) {
        const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
        links.push({
          tool: 'grafana',
          title: `Alert rules for ${pairs.join(', ')}${suffix}`,
          url: urlWithQuery(instance.baseUrl, '/alerting/list', [
            ['search', pairs.map(p => `label:${p}`).join(' ')],
          ]).toString(),
          kind: 'alerts',
          instance: instance.name,
        });
      }
    }
    return links;
  }

  #jaeger(entity: Entity, window?: TimeWindow): ObservabilityLink[] {
    const jaeger = this.#config.jaeger;
    const service = attempt(() => this.jaegerService(entity));
    if (!jaeger || !service) {
      return [];
    }
    const lookback =
      attempt(() => {
        const value = annotationOf(entity, ANNOTATIONS.jaegerLookback);
        return value ? checkLookback(value) : undefined;
      }) ?? jaeger.lookback;
    const limit = Number(annotationOf(entity, ANNOTATIONS.jaegerLimit));
    // The Jaeger UI takes start and end in microseconds, with lookback=custom.
    const range: Array<[string, string | undefined]> = window
      ? [
          ['lookback', 'custom'],
          ['start', String(window.from * 1000)],
          ['end', String(window.to * 1000)],
        ]
      : [['lookback', lookback]];
    const search = (tags?: string) =>
      urlWithQuery(jaeger.baseUrl, '/search', [
        ['service', service],
        ['operation', annotationOf(entity, ANNOTATIONS.jaegerOperation)],
        ...range,
        [
          'limit',
          String(
            Number.isInteger(limit) && limit > 0 && limit <= 1500
              ? limit
              : jaeger.limit,
          ),
        ],
        ['tags', tags],
      ]).toString();
    return [
      {
        tool: 'jaeger',
        title: `Traces of ${service}`,
        url: search(),
        kind: 'search',
      },
      {
        tool: 'jaeger',
        title: `Traces of ${service} with errors`,
        url: search(JSON.stringify({ error: 'true' })),
        kind: 'errors',
      },
    ];
  }

  #statuspage(entity: Entity): ObservabilityLink[] {
    const value = annotationOf(entity, ANNOTATIONS.statuspageComponents);
    const parsed = value && attempt(() => parseStatuspageComponents(value));
    const pages = this.#config.statuspage;
    const page = parsed
      ? pages.find(p => p.name === parsed.instance) ??
        (parsed.instance === undefined && pages.length === 1
          ? pages[0]
          : undefined)
      : undefined;
    if (!page) {
      return [];
    }
    return [
      {
        tool: 'statuspage',
        title: `Status page ${page.name}`,
        url: page.url
          ? new URL(page.url).toString()
          : `https://manage.statuspage.io/pages/${encodeURIComponent(
              page.pageId!,
            )}`,
        kind: page.url ? 'page' : 'manage',
        instance: page.name,
      },
    ];
  }

  #context(entity: Entity, window?: TimeWindow) {
    return {
      entity,
      annotations: entity.metadata.annotations ?? {},
      window: window && {
        from: window.from,
        to: window.to,
        fromIso: new Date(window.from).toISOString(),
        toIso: new Date(window.to).toISOString(),
      },
    };
  }

  #templates(entity: Entity, window?: TimeWindow): ObservabilityLink[] {
    const context = this.#context(entity, window);
    const kind = entity.kind.toLocaleLowerCase('en-US');
    return this.#config.templates.flatMap(template => {
      if (template.kinds && !template.kinds.includes(kind)) {
        return [];
      }
      const urlTemplate = (window && template.incidentUrl) || template.url;
      const url = webUrl(renderTemplate(urlTemplate, context));
      const title = renderTemplate(template.title, context, v => v);
      return url && title
        ? [
            {
              tool: template.tool,
              title,
              url: url.toString(),
              ...(template.kind ? { kind: template.kind } : {}),
            },
          ]
        : [];
    });
  }

  #metadataLinks(entity: Entity, window?: TimeWindow): ObservabilityLink[] {
    const { metadataLinks, grafana, jaeger } = this.#config;
    return (entity.metadata.links ?? []).flatMap(link => {
      const url = webUrl(link.url);
      if (!url) {
        return [];
      }
      const byKey = [link.type, link.icon]
        .map(k => k && metadataLinks[k.toLocaleLowerCase('en-US')])
        .find(Boolean);
      const grafanaInstance = grafana.find(g => isUnder(url, g.baseUrl));
      let tool: LinkTool = byKey || 'other';
      if (grafanaInstance) {
        tool = 'grafana';
      } else if (jaeger && isUnder(url, jaeger.baseUrl)) {
        tool = 'jaeger';
      } else if (tool === 'grafana') {
        // A "dashboard" icon on a link to some other site is not Grafana.
        tool = 'other';
      }
      if (tool === 'grafana' && window && url.pathname.includes('/d/')) {
        url.searchParams.set('from', String(window.from));
        url.searchParams.set('to', String(window.to));
      }
      return [
        {
          tool,
          title: link.title || url.toString(),
          url: url.toString(),
          ...(link.type ? { kind: link.type } : {}),
          ...(grafanaInstance ? { instance: grafanaInstance.name } : {}),
        },
      ];
    });
  }
}
