import { LoggerService } from '@backstage/backend-plugin-api';
import {
  MetricsService,
  MetricsServiceCounter,
  MetricsServiceHistogram,
  MetricsServiceObservableCallback,
  MetricsServiceObservableGauge,
  MetricsServiceObservableResult,
} from '@backstage/backend-plugin-api/alpha';
import { Severity } from '@bomizzel/plugin-incidents-common';
import type { AlertReporter, IngestResult } from '../alerts/AlertIngestor';
import type { IncidentStore } from '../database/IncidentStore';
import type { IncidentEventRecord, IncidentRecord } from '../database/records';
import type { EscalationReporter } from '../escalation/EscalationService';
import type {
  DeclarationSource,
  IncidentListener,
} from '../incidents/IncidentService';
import type { StatusReporter, UpstreamOutcome } from '../links/StatusCache';

/**
 * Backstage's metrics service does not prefix names (1.55 scopes the meter
 * as `backstage-plugin-incidents` instead): the documented convention
 * `backstage.plugin.<pluginId>.<metric>` is spelt out here.
 */
const PREFIX = 'backstage.plugin.incidents';

/** How long a metrics collection waits for the count of open incidents. */
const OPEN_COUNT_DEADLINE_MS = 3_000;

type BySeverity = { severity: string };

export interface IncidentMetricsOptions {
  metrics: MetricsService;
  /** The incident tables, for the count of open incidents. */
  incidents: IncidentStore;
  severities: readonly Severity[];
  logger: LoggerService;
}

/**
 * The suite's own metrics: incidents declared, acknowledged, resolved and
 * open; alerts received; escalation levels fired; live-status upstream calls.
 *
 * Attributes only take bounded values (configured severities and escalation
 * levels, fixed sources and outcomes), never fingerprints or entity refs.
 * Demo incidents are left out of the incident counts and the gauge. Counters
 * count on the replica that did the work, so they add up across replicas;
 * the open count is read from the shared database, so every replica reports
 * the same value.
 */
