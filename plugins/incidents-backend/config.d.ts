import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Bomizzel incidents suite. */
  incidents?: {
    /**
     * Seed a year of example incidents for the example catalog on start-up
     * (once; marked as demo data). For development portals only.
     */
    demoData?: boolean;
    /** How the plugin talks to its database. */
    database?: {
      /**
       * Send the entity history page as a named prepared statement on
       * PostgreSQL (planned once per connection). Default true; set false
       * behind a connection pooler in transaction mode that does not keep
       * prepared statements (PgBouncer before 1.21).
       */
      preparedStatements?: boolean;
    };
    /**
     * How the plugin uses Backstage's cache (`backend.cache`, e.g. Redis,
     * shared by the replicas). The cache is an optimisation: when its store
     * does not answer in time, reads are misses and writes are skipped.
     */
    cache?: {
      /** Longest wait for one cache read or write, in ms. Default 250. */
      timeoutMs?: number;
      /** After a failed or late call, the store is left alone this long, in ms. Default 5000. */
      retryAfterMs?: number;
    };
    /**
     * Post-mortems (the runbook's template): which incidents require one and
     * when it is due. Overdue = required, resolved, not published, and past
     * resolution + dueHours.
     */
    postmortems?: {
      /** Severity ids that require a post-mortem. Default `[P0, P1]`. */
      requiredFor?: string[];
      /** Hours after resolution within which it must be published. Default 24. */
      dueHours?: number;
    };
    /**
     * Observability links of catalog entities (`GET /links`) and the live state
     * of the tools (`GET /status`). Tokens and keys stay in the backend.
     */
    links?: {
      /**
       * Time before an incident's start and after its resolution that scoped
       * links cover, for example `{ minutes: 15 }` (the default) or `15m`.
       */
      margin?: HumanDuration | string;
      /** How long the last good live answer is served when a tool fails. Default 86400. */
      staleIfErrorSeconds?: number;
      /** Grafana instances; each entity gets links (and live state) on each one. */
      grafana?: Array<{
        /** Unique name, shown beside the links of this instance, for example `eu`. */
        name: string;
        /** For example `https://grafana.example.com`. */
        baseUrl: string;
        /**
         * A service-account token with the Viewer role. Live state is read
         * only when a token is set, unless `status` says otherwise.
         * @visibility secret
         */
        token?: string;
        /**
         * Dashboard selector for entities without the
         * `grafana/dashboard-selector` annotation, a template such as
         * `{{ entity.metadata.name }}`.
         */
        dashboardSelector?: string;
        /** Read live state (dashboards, alert rules). Default: when a token is set. */
        status?: boolean;
        /** Default 2000. */
        timeoutMs?: number;
        /** Default 60. */
        cacheTtlSeconds?: number;
      }>;
      jaeger?: {
        /** The Jaeger UI and query API, for example `https://jaeger.example.com`. */
        baseUrl: string;
        /** Query API for live state: `v1` (`/api/traces`, default) or `v3` (Jaeger v2). */
        apiVersion?: 'v1' | 'v3';
        /** Default search window, for example `1h` (default). */
        lookback?: string;
        /** Traces per search. Default 20. */
        limit?: number;
        /** Search entities without `jaegertracing.io/service` by their name. Default false. */
        defaultServiceFromName?: boolean;
        /** Count recent traces with errors through the query API. Default false. */
        status?: boolean;
        /** Default 2000. */
        timeoutMs?: number;
        /** Default 60. */
        cacheTtlSeconds?: number;
      };
      /**
       * Atlassian Statuspage pages, named as in the `statuspage.io/components`
       * annotation (`<name>:<component id>,<component id>`).
       */
      statuspage?: Array<{
        name: string;
        /** The public status page, for example `https://status.example.com`. */
        url?: string;
        /** Page id for the manage API (with `apiKey`). */
        pageId?: string;
        /**
         * Statuspage API key.
         * @visibility secret
         */
        apiKey?: string;
        /** Default `https://api.statuspage.io/v1`. */
        apiBaseUrl?: string;
        /**
         * Read component status: with `pageId` and `apiKey` from the manage
         * API, else from the public page. Default: when an API key is set.
         */
        status?: boolean;
        /** Default 2000. */
        timeoutMs?: number;
        /** Default 60. */
        cacheTtlSeconds?: number;
      }>;
      /**
       * Links to other tools, built from the entity. Placeholders:
       * `{{ entity.metadata.name }}`, `{{ entity.kind }}`,
       * `{{ annotations['prometheus.io/service-name'] }}` and, in
       * `incidentUrl`, `{{ window.from }}` / `{{ window.to }}` (epoch ms) and
       * `{{ window.fromIso }}` / `{{ window.toIso }}`. Values are URL-encoded;
       * a template with a placeholder that has no value gives no link.
       */
      templates?: Array<{
        tool:
          | 'grafana'
          | 'jaeger'
          | 'statuspage'
          | 'prometheus'
          | 'alertmanager'
          | 'loki'
          | 'pagerduty'
          | 'slack'
          | 'apiDocs'
          | 'runbook'
          | 'other';
        title: string;
        url: string;
        /** Used instead of `url` for links scoped to an incident. */
        incidentUrl?: string;
        /** What the link opens, for example `logs`. */
        kind?: string;
        /** Entity kinds the template applies to, for example `[Component]`. Default all. */
        kinds?: string[];
      }>;
      /** Tool of a `metadata.links` entry by its `type` or `icon`, added to the defaults. */
      metadataLinks?: { [typeOrIcon: string]: string };
    };
    /**
     * Markdown runbooks served by `GET /runbooks` and `GET /runbooks/{path}`.
     * Every `.md` file under the roots is indexed (dot folders and
     * node_modules skipped, links to folders not followed, links leaving a
     * root refused); changes show up without a restart.
     */
    runbooks?: {
      /**
       * Folders of runbooks, relative to the repository root or absolute.
       * A runbook's path is its path under its root; an earlier root wins on
       * equal paths. Default `[docs]`.
       */
      roots?: string[];
      /**
       * Globs (picomatch) of paths relative to each root that are not
       * runbooks, such as `upstream/**` or `drafts/*.md`: matching files are
       * not served, matching folders are neither walked nor watched.
       * Default none.
       */
      exclude?: string[];
      /** A runbook not reviewed (front matter lastReviewed) for this many days is stale. Default 180. */
      staleAfterDays?: number;
      /** Larger files are not indexed. Default 1048576 (1 MB). */
      maxFileBytes?: number;
      /**
       * URLs at which the repository's files are browsed, such as
       * `https://github.com/org/repo/blob/main/`: an entity's `metadata.links`
       * of type `runbook` to one of them followed by a runbook's repository
       * path (`docs/runbooks/x.md`) are that runbook's links.
       */
      repositoryUrls?: string[];
    };
    /**
     * The runbook's communication templates (Handlebars, no HTML escaping),
     * rendered from an incident. Variables: ref, severity, title, status,
     * impact, started, commander, progress, resolution, duration, entities,
     * updateIntervalMinutes.
     */
    messages?: {
      initial?: string;
      update?: string;
      resolution?: string;
      /** Promised minutes between status updates. Default 30. */
      updateIntervalMinutes?: number;
    };
    /**
     * Notifications (Backstage notifications plugin) to the owners of the
     * affected entities when an incident is declared — by a person or from an
     * alert — and when it is resolved.
     */
    notifications?: {
      /** Severity ids that notify. Default P0 and P1. */
      severities?: string[];
      /** Default true. */
      onDeclared?: boolean;
      /** Default true. */
      onResolved?: boolean;
    };
    /**
     * How Alertmanager (and Grafana alerting) webhook alerts become
     * incidents: one incident per Alertmanager group while it is open.
     */
    alerts?: {
      /**
       * Labels whose value names the affected entity, tried in order, matched
       * against the entities' `prometheus.io/service-name`,
       * `jaegertracing.io/service` and `grafana/alert-label-selector`
       * (`<label>=<value>`) annotations. Default `[service, job]`.
       */
      entityLabels?: string[];
      /** Explicit rules, tried first: alerts with all these labels affect the entity. */
      entities?: Array<{
        labels: { [name: string]: string };
        entityRef: string;
      }>;
      /** The label carrying the severity. Default `severity`. */
      severityLabel?: string;
      /** Label value → severity id. Default critical/high/warning/info → P0–P3. */
      severityMap?: { [value: string]: string };
      /** For alerts without a mapped severity. Default the third level (P2). */
      defaultSeverity?: string;
      /**
       * Handlebars over the webhook payload (`alerts`, `groupLabels`,
       * `commonLabels`, `commonAnnotations`, `receiver`) plus `entityTitle`
       * and `severity`.
       */
      titleTemplate?: string;
      descriptionTemplate?: string;
      /**
       * Where the incident goes when every one of its alerts has resolved.
       * Default RESOLVING (a person confirms the resolution).
       */
      whenAllResolved?: 'RESOLVING' | 'RESOLVED' | 'none';
    };
    /**
     * The escalation matrix. Each level fires once per open incident, at
     * `afterMinutes` after detection, unless its stop condition holds:
     * `progress` = acknowledged and moved past INVESTIGATING; `resolved` =
     * RESOLVED. Who is at a level: the `bomizzel.com/escalation-<role>`
     * annotation (comma-separated user refs) of the owner group of each
     * affected entity, else of its nearest parent group. Defaults to the
     * runbook: on-call at 0 min (all severities), team lead at 15 min without
     * progress (P0, P1), engineering manager at 30 min (P0), CTO/VP
     * Engineering at 60 min (P0), the last two until resolved.
     */
    escalation?: {
      /** Default true. */
      enabled?: boolean;
      /** How often open incidents are checked. Default 60. */
      checkEverySeconds?: number;
      levels?: Array<{
        /** Unique id of the level; defaults to the role. */
        id?: string;
        /** For people, for example `Team lead`. */
        title?: string;
        /** Which `bomizzel.com/escalation-<role>` annotation names the people. */
        role: 'oncall' | 'lead' | 'manager' | 'executive';
        /** Minutes after detection (fractions allowed). */
        afterMinutes: number;
        /** Severity ids the level applies to; default all. */
        severities?: string[];
        /** Default `resolved`. */
        stopWhen?: 'progress' | 'resolved';
      }>;
    };
    /**
     * Publishing incidents to the Atlassian Statuspage pages of
     * `incidents.links.statuspage` (those with a pageId and an apiKey).
     */
    statuspage?: {
      /**
       * Impact and component status per severity id. Defaults: P0
       * critical/major_outage, P1 major/partial_outage, P2
       * minor/degraded_performance, P3 none/operational.
       */
      severities?: {
        [severity: string]: {
          impact?: 'none' | 'minor' | 'major' | 'critical';
          componentStatus?:
            | 'operational'
            | 'degraded_performance'
            | 'partial_outage'
            | 'major_outage'
            | 'under_maintenance';
        };
      };
      /** Whether Statuspage notifies the page's subscribers. Default true. */
      deliverNotifications?: boolean;
      /** Bound of one request in milliseconds. Default 5000. */
      timeoutMs?: number;
      /** Bound of all attempts and back-off waits together. Default 20000. */
      maxTotalMs?: number;
      /** Requests per publication at most (429/420 and 5xx are retried). Default 4. */
      maxAttempts?: number;
      /** First back-off in milliseconds, doubled per retry. Default 500. */
      retryDelayMs?: number;
    };
    /**
     * The severity levels of the incident process, most severe first.
     * Defaults to the Bomizzel runbook's P0 (15 min), P1 (1 h), P2 (4 h) and P3 (24 h).
     */
    severities?: Array<{
      /** Short id used in the API and stored with each incident, for example `P0`. */
      id: string;
      /** Human name, for example `Critical`. */
      name: string;
      /** What the level means. */
      description: string;
      /** Typical situations at this level. */
      examples?: string[];
      /** Minutes from detection within which an incident must be acknowledged. */
      responseMinutes: number;
    }>;
  };
}
