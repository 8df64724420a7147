import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';

/**
 * A permission condition as SQL can apply it: the incident affects an entity
 * owned by one of `values`.
 *
 * @public
 */
export interface IncidentFilter {
  property: 'affectedEntityOwner';
  values: string[];
}

/** The conditions of a conditional permission decision, or none. */
export type IncidentPermissionFilter = PermissionCriteria<IncidentFilter>;

/**
 * Applies permission conditions (all of, any of, not, and the owner rule)
 * to a query of the incident tables or of another table family
 * (post-mortems, action items, trends), where `idColumn` is the incident id
 * of its rows.
 */
export function wherePermitted(
  query: Knex.QueryBuilder,
  idColumn: string,
  criteria: IncidentPermissionFilter,
): void {
  if ('allOf' in criteria) {
    query.where(inner => {
      for (const c of criteria.allOf) {
        inner.andWhere(q => wherePermitted(q, idColumn, c));
      }
    });
  } else if ('anyOf' in criteria) {
    query.where(inner => {
      for (const c of criteria.anyOf) {
        inner.orWhere(q => wherePermitted(q, idColumn, c));
      }
    });
  } else if ('not' in criteria) {
    query.whereNot(q => wherePermitted(q, idColumn, criteria.not));
  } else {
    const owners = criteria.values;
    query.whereExists(sub =>
      sub
        .select(sub.client.raw('1'))
        .from('incident_entities as pe')
        .join('incident_entity_owners as po', 'po.entity_ref', 'pe.entity_ref')
        .whereRaw(`pe.incident_id = ${idColumn}`)
        .whereIn('po.owner_ref', owners),
    );
  }
}

/** Restricts a query to incidents that affect one of the entities. */
export function whereAffects(
  query: Knex.QueryBuilder,
  idColumn: string,
  entityRefs: string[],
): void {
  query.whereExists(sub =>
    sub
      .select(sub.client.raw('1'))
      .from('incident_entities as fe')
      .whereRaw(`fe.incident_id = ${idColumn}`)
      .whereIn('fe.entity_ref', entityRefs),
  );
}
