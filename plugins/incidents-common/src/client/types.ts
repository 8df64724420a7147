import { Incident, IncidentEvent, IncidentStatus } from '../types';

/**
 * Query of `GET /incidents`. Every field is optional; repeated fields are
 * combined with OR, different fields with AND.
 *
 * @public
 */
export interface ListIncidentsRequest {
  /**
   * Entities whose incidents are wanted. A System includes its components and
   * resources, a Group the entities it owns.
   */
  entityRef?: string[];
  status?: IncidentStatus[];
  severity?: string[];
  /** Only incidents created at or after this ISO time. */
  from?: string;
  /** Only incidents created before this ISO time. */
  to?: string;
  /** Text that the title or the description contains. */
  q?: string;
  /** Page size, 1 to 100 (default 20). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * A page of incidents, newest first.
 *
 * @public
 */
export interface ListIncidentsResponse {
  items: Incident[];
  /** Present when there are more incidents; pass it as `cursor`. */
  nextCursor?: string;
}

/**
 * Body of `POST /incidents`.
 *
 * @public
 */
export interface CreateIncidentRequest {
  title: string;
  /** Markdown. */
  description?: string;
  severity: string;
  entityRefs: string[];
  /** User entity ref of the incident commander. */
  commander?: string;
  /** ISO time the impact started, if known. */
  startedAt?: string;
  /** ISO time the problem was detected (default: now). */
  detectedAt?: string;
}

/**
 * Body of `PATCH /incidents/{id}`.
 *
 * @public
 */
export interface UpdateIncidentRequest {
  title?: string;
  description?: string;
  severity?: string;
  status?: IncidentStatus;
  commander?: string | null;
  entityRefs?: string[];
  /** Acknowledge the incident (sets `acknowledgedAt` once). */
  acknowledge?: boolean;
  /** Recorded on the timeline with the change. */
  message?: string;
}

/**
 * Body of `POST /incidents/{id}/events`.
 *
 * @public
 */
export type CreateIncidentEventRequest =
  | { type: 'note'; message: string }
  | { type: 'acknowledge'; message?: string }
  | { type: 'status'; status: IncidentStatus; message: string };

/**
 * Answer of `POST /incidents/{id}/events`: the events written and the
 * incident after the change.
 *
 * @public
 */
export interface CreateIncidentEventResponse {
  items: IncidentEvent[];
  incident: Incident;
}

/**
 * One of the runbook's communication templates, rendered from an incident.
 *
 * @public
 */
export interface IncidentMessage {
  id: 'initial' | 'update' | 'resolution';
  title: string;
  text: string;
}

/**
 * Durations in milliseconds over the incidents that have both timestamps;
 * `null` when there are none.
 *
 * @public
 */
export interface IncidentDurationStats {
  count: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
}

/**
 * Incident statistics of one or more entities.
 *
 * @public
 */
export interface IncidentStats {
  /** The entities counted, after roll-up of systems and groups. */
  entityRefs: string[];
  total: number;
  open: number;
  bySeverity: Record<string, number>;
  byStatus: Record<string, number>;
  /** Time to acknowledge: acknowledgedAt - detectedAt. */
  mtta: IncidentDurationStats;
  /** Time to resolve: resolvedAt - (startedAt, else detectedAt). */
  mttr: IncidentDurationStats;
  /** The last 12 calendar months (UTC), oldest first. */
  monthly: Array<{
    /** `YYYY-MM` */
    month: string;
    total: number;
    bySeverity: Record<string, number>;
  }>;
}
