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
