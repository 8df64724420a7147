import { Config } from '@backstage/config';
import {
  Severity,
  StatuspageComponentStatus,
  StatuspageImpact,
} from '@bomizzel/plugin-incidents-common';

export interface SeverityMapping {
  impact: StatuspageImpact;
  componentStatus: StatuspageComponentStatus;
}

export interface StatuspagePublishConfig {
  /** Severity id → impact and component status; severities not listed map to none/operational. */
  severities: Record<string, SeverityMapping>;
  deliverNotifications: boolean;
  /** Bound of one request. */
  timeoutMs: number;
  /** Bound of all attempts and waits together: the person waits no longer. */
  maxTotalMs: number;
  maxAttempts: number;
  /** First wait before retrying a 5xx (doubled each time) and without Retry-After. */
  retryDelayMs: number;
}

const IMPACTS: StatuspageImpact[] = ['none', 'minor', 'major', 'critical'];
const COMPONENT_STATUSES: StatuspageComponentStatus[] = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
];

/** The runbook's P0–P3 as Statuspage impact and component status. */
export const DEFAULT_SEVERITY_MAPPING: Record<string, SeverityMapping> = {
  P0: { impact: 'critical', componentStatus: 'major_outage' },
  P1: { impact: 'major', componentStatus: 'partial_outage' },
  P2: { impact: 'minor', componentStatus: 'degraded_performance' },
  P3: { impact: 'none', componentStatus: 'operational' },
};

function oneOf<T extends string>(
  config: Config,
  key: string,
  allowed: T[],
  where: string,
): T | undefined {
  const value = config.getOptionalString(key);
  if (value !== undefined && !(allowed as string[]).includes(value)) {
    throw new Error(
      `incidents.statuspage.${where}.${key} '${value}' is not one of ${allowed.join(
        ', ',
      )}`,
    );
  }
  return value as T | undefined;
}

function positive(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`incidents.statuspage.${key} must be a positive number`);
  }
  return value;
}

/** Reads `incidents.statuspage`; a mistake stops the backend at start-up. */
export function readStatuspagePublishConfig(
  root: Config,
  severities: Severity[],
): StatuspagePublishConfig {
  const config = root.getOptionalConfig('incidents.statuspage');
  const overrides = config?.getOptionalConfig('severities');
  const mapping: Record<string, SeverityMapping> = {};
  for (const { id } of severities) {
    mapping[id] = DEFAULT_SEVERITY_MAPPING[id] ?? {
      impact: 'none',
      componentStatus: 'operational',
    };
  }
  for (const id of overrides?.keys() ?? []) {
    if (!mapping[id]) {
      throw new Error(
        `incidents.statuspage.severities.${id} is not a configured severity`,
      );
    }
    const entry = overrides!.getConfig(id);
    const where = `severities.${id}`;
    mapping[id] = {
      impact: oneOf(entry, 'impact', IMPACTS, where) ?? mapping[id].impact,
      componentStatus:
        oneOf(entry, 'componentStatus', COMPONENT_STATUSES, where) ??
        mapping[id].componentStatus,
    };
  }
  return {
    severities: mapping,
    deliverNotifications:
      config?.getOptionalBoolean('deliverNotifications') ?? true,
    timeoutMs: positive(config, 'timeoutMs', 5000),
    maxTotalMs: positive(config, 'maxTotalMs', 20_000),
    maxAttempts: Math.floor(positive(config, 'maxAttempts', 4)),
    retryDelayMs: positive(config, 'retryDelayMs', 500),
  };
}
