import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityOwners } from '../database/records';
import { ownersOf } from './EntityOwnerSync';
import { Credentials, normalizeEntityRef } from './refs';

/**
 * The entities incidents name, read from the catalog as the caller sees it:
 * refs checked and normalised, and roll-ups of systems and groups.
 */
export class IncidentEntities {
  readonly #catalog: CatalogService;

  static create(options: { catalog: CatalogService }): IncidentEntities {
    return new IncidentEntities(options.catalog);
  }

  private constructor(catalog: CatalogService) {
    this.#catalog = catalog;
  }

  async expand(refs: string[], credentials: Credentials): Promise<string[]> {
    const normalized = [...new Set(refs.map(r => this.#parse('entityRef', r)))];
    const rollUps = normalized.filter(
      r => r.startsWith('system:') || r.startsWith('group:'),
    );
    const expanded = new Set(normalized);
    if (rollUps.length) {
      const { items } = await this.#catalog.getEntitiesByRefs(
        { entityRefs: rollUps, fields: ['kind', 'relations'] },
        { credentials },
      );
      for (const entity of items) {
        for (const relation of entity?.relations ?? []) {
          const wanted =
            entity?.kind.toLocaleLowerCase('en-US') === 'system'
              ? 'hasPart'
              : 'ownerOf';
          if (relation.type === wanted) {
            expanded.add(relation.targetRef.toLocaleLowerCase('en-US'));
          }
        }
      }
    }
    return [...expanded].sort();
  }

  #parse(field: string, ref: string): string {
    try {
      return normalizeEntityRef(ref);
    } catch {
      throw new InputError(`${field}: '${ref}' is not an entity ref`);
    }
  }

  /**
   * Every ref must name an entity of the catalog; returns them normalised,
   * with their owners (to record with the incident).
   */
  async check(
    field: string,
    refs: string[],
    credentials: Credentials,
  ): Promise<{ refs: string[]; owners: EntityOwners }> {
    const normalized = [...new Set(refs.map(r => this.#parse(field, r)))];
    const { items } = await this.#catalog.getEntitiesByRefs(
      {
        entityRefs: normalized,
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'relations'],
      },
      { credentials },
    );
    const missing = normalized.filter((_, i) => !items[i]);
    if (missing.length) {
      throw new InputError(
        `${field}: no entity ${missing.join(', ')} in the catalog`,
      );
    }
    if (
      field === 'commander' &&
      items.some(e => (e as Entity).kind.toLocaleLowerCase('en-US') !== 'user')
    ) {
      throw new InputError(`commander: '${refs[0]}' is not a user`);
    }
    return { refs: normalized.sort(), owners: ownersOf(normalized, items) };
  }
}
