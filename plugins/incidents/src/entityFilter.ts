import { Entity } from '@backstage/catalog-model';

/**
 * The kinds of entity that have incidents: components and resources directly,
 * systems and groups through what they contain or own.
 *
 * @public
 */
export const INCIDENT_ENTITY_KINDS = [
  'component',
  'resource',
  'system',
  'group',
] as const;

/**
 * Whether the Incidents tab and card apply to the entity, for `EntitySwitch`
 * in apps on the legacy frontend system.
 *
 * @public
 */
export function isIncidentsAvailable(entity: Entity): boolean {
  return isOneOf(entity, INCIDENT_ENTITY_KINDS);
}

/**
 * The kinds of entity that have dashboards, traces or a status page: what
 * runs (components, resources), what it offers (APIs) and what it adds up
 * to (systems).
 *
 * @public
 */
export const OBSERVABILITY_ENTITY_KINDS = [
  'component',
  'resource',
  'api',
  'system',
] as const;

/**
 * Whether the Observability card applies to the entity, for `EntitySwitch`
 * in apps on the legacy frontend system.
 *
 * @public
 */
export function isObservabilityAvailable(entity: Entity): boolean {
  return isOneOf(entity, OBSERVABILITY_ENTITY_KINDS);
}

function isOneOf(entity: Entity, kinds: readonly string[]): boolean {
  return kinds.includes(entity.kind.toLocaleLowerCase('en-US'));
}
