import { GetLinksRequest, GetLinksResponse, GetStatusResponse } from '../links';
import {
  ListRunbooksRequest,
  ListRunbooksResponse,
  Runbook,
} from '../runbooks';
import { ReceivedAlert } from '../alerts';
import { IncidentEscalation } from '../escalation';
import {
  ActionItem,
  CreateActionItemRequest,
  IncidentTrends,
  ListActionItemsRequest,
  ListActionItemsResponse,
  ListPostmortemsRequest,
  Postmortem,
  PostmortemSummary,
  SavePostmortemRequest,
  TrendsRequest,
  UpdateActionItemRequest,
} from '../postmortems';
import { Severity } from '../severities';
import { PublishStatuspageRequest, StatuspagePublication } from '../statuspage';
import { Incident, IncidentEvent } from '../types';
import { IncidentsApiError } from './IncidentsApiError';
import {
  CreateIncidentEventRequest,
  CreateIncidentEventResponse,
  CreateIncidentRequest,
  IncidentMessage,
  IncidentStats,
  ListIncidentsRequest,
  ListIncidentsResponse,
  UpdateIncidentRequest,
} from './types';

/**
 * What {@link IncidentsApiClient} needs to reach the backend: the base URL of
 * the `incidents` plugin and, optionally, a fetch that adds credentials.
 *
 * @public
 */
export interface IncidentsApiClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi?: { fetch: typeof fetch };
}

/**
 * Options of a single call.
 *
 * @public
 */
export interface IncidentsRequestOptions {
  /** Aborts the request, for example when a search term changed. */
  signal?: AbortSignal;
}

/**
 * The incident as its number or its reference: `42` or `INC-42`.
 *
 * @public
 */
export type IncidentId = number | string;

/**
 * A typed client of the incidents HTTP API (`/api/incidents`), usable in the
 * browser and in Node.js. Failed calls throw an {@link IncidentsApiError}
 * (subclasses may throw their own error type, see `errorFromResponse`).
 *
 * @public
 */
export class IncidentsApiClient {
  readonly #discoveryApi: IncidentsApiClientOptions['discoveryApi'];
  readonly #fetch: typeof fetch;

  constructor(options: IncidentsApiClientOptions) {
    this.#discoveryApi = options.discoveryApi;
    const fetchApi = options.fetchApi;
    // Bound through a closure: a detached global fetch throws "Illegal invocation".
    this.#fetch = fetchApi
      ? (input, init) => fetchApi.fetch(input, init)
      : (input, init) => fetch(input, init);
  }

  /** The configured severity levels, most severe first. */
  async getSeverities(): Promise<Severity[]> {
    const body = await this.#request<{ items: Severity[] }>('/severities');
    return body.items;
  }

