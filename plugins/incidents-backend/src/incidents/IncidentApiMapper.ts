import {
  Incident,
  IncidentEvent,
  IncidentStats,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import { IncidentStatsRecord } from '../database/entityStats';
import { IncidentEventRecord, IncidentRecord } from '../database/records';

/**
 * Incidents and their events as the API shows them: ISO times, the `INC-`
 * reference, and where the response stands against its severity's target.
 */
export class IncidentApiMapper {
  readonly #severities: Severity[];
  readonly #clock: () => number;

  static create(options: {
    severities: Severity[];
    clock: () => number;
  }): IncidentApiMapper {
    return new IncidentApiMapper(options.severities, options.clock);
  }

  private constructor(severities: Severity[], clock: () => number) {
    this.#severities = severities;
    this.#clock = clock;
  }

  toApi(record: IncidentRecord): Incident {
    const iso = (t: number | null) =>
      t === null ? null : new Date(t).toISOString();
    const severity = this.#severities.find(s => s.id === record.severity);
    const targetMinutes = severity?.responseMinutes ?? 0;
    const deadline = record.detectedAt + targetMinutes * 60_000;
    let state: Incident['response']['state'];
    if (record.acknowledgedAt !== null) {
      state = record.acknowledgedAt <= deadline ? 'met' : 'breached';
    } else {
      state = this.#clock() > deadline ? 'breached' : 'pending';
    }
    return {
      id: record.id,
      ref: `INC-${record.id}`,
      title: record.title,
      description: record.description,
      severity: record.severity,
      status: record.status,
      commander: record.commander,
      reporter: record.reporter,
      entityRefs: record.entityRefs,
      startedAt: iso(record.startedAt),
      detectedAt: iso(record.detectedAt)!,
      acknowledgedAt: iso(record.acknowledgedAt),
      identifiedAt: iso(record.identifiedAt),
      resolvedAt: iso(record.resolvedAt),
      createdAt: iso(record.createdAt)!,
      updatedAt: iso(record.updatedAt)!,
      version: record.version,
      response: {
        targetMinutes,
        deadline: new Date(deadline).toISOString(),
        state,
      },
      demo: record.demo,
    };
  }

  eventToApi(event: IncidentEventRecord): IncidentEvent {
    return { ...event, createdAt: new Date(event.createdAt).toISOString() };
  }

  /**
   * Statistics as the API shows them: totals by severity and status, and
   * the monthly series of `monthStarts` (13 boundaries of 12 months).
   */
  statsToApi(
    entityRefs: string[],
    monthStarts: number[],
    raw: IncidentStatsRecord,
  ): IncidentStats {
    const bySeverity: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    let total = 0;
    for (const { severity, status, count } of raw.bySeverityAndStatus) {
      bySeverity[severity] = (bySeverity[severity] ?? 0) + count;
      byStatus[status] = (byStatus[status] ?? 0) + count;
      total += count;
    }
    const monthly = monthStarts.slice(0, 12).map(start => ({
      month: new Date(start).toISOString().slice(0, 7),
      total: 0,
      bySeverity: {} as Record<string, number>,
    }));
    for (const { bucket, severity, count } of raw.monthly) {
      monthly[bucket].total += count;
      monthly[bucket].bySeverity[severity] = count;
    }
    return {
      entityRefs,
      total,
      open: total - (byStatus.RESOLVED ?? 0),
      bySeverity,
      byStatus,
      mtta: raw.tta,
      mttr: raw.ttr,
      monthly,
    };
  }
}
