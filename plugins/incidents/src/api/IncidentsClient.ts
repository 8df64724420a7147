import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Severity } from '@bomizzel/plugin-incidents-common';
import { IncidentsApi } from './IncidentsApi';

/**
 * Calls the incidents backend through the app's discovery and fetch APIs, so
 * that requests carry the signed-in user's token.
 *
 * @public
 */
export class IncidentsClient implements IncidentsApi {
  readonly #discoveryApi: DiscoveryApi;
  readonly #fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discoveryApi = options.discoveryApi;
    this.#fetchApi = options.fetchApi;
  }

  async getSeverities(): Promise<Severity[]> {
    const body = await this.#get<{ items: Severity[] }>('/severities');
    return body.items;
  }

  async #get<T>(path: string): Promise<T> {
    const baseUrl = await this.#discoveryApi.getBaseUrl('incidents');
    const response = await this.#fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
