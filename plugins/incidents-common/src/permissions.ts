import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of incidents in the permission framework.
 *
 * @public
 */
export const INCIDENT_RESOURCE_TYPE = 'incident';

/**
 * Reading incidents: lists, details, timelines, messages and statistics.
 * Conditional decisions filter lists in SQL.
 *
 * @public
 */
export const incidentReadPermission = createPermission({
  name: 'incident.read',
  attributes: { action: 'read' },
  resourceType: INCIDENT_RESOURCE_TYPE,
});

/**
 * Declaring incidents.
 *
 * @public
 */
export const incidentCreatePermission = createPermission({
  name: 'incident.create',
  attributes: { action: 'create' },
});

/**
 * Changing incidents: status, severity, commander, entities, notes and
 * acknowledgement.
 *
 * @public
 */
export const incidentUpdatePermission = createPermission({
  name: 'incident.update',
  attributes: { action: 'update' },
  resourceType: INCIDENT_RESOURCE_TYPE,
});

/**
 * Writing an incident's post-mortem: its sections and its review status.
 * Reading it follows `incident.read`.
 *
 * @public
 */
export const incidentPostmortemWritePermission = createPermission({
  name: 'incident.postmortem.write',
  attributes: { action: 'update' },
  resourceType: INCIDENT_RESOURCE_TYPE,
});

/**
 * Creating and changing an incident's action items. Reading them follows
 * `incident.read`.
 *
 * @public
 */
export const incidentActionItemWritePermission = createPermission({
  name: 'incident.actionItem.write',
  attributes: { action: 'update' },
  resourceType: INCIDENT_RESOURCE_TYPE,
});

/**
 * Every permission of the incidents plugin.
 *
 * @public
 */
export const incidentPermissions = [
  incidentReadPermission,
  incidentCreatePermission,
  incidentUpdatePermission,
  incidentPostmortemWritePermission,
  incidentActionItemWritePermission,
];
