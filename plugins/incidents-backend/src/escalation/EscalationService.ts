import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  EscalationLevel,
  EscalationRole,
  IncidentEscalation,
  IncidentEscalationLevel,
} from '@bomizzel/plugin-incidents-common';
import { IncidentSummary } from '../database/records';
import { incidentPath } from '../incidents/refs';
import { EscalationStore } from './EscalationStore';
import { EscalationPolicy } from './policy';

/** Actor of the timeline events the escalation writes. */
export const ESCALATION_ACTOR = 'plugin:incidents';

/** The annotation on groups that names who holds an escalation role. */
export const escalationAnnotation = (role: EscalationRole) =>
  `bomizzel.com/escalation-${role}`;

/** What the escalation needs to know of an incident. */
export type EscalationSubject = IncidentSummary & { entityRefs: string[] };

const MINUTE = 60_000;
/** How far up the group hierarchy a role is looked for. */
const MAX_PARENT_DEPTH = 10;

/**
 * Progress, as the "if no progress" level of the runbook means it: someone
 * acknowledged the incident and it moved past INVESTIGATING.
 */
export function madeProgress(subject: IncidentSummary): boolean {
  return subject.acknowledgedAt !== null && subject.status !== 'INVESTIGATING';
}

/** Whether the level's stop condition holds for the incident now. */
export function isStopped(
  level: EscalationLevel,
  subject: IncidentSummary,
): boolean {
  if (subject.status === 'RESOLVED') {
    return true;
  }
  return level.stopWhen === 'progress' && madeProgress(subject);
}

/** Where the escalation reports the levels it fires (the metrics). */
export interface EscalationReporter {
  escalationFired(level: string, severity: string): void;
}

export interface EscalationServiceOptions {
  store: EscalationStore;
  policy: EscalationPolicy;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  notifications?: NotificationService;
  metrics?: EscalationReporter;
}

/**
 * Fires the levels of the escalation policy for open incidents, each exactly
 * once per incident, and tells where an incident stands.
 *
 * Exactly once: a level fires only in the transaction that inserted its row
 * into `incident_escalations` (primary key incident + level), which also
 * writes the timeline event. Replicas racing on one database insert one row;
 * the losers see the conflict and do nothing. Notifications are sent after
 * the commit, so a crash between the two can lose a notification but never
 * sends one twice.
 */
export class EscalationService {
  readonly #store: EscalationStore;
  readonly #policy: EscalationPolicy;
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #logger: LoggerService;
  readonly #notifications?: NotificationService;
  readonly #metrics?: EscalationReporter;

  static create(options: EscalationServiceOptions): EscalationService {
    return new EscalationService(options);
  }

  private constructor(options: EscalationServiceOptions) {
    this.#store = options.store;
    this.#policy = options.policy;
    this.#catalog = options.catalog;
    this.#auth = options.auth;
    this.#logger = options.logger;
    this.#notifications = options.notifications;
    this.#metrics = options.metrics;
  }

  get policy(): EscalationPolicy {
    return this.#policy;
  }

  /**
   * Fires every level that is due for an open incident; returns how many
   * fired. Run by the scheduler every `checkEverySeconds`.
   */
  async check(now: number = Date.now()): Promise<number> {
    const subjects = await this.#store.listOpenIncidents();
    if (subjects.length === 0) {
      return 0;
    }
    const fired = await this.#store.firedLevelIds(subjects.map(s => s.id));
    const credentials = await this.#auth.getOwnServiceCredentials();
    const recipients = this.#recipientResolver(credentials);
    let count = 0;
    for (const subject of subjects) {
      for (const level of this.#policy.levels) {
        if (
          !level.severities.includes(subject.severity) ||
          fired.get(subject.id)?.has(level.id) ||
          now < subject.detectedAt + level.afterMinutes * MINUTE ||
          isStopped(level, subject)
        ) {
          continue;
        }
        const people = await recipients(subject.entityRefs, level.role);
        if (await this.#fire(subject.id, level, people, now)) {
          count += 1;
          this.#metrics?.escalationFired(level.id, subject.severity);
          await this.#notify(subject, level, people);
        }
      }
    }
    return count;
  }

  /** Where the incident stands on each level of the policy. */
  async describe(subject: EscalationSubject): Promise<IncidentEscalation> {
    const fired = new Map(
      (await this.#store.listFired(subject.id)).map(r => [r.levelId, r]),
    );
    const recipients = this.#recipientResolver(
      await this.#auth.getOwnServiceCredentials(),
    );
    const levels: IncidentEscalationLevel[] = [];
    for (const level of this.#policy.levels) {
      const dueAt = new Date(
        subject.detectedAt + level.afterMinutes * MINUTE,
      ).toISOString();
      const row = fired.get(level.id);
      if (row) {
        levels.push({
          ...level,
          state: 'fired',
          dueAt,
          firedAt: new Date(row.firedAt).toISOString(),
          recipients: row.recipients,
        });
        continue;
      }
      let state: IncidentEscalationLevel['state'] = 'pending';
      if (!level.severities.includes(subject.severity)) {
        state = 'not-applicable';
      } else if (isStopped(level, subject)) {
        state = 'stopped';
      }
      levels.push({
        ...level,
        state,
        dueAt,
        recipients:
          state === 'not-applicable'
            ? []
            : await recipients(subject.entityRefs, level.role),
      });
    }
    const current = levels
      .filter(l => l.state === 'fired')
      .sort((a, b) => a.firedAt!.localeCompare(b.firedAt!))
      .pop();
    const next = levels
      .filter(l => l.state === 'pending')
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
    return {
      incidentId: subject.id,
      ...(current ? { currentLevel: current.id } : {}),
      ...(next ? { next: { level: next.id, dueAt: next.dueAt } } : {}),
      levels,
    };
  }

