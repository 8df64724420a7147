import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';

/**
 * A catalog entity for tests, in the default namespace: only what the test
 * names is set (`spec` is `{}` unless given; `relations` and `annotations`
 * are left out unless given).
 */
export function entity(
  kind: string,
  name: string,
  options: {
    annotations?: Record<string, string>;
    /** More metadata: a title, tags, links, another namespace. */
    metadata?: Partial<Entity['metadata']>;
    spec?: JsonObject;
    /** `[type, targetRef]` pairs. */
    relations?: Array<[string, string]>;
  } = {},
): Entity {
  const { annotations, metadata, spec, relations } = options;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(annotations ? { annotations } : {}),
      ...metadata,
    },
    spec: spec ?? {},
    ...(relations
      ? {
          relations: relations.map(([type, targetRef]) => ({
            type,
            targetRef,
          })),
        }
      : {}),
  };
}

export const BACKEND = 'component:default/bomizzel-backend';
export const FRONTEND = 'component:default/bomizzel-frontend';
export const POSTGRES = 'resource:default/bomizzel-postgres';

/**
 * A small Bomizzel catalog: one system per product, two teams with members,
 * and the components they own.
 */
export const BOMIZZEL_CATALOG: Entity[] = [
  entity('System', 'bomizzel-ticketing', {
    relations: [
      ['hasPart', BACKEND],
      ['hasPart', POSTGRES],
    ],
  }),
  entity('System', 'bomizzel-web', { relations: [['hasPart', FRONTEND]] }),
  entity('Component', 'bomizzel-backend', {
    relations: [['ownedBy', 'group:default/backend-team']],
    spec: { system: 'bomizzel-ticketing' },
  }),
  entity('Resource', 'bomizzel-postgres', {
    relations: [['ownedBy', 'group:default/backend-team']],
    spec: { system: 'system:default/bomizzel-ticketing' },
  }),
  entity('Component', 'bomizzel-frontend', {
    relations: [['ownedBy', 'group:default/frontend-team']],
    spec: { system: 'bomizzel-web' },
  }),
  entity('Group', 'backend-team', {
    relations: [
      ['ownerOf', BACKEND],
      ['ownerOf', POSTGRES],
      ['hasMember', 'user:default/sam-rivera'],
    ],
  }),
  entity('Group', 'frontend-team', { relations: [['ownerOf', FRONTEND]] }),
  entity('Group', 'sre', { relations: [] }),
  entity('User', 'sam-rivera', {
    relations: [
      ['memberOf', 'group:default/backend-team'],
      ['memberOf', 'group:default/sre'],
    ],
  }),
  entity('User', 'priya-natarajan', {
    relations: [['memberOf', 'group:default/frontend-team']],
  }),
];
