import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The Incidents tab of an entity page, in apps on the legacy frontend system.
 *
 * @public
 */
export const entityIncidentsRouteRef = createRouteRef({
  id: 'incidents:entity-content',
});
