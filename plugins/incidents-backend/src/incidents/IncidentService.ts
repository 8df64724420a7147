import { createHash } from 'node:crypto';
import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
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
  CreateIncidentEventRequest,
  CreateIncidentRequest,
  Incident,
  IncidentEvent,
  IncidentStats,
  ListIncidentsRequest,
  UpdateIncidentRequest,
  incidentCreatePermission,
  incidentReadPermission,
  incidentUpdatePermission,
  INCIDENT_RESOURCE_TYPE,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import {
  EntityOwners,
  IncidentEventRecord,
  IncidentRecord,
} from '../database/records';
import {
  IncidentFilter,
  IncidentPermissionFilter,
} from '../database/incidentConditions';
import { IncidentStore } from '../database/IncidentStore';
import { IncidentResource } from './permissions';
import {
  IdempotencyKeyReusedError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from './errors';
import { decideChanges } from './lifecycle';
import { MessageTemplates, RenderedMessage } from './messages';

export type Credentials = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

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

/** Entity refs are compared case-insensitively, as the catalog does. */
export function normalizeEntityRef(ref: string): string {
  return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
}

/** The incident's reference as accepted in paths: `42` or `INC-42`. */
export function parseIncidentId(value: string): number {
  const id = Number(value.replace(/^INC-/, ''));
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new NotFoundError(`No incident ${value}`);
  }
  return id;
}

/** `"3"` for version 3; `If-Match` may also carry a weak tag or `*`. */
export const etagOf = (version: number) => `"${version}"`;

