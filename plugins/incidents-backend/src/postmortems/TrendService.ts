import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  IncidentTrends,
  TrendsRequest,
} from '@bomizzel/plugin-incidents-common';
import { Credentials } from '../incidents/refs';
import { IncidentService } from '../incidents/IncidentService';
import { PostmortemPolicy } from './config';
import { todayOf } from './ActionItemService';
import { TrendStore } from './TrendStore';

const HOUR = 3_600_000;

export interface TrendServiceOptions {
  incidents: IncidentService;
  store: TrendStore;
  catalog: CatalogService;
  policy: PostmortemPolicy;
  clock: () => number;
}

/**
 * The monthly trend review over the last calendar months (UTC).
 *
 * The system of each affected entity is read from the catalog at request
 * time, with the caller's credentials, for the entities with incidents in the
 * window only: systems are re-organised more often than owners change, a
 * copy would need its own refresh, and the catalog then also hides systems
 * the caller may not see.
 */
export class TrendService {
  readonly #options: TrendServiceOptions;

  static create(options: TrendServiceOptions) {
    return new TrendService(options);
  }

  private constructor(options: TrendServiceOptions) {
    this.#options = options;
  }

  async trends(
    request: TrendsRequest,
    credentials: Credentials,
  ): Promise<IncidentTrends> {
    const { incidents, store, policy, clock } = this.#options;
    const read = await incidents.readDecision(credentials);
    if (read === 'deny') {
      throw new NotAllowedError('You may not read incidents');
    }
    const months = request.months ?? 12;
    const now = new Date(clock());
    const monthStarts = Array.from({ length: months + 1 }, (_, i) =>
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months + 1 + i, 1),
    );
    const query = {
      monthStarts,
      entityRefs: request.entityRef?.length
        ? await incidents.expandEntityRefs(request.entityRef, credentials)
        : undefined,
      permission: read,
      requiredFor: policy.requiredFor,
      overdueBefore: clock() - policy.dueHours * HOUR,
      today: todayOf(clock()),
      systemOf: new Map<string, string>(),
    };
    query.systemOf = await this.#systems(
      await store.affectedEntityRefs(query),
      credentials,
    );
    const raw = await store.trends(query);
    const labels = monthStarts
      .slice(0, -1)
      .map(t => new Date(t).toISOString().slice(0, 7));
    return {
      months: labels,
      monthly: raw.monthly.map(m => ({
        month: labels[m.bucket],
        total: m.total,
        bySeverity: m.bySeverity,
        mtta: m.mtta,
        mttr: m.mttr,
      })),
      byTeam: raw.byTeam.map(({ key, ...g }) => ({ ownerRef: key, ...g })),
      bySystem: raw.bySystem.map(({ key, ...g }) => ({ systemRef: key, ...g })),
      topEntities: raw.topEntities,
      postmortems: raw.postmortems,
      actionItems: raw.actionItems,
    };
  }

  /** The system of each entity: itself for a System, else `spec.system`. */
  async #systems(
    entityRefs: string[],
    credentials: Credentials,
  ): Promise<Map<string, string>> {
    const systems = new Map<string, string>();
    for (let i = 0; i < entityRefs.length; i += 200) {
      const chunk = entityRefs.slice(i, i + 200);
      const { items } = await this.#options.catalog.getEntitiesByRefs(
        { entityRefs: chunk, fields: ['kind', 'metadata', 'spec.system'] },
        { credentials },
      );
      items.forEach((entity, index) => {
        if (!entity) return;
        const ref = chunk[index];
        if (entity.kind.toLocaleLowerCase('en-US') === 'system') {
          systems.set(ref, ref);
          return;
        }
        const system = entity.spec?.system;
        if (typeof system !== 'string' || !system) return;
        try {
          systems.set(
            ref,
            stringifyEntityRef(
              parseEntityRef(system, {
                defaultKind: 'system',
                defaultNamespace: entity.metadata.namespace ?? 'default',
              }),
            ).toLocaleLowerCase('en-US'),
          );
        } catch {
          // a malformed spec.system: the entity counts under no system
        }
      });
    }
    return systems;
  }
}
