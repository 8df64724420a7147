import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { LINK_TOOLS, LinkTool } from '@bomizzel/plugin-incidents-common';
import { parseTemplate, UrlTemplate } from './templates';

/** Timeout and cache lifetime of one live source. */
export interface SourceOptions {
  /** Whether `GET /status` asks this tool for live state. */
  status: boolean;
  timeoutMs: number;
  cacheTtlMs: number;
}

export interface GrafanaInstance extends SourceOptions {
  name: string;
  baseUrl: string;
  token?: string;
  /** Template of the dashboard selector for entities without the annotation. */
  dashboardSelector?: UrlTemplate;
}

export interface JaegerInstance extends SourceOptions {
  baseUrl: string;
  apiVersion: 'v1' | 'v3';
  lookback: string;
  limit: number;
  defaultServiceFromName: boolean;
}

export interface StatuspageInstance extends SourceOptions {
  name: string;
  /** The public status page, for example `https://status.example.com`. */
  url?: string;
  pageId?: string;
  apiKey?: string;
  apiBaseUrl: string;
}

export interface LinkTemplate {
  tool: LinkTool;
  title: UrlTemplate;
  url: UrlTemplate;
  /** Used instead of `url` when the links are scoped to an incident. */
  incidentUrl?: UrlTemplate;
  kind?: string;
  /** Entity kinds the template applies to (lower case); all when absent. */
  kinds?: string[];
}

export interface LinksConfig {
  marginMs: number;
  staleIfErrorMs: number;
  grafana: GrafanaInstance[];
  jaeger?: JaegerInstance;
  statuspage: StatuspageInstance[];
  templates: LinkTemplate[];
  /** `metadata.links` type or icon → tool. */
  metadataLinks: Record<string, LinkTool>;
}

export const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_CACHE_TTL_SECONDS = 60;
export const LOOKBACK_PATTERN = /^[1-9][0-9]{0,3}[mhd]$/;
export const STATUSPAGE_ID_PATTERN = /^[A-Za-z0-9]{1,32}$/;
const INSTANCE_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

const DEFAULT_METADATA_LINKS: Record<string, LinkTool> = {
  runbook: 'runbook',
  playbook: 'runbook',
  dashboard: 'grafana',
  grafana: 'grafana',
  traces: 'jaeger',
  jaeger: 'jaeger',
  'status-page': 'statuspage',
  statuspage: 'statuspage',
  status: 'statuspage',
  prometheus: 'prometheus',
  metrics: 'prometheus',
  alerts: 'alertmanager',
  alertmanager: 'alertmanager',
  logs: 'loki',
  loki: 'loki',
  pagerduty: 'pagerduty',
  'on-call': 'pagerduty',
  chat: 'slack',
  slack: 'slack',
  docs: 'apiDocs',
  'api-docs': 'apiDocs',
  api: 'apiDocs',
};

