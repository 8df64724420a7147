import { createApiRef } from '@backstage/core-plugin-api';
import {
  ActionItem,
  CreateActionItemRequest,
  CreateIncidentEventRequest,
  CreateIncidentEventResponse,
  CreateIncidentRequest,
  GetLinksRequest,
  GetLinksResponse,
  GetStatusResponse,
  Incident,
  IncidentEscalation,
  IncidentEvent,
  IncidentMessage,
  IncidentStats,
  IncidentTrends,
  IncidentsRequestOptions,
  ListActionItemsRequest,
  ListActionItemsResponse,
  ListIncidentsRequest,
  ListIncidentsResponse,
  ListPostmortemsRequest,
  ListRunbooksRequest,
  ListRunbooksResponse,
  ReceivedAlert,
  Postmortem,
  PostmortemSummary,
  Runbook,
  SavePostmortemRequest,
  PublishStatuspageRequest,
  Severity,
  StatuspagePublication,
  TrendsRequest,
  UpdateActionItemRequest,
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

  /** The alerts of an incident (Alertmanager, Grafana), oldest first. */
  listIncidentAlerts(id: number | string): Promise<ReceivedAlert[]>;

  /** Alerts no catalog entity was found for, newest first. */
  listUnmappedAlerts(request?: { limit?: number }): Promise<ReceivedAlert[]>;

  /** Where the incident stands on each escalation level, and what is next. */
  getIncidentEscalation(id: number | string): Promise<IncidentEscalation>;

  /** The incident's publication on the status page, with a preview. */
  getIncidentStatuspage(id: number | string): Promise<StatuspagePublication>;

  /** Creates the incident on the status page, or updates it. */
  publishIncidentStatuspage(
    id: number | string,
    request: PublishStatuspageRequest,
  ): Promise<StatuspagePublication>;

  /** Counts, MTTA, MTTR and a 12-month series for the entities. */
  getStats(request: { entityRef: string[] }): Promise<IncidentStats>;

  /**
   * Runbooks, all or those of `entityRef` (a System's include its parts');
   * with `q`, the best matches of a full-text search first.
   */
  listRunbooks(
    request?: ListRunbooksRequest,
    options?: IncidentsRequestOptions,
  ): Promise<ListRunbooksResponse>;

  /** One runbook with its markdown, by its path (`runbooks/database.md`). */
  getRunbook(path: string, options?: IncidentsRequestOptions): Promise<Runbook>;

  /**
   * The entity's observability links grouped by tool; with `incidentId`,
   * time-aware links are scoped to that incident's window.
   */
  getLinks(
    request: GetLinksRequest,
    options?: IncidentsRequestOptions,
  ): Promise<GetLinksResponse>;

  /** Live state of the entity's tools, per source: ok, stale or unavailable. */
  getStatus(
    entityRef: string,
    options?: IncidentsRequestOptions,
  ): Promise<GetStatusResponse>;

  /**
   * The incident's post-mortem; before anyone wrote it, `exists: false` with
   * the template's sections prefilled.
   */
  getPostmortem(id: number | string): Promise<Postmortem>;

  /**
   * Writes sections and/or moves the status of the post-mortem as last read
   * at `version` (0 creates it); fails with status 412 when stale.
   */
  savePostmortem(
    id: number | string,
    request: SavePostmortemRequest,
    options: { version: number },
  ): Promise<Postmortem>;

  /** Post-mortems of entities (with roll-ups), including missing ones. */
  listPostmortems(
    request?: ListPostmortemsRequest,
    options?: IncidentsRequestOptions,
  ): Promise<PostmortemSummary[]>;

  /** Action items of an incident, entities or an owner; overdue first. */
  listActionItems(
    request?: ListActionItemsRequest,
    options?: IncidentsRequestOptions,
  ): Promise<ListActionItemsResponse>;

  /** Adds a follow-up to the incident. */
  createActionItem(
    incidentId: number | string,
    request: CreateActionItemRequest,
  ): Promise<ActionItem>;

  /** Changes an action item as last read at `version` (412 when stale). */
  updateActionItem(
    id: number,
    request: UpdateActionItemRequest,
    options: { version: number },
  ): Promise<ActionItem>;

  /** The monthly trend review of the last `months` months (UTC). */
  getTrends(
    request?: TrendsRequest,
    options?: IncidentsRequestOptions,
  ): Promise<IncidentTrends>;
}

/**
 * Reference to the {@link IncidentsApi}.
 *
 * @public
 */
export const incidentsApiRef = createApiRef<IncidentsApi>({
  id: 'plugin.incidents.api',
});
