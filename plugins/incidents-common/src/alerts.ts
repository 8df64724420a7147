/**
 * An alert received from Alertmanager or Grafana alerting: one firing
 * episode (fingerprint + start), its latest status, and the incident it
 * belongs to — or, when no catalog entity could be found for it, the reason,
 * kept for a human.
 *
 * @public
 */
export interface ReceivedAlert {
  id: number;
  fingerprint: string;
  status: 'firing' | 'resolved';
  alertname?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorUrl?: string;
  /** The alert's `runbook_url` annotation. */
  runbookUrl?: string;
  incidentId?: number;
  /** Why it is not attached to an incident. */
  reason?: string;
  receivedAt: string;
  updatedAt: string;
}
