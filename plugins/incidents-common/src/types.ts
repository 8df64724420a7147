/**
 * The lifecycle of an incident, from the Bomizzel runbook. Moving backwards is
 * allowed and recorded; leaving RESOLVED reopens the incident.
 *
 * @public
 */
export const INCIDENT_STATUSES = [
  'INVESTIGATING',
  'IDENTIFIED',
  'RESOLVING',
  'RESOLVED',
] as const;

/** @public */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses of an incident that is not over. @public */
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = [
  'INVESTIGATING',
  'IDENTIFIED',
  'RESOLVING',
];

/**
 * Whether the severity's response target (acknowledgement within
 * `responseMinutes` of detection) was met, was missed, or is still running.
 *
 * @public
 */
export interface IncidentResponse {
  targetMinutes: number;
  /** ISO time by which the incident must be acknowledged. */
  deadline: string;
  state: 'pending' | 'met' | 'breached';
}

/** @public */
export interface Incident {
  id: number;
  /** Human reference, `INC-<id>`. */
  ref: string;
  title: string;
  /** Markdown. */
  description: string;
  severity: string;
  status: IncidentStatus;
  /** User entity ref of the incident commander. */
  commander: string | null;
  /** Entity ref of whoever declared it (a user, or a service such as an alert source). */
  reporter: string;
  /** Catalog entities affected, as entity refs. */
  entityRefs: string[];
  /** Impact start, if known. */
  startedAt: string | null;
  detectedAt: string;
  acknowledgedAt: string | null;
  identifiedAt: string | null;
  /** Time of the latest resolution; cleared when the incident is reopened. */
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Increases with every change; the ETag of the incident. */
  version: number;
  response: IncidentResponse;
  /** Example data seeded by the development configuration. */
  demo: boolean;
}

/** @public */
export const INCIDENT_EVENT_TYPES = [
  'created',
  'acknowledged',
  'status_changed',
  'reopened',
  'severity_changed',
  'commander_changed',
  'title_changed',
  'description_changed',
  'entity_added',
  'entity_removed',
  'note',
  'escalated',
  'alert',
  'postmortem_status_changed',
  'statuspage_published',
  'statuspage_failed',
] as const;

/** @public */
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/** An entry of an incident's append-only timeline. @public */
export interface IncidentEvent {
  id: number;
  incidentId: number;
  type: IncidentEventType;
  /** Entity ref of who did it. */
  actor: string;
  createdAt: string;
  message: string | null;
  /** What changed, for example `{ from: 'P2', to: 'P0' }`. */
  data: Record<string, unknown>;
}
