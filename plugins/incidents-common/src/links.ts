/**
 * The tools of the runbook's "Tools and Resources" list that an entity can
 * link to.
 *
 * @public
 */
export const LINK_TOOLS = [
  'grafana',
  'jaeger',
  'statuspage',
  'prometheus',
  'alertmanager',
  'loki',
  'pagerduty',
  'slack',
  'apiDocs',
  'runbook',
  'other',
] as const;

/** @public */
export type LinkTool = (typeof LINK_TOOLS)[number];

/**
 * Display names of the tools, as titles of their groups of links.
 * @public
 */
export const LINK_TOOL_TITLES: Record<LinkTool, string> = {
  grafana: 'Grafana',
  jaeger: 'Jaeger',
  statuspage: 'Status page',
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  loki: 'Loki',
  pagerduty: 'PagerDuty',
  slack: 'Slack',
  apiDocs: 'API docs',
  runbook: 'Runbooks',
  other: 'Other',
};

/**
 * One resolved link of an entity.
 *
 * @public
 */
export interface ObservabilityLink {
  tool: LinkTool;
  /** What a person reads, for example `Backend overview` or `Traces of bomizzel-api`. */
  title: string;
  url: string;
  /** What the link opens: `dashboard`, `dashboards`, `alerts`, `search`, `component`, `channel`, … */
  kind?: string;
  /** The configured instance it belongs to, where a tool has several (Grafana). */
  instance?: string;
}

/** @public */
export interface LinkGroup {
  tool: LinkTool;
  /** Display name of the tool, for example `Grafana`. */
  title: string;
  links: ObservabilityLink[];
}

/** @public */
export interface GetLinksRequest {
  entityRef: string;
  /** Scope time-aware links (Grafana, Jaeger, Loki, …) to this incident's window. */
  incidentId?: number | string;
}

/** @public */
export interface GetLinksResponse {
  entityRef: string;
  /** Present when the links are scoped to an incident. */
  window?: { from: string; to: string };
  groups: LinkGroup[];
}

/**
 * The state of one live source: fresh, served from cache after a failure, or
 * unavailable (with the reason).
 *
 * @public
 */
export type StatusSourceState = 'ok' | 'stale' | 'unavailable';

/** @public */
export interface StatusSourceBase {
  state: StatusSourceState;
  /** Why the source is stale or unavailable, for a person. */
  reason?: string;
  /** ISO time of the upstream answer shown. */
  updatedAt?: string;
  /** Configured instance name, where a tool has several. */
  instance?: string;
}

/** @public */
export interface GrafanaDashboardsStatus extends StatusSourceBase {
  source: 'grafana-dashboards';
  dashboards?: { uid: string; title: string; url: string }[];
}

/** @public */
export interface GrafanaAlertsStatus extends StatusSourceBase {
  source: 'grafana-alerts';
  /** How many alert rules matching the entity's label selector fire now. */
  firing?: number;
  alerts?: {
    name: string;
    state: string;
    url?: string;
    labels: Record<string, string>;
  }[];
}

/** @public */
export interface JaegerStatus extends StatusSourceBase {
  source: 'jaeger';
  service?: string;
  /** Traces with errors in the lookback window (default the last hour). */
  errorTraces?: number;
  lookback?: string;
  traces?: {
    traceId: string;
    operation: string;
    startTime: string;
    durationMs: number;
    url: string;
  }[];
}

/** @public */
export interface StatuspageStatus extends StatusSourceBase {
  source: 'statuspage';
  components?: { id: string; name: string; status: string; url?: string }[];
}

/** @public */
export type StatusSource =
  | GrafanaDashboardsStatus
  | GrafanaAlertsStatus
  | JaegerStatus
  | StatuspageStatus;

/** @public */
export interface GetStatusResponse {
  entityRef: string;
  sources: StatusSource[];
}
