import { IncidentStatus } from './types';

/** Incident status on an Atlassian Statuspage page. @public */
export type StatuspageIncidentStatus =
  | 'investigating'
  | 'identified'
  | 'monitoring'
  | 'resolved';

/** Impact of a Statuspage incident. @public */
export type StatuspageImpact = 'none' | 'minor' | 'major' | 'critical';

/** Status of a Statuspage component. @public */
export type StatuspageComponentStatus =
  | 'operational'
  | 'degraded_performance'
  | 'partial_outage'
  | 'major_outage'
  | 'under_maintenance';

/**
 * What a publication would send to the status page now.
 *
 * @public
 */
export interface StatuspagePreview {
  name: string;
  status: StatuspageIncidentStatus;
  impact: StatuspageImpact;
  componentStatus: StatuspageComponentStatus;
  /** The components of the page named by the affected entities. */
  componentIds: string[];
  /** Which runbook template the message comes from. */
  messageId: 'initial' | 'update' | 'resolution';
  message: string;
}

/**
 * Where an incident stands on the status page (`GET /incidents/{id}/statuspage`).
 *
 * @public
 */
export interface StatuspagePublication {
  incidentId: number;
  /** False when no affected entity names a component of a configured page. */
  available: boolean;
  /** Why it is not available, for a person. */
  reason?: string;
  page?: { name: string; url?: string };
  published: boolean;
  statuspageIncidentId?: string;
  shortlink?: string;
  /** Our lifecycle status when it was last published. */
  publishedStatus?: IncidentStatus;
  publishedAt?: string;
  publishedBy?: string;
  /** Why the last attempt failed, when it did. */
  lastError?: string;
  lastAttemptAt?: string;
  /** The status or severity changed since the last publication: offer an update. */
  changedSincePublication: boolean;
  preview?: StatuspagePreview;
}

/**
 * Publishes the incident (`POST /incidents/{id}/statuspage`); the overrides
 * are the text a person edited before sending.
 *
 * @public
 */
export interface PublishStatuspageRequest {
  name?: string;
  message?: string;
}
