import { InputError } from '@backstage/errors';
import {
  incidentPostmortemWritePermission,
  ListPostmortemsRequest,
  POSTMORTEM_SECTION_IDS,
  POSTMORTEM_TEMPLATE,
  Postmortem,
  PostmortemSectionId,
  PostmortemStatus,
  PostmortemSummary,
  SavePostmortemRequest,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import { IncidentRecord } from '../database/records';
import { IncidentStore } from '../database/IncidentStore';
import {
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../incidents/errors';
import { Credentials, principalRef } from '../incidents/refs';
import { IncidentService } from '../incidents/IncidentService';
import { isUniqueViolation } from '../database/errors';
import { parseIfMatch } from '../incidents/etags';
import { PostmortemPolicy } from './config';
import {
  PostmortemRecord,
  PostmortemRevisionRecord,
  PostmortemStore,
  PostmortemWrite,
} from './PostmortemStore';
import { prefillPostmortem } from './template';

const HOUR = 3_600_000;
const LIST_LIMIT = 500;

/** The moves a post-mortem may make: draft → in review → published, back to draft. */
const TRANSITIONS: Record<PostmortemStatus, PostmortemStatus[]> = {
  draft: ['in_review'],
  in_review: ['published', 'draft'],
  published: ['draft'],
};
const STATUS_MESSAGES: Record<PostmortemStatus, string> = {
  draft: 'Post-mortem in draft',
  in_review: 'Post-mortem sent for review',
  published: 'Post-mortem published',
};
/** Sections that must be written before publishing. */
const REQUIRED_TO_PUBLISH: PostmortemSectionId[] = ['summary', 'rootCause'];

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? undefined : new Date(ms).toISOString();

export interface PostmortemServiceOptions {
  incidents: IncidentService;
  incidentStore: IncidentStore;
  store: PostmortemStore;
  policy: PostmortemPolicy;
  severities: Severity[];
  clock: () => number;
}

/**
 * Post-mortems of incidents: the template prefilled from the incident, the
 * review states, who wrote what, and which ones are due or overdue.
 */
export class PostmortemService {
  readonly #options: PostmortemServiceOptions;

  static create(options: PostmortemServiceOptions) {
    return new PostmortemService(options);
  }

  private constructor(options: PostmortemServiceOptions) {
    this.#options = options;
  }

  /** The post-mortem, or the prefilled template when nobody wrote it yet. */
  async get(idParam: string, credentials: Credentials): Promise<Postmortem> {
    const incident = await this.#options.incidents.get(idParam, credentials);
    const record = await this.#options.store.get(incident.id);
    return this.#toApi(
      incident,
      record ?? (await this.#template(incident)),
      !!record,
    );
  }

  /**
   * Creates or changes the post-mortem. An existing one requires If-Match
   * (428 without, 412 when stale); repeating a save that already applied
   * answers the post-mortem as it is, without a new version.
   */
  async save(
    idParam: string,
    request: SavePostmortemRequest,
    ifMatch: string | undefined,
    credentials: Credentials,
  ): Promise<Postmortem> {
    const { incidents, store, clock } = this.#options;
    const expected = parseIfMatch(ifMatch);
    const incident = await incidents.get(idParam, credentials);
    await incidents.authorizeChange(
      incidentPostmortemWritePermission,
      incident.id,
      credentials,
    );
    const template = await this.#template(incident);
    const actor = principalRef(credentials);
    const attempt = () =>
      store.save(incident.id, {
        actor,
        now: clock(),
        decide: current =>
          this.#decide(incident.id, current ?? template, !!current, {
            request,
            expected,
            actor,
          }),
      });
    let result;
    try {
      result = await attempt();
    } catch (error) {
      // Someone created it at the same moment: decide again against theirs.
      if (!isUniqueViolation(error)) throw error;
      result = await attempt();
    }
    if (result.outcome === 'conflict') {
      throw new PreconditionFailedError(
        `The post-mortem of INC-${incident.id} was changed by someone else; reload it and try again`,
      );
    }
    return this.#toApi(incident, result.record, true);
  }

  /** Who wrote what, oldest first (404 when the incident is not readable). */
  async revisions(
    idParam: string,
    credentials: Credentials,
  ): Promise<PostmortemRevisionRecord[]> {
    const incident = await this.#options.incidents.get(idParam, credentials);
    return this.#options.store.listRevisions(incident.id);
  }

  /** Post-mortems (and missing ones) of entities, with roll-ups. */
  async list(
    request: ListPostmortemsRequest,
    credentials: Credentials,
  ): Promise<PostmortemSummary[]> {
    const { incidents, store, policy, clock } = this.#options;
    const read = await incidents.readDecision(credentials);
    if (read === 'deny') return [];
    const rows = await store.list({
      entityRefs: request.entityRef?.length
        ? await incidents.expandEntityRefs(request.entityRef, credentials)
        : undefined,
      statuses: request.status,
      overdue: request.overdue,
      permission: read,
      requiredFor: policy.requiredFor,
      overdueBefore: clock() - policy.dueHours * HOUR,
      limit: LIST_LIMIT,
    });
    return rows.map(row => {
      const due = this.#due(row.severity, row.resolvedAt, row.status);
      return {
        incidentId: row.incidentId,
        incidentRef: `INC-${row.incidentId}`,
        incidentTitle: row.title,
        severity: row.severity,
        status: row.status ?? 'missing',
        required: due.required,
        ...(due.dueAt !== undefined ? { dueAt: iso(due.dueAt) } : {}),
        overdue: due.overdue,
        entityRefs: row.entityRefs,
        ...(row.updatedAt !== null ? { updatedAt: iso(row.updatedAt) } : {}),
      };
    });
  }

  #decide(
    incidentId: number,
    current: PostmortemRecord,
    exists: boolean,
    options: {
      request: SavePostmortemRequest;
      expected: number | undefined;
      actor: string;
    },
  ): PostmortemWrite | undefined {
    const { request, expected, actor } = options;
    const status = request.status ?? current.status;
    const written = POSTMORTEM_SECTION_IDS.flatMap(id => {
      const markdown = request.sections?.[id];
      return markdown !== undefined &&
        (!exists || markdown !== current.sections[id].markdown)
        ? [{ id, markdown, updatedBy: actor }]
        : [];
    });
    const statusChanged = !exists || status !== current.status;
    const unchanged =
      exists && written.length === 0 && status === current.status;

    if (exists && expected !== current.version) {
      // A repeated save (for example a retried creation) changes nothing.
      if (unchanged && (expected === undefined || expected === 0)) {
        return undefined;
      }
      if (expected === undefined) {
        throw new PreconditionRequiredError(
          `If-Match: required; the post-mortem of INC-${incidentId} exists, send its ETag as you last read it`,
        );
      }
      throw new PreconditionFailedError(
        `The post-mortem of INC-${incidentId} was changed by someone else (now version ${current.version}); reload it and try again`,
      );
    }
    if (!exists && expected !== undefined && expected !== 0) {
      throw new PreconditionFailedError(
        `The post-mortem of INC-${incidentId} does not exist yet; send If-Match "0" or none to create it`,
      );
    }
    if (unchanged) return undefined;

    const from = exists ? current.status : 'draft';
    if (status !== from && !TRANSITIONS[from].includes(status)) {
      throw new InputError(
        `status: a post-mortem cannot move from ${from} to ${status} (draft → in_review → published, and back to draft)`,
      );
    }
    if (status === 'published') {
      for (const id of REQUIRED_TO_PUBLISH) {
        const markdown =
          request.sections?.[id] ?? current.sections[id].markdown;
        if (!markdown.trim()) {
          throw new InputError(
            `sections.${id}: the ${POSTMORTEM_TEMPLATE[
              id
            ].title.toLocaleLowerCase(
              'en-US',
            )} must be written before publishing`,
          );
        }
      }
    }
    // A new post-mortem stores the prefill of the sections not given, so
    // that what was reviewed does not change with the incident later.
    const prefilled = exists
      ? []
      : POSTMORTEM_SECTION_IDS.filter(
          id => request.sections?.[id] === undefined,
        ).map(id => ({
          id,
          markdown: current.sections[id].markdown,
          updatedBy: null,
        }));
    return {
      status,
      sections: [...written, ...prefilled],
      statusEvent: statusChanged
        ? {
            message: STATUS_MESSAGES[status],
            data: { from: exists ? current.status : null, to: status },
          }
        : undefined,
    };
  }

  async #template(incident: IncidentRecord): Promise<PostmortemRecord> {
    const { incidentStore, severities, clock } = this.#options;
    const now = clock();
    const markdown = prefillPostmortem(
      incident,
      await incidentStore.listEvents(incident.id),
      severities,
      now,
    );
    return {
      incidentId: incident.id,
      status: 'draft',
      createdBy: '',
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      version: 0,
      sections: Object.fromEntries(
        POSTMORTEM_SECTION_IDS.map(id => [
          id,
          { markdown: markdown[id], updatedBy: null, updatedAt: null },
        ]),
      ) as PostmortemRecord['sections'],
    };
  }

  #due(
    severity: string,
    resolvedAt: number | null,
    status: PostmortemStatus | null,
  ): { required: boolean; dueAt?: number; overdue: boolean } {
    const { policy, clock } = this.#options;
    const required = policy.requiredFor.includes(severity);
    if (!required || resolvedAt === null) {
      return { required, overdue: false };
    }
    const dueAt = resolvedAt + policy.dueHours * HOUR;
    return {
      required,
      dueAt,
      overdue: status !== 'published' && clock() > dueAt,
    };
  }

  #toApi(
    incident: IncidentRecord,
    record: PostmortemRecord,
    exists: boolean,
  ): Postmortem {
    const due = this.#due(
      incident.severity,
      incident.resolvedAt,
      exists ? record.status : null,
    );
    return {
      incidentId: incident.id,
      incidentRef: `INC-${incident.id}`,
      exists,
      status: record.status,
      required: due.required,
      ...(due.dueAt !== undefined ? { dueAt: iso(due.dueAt) } : {}),
      overdue: due.overdue,
      sections: POSTMORTEM_SECTION_IDS.map(id => {
        const section = record.sections[id];
        return {
          id,
          ...POSTMORTEM_TEMPLATE[id],
          prompts: [...POSTMORTEM_TEMPLATE[id].prompts],
          markdown: section.markdown,
          ...(section.updatedBy
            ? {
                updatedBy: section.updatedBy,
                updatedAt: iso(section.updatedAt),
              }
            : {}),
        };
      }),
      ...(exists
        ? {
            createdBy: record.createdBy,
            createdAt: iso(record.createdAt),
            updatedAt: iso(record.updatedAt),
            ...(record.publishedAt !== null
              ? { publishedAt: iso(record.publishedAt) }
              : {}),
          }
        : {}),
      version: record.version,
    };
  }
}
