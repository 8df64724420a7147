import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IncidentStore } from '../database/IncidentStore';
import { EntityOwners } from '../database/records';
import { Credentials } from './refs';

/** The owner refs of the entities of `refs`, from their catalog entities. */
export function ownersOf(
  refs: string[],
  entities: Array<Entity | undefined | null>,
): EntityOwners {
  return new Map(
    refs.map((ref, i) => [
      ref,
      (entities[i]?.relations ?? [])
        .filter(r => r.type === 'ownedBy')
        .map(r => r.targetRef.toLocaleLowerCase('en-US')),
    ]),
  );
}

/**
 * Keeps the copy of the catalog's ownership that the permission rule and
 * the per-team trends read in SQL.
 */
export class EntityOwnerSync {
  readonly #store: IncidentStore;
  readonly #catalog: CatalogService;

  static create(options: {
    store: IncidentStore;
    catalog: CatalogService;
  }): EntityOwnerSync {
    return new EntityOwnerSync(options.store, options.catalog);
  }

  private constructor(store: IncidentStore, catalog: CatalogService) {
    this.#store = store;
    this.#catalog = catalog;
  }

  /**
   * Copies the owners of every entity with incidents from the catalog, so
   * that ownership changes reach the permission rule. Run by the scheduler.
   */
  async refreshOwners(credentials: Credentials): Promise<number> {
    const refs = await this.#store.listAffectedEntityRefs();
    for (let i = 0; i < refs.length; i += 200) {
      const chunk = refs.slice(i, i + 200);
      const { items } = await this.#catalog.getEntitiesByRefs(
        { entityRefs: chunk, fields: ['kind', 'metadata', 'relations'] },
        { credentials },
      );
      await this.#store.setOwners(ownersOf(chunk, items));
    }
    return refs.length;
  }
}
