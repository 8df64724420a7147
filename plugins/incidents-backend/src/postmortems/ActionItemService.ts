import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionItem,
  CreateActionItemRequest,
  incidentActionItemWritePermission,
  ListActionItemsRequest,
  UpdateActionItemRequest,
} from '@bomizzel/plugin-incidents-common';
import { DateTime } from 'luxon';
import {
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../incidents/errors';
import {
  Credentials,
  normalizeEntityRef,
  principalRef,
} from '../incidents/refs';
import { IncidentService } from '../incidents/IncidentService';
import { parseIfMatch } from '../incidents/etags';
import {
  ActionItemChanges,
  ActionItemRecord,
  ActionItemStore,
} from './ActionItemStore';

const LIST_LIMIT = 500;

export interface ActionItemServiceOptions {
  incidents: IncidentService;
  store: ActionItemStore;
  catalog: CatalogService;
  clock: () => number;
}

/** Today in UTC as `YYYY-MM-DD`: items due before it are overdue. */
export const todayOf = (now: number) =>
  new Date(now).toISOString().slice(0, 10);

/**
 * Action items of incidents: validated owners (users or groups of the
 * catalog), due dates and ticket links, optimistic changes, and lists by
 * incident, entity or owner, overdue first.
 */
export class ActionItemService {
  readonly #options: ActionItemServiceOptions;

  static create(options: ActionItemServiceOptions) {
    return new ActionItemService(options);
  }

  private constructor(options: ActionItemServiceOptions) {
    this.#options = options;
  }

  toApi(record: ActionItemRecord): ActionItem {
    const open = record.status === 'open' || record.status === 'in_progress';
    return {
      id: record.id,
      incidentId: record.incidentId,
      incidentRef: `INC-${record.incidentId}`,
      title: record.title,
      kind: record.kind,
      ...(record.ownerRef ? { owner: record.ownerRef } : {}),
      ...(record.dueDate ? { dueDate: record.dueDate } : {}),
      status: record.status,
      ...(record.ticketUrl ? { ticketUrl: record.ticketUrl } : {}),
      overdue:
        open &&
        record.dueDate !== null &&
        record.dueDate < todayOf(this.#options.clock()),
      createdBy: record.createdBy,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
      version: record.version,
    };
  }

  async list(
    request: ListActionItemsRequest,
    credentials: Credentials,
  ): Promise<ActionItemRecord[]> {
    const { incidents, store, clock } = this.#options;
    const incidentId =
      request.incidentId === undefined
        ? undefined
        : (await incidents.get(String(request.incidentId), credentials)).id;
    const read = await incidents.readDecision(credentials);
    if (read === 'deny') return [];
    return store.list({
      incidentId,
      entityRefs: request.entityRef?.length
        ? await incidents.expandEntityRefs(request.entityRef, credentials)
        : undefined,
      ownerRefs: request.owner
        ? await this.#ownerRefs(request.owner, credentials)
        : undefined,
      statuses: request.status,
      overdue: request.overdue,
      today: todayOf(clock()),
      permission: read,
      limit: LIST_LIMIT,
    });
  }

  async create(
    incidentIdParam: string,
    request: CreateActionItemRequest,
    credentials: Credentials,
  ): Promise<ActionItemRecord> {
    const { incidents, store, clock } = this.#options;
    const incident = await incidents.get(incidentIdParam, credentials);
    await incidents.authorizeChange(
      incidentActionItemWritePermission,
      incident.id,
      credentials,
    );
    const checked = await this.#check(request, credentials);
    return store.create({
      incidentId: incident.id,
      title: checked.title!,
      kind: checked.kind!,
      ownerRef: checked.ownerRef ?? null,
      dueDate: checked.dueDate ?? null,
      status: 'open',
      ticketUrl: checked.ticketUrl ?? null,
      createdBy: principalRef(credentials),
      createdAt: clock(),
    });
  }

  async update(
    idParam: string,
    request: UpdateActionItemRequest,
    ifMatch: string | undefined,
    credentials: Credentials,
  ): Promise<ActionItemRecord> {
    const { incidents, store, clock } = this.#options;
    const expectedVersion = parseIfMatch(ifMatch);
    const id = Number(idParam);
    const current = Number.isSafeInteger(id) ? await store.get(id) : undefined;
    // An item of an incident the caller may not read does not exist for them.
    const incident =
      current &&
      (await incidents
        .get(String(current.incidentId), credentials)
        .catch(() => undefined));
    if (!current || !incident) {
      throw new NotFoundError(`No action item ${idParam}`);
    }
    await incidents.authorizeChange(
      incidentActionItemWritePermission,
      incident.id,
      credentials,
    );
    if (expectedVersion === undefined) {
      throw new PreconditionRequiredError(
        'If-Match: required; send the ETag of the action item as you last read it',
      );
    }
    const changes = await this.#check(request, credentials);
    const result = await store.update(id, {
      expectedVersion,
      changes,
      now: clock(),
    });
    if (result.outcome === 'not-found') {
      throw new NotFoundError(`No action item ${idParam}`);
    }
    if (result.outcome === 'conflict') {
      throw new PreconditionFailedError(
        `Action item ${id} was changed by someone else (now version ${result.current.version}); reload it and try again`,
      );
    }
    return result.record;
  }

  /** Validates and normalises the fields the spec cannot check. */
  async #check(
    request: UpdateActionItemRequest,
    credentials: Credentials,
  ): Promise<ActionItemChanges> {
    const changes: ActionItemChanges = {
      kind: request.kind,
      status: request.status,
    };
    if (request.title !== undefined) {
      changes.title = request.title.trim();
      if (!changes.title) {
        throw new InputError('title: must not be blank');
      }
    }
    if (request.dueDate !== undefined) {
      if (
        request.dueDate !== null &&
        !(
          /^\d{4}-\d{2}-\d{2}$/.test(request.dueDate) &&
          DateTime.fromISO(request.dueDate, { zone: 'utc' }).isValid
        )
      ) {
        throw new InputError(
          `dueDate: '${request.dueDate}' is not a date (YYYY-MM-DD)`,
        );
      }
      changes.dueDate = request.dueDate;
    }
    if (request.ticketUrl !== undefined) {
      changes.ticketUrl =
        request.ticketUrl === null ? null : checkTicketUrl(request.ticketUrl);
    }
    if (request.owner !== undefined) {
      changes.ownerRef =
        request.owner === null
          ? null
          : (await this.#owner(request.owner, credentials)).ref;
    }
    return changes;
  }

  /** A user or group of the catalog, normalised (400 naming `owner`). */
  async #owner(
    ref: string,
    credentials: Credentials,
  ): Promise<{ ref: string; entity: Entity }> {
    let normalized: string;
    try {
      normalized = normalizeEntityRef(ref);
    } catch {
      throw new InputError(`owner: '${ref}' is not an entity ref`);
    }
    const kind = parseEntityRef(normalized).kind;
    if (kind !== 'user' && kind !== 'group') {
      throw new InputError(`owner: '${ref}' is not a user or a group`);
    }
    const {
      items: [entity],
    } = await this.#options.catalog.getEntitiesByRefs(
      { entityRefs: [normalized], fields: ['kind', 'metadata', 'relations'] },
      { credentials },
    );
    if (!entity) {
      throw new InputError(`owner: no ${kind} ${normalized} in the catalog`);
    }
    return { ref: normalized, entity };
  }

  /** A user's items and their groups' (memberOf); a group's own items. */
  async #ownerRefs(owner: string, credentials: Credentials) {
    const { ref, entity } = await this.#owner(owner, credentials);
    const groups = ref.startsWith('user:')
      ? (entity.relations ?? [])
          .filter(r => r.type === 'memberOf')
          .map(r => r.targetRef.toLocaleLowerCase('en-US'))
      : [];
    return [ref, ...groups];
  }
}

function checkTicketUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`ticketUrl: '${value}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(
      `ticketUrl: must be an http or https URL, not ${url.protocol}`,
    );
  }
  return url.toString();
}
