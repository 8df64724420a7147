import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { INCIDENT_RESOURCE_TYPE } from '@bomizzel/plugin-incidents-common';
import { z } from 'zod';
import { IncidentFilter } from '../database/incidentConditions';
import { IncidentRecord } from '../database/records';

/**
 * An incident as the permission framework's rules see it.
 *
 * @public
 */
export type IncidentResource = IncidentRecord & {
  /** Owners (user and group refs) of its affected entities. */
  owners: string[];
};

/**
 * The incident resource of the permission framework, for permission rules
 * that other plugins or modules add to the incidents plugin.
 *
 * @public
 */
export const incidentPermissionResourceRef = createPermissionResourceRef<
  IncidentResource,
  IncidentFilter
>().with({ pluginId: 'incidents', resourceType: INCIDENT_RESOURCE_TYPE });

/**
 * Allows incidents that affect an entity owned by one of the claims, usually
 * the user's ownership refs (the user and their groups).
 *
 * @public
 */
export const isAffectedEntityOwner = createPermissionRule({
  name: 'IS_AFFECTED_ENTITY_OWNER',
  description:
    'Allow incidents that affect an entity owned by one of the given user or group refs',
  resourceRef: incidentPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Owner refs, for example the user ref and its groups'),
  }),
  apply: (resource, { claims }) => {
    const wanted = new Set(claims.map(c => c.toLocaleLowerCase('en-US')));
    return resource.owners.some(owner => wanted.has(owner));
  },
  toQuery: ({ claims }) => ({
    property: 'affectedEntityOwner',
    values: claims.map(c => c.toLocaleLowerCase('en-US')),
  }),
});

export const incidentPermissionRules = [isAffectedEntityOwner];

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: incidentPermissionResourceRef,
  rules: { isAffectedEntityOwner },
});

/**
 * Conditions for permission policies, for example
 * `createIncidentConditionalDecision(permission, incidentConditions.isAffectedEntityOwner({ claims: user.identity.ownershipEntityRefs }))`.
 *
 * @public
 */
export const incidentConditions = conditions;

/**
 * Makes a conditional decision of a permission policy for incident
 * permissions from {@link incidentConditions}.
 *
 * @public
 */
export const createIncidentConditionalDecision = createConditionalDecision;
