/**
 * The incidents backend plugin: incident store, runbooks and observability links.
 *
 * @packageDocumentation
 */

export { incidentsPlugin as default } from './plugin';
export {
  incidentConditions,
  createIncidentConditionalDecision,
  incidentPermissionResourceRef,
  isAffectedEntityOwner,
} from './incidents/permissions';
export type { IncidentResource } from './incidents/permissions';
export type { IncidentFilter } from './database/incidentConditions';
export type { IncidentRecord } from './database/records';
