import { ResponseError } from '@backstage/errors';
import {
  IncidentsApiClient,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import { IncidentsApi } from './IncidentsApi';

/**
 * Calls the incidents backend through the app's discovery and fetch APIs, so
 * that requests carry the signed-in user's token. Failed calls throw a
 * `ResponseError`, as other Backstage clients do.
 *
 * @public
 */
export class IncidentsClient
  extends IncidentsApiClient
  implements IncidentsApi
{
  #severities?: Promise<Severity[]>;

  /** Read once per page load: severities only change with the backend's config. */
  getSeverities(): Promise<Severity[]> {
    if (!this.#severities) {
      this.#severities = super.getSeverities().catch(error => {
        this.#severities = undefined;
        throw error;
      });
    }
    return this.#severities;
  }

  protected async errorFromResponse(response: Response): Promise<Error> {
    return ResponseError.fromResponse(response);
  }
}
