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
  return (INCIDENT_ENTITY_KINDS as readonly string[]).includes(
    entity.kind.toLocaleLowerCase('en-US'),
  );
}
