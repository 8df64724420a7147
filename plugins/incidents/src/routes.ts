import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The Incidents tab of an entity page, in apps on the legacy frontend system.
 *
 * @public
 */
export const entityIncidentsRouteRef = createRouteRef({
  id: 'incidents:entity-content',
});

/**
 * The Runbooks tab of an entity page, in apps on the legacy frontend system.
 *
 * @public
 */
export const entityRunbooksRouteRef = createRouteRef({
  id: 'incidents:entity-runbooks',
});

/**
 * The portal's runbooks page (`/runbooks`), in apps on the legacy frontend
 * system.
 *
 * @public
 */
export const runbooksRouteRef = createRouteRef({
  id: 'incidents:runbooks',
});

/**
 * The portal's incidents page (`/incidents`): active incidents and trends, in
 * apps on the legacy frontend system.
 *
 * @public
 */
export const incidentsPageRouteRef = createRouteRef({
  id: 'incidents:page',
});
