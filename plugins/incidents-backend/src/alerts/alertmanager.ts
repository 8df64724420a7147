import { createHash } from 'node:crypto';

/* The Alertmanager webhook's wire format, and what is read from it. */

/** One alert of an Alertmanager webhook payload (version 4). */
export interface AlertmanagerAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
}

/**
 * An Alertmanager webhook payload (version 4). Grafana alerting sends the
 * same shape with more fields, which are ignored.
 */
export interface AlertmanagerPayload {
  version?: string;
  groupKey: string;
  status?: string;
  receiver: string;
  groupLabels?: Record<string, string>;
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  externalURL?: string;
  alerts: AlertmanagerAlert[];
}

/** Alertmanager's "no end yet" is year 1; Grafana sends the same. */
export function parseEnd(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms <= 0 ? null : ms;
}

/** Alertmanager's fingerprint, or one made the same way from the labels. */
export function fingerprintOf(alert: AlertmanagerAlert): string {
  if (alert.fingerprint) return alert.fingerprint;
  const sorted = Object.keys(alert.labels)
    .sort()
    .map(k => [k, alert.labels[k]]);
  return createHash('sha256')
    .update(JSON.stringify(sorted))
    .digest('hex')
    .slice(0, 16);
}
