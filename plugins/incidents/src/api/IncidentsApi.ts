import { createApiRef } from '@backstage/core-plugin-api';
import { Severity } from '@bomizzel/plugin-incidents-common';

/**
 * The frontend's view of the incidents backend.
 *
 * @public
 */
export interface IncidentsApi {
  /** The configured severity levels, most severe first. */
  getSeverities(): Promise<Severity[]>;
}

/**
 * Reference to the {@link IncidentsApi}.
 *
 * @public
 */
export const incidentsApiRef = createApiRef<IncidentsApi>({
  id: 'plugin.incidents.api',
});
