import { PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ConditionTransformer,
  createConditionTransformer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  incidentCreatePermission,
  incidentReadPermission,
  INCIDENT_RESOURCE_TYPE,
} from '@bomizzel/plugin-incidents-common';
import {
  IncidentFilter,
  IncidentPermissionFilter,
} from '../database/incidentConditions';
import { IncidentStore } from '../database/IncidentStore';
import { IncidentResource } from './permissions';
import { Credentials } from './refs';

/**
 * What a caller may do with incidents, from the permission framework:
 * declare them, change one, and which ones it may read, as conditions that
 * the stores apply in SQL.
 */
export class IncidentAccess {
  readonly #permissions: PermissionsService;
  readonly #toFilter: ConditionTransformer<IncidentFilter>;
  readonly #store: IncidentStore;

  static create(options: {
    permissions: PermissionsService;
    /** The rules of the incident resource type, including those of modules. */
    permissionRules: PermissionRuleset<IncidentResource, IncidentFilter>;
    store: IncidentStore;
  }): IncidentAccess {
    return new IncidentAccess(
      options.permissions,
      createConditionTransformer(options.permissionRules),
      options.store,
    );
  }

  private constructor(
    permissions: PermissionsService,
    toFilter: ConditionTransformer<IncidentFilter>,
    store: IncidentStore,
  ) {
    this.#permissions = permissions;
    this.#toFilter = toFilter;
    this.#store = store;
  }

  /** Throws NotAllowedError unless the caller may declare incidents. */
  async authorizeCreate(credentials: Credentials): Promise<void> {
    const [decision] = await this.#permissions.authorize(
      [{ permission: incidentCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('You may not declare incidents');
    }
  }

  /**
   * Throws NotAllowedError unless the caller holds the permission (of the
   * incident resource type) on this incident.
   */
  async authorizeChange(
    permission: ResourcePermission<typeof INCIDENT_RESOURCE_TYPE>,
    id: number,
    credentials: Credentials,
  ): Promise<void> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (
      decision.result === AuthorizeResult.DENY ||
      (decision.result === AuthorizeResult.CONDITIONAL &&
        !(await this.#store.matches(id, this.#toFilter(decision.conditions))))
    ) {
      throw new NotAllowedError(`You may not change INC-${id}`);
    }
  }

  /** The caller's read permission: 'deny', undefined (all) or SQL conditions. */
  async readDecision(
    credentials: Credentials,
  ): Promise<'deny' | IncidentPermissionFilter | undefined> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission: incidentReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) return 'deny';
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return this.#toFilter(decision.conditions);
    }
    return undefined;
  }
}