  /**
   * Records the level as fired with its timeline event, if no one else did
   * and the incident still calls for it. Returns whether this call fired it.
   */
  #fire(
    incidentId: number,
    level: EscalationLevel,
    recipients: string[],
    now: number,
  ): Promise<boolean> {
    return this.#store.fire({
      incidentId,
      levelId: level.id,
      firedAt: now,
      recipients,
      stillDue: incident =>
        level.severities.includes(incident.severity) &&
        !isStopped(level, incident),
      event: {
        incidentId,
        type: 'escalated',
        actor: ESCALATION_ACTOR,
        createdAt: now,
        message: escalationMessage(level, recipients),
        data: {
          level: level.id,
          title: level.title,
          role: level.role,
          afterMinutes: level.afterMinutes,
          recipients,
        },
      },
    });
  }

  async #notify(
    subject: EscalationSubject,
    level: EscalationLevel,
    recipients: string[],
  ) {
    if (!this.#notifications || recipients.length === 0) {
      return;
    }
    const ref = `INC-${subject.id}`;
    try {
      await this.#notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: {
          title: `[${subject.severity}] ${ref} escalated to ${level.title}: ${subject.title}`,
          description: `${ref} (${subject.status}) is escalated to you as ${level.title}, ${level.afterMinutes} minutes after detection.`,
          link: incidentPath(subject),
          severity: notificationSeverity(subject.severity),
          topic: 'incident-escalation',
          scope: `incident:${subject.id}:escalation:${level.id}`,
        },
      });
    } catch (error) {
      // The level fired and is on the timeline; a missing notifications
      // backend must not stop the escalation of other incidents.
      this.#logger.warn(
        `Could not notify the ${level.title} level of ${ref}: ${error}`,
      );
    }
  }

  /**
   * Resolves who holds a role for a set of affected entities: the owner
   * groups' annotation, else the nearest parent group's. Memoised per call.
   */
  #recipientResolver(credentials: BackstageCredentials) {
    const entities = new Map<string, Promise<Entity | undefined>>();
    const entity = (ref: string) => {
      if (!entities.has(ref)) {
        entities.set(
          ref,
          this.#catalog.getEntityByRef(ref, { credentials }).catch(error => {
            this.#logger.warn(`Escalation could not read ${ref}: ${error}`);
            return undefined;
          }),
        );
      }
      return entities.get(ref)!;
    };

    const holders = async (
      ownerRef: string,
      role: EscalationRole,
    ): Promise<string[]> => {
      let ref: string | undefined = ownerRef;
      for (let depth = 0; ref && depth < MAX_PARENT_DEPTH; depth += 1) {
        const group = await entity(ref);
        if (!group) {
          return [];
        }
        if (group.kind.toLocaleLowerCase('en-US') === 'user') {
          // An entity owned by a person: that person is its on-call.
          return role === 'oncall' ? [ref] : [];
        }
        const annotation =
          group.metadata.annotations?.[escalationAnnotation(role)];
        if (annotation) {
          return annotation
            .split(',')
            .map(s => s.trim())
            .filter(Boolean)
            .map(s => normalizeRef(s, 'user', group.metadata.namespace));
        }
        const parent = (group.spec as { parent?: unknown } | undefined)?.parent;
        ref =
          typeof parent === 'string'
            ? normalizeRef(parent, 'group', group.metadata.namespace)
            : undefined;
      }
      return [];
    };

    return async (
      entityRefs: string[],
      role: EscalationRole,
    ): Promise<string[]> => {
      const people = new Set<string>();
      for (const entityRef of entityRefs) {
        const affected = await entity(entityRef);
        const owner = (affected?.spec as { owner?: unknown } | undefined)
          ?.owner;
        if (typeof owner !== 'string') {
          continue;
        }
        const ownerRef = normalizeRef(
          owner,
          'group',
          affected!.metadata.namespace,
        );
        for (const person of await holders(ownerRef, role)) {
          people.add(person);
        }
      }
      return [...people].sort();
    };
  }
}

function normalizeRef(ref: string, defaultKind: string, namespace?: string) {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind,
        defaultNamespace: namespace ?? 'default',
      }),
    );
  } catch {
    return ref;
  }
}

function escalationMessage(level: EscalationLevel, recipients: string[]) {
  const who = recipients.length
    ? recipients.join(', ')
    : `nobody (no ${escalationAnnotation(
        level.role,
      )} annotation on the owner groups)`;
  return `Escalated to ${level.title} after ${level.afterMinutes} min: ${who}`;
}

function notificationSeverity(severity: string) {
  switch (severity) {
    case 'P0':
      return 'critical' as const;
    case 'P1':
      return 'high' as const;
    default:
      return 'normal' as const;
  }
}