function baseUrlOf(config: Config, key: string): string {
  const value = config.getString(key);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`incidents.links: ${key} '${value}' is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`incidents.links: ${key} must be an http(s) URL`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(
      `incidents.links: ${key} must not carry a query, fragment or credentials`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

function toolOf(value: string, where: string): LinkTool {
  if (!(LINK_TOOLS as readonly string[]).includes(value)) {
    throw new Error(
      `incidents.links: ${where} '${value}' is not one of ${LINK_TOOLS.join(
        ', ',
      )}`,
    );
  }
  return value as LinkTool;
}

function sourceOptions(config: Config, statusDefault: boolean): SourceOptions {
  return {
    status: config.getOptionalBoolean('status') ?? statusDefault,
    timeoutMs: config.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS,
    cacheTtlMs:
      (config.getOptionalNumber('cacheTtlSeconds') ??
        DEFAULT_CACHE_TTL_SECONDS) * 1000,
  };
}

function instanceName(config: Config): string {
  const name = config.getString('name');
  if (!INSTANCE_NAME_PATTERN.test(name)) {
    throw new Error(
      `incidents.links: instance name '${name}' must match ${INSTANCE_NAME_PATTERN}`,
    );
  }
  return name;
}

function readJaeger(config: Config): JaegerInstance {
  const apiVersion = config.getOptionalString('apiVersion') ?? 'v1';
  if (apiVersion !== 'v1' && apiVersion !== 'v3') {
    throw new Error(`incidents.links.jaeger.apiVersion must be v1 or v3`);
  }
  const lookback = config.getOptionalString('lookback') ?? '1h';
  if (!LOOKBACK_PATTERN.test(lookback)) {
    throw new Error(
      `incidents.links.jaeger.lookback '${lookback}' must look like 1h, 30m or 2d`,
    );
  }
  return {
    ...sourceOptions(config, false),
    baseUrl: baseUrlOf(config, 'baseUrl'),
    apiVersion,
    lookback,
    limit: config.getOptionalNumber('limit') ?? 20,
    defaultServiceFromName:
      config.getOptionalBoolean('defaultServiceFromName') ?? false,
  };
}

function readStatuspage(config: Config): StatuspageInstance {
  const pageId = config.getOptionalString('pageId');
  if (pageId !== undefined && !STATUSPAGE_ID_PATTERN.test(pageId)) {
    throw new Error(
      `incidents.links.statuspage: pageId '${pageId}' is invalid`,
    );
  }
  const apiKey = config.getOptionalString('apiKey');
  const url = config.has('url') ? baseUrlOf(config, 'url') : undefined;
  if (!url && !(pageId && apiKey)) {
    throw new Error(
      'incidents.links.statuspage: each page needs a public url, or a pageId and an apiKey',
    );
  }
  return {
    ...sourceOptions(config, Boolean(pageId && apiKey)),
    name: instanceName(config),
    url,
    pageId,
    apiKey,
    apiBaseUrl: config.has('apiBaseUrl')
      ? baseUrlOf(config, 'apiBaseUrl')
      : 'https://api.statuspage.io/v1',
  };
}

/** Reads and checks `incidents.links`; a mistake stops the backend at start-up. */
export function readLinksConfig(root: Config): LinksConfig {
  const config = root.getOptionalConfig('incidents.links');
  const metadataLinks = { ...DEFAULT_METADATA_LINKS };
  const overrides = config?.getOptionalConfig('metadataLinks');
  for (const key of overrides?.keys() ?? []) {
    metadataLinks[key.toLocaleLowerCase('en-US')] = toolOf(
      overrides!.getString(key),
      `metadataLinks.${key}`,
    );
  }
  return {
    marginMs: config?.has('margin')
      ? durationToMilliseconds(
          readDurationFromConfig(config, { key: 'margin' }),
        )
      : 15 * 60_000,
    staleIfErrorMs:
      (config?.getOptionalNumber('staleIfErrorSeconds') ?? 24 * 3600) * 1000,
    grafana: (config?.getOptionalConfigArray('grafana') ?? []).map(g => {
      const token = g.getOptionalString('token');
      const selector = g.getOptionalString('dashboardSelector');
      return {
        ...sourceOptions(g, Boolean(token)),
        name: instanceName(g),
        baseUrl: baseUrlOf(g, 'baseUrl'),
        token,
        dashboardSelector: selector ? parseTemplate(selector) : undefined,
      };
    }),
    jaeger: config?.has('jaeger')
      ? readJaeger(config.getConfig('jaeger'))
      : undefined,
    statuspage: (config?.getOptionalConfigArray('statuspage') ?? []).map(
      readStatuspage,
    ),
    templates: (config?.getOptionalConfigArray('templates') ?? []).map(t => {
      const incidentUrl = t.getOptionalString('incidentUrl');
      return {
        tool: toolOf(t.getString('tool'), 'templates[].tool'),
        title: parseTemplate(t.getString('title')),
        url: parseTemplate(t.getString('url')),
        incidentUrl: incidentUrl ? parseTemplate(incidentUrl) : undefined,
        kind: t.getOptionalString('kind'),
        kinds: t
          .getOptionalStringArray('kinds')
          ?.map(k => k.toLocaleLowerCase('en-US')),
      };
    }),
    metadataLinks,
  };
}
