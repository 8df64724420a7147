import { Entity } from '@backstage/catalog-model';

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
  return (OBSERVABILITY_ENTITY_KINDS as readonly string[]).includes(
    entity.kind.toLocaleLowerCase('en-US'),
  );
}
