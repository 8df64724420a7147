import { createHash } from 'node:crypto';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { PermissionRuleset } from '@backstage/plugin-permission-node';
import {
  CreateIncidentEventRequest,
  CreateIncidentRequest,
  Incident,
  IncidentEvent,
  IncidentStats,
  ListIncidentsRequest,
  UpdateIncidentRequest,
  incidentUpdatePermission,
  INCIDENT_RESOURCE_TYPE,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import { isUniqueViolation } from '../database/errors';
import {
  IncidentFilter,
  IncidentPermissionFilter,
} from '../database/incidentConditions';
import { IncidentStore } from '../database/IncidentStore';
import {
  EntityOwners,
  IncidentEventRecord,
  IncidentRecord,
} from '../database/records';
import { decodeCursor, encodeCursor } from './cursors';
import {
  IdempotencyKeyReusedError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from './errors';
import { parseIfMatch } from './etags';
import { IncidentAccess } from './IncidentAccess';
import { IncidentApiMapper } from './IncidentApiMapper';
import { IncidentEntities } from './IncidentEntities';
import { decideChanges } from './lifecycle';
import { MessageTemplates, RenderedMessage } from './messages';
import { IncidentResource } from './permissions';
import { Credentials, parseIncidentId, principalRef } from './refs';

export interface IncidentServiceOptions {
  store: IncidentStore;
  catalog: CatalogService;
  permissions: PermissionsService;
  /** The rules of the incident resource type, including those of modules. */
  permissionRules: PermissionRuleset<IncidentResource, IncidentFilter>;
  severities: Severity[];
  messages: MessageTemplates;
  clock?: () => number;
  /** Told after an incident was declared or changed (after the commit). */
  listeners?: IncidentListener[];
}

/**
 * Who declared an incident: a person, the alert ingestion, or another
 * service calling the API with its own credentials.
 */
export type DeclarationSource = 'person' | 'alert' | 'service';

/**
 * Reacts to committed changes, for example by notifying people. Called
 * without waiting: a slow or failing listener never delays or fails the
 * request, so listeners handle their own errors.
 */
export interface IncidentListener {
  onCreated?(
    incident: IncidentRecord,
    actor: string,
    source: DeclarationSource,
  ): Promise<void>;
  onChanged?(
    before: IncidentRecord,
    after: IncidentRecord,
    actor: string,
    /** The timeline events this change wrote, in its transaction. */
    events: IncidentEventRecord[],
  ): Promise<void>;
}

function parseTime(field: string, value: string | undefined) {
  if (value === undefined) {
    return undefined;
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InputError(`${field}: '${value}' is not a date-time`);
  }
  return time;
}

/**
 * The incident workflow behind the HTTP API: validation against the
 * configured severities and the catalog, roll-ups of systems and groups,
 * the lifecycle rules, idempotent creation and optimistic concurrency.
 */
export class IncidentService {
  readonly #store: IncidentStore;
  readonly #severities: Severity[];
  readonly #messages: MessageTemplates;
  readonly #access: IncidentAccess;
  readonly #entities: IncidentEntities;
  readonly #api: IncidentApiMapper;
  readonly #clock: () => number;
  readonly #listeners: IncidentListener[];

  static create(options: IncidentServiceOptions) {
    return new IncidentService(options);
  }

  private constructor(options: IncidentServiceOptions) {
    this.#store = options.store;
    this.#severities = options.severities;
    this.#messages = options.messages;
    this.#clock = options.clock ?? (() => Date.now());
    this.#access = IncidentAccess.create({
      permissions: options.permissions,
      permissionRules: options.permissionRules,
      store: options.store,
    });
    this.#entities = IncidentEntities.create({ catalog: options.catalog });
    this.#api = IncidentApiMapper.create({
      severities: options.severities,
      clock: this.#clock,
    });
    this.#listeners = options.listeners ?? [];
  }

  #tell(call: (listener: IncidentListener) => Promise<void> | undefined) {
    for (const listener of this.#listeners) {
      void call(listener)?.catch(() => undefined);
    }
  }

  /** The incident as the API shows it. */
  toApi(record: IncidentRecord): Incident {
    return this.#api.toApi(record);
  }

  eventToApi(event: IncidentEventRecord): IncidentEvent {
    return this.#api.eventToApi(event);
  }

  async list(
    query: ListIncidentsRequest,
    credentials: Credentials,
  ): Promise<{ items: Incident[]; nextCursor?: string }> {
    const limit = query.limit ?? 20;
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const read = await this.#access.readDecision(credentials);
    if (read === 'deny') {
      return { items: [] };
    }
    const entityRefs = query.entityRef?.length
      ? await this.expandEntityRefs(query.entityRef, credentials)
      : undefined;
    const { items, hasMore } = await this.#store.list({
      entityRefs,
      statuses: query.status,
      severities: query.severity,
      from: parseTime('from', query.from),
      to: parseTime('to', query.to),
      q: query.q,
      limit,
      after,
      permission: read,
    });
    const last = items[items.length - 1];
    return {
      items: items.map(i => this.#api.toApi(i)),
      ...(hasMore && last
        ? { nextCursor: encodeCursor(last.createdAt, last.id) }
        : {}),
    };
  }

  /** The incident, if it exists and the caller may read it (404 otherwise). */
  async get(
    idParam: string,
    credentials: Credentials,
  ): Promise<IncidentRecord> {
    const read = await this.#access.readDecision(credentials);
    const record =
      read === 'deny'
        ? undefined
        : await this.#store.get(parseIncidentId(idParam), read);
    if (!record) {
      throw new NotFoundError(`No incident ${idParam}`);
    }
    return record;
  }

  async create(
    request: CreateIncidentRequest,
    credentials: Credentials,
    idempotencyKey?: string,
    source: DeclarationSource = credentials.principal.type === 'user'
      ? 'person'
      : 'service',
  ): Promise<IncidentRecord> {
    const principal = principalRef(credentials);
    const idempotency = idempotencyKey
      ? {
          principal,
          key: idempotencyKey,
          requestHash: createHash('sha256')
            .update(JSON.stringify(request, Object.keys(request).sort()))
            .digest('hex'),
        }
      : undefined;
    if (idempotency) {
      const replay = await this.#replay(idempotency);
      if (replay) return replay;
    }

    await this.#access.authorizeCreate(credentials);
    this.#checkSeverity(request.severity);
    const { refs: entityRefs, owners } = await this.#entities.check(
      'entityRefs',
      request.entityRefs,
      credentials,
    );
    const commander = request.commander
      ? (
          await this.#entities.check(
            'commander',
            [request.commander],
            credentials,
          )
        ).refs[0]
      : null;
    const now = this.#clock();
    const detectedAt = parseTime('detectedAt', request.detectedAt) ?? now;
    const startedAt = parseTime('startedAt', request.startedAt) ?? null;
    if (startedAt !== null && startedAt > detectedAt) {
      throw new InputError(
        'startedAt: the impact cannot start after it was detected',
      );
    }
    if (detectedAt > now + 60_000) {
      throw new InputError('detectedAt: cannot be in the future');
    }

    try {
      const id = await this.#store.create(
        {
          title: request.title,
          description: request.description ?? '',
          severity: request.severity,
          status: 'INVESTIGATING',
          commander,
          reporter: principal,
          entityRefs,
          startedAt,
          detectedAt,
        },
        { now, idempotency, owners },
      );
      const created = (await this.#store.get(id))!;
      this.#tell(l => l.onCreated?.(created, principal, source));
      return created;
    } catch (error) {
      // A concurrent request with the same key committed first.
      if (idempotency && isUniqueViolation(error)) {
        const replay = await this.#replay(idempotency);
        if (replay) return replay;
      }
      throw error;
    }
  }

  async update(
    idParam: string,
    request: UpdateIncidentRequest,
    ifMatch: string | undefined,
    credentials: Credentials,
  ): Promise<IncidentRecord> {
    const expectedVersion = parseIfMatch(ifMatch);
    if (expectedVersion === undefined) {
      throw new PreconditionRequiredError(
        'If-Match: required; send the ETag of the incident as you last read it',
      );
    }
    const { request: checked, owners } = await this.#checkChangeRequest(
      request,
      credentials,
    );
    const { record } = await this.#change(idParam, checked, credentials, {
      expectedVersion,
      owners,
    });
    return record;
  }

  async addEvent(
    idParam: string,
    request: CreateIncidentEventRequest,
    credentials: Credentials,
  ): Promise<{ record: IncidentRecord; events: IncidentEventRecord[] }> {
    let change: UpdateIncidentRequest;
    if (request.type === 'note') {
      change = { message: request.message };
    } else if (request.type === 'acknowledge') {
      change = { acknowledge: true, message: request.message };
    } else {
      change = { status: request.status, message: request.message };
    }
    return this.#change(idParam, change, credentials);
  }

  async listEvents(
    idParam: string,
    credentials: Credentials,
  ): Promise<IncidentEventRecord[]> {
    const record = await this.get(idParam, credentials);
    return this.#store.listEvents(record.id);
  }

  async messages(
    idParam: string,
    credentials: Credentials,
  ): Promise<RenderedMessage[]> {
    const record = await this.get(idParam, credentials);
    const events = await this.#store.listEvents(record.id);
    return this.#messages.render(record, events, this.#clock());
  }

  async stats(
    refs: string[],
    credentials: Credentials,
  ): Promise<IncidentStats> {
    const read = await this.#access.readDecision(credentials);
    if (read === 'deny') {
      throw new NotAllowedError('You may not read incidents');
    }
    const entityRefs = await this.expandEntityRefs(refs, credentials);
    const now = new Date(this.#clock());
    // 12 calendar months (UTC) ending with the current one
    const monthStarts = Array.from({ length: 13 }, (_, i) =>
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + i, 1),
    );
    const raw = await this.#store.stats(entityRefs, monthStarts, read);
    return this.#api.statsToApi(entityRefs, monthStarts, raw);
  }

  /**
   * The entities whose incidents a ref stands for: a System adds its parts
   * (components, resources, APIs), a Group the entities it owns.
   */
  expandEntityRefs(
    refs: string[],
    credentials: Credentials,
  ): Promise<string[]> {
    return this.#entities.expand(refs, credentials);
  }

  async #change(
    idParam: string,
    request: UpdateIncidentRequest,
    credentials: Credentials,
    options?: { expectedVersion?: number; owners?: EntityOwners },
  ) {
    const record = await this.get(idParam, credentials);
    const id = record.id;
    await this.#access.authorizeChange(
      incidentUpdatePermission,
      id,
      credentials,
    );
    const now = this.#clock();
    const result = await this.#store.update(id, {
      actor: principalRef(credentials),
      now,
      expectedVersion: options?.expectedVersion,
      owners: options?.owners,
      decide: current => decideChanges(current, request, now),
    });
    if (result.outcome === 'not-found') {
      throw new NotFoundError(`No incident ${idParam}`);
    }
    if (result.outcome === 'conflict') {
      throw new PreconditionFailedError(
        `INC-${id} was changed by someone else (now version ${result.current.version}); reload it and try again`,
      );
    }
    const actor = principalRef(credentials);
    this.#tell(l => l.onChanged?.(record, result.record, actor, result.events));
    return result;
  }

  async #checkChangeRequest(
    request: UpdateIncidentRequest,
    credentials: Credentials,
  ): Promise<{ request: UpdateIncidentRequest; owners?: EntityOwners }> {
    const checked = { ...request };
    let owners: EntityOwners | undefined;
    if (request.severity !== undefined) this.#checkSeverity(request.severity);
    if (request.entityRefs) {
      ({ refs: checked.entityRefs, owners } = await this.#entities.check(
        'entityRefs',
        request.entityRefs,
        credentials,
      ));
    }
    if (request.commander) {
      [checked.commander] = (
        await this.#entities.check(
          'commander',
          [request.commander],
          credentials,
        )
      ).refs;
    }
    return { request: checked, owners };
  }

  #checkSeverity(severity: string) {
    if (!this.#severities.some(s => s.id === severity)) {
      throw new InputError(
        `severity: '${severity}' is not one of ${this.#severities
          .map(s => s.id)
          .join(', ')}`,
      );
    }
  }

  /** Throws NotAllowedError unless the caller may declare incidents. */
  authorizeCreate(credentials: Credentials): Promise<void> {
    return this.#access.authorizeCreate(credentials);
  }

  /**
   * Throws NotAllowedError unless the caller holds the permission (of the
   * incident resource type) on this incident.
   */
  authorizeChange(
    permission: ResourcePermission<typeof INCIDENT_RESOURCE_TYPE>,
    id: number,
    credentials: Credentials,
  ): Promise<void> {
    return this.#access.authorizeChange(permission, id, credentials);
  }

  /** The caller's read permission: 'deny', undefined (all) or SQL conditions. */
  readDecision(
    credentials: Credentials,
  ): Promise<'deny' | IncidentPermissionFilter | undefined> {
    return this.#access.readDecision(credentials);
  }

  async #replay(idempotency: {
    principal: string;
    key: string;
    requestHash: string;
  }): Promise<IncidentRecord | undefined> {
    const stored = await this.#store.getIdempotencyKey(
      idempotency.principal,
      idempotency.key,
    );
    if (!stored) return undefined;
    if (stored.requestHash !== idempotency.requestHash) {
      throw new IdempotencyKeyReusedError(
        `Idempotency-Key: '${idempotency.key}' was already used for a different request`,
      );
    }
    return this.#store.get(stored.incidentId);
  }
}