export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) {
    return undefined;
  }
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!match) {
    throw new InputError(
      `If-Match: '${header}' is not an ETag of this API (expected "<version>")`,
    );
  }
  return Number(match[1]);
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
  readonly #catalog: CatalogService;
  readonly #severities: Severity[];
  readonly #messages: MessageTemplates;
  readonly #permissions: PermissionsService;
  readonly #clock: () => number;
  readonly #toFilter: ConditionTransformer<IncidentFilter>;
  readonly #listeners: IncidentListener[];

  static create(options: IncidentServiceOptions) {
    return new IncidentService(options);
  }

  private constructor(options: IncidentServiceOptions) {
    this.#store = options.store;
    this.#catalog = options.catalog;
    this.#severities = options.severities;
    this.#messages = options.messages;
    this.#permissions = options.permissions;
    this.#toFilter = createConditionTransformer(options.permissionRules);
    this.#clock = options.clock ?? (() => Date.now());
    this.#listeners = options.listeners ?? [];
  }

  #tell(call: (listener: IncidentListener) => Promise<void> | undefined) {
    for (const listener of this.#listeners) {
      void call(listener)?.catch(() => undefined);
    }
  }

  toApi(record: IncidentRecord): Incident {
    const iso = (t: number | null) =>
      t === null ? null : new Date(t).toISOString();
    const severity = this.#severities.find(s => s.id === record.severity);
    const targetMinutes = severity?.responseMinutes ?? 0;
    const deadline = record.detectedAt + targetMinutes * 60_000;
    let state: Incident['response']['state'];
    if (record.acknowledgedAt !== null) {
      state = record.acknowledgedAt <= deadline ? 'met' : 'breached';
    } else {
      state = this.#clock() > deadline ? 'breached' : 'pending';
    }
    return {
      id: record.id,
      ref: `INC-${record.id}`,
      title: record.title,
      description: record.description,
      severity: record.severity,
      status: record.status,
      commander: record.commander,
      reporter: record.reporter,
      entityRefs: record.entityRefs,
      startedAt: iso(record.startedAt),
      detectedAt: iso(record.detectedAt)!,
      acknowledgedAt: iso(record.acknowledgedAt),
      identifiedAt: iso(record.identifiedAt),
      resolvedAt: iso(record.resolvedAt),
      createdAt: iso(record.createdAt)!,
      updatedAt: iso(record.updatedAt)!,
      version: record.version,
      response: {
        targetMinutes,
        deadline: new Date(deadline).toISOString(),
        state,
      },
      demo: record.demo,
    };
  }

  eventToApi(event: IncidentEventRecord): IncidentEvent {
    return { ...event, createdAt: new Date(event.createdAt).toISOString() };
  }

  async list(
    query: ListIncidentsRequest,
    credentials: Credentials,
  ): Promise<{ items: Incident[]; nextCursor?: string }> {
    const limit = query.limit ?? 20;
    const after = query.cursor ? this.#decodeCursor(query.cursor) : undefined;
    const read = await this.#readDecision(credentials);
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
      items: items.map(i => this.toApi(i)),
      ...(hasMore && last
        ? { nextCursor: this.#encodeCursor(last.createdAt, last.id) }
        : {}),
    };
  }

  /** The incident, if it exists and the caller may read it (404 otherwise). */
  async get(
    idParam: string,
    credentials: Credentials,
  ): Promise<IncidentRecord> {
    const read = await this.#readDecision(credentials);
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

    await this.authorizeCreate(credentials);
    this.#checkSeverity(request.severity);
    const { refs: entityRefs, owners } = await this.#checkEntities(
      'entityRefs',
      request.entityRefs,
      credentials,
    );
    const commander = request.commander
      ? (
          await this.#checkEntities(
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
    const read = await this.#readDecision(credentials);
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
    const bySeverity: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    let total = 0;
    for (const { severity, status, count } of raw.bySeverityAndStatus) {
      bySeverity[severity] = (bySeverity[severity] ?? 0) + count;
      byStatus[status] = (byStatus[status] ?? 0) + count;
      total += count;
    }
    const monthly = monthStarts.slice(0, 12).map(start => ({
      month: new Date(start).toISOString().slice(0, 7),
      total: 0,
      bySeverity: {} as Record<string, number>,
    }));
    for (const { bucket, severity, count } of raw.monthly) {
      monthly[bucket].total += count;
      monthly[bucket].bySeverity[severity] = count;
    }
    return {
      entityRefs,
      total,
      open: total - (byStatus.RESOLVED ?? 0),
      bySeverity,
      byStatus,
      mtta: raw.tta,
      mttr: raw.ttr,
      monthly,
    };
  }

  /**
   * The entities whose incidents a ref stands for: a System adds its parts
   * (components, resources, APIs), a Group the entities it owns.
   */
  async expandEntityRefs(
    refs: string[],
    credentials: Credentials,
  ): Promise<string[]> {
    const normalized = [
      ...new Set(refs.map(r => this.#parseRef('entityRef', r))),
    ];
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

  async #change(
    idParam: string,
    request: UpdateIncidentRequest,
    credentials: Credentials,
    options?: { expectedVersion?: number; owners?: EntityOwners },
  ) {
    const record = await this.get(idParam, credentials);
    const id = record.id;
    await this.authorizeChange(incidentUpdatePermission, id, credentials);
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
      ({ refs: checked.entityRefs, owners } = await this.#checkEntities(
        'entityRefs',
        request.entityRefs,
        credentials,
      ));
    }
    if (request.commander) {
      [checked.commander] = (
        await this.#checkEntities('commander', [request.commander], credentials)
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

  #parseRef(field: string, ref: string): string {
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
  async #checkEntities(
    field: string,
    refs: string[],
    credentials: Credentials,
  ): Promise<{ refs: string[]; owners: EntityOwners }> {
    const normalized = [...new Set(refs.map(r => this.#parseRef(field, r)))];
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
  readDecision(
    credentials: Credentials,
  ): Promise<'deny' | IncidentPermissionFilter | undefined> {
    return this.#readDecision(credentials);
  }

  /** 'deny', no conditions (allowed), or the conditions as a filter. */
  async #readDecision(
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

  #encodeCursor(createdAt: number, id: number) {
    return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
  }

  #decodeCursor(cursor: string): { createdAt: number; id: number } {
    try {
      const [createdAt, id] = JSON.parse(
        Buffer.from(cursor, 'base64url').toString('utf8'),
      );
      if (Number.isSafeInteger(createdAt) && Number.isSafeInteger(id)) {
        return { createdAt, id };
      }
    } catch {
      // fall through
    }
    throw new InputError('cursor: not a cursor returned by this API');
  }
}

function ownersOf(
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

/** Who is acting: the user's entity ref, or `service:<subject>`. */
export function principalRef(credentials: Credentials): string {
  const principal = credentials.principal;
  return principal.type === 'user'
    ? principal.userEntityRef
    : `service:${principal.subject}`;
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