export class IncidentMetrics
  implements
    IncidentListener,
    AlertReporter,
    EscalationReporter,
    StatusReporter
{
  readonly #incidents: IncidentStore;
  readonly #logger: LoggerService;
  readonly #severities: readonly Severity[];
  readonly #declared: MetricsServiceCounter<
    BySeverity & { source: DeclarationSource }
  >;
  readonly #resolved: MetricsServiceCounter<BySeverity>;
  readonly #timeToAcknowledge: MetricsServiceHistogram<BySeverity>;
  readonly #open: MetricsServiceObservableGauge<BySeverity>;
  readonly #observeOpen: MetricsServiceObservableCallback<BySeverity>;
  readonly #alertsReceived: MetricsServiceCounter;
  readonly #alertsDeduplicated: MetricsServiceCounter;
  readonly #alertsUnmapped: MetricsServiceCounter;
  readonly #escalationsFired: MetricsServiceCounter<
    BySeverity & { level: string }
  >;
  readonly #upstreamCalls: MetricsServiceCounter<{
    source: string;
    outcome: UpstreamOutcome;
  }>;
  readonly #cacheHits: MetricsServiceCounter<{ source: string }>;
  #openCount?: Promise<Map<string, number>>;
  #openCountFailing = false;

  static create(options: IncidentMetricsOptions) {
    return new IncidentMetrics(options);
  }

  private constructor(options: IncidentMetricsOptions) {
    const { metrics } = options;
    this.#incidents = options.incidents;
    this.#logger = options.logger;
    this.#severities = options.severities;

    this.#open = metrics.createObservableGauge(`${PREFIX}.open`, {
      description:
        'Incidents not resolved, by severity. Read from the shared database: every replica reports the same value, so aggregate replicas with max, not sum.',
      unit: '{incident}',
    });
    this.#observeOpen = result => this.#observeOpenIncidents(result);
    this.#open.addCallback(this.#observeOpen);

    this.#declared = metrics.createCounter(`${PREFIX}.declared`, {
      description:
        'Incidents declared, by severity and source (person, alert, or service for another service calling the API)',
      unit: '{incident}',
    });
    this.#resolved = metrics.createCounter(`${PREFIX}.resolved`, {
      description: 'Incidents moved to RESOLVED, by severity',
      unit: '{incident}',
    });
    this.#timeToAcknowledge = metrics.createHistogram(
      `${PREFIX}.time_to_acknowledge`,
      {
        description:
          'Time from detection to acknowledgement, by severity, recorded when an incident is acknowledged',
        unit: 's',
        advice: { explicitBucketBoundaries: this.#acknowledgeBuckets() },
      },
    );
    this.#alertsReceived = metrics.createCounter(`${PREFIX}.alerts.received`, {
      description: 'Alerts received in Alertmanager webhook deliveries',
      unit: '{alert}',
    });
    this.#alertsDeduplicated = metrics.createCounter(
      `${PREFIX}.alerts.deduplicated`,
      {
        description:
          'Alerts received that changed nothing (a redelivery or a repeat of a known alert)',
        unit: '{alert}',
      },
    );
    this.#alertsUnmapped = metrics.createCounter(`${PREFIX}.alerts.unmapped`, {
      description:
        'Alerts received for which no entity was found, kept for a person to look at',
      unit: '{alert}',
    });
    this.#escalationsFired = metrics.createCounter(
      `${PREFIX}.escalations.fired`,
      {
        description: 'Escalation levels fired, by level id and severity',
        unit: '{level}',
      },
    );
    this.#upstreamCalls = metrics.createCounter(
      `${PREFIX}.status.upstream.calls`,
      {
        description:
          'Live-status calls to the tools (one per load of a source that was not in the cache), by source and outcome (ok, error, timeout)',
        unit: '{call}',
      },
    );
    this.#cacheHits = metrics.createCounter(`${PREFIX}.status.cache.hits`, {
      description:
        'Live-status answers served from the cache without calling the tool, by source',
      unit: '{hit}',
    });
  }

  async onCreated(
    incident: IncidentRecord,
    _actor: string,
    source: DeclarationSource,
  ) {
    if (!incident.demo) {
      this.#declared.add(1, { severity: incident.severity, source });
    }
  }

  async onChanged(
    _before: IncidentRecord,
    after: IncidentRecord,
    _actor: string,
    events: IncidentEventRecord[],
  ) {
    if (after.demo) {
      return;
    }
    // The events the change wrote in its transaction: each milestone is
    // counted once, however many requests raced for it.
    for (const event of events) {
      if (event.type === 'acknowledged' && after.acknowledgedAt !== null) {
        const seconds =
          Math.max(0, after.acknowledgedAt - after.detectedAt) / 1000;
        this.#timeToAcknowledge.record(seconds, { severity: after.severity });
      } else if (
        event.type === 'status_changed' &&
        event.data.to === 'RESOLVED'
      ) {
        this.#resolved.add(1, { severity: after.severity });
      }
    }
  }

  /** Counts the alerts of one Alertmanager delivery. */
  alertsIngested(
    result: Pick<IngestResult, 'received' | 'changed' | 'unmapped'>,
  ) {
    this.#alertsReceived.add(result.received);
    this.#alertsDeduplicated.add(Math.max(0, result.received - result.changed));
    this.#alertsUnmapped.add(result.unmapped);
  }

  escalationFired(level: string, severity: string) {
    this.#escalationsFired.add(1, { level, severity });
  }

  /** `source` is one of the fixed live-status source names (`grafana-alerts`, …). */
  statusUpstreamCalled(source: string, outcome: UpstreamOutcome) {
    this.#upstreamCalls.add(1, { source, outcome });
  }

  statusCacheHit(source: string) {
    this.#cacheHits.add(1, { source });
  }

  /** Stops reading the database for collections (the plugin is stopping). */
  close() {
    this.#open.removeCallback(this.#observeOpen);
  }

  /**
   * Bucket bounds in seconds: the configured response targets, so that "within
   * target" is one bucket, between one minute and two days.
   */
  #acknowledgeBuckets(): number[] {
    const bounds = new Set([
      60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800,
    ]);
    for (const severity of this.#severities) {
      bounds.add(severity.responseMinutes * 60);
    }
    return [...bounds].filter(b => b > 0).sort((a, b) => a - b);
  }

  async #observeOpenIncidents(
    result: MetricsServiceObservableResult<BySeverity>,
  ) {
    const counts = await this.#countOpen();
    if (!counts) {
      return;
    }
    // Configured severities without open incidents report 0, not nothing.
    for (const { id } of this.#severities) {
      result.observe(counts.get(id) ?? 0, { severity: id });
    }
    for (const [severity, count] of counts) {
      if (!this.#severities.some(s => s.id === severity)) {
        result.observe(count, { severity });
      }
    }
  }

  /**
   * One grouped count per collection (collections that overlap share it),
   * given up after a deadline: a database that is down or slow leaves the
   * gauge out of that collection rather than holding up the scrape.
   */
  async #countOpen(): Promise<Map<string, number> | undefined> {
    this.#openCount ??= this.#incidents.countOpenBySeverity().finally(() => {
      this.#openCount = undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`no answer within ${OPEN_COUNT_DEADLINE_MS} ms`)),
        OPEN_COUNT_DEADLINE_MS,
      );
    });
    try {
      const counts = await Promise.race([this.#openCount, deadline]);
      this.#openCountFailing = false;
      return counts;
    } catch (error) {
      if (!this.#openCountFailing) {
        this.#logger.warn(
          `Could not count the open incidents for the metrics: ${error}`,
        );
      }
      this.#openCountFailing = true;
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
