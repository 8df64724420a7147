import { Severity } from '../severities';
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

/** The incident as its number or its reference: `42` or `INC-42`. */
type IncidentId = number | string;

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

  /** Counts, MTTA, MTTR and a 12-month series for the entities. */
  async getStats(request: { entityRef: string[] }): Promise<IncidentStats> {
    const query = new URLSearchParams();
    for (const ref of request.entityRef) query.append('entityRef', ref);
    return this.#request<IncidentStats>(`/stats?${query}`);
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
