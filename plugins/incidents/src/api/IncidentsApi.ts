import { createApiRef } from '@backstage/core-plugin-api';
import {
  CreateIncidentEventRequest,
  CreateIncidentEventResponse,
  CreateIncidentRequest,
  Incident,
  IncidentEvent,
  IncidentMessage,
  IncidentStats,
  IncidentsRequestOptions,
  ListIncidentsRequest,
  ListIncidentsResponse,
  Severity,
  UpdateIncidentRequest,
} from '@bomizzel/plugin-incidents-common';

/**
 * The frontend's view of the incidents backend, one method per operation of
 * its HTTP API. Failed calls throw a `ResponseError` from `@backstage/errors`.
 *
 * @public
 */
export interface IncidentsApi {
  /** The configured severity levels, most severe first. */
  getSeverities(): Promise<Severity[]>;

  /** A page of incidents, newest first; follow `nextCursor` for the next. */
  listIncidents(
    request?: ListIncidentsRequest,
    options?: IncidentsRequestOptions,
  ): Promise<ListIncidentsResponse>;

  /** Declares an incident; retries with the same `idempotencyKey` create one. */
  createIncident(
    request: CreateIncidentRequest,
    options?: { idempotencyKey?: string },
  ): Promise<Incident>;

  /** The incident, by number or reference (`42`, `INC-42`). */
  getIncident(id: number | string): Promise<Incident>;

  /**
   * Changes the incident as last read at `version`; fails with status 412
   * when someone changed it since.
   */
  updateIncident(
    id: number | string,
    changes: UpdateIncidentRequest,
    options: { version: number },
  ): Promise<Incident>;

  /** The incident's timeline, oldest first. */
  listIncidentEvents(id: number | string): Promise<IncidentEvent[]>;

  /** Adds a note, acknowledges, or changes the status with a message. */
  createIncidentEvent(
    id: number | string,
    request: CreateIncidentEventRequest,
  ): Promise<CreateIncidentEventResponse>;

  /** The runbook's communication templates rendered from the incident. */
  getIncidentMessages(id: number | string): Promise<IncidentMessage[]>;

  /** Counts, MTTA, MTTR and a 12-month series for the entities. */
  getStats(request: { entityRef: string[] }): Promise<IncidentStats>;
}

/**
 * Reference to the {@link IncidentsApi}.
 *
 * @public
 */
export const incidentsApiRef = createApiRef<IncidentsApi>({
  id: 'plugin.incidents.api',
});