  /** A page of incidents, newest first; follow `nextCursor` for the next. */
  async listIncidents(
    request: ListIncidentsRequest = {},
    options: IncidentsRequestOptions = {},
  ): Promise<ListIncidentsResponse> {
    const query = new URLSearchParams();
    for (const ref of request.entityRef ?? []) query.append('entityRef', ref);
    for (const status of request.status ?? []) query.append('status', status);
    for (const id of request.severity ?? []) query.append('severity', id);
    if (request.from) query.set('from', request.from);
    if (request.to) query.set('to', request.to);
    if (request.q) query.set('q', request.q);
    if (request.limit !== undefined) query.set('limit', String(request.limit));
    if (request.cursor) query.set('cursor', request.cursor);
    const search = query.toString();
    return this.#request<ListIncidentsResponse>(
      `/incidents${search ? `?${search}` : ''}`,
      { signal: options.signal },
    );
  }

  /**
   * Declares an incident. Send the same `idempotencyKey` when retrying, so
   * that a retry or a double click creates one incident.
   */
  async createIncident(
    request: CreateIncidentRequest,
    options: { idempotencyKey?: string } = {},
  ): Promise<Incident> {
    return this.#request<Incident>('/incidents', {
      method: 'POST',
      headers: options.idempotencyKey
        ? { 'Idempotency-Key': options.idempotencyKey }
        : {},
      body: request,
    });
  }

  /** The incident; its `version` is the value to send back in `If-Match`. */
  async getIncident(id: IncidentId): Promise<Incident> {
    return this.#request<Incident>(`/incidents/${encodeId(id)}`);
  }

  /**
   * Changes an incident as last read at `version`. Fails with status 412
   * when someone changed it since; read it again and retry.
   */
  async updateIncident(
    id: IncidentId,
    changes: UpdateIncidentRequest,
    options: { version: number },
  ): Promise<Incident> {
    return this.#request<Incident>(`/incidents/${encodeId(id)}`, {
      method: 'PATCH',
      headers: { 'If-Match': `"${options.version}"` },
      body: changes,
    });
  }

  /** The incident's timeline, oldest first. */
  async listIncidentEvents(id: IncidentId): Promise<IncidentEvent[]> {
    const body = await this.#request<{ items: IncidentEvent[] }>(
      `/incidents/${encodeId(id)}/events`,
    );
    return body.items;
  }

  /** Adds a note, acknowledges, or changes the status with a message. */
  async createIncidentEvent(
    id: IncidentId,
    request: CreateIncidentEventRequest,
  ): Promise<CreateIncidentEventResponse> {
    return this.#request<CreateIncidentEventResponse>(
      `/incidents/${encodeId(id)}/events`,
      { method: 'POST', body: request },
    );
  }

  /** The runbook's communication templates rendered from the incident. */
  async getIncidentMessages(id: IncidentId): Promise<IncidentMessage[]> {
    const body = await this.#request<{ items: IncidentMessage[] }>(
      `/incidents/${encodeId(id)}/messages`,
    );
    return body.items;
  }

  /** The alerts of an incident (Alertmanager, Grafana), oldest first. */
  async listIncidentAlerts(id: IncidentId): Promise<ReceivedAlert[]> {
    const body = await this.#request<{ items: ReceivedAlert[] }>(
      `/incidents/${encodeId(id)}/alerts`,
    );
    return body.items;
  }

  /** Alerts no catalog entity was found for, newest first. */
  async listUnmappedAlerts(
    request: { limit?: number } = {},
  ): Promise<ReceivedAlert[]> {
    const query = request.limit ? `?limit=${request.limit}` : '';
    const body = await this.#request<{ items: ReceivedAlert[] }>(
      `/alerts${query}`,
    );
    return body.items;
  }

  /** Where the incident stands on each escalation level. */
  async getIncidentEscalation(id: IncidentId): Promise<IncidentEscalation> {
    return this.#request<IncidentEscalation>(
      `/incidents/${encodeId(id)}/escalation`,
    );
  }

  /** The incident's publication on the status page, with a preview. */
  async getIncidentStatuspage(id: IncidentId): Promise<StatuspagePublication> {
    return this.#request<StatuspagePublication>(
      `/incidents/${encodeId(id)}/statuspage`,
    );
  }

  /**
   * Creates the incident on the status page the first time, updates it
   * afterwards; fails with 502 when the page did not accept it.
   */
  async publishIncidentStatuspage(
    id: IncidentId,
    request: PublishStatuspageRequest,
  ): Promise<StatuspagePublication> {
    return this.#request<StatuspagePublication>(
      `/incidents/${encodeId(id)}/statuspage`,
      { method: 'POST', body: request },
    );
  }

  /** Counts, MTTA, MTTR and a 12-month series for the entities. */
  async getStats(request: { entityRef: string[] }): Promise<IncidentStats> {
    const query = new URLSearchParams();
    for (const ref of request.entityRef) query.append('entityRef', ref);
    return this.#request<IncidentStats>(`/stats?${query}`);
  }

  /**
   * The entity's observability links grouped by tool; with `incidentId`,
   * time-aware links are scoped to that incident's window.
   */
  async getLinks(
    request: GetLinksRequest,
    options: IncidentsRequestOptions = {},
  ): Promise<GetLinksResponse> {
    const query = new URLSearchParams({ entityRef: request.entityRef });
    if (request.incidentId !== undefined) {
      query.set('incidentId', String(request.incidentId));
    }
    return this.#request<GetLinksResponse>(`/links?${query}`, {
      signal: options.signal,
    });
  }

  /** Live state of the entity's tools, per source: ok, stale or unavailable. */
  async getStatus(
    entityRef: string,
    options: IncidentsRequestOptions = {},
  ): Promise<GetStatusResponse> {
    const query = new URLSearchParams({ entityRef });
    return this.#request<GetStatusResponse>(`/status?${query}`, {
      signal: options.signal,
    });
  }

  /**
   * Runbooks, all or those of `entityRef` (a System's include its parts');
   * with `q`, the best matches of a full-text search first.
   */
  async listRunbooks(
    request: ListRunbooksRequest = {},
    options: IncidentsRequestOptions = {},
  ): Promise<ListRunbooksResponse> {
    const query = new URLSearchParams();
    if (request.entityRef) query.set('entityRef', request.entityRef);
    if (request.q) query.set('q', request.q);
    const search = query.toString();
    return this.#request<ListRunbooksResponse>(
      `/runbooks${search ? `?${search}` : ''}`,
      { signal: options.signal },
    );
  }

  /** One runbook by its path under its root (`runbooks/database.md`). */
  async getRunbook(
    path: string,
    options: IncidentsRequestOptions = {},
  ): Promise<Runbook> {
    // Each segment encoded, the slashes kept: the path is a URL path below /runbooks.
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return this.#request<Runbook>(`/runbooks/${encoded}`, {
      signal: options.signal,
    });
  }

  /**
   * The incident's post-mortem; before anyone wrote it, `exists: false` with
   * the template's sections prefilled. Its `version` goes back in If-Match.
   */
  async getPostmortem(id: IncidentId): Promise<Postmortem> {
    return this.#request<Postmortem>(`/incidents/${encodeId(id)}/postmortem`);
  }

  /**
   * Writes sections and/or moves the status of the post-mortem as last read
   * at `version` (0 creates it). Fails with 412 when someone saved since.
   */
  async savePostmortem(
    id: IncidentId,
    request: SavePostmortemRequest,
    options: { version: number },
  ): Promise<Postmortem> {
    return this.#request<Postmortem>(`/incidents/${encodeId(id)}/postmortem`, {
      method: 'PUT',
      headers: { 'If-Match': `"${options.version}"` },
      body: request,
    });
  }

  /** Post-mortems of entities (with roll-ups), including missing ones. */
  async listPostmortems(
    request: ListPostmortemsRequest = {},
    options: IncidentsRequestOptions = {},
  ): Promise<PostmortemSummary[]> {
    const query = new URLSearchParams();
    for (const ref of request.entityRef ?? []) query.append('entityRef', ref);
    for (const status of request.status ?? []) query.append('status', status);
    if (request.overdue !== undefined) {
      query.set('overdue', String(request.overdue));
    }
    const search = query.toString();
    const body = await this.#request<{ items: PostmortemSummary[] }>(
      `/postmortems${search ? `?${search}` : ''}`,
      { signal: options.signal },
    );
    return body.items;
  }

  /**
   * Action items of an incident (`incidentId`), or of entities and/or an
   * owner; overdue first, then by due date.
   */
  async listActionItems(
    request: ListActionItemsRequest = {},
    options: IncidentsRequestOptions = {},
  ): Promise<ListActionItemsResponse> {
    const query = new URLSearchParams();
    for (const ref of request.entityRef ?? []) query.append('entityRef', ref);
    if (request.owner) query.set('owner', request.owner);
    for (const status of request.status ?? []) query.append('status', status);
    if (request.overdue !== undefined) {
      query.set('overdue', String(request.overdue));
    }
    const search = query.toString();
    const path =
      request.incidentId === undefined
        ? '/action-items'
        : `/incidents/${encodeId(request.incidentId)}/action-items`;
    return this.#request<ListActionItemsResponse>(
      `${path}${search ? `?${search}` : ''}`,
      { signal: options.signal },
    );
  }

  /** Adds a follow-up to the incident. */
  async createActionItem(
    incidentId: IncidentId,
    request: CreateActionItemRequest,
  ): Promise<ActionItem> {
    return this.#request<ActionItem>(
      `/incidents/${encodeId(incidentId)}/action-items`,
      { method: 'POST', body: request },
    );
  }

  /** Changes an action item as last read at `version` (412 when stale). */
  async updateActionItem(
    id: number,
    request: UpdateActionItemRequest,
    options: { version: number },
  ): Promise<ActionItem> {
    return this.#request<ActionItem>(`/action-items/${encodeId(id)}`, {
      method: 'PATCH',
      headers: { 'If-Match': `"${options.version}"` },
      body: request,
    });
  }

  /** The monthly trend review of the last `months` months (UTC). */
  async getTrends(
    request: TrendsRequest = {},
    options: IncidentsRequestOptions = {},
  ): Promise<IncidentTrends> {
    const query = new URLSearchParams();
    for (const ref of request.entityRef ?? []) query.append('entityRef', ref);
    if (request.months !== undefined) {
      query.set('months', String(request.months));
    }
    const search = query.toString();
    return this.#request<IncidentTrends>(
      `/trends${search ? `?${search}` : ''}`,
      { signal: options.signal },
    );
  }

  /**
   * Turns a failed response into the error to throw. Frontends override it to
   * throw the `ResponseError` of `@backstage/errors`.
   */
  protected async errorFromResponse(response: Response): Promise<Error> {
    return IncidentsApiError.fromResponse(response);
  }

  async #request<T>(
    path: string,
    init: {
      method?: string;
      headers?: Record<string, string>;
      body?: unknown;
      signal?: AbortSignal;
    } = {},
  ): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('incidents');
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await this.#fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
    if (!response.ok) {
      throw await this.errorFromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function encodeId(id: IncidentId): string {
  return encodeURIComponent(String(id));
}
