import {
  POSTMORTEM_SECTION_IDS,
  PostmortemSectionId,
  PostmortemStatus,
} from '@bomizzel/plugin-incidents-common';
import { Knex } from 'knex';
import {
  IncidentPermissionFilter,
  whereAffects,
  wherePermitted,
} from '../database/incidentConditions';
import { IncidentStore } from '../database/IncidentStore';
import { BigintColumn } from '../database/records';

/** An `incident_postmortems` row. */
interface PostmortemRow {
  incident_id: BigintColumn;
  status: PostmortemStatus;
  created_by: string;
  created_at: BigintColumn;
  updated_at: BigintColumn;
  published_at: BigintColumn | null;
  version: number;
}

/** An `incident_postmortem_sections` row. */
interface SectionRow {
  incident_id: BigintColumn;
  section_id: PostmortemSectionId;
  markdown: string;
  updated_by: string | null;
  updated_at: BigintColumn | null;
}

/** An `incident_postmortem_revisions` row. */
interface RevisionRow {
  id: BigintColumn;
  incident_id: BigintColumn;
  version: number;
  section_id: PostmortemSectionId | null;
  markdown: string | null;
  status: PostmortemStatus | null;
  author: string;
  created_at: BigintColumn;
}

/** A row of the post-mortem list: the incident and its post-mortem, if any. */
interface ListedRow {
  id: BigintColumn;
  title: string;
  severity: string;
  resolved_at: BigintColumn | null;
  status: PostmortemStatus | null;
  updated_at: BigintColumn | null;
}

/** One section as stored; `updatedBy` is null while it holds the prefill. */
export interface PostmortemSectionRecord {
  markdown: string;
  updatedBy: string | null;
  updatedAt: number | null;
}

/** A post-mortem as stored, with epoch-millisecond times. */
export interface PostmortemRecord {
  incidentId: number;
  status: PostmortemStatus;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
  version: number;
  sections: Record<PostmortemSectionId, PostmortemSectionRecord>;
}

/** What a save writes, decided from the post-mortem as it is. */
export interface PostmortemWrite {
  status: PostmortemStatus;
  /** The sections that change; `updatedBy` null for prefilled content. */
  sections: Array<{
    id: PostmortemSectionId;
    markdown: string;
    updatedBy: string | null;
  }>;
  /** The timeline event of a status change. */
  statusEvent?: { message: string; data: Record<string, unknown> };
}

/** One entry of the append-only history. */
export interface PostmortemRevisionRecord {
  id: number;
  version: number;
  sectionId: PostmortemSectionId | null;
  markdown: string | null;
  status: PostmortemStatus | null;
  author: string;
  createdAt: number;
}

/** Filters of the post-mortem list; every field narrows. */
export interface PostmortemListFilter {
  entityRefs?: string[];
  statuses?: Array<PostmortemStatus | 'missing'>;
  overdue?: boolean;
  permission?: IncidentPermissionFilter;
  /** Severities that require one, and when they are overdue. */
  requiredFor: string[];
  /** Incidents resolved before this time (epoch ms) are past their due date. */
  overdueBefore: number;
  limit: number;
}

/** A listed post-mortem with its incident's facts. */
export interface PostmortemListRow {
  incidentId: number;
  title: string;
  severity: string;
  resolvedAt: number | null;
  status: PostmortemStatus | null;
  updatedAt: number | null;
  entityRefs: string[];
}

const num = (value: unknown) => Number(value);
const numOrNull = (value: unknown) =>
  value === null || value === undefined ? null : Number(value);

/**
 * The SQL of post-mortems: the post-mortem row, its sections, and the
 * append-only revisions. A save is one transaction with its revisions and
 * the timeline event of a status change; concurrent saves are serialised by
 * the version (optimistic concurrency) and the primary key (creation).
 */
export class PostmortemStore {
  readonly #db: Knex;

  readonly #incidents: IncidentStore;

  static create(db: Knex, incidents: IncidentStore) {
    return new PostmortemStore(db, incidents);
  }

  private constructor(db: Knex, incidents: IncidentStore) {
    this.#db = db;
    this.#incidents = incidents;
  }

  /** Whether post-mortems of demo incidents were seeded. */
  async hasDemoPostmortems(): Promise<boolean> {
    const seeded = await this.#db('incident_postmortems as p')
      .join('incidents as i', 'i.id', 'p.incident_id')
      .where('i.demo', true)
      .first();
    return Boolean(seeded);
  }

  async get(incidentId: number): Promise<PostmortemRecord | undefined> {
    return this.#read(this.#db, incidentId);
  }

  /**
   * Saves what `decide` returns for the post-mortem as it is inside the
   * transaction (undefined: nothing to write). `conflict` when someone else
   * saved meanwhile; a concurrent creation fails with a unique violation.
   */
  async save(
    incidentId: number,
    options: {
      actor: string;
      now: number;
      decide: (current?: PostmortemRecord) => PostmortemWrite | undefined;
    },
  ): Promise<
    | { outcome: 'saved'; record: PostmortemRecord; changed: boolean }
    | { outcome: 'conflict' }
  > {
    const { actor, now, decide } = options;
    return this.#db.transaction(async trx => {
      const current = await this.#read(trx, incidentId);
      const write = decide(current);
      if (!write) {
        return { outcome: 'saved' as const, record: current!, changed: false };
      }
      const version = (current?.version ?? 0) + 1;
      const publishedAt =
        write.status !== 'published'
          ? null
          : (current?.status === 'published' && current.publishedAt) || now;
      if (!current) {
        await trx('incident_postmortems').insert({
          incident_id: incidentId,
          status: write.status,
          created_by: actor,
          created_at: now,
          updated_at: now,
          published_at: publishedAt,
          version,
        });
      } else {
        const updated = await trx('incident_postmortems')
          .where({ incident_id: incidentId, version: current.version })
          .update({
            status: write.status,
            updated_at: now,
            published_at: publishedAt,
            version,
          });
        if (updated !== 1) {
          return { outcome: 'conflict' as const };
        }
      }
      for (const section of write.sections) {
        await trx('incident_postmortem_sections')
          .insert({
            incident_id: incidentId,
            section_id: section.id,
            markdown: section.markdown,
            updated_by: section.updatedBy,
            updated_at: section.updatedBy === null ? null : now,
          })
          .onConflict(['incident_id', 'section_id'])
          .merge();
      }
      const revisions = [
        ...write.sections
          .filter(s => s.updatedBy !== null)
          .map(s => ({ section_id: s.id, markdown: s.markdown, status: null })),
        ...(write.statusEvent
          ? [{ section_id: null, markdown: null, status: write.status }]
          : []),
      ];
      if (revisions.length) {
        await trx('incident_postmortem_revisions').insert(
          revisions.map(r => ({
            ...r,
            incident_id: incidentId,
            version,
            author: actor,
            created_at: now,
          })),
        );
      }
      if (write.statusEvent) {
        await this.#incidents.appendSystemEvents(trx, [
          {
            incidentId,
            type: 'postmortem_status_changed',
            actor,
            createdAt: now,
            message: write.statusEvent.message,
            data: write.statusEvent.data,
          },
        ]);
      }
      return {
        outcome: 'saved' as const,
        record: (await this.#read(trx, incidentId))!,
        changed: true,
      };
    });
  }

  /** Who wrote what, oldest first. */
  async listRevisions(incidentId: number): Promise<PostmortemRevisionRecord[]> {
    const rows: RevisionRow[] = await this.#db('incident_postmortem_revisions')
      .where({ incident_id: incidentId })
      .orderBy('id', 'asc');
    return rows.map(r => ({
      id: num(r.id),
      version: num(r.version),
      sectionId: r.section_id ?? null,
      markdown: r.markdown ?? null,
      status: r.status ?? null,
      author: r.author,
      createdAt: num(r.created_at),
    }));
  }

  /**
   * Post-mortems written, and those missing (required, resolved, none
   * written), overdue first, then newest incident first.
   */
  async list(filter: PostmortemListFilter): Promise<PostmortemListRow[]> {
    if (filter.entityRefs?.length === 0 || filter.statuses?.length === 0) {
      return [];
    }
    const db = this.#db;
    const overdue = overdueCondition('i', 'p', filter);
    const query = db('incidents as i')
      .leftJoin('incident_postmortems as p', 'p.incident_id', 'i.id')
      .select(
        'i.id',
        'i.title',
        'i.severity',
        'i.resolved_at',
        'p.status',
        'p.updated_at',
      )
      .where(q =>
        q
          .whereNotNull('p.incident_id')
          .orWhere(r =>
            r
              .whereIn('i.severity', filter.requiredFor)
              .whereNotNull('i.resolved_at'),
          ),
      )
      .orderByRaw(
        `CASE WHEN ${overdue.sql} THEN 0 ELSE 1 END`,
        overdue.bindings,
      )
      .orderBy('i.id', 'desc')
      .limit(filter.limit);
    if (filter.entityRefs) {
      whereAffects(query, 'i.id', filter.entityRefs);
    }
    if (filter.statuses) {
      const written = filter.statuses.filter(s => s !== 'missing');
      const missing = filter.statuses.includes('missing');
      query.where(q => {
        q.whereIn('p.status', written);
        if (missing) q.orWhereNull('p.incident_id');
      });
    }
    if (filter.overdue !== undefined) {
      if (filter.overdue) query.whereRaw(overdue.sql, overdue.bindings);
      else query.whereNot(q => q.whereRaw(overdue.sql, overdue.bindings));
    }
    if (filter.permission) {
      wherePermitted(query, 'i.id', filter.permission);
    }
    const rows: ListedRow[] = await query;
    const entities = await this.#incidents.entityRefsOf(
      rows.map(r => num(r.id)),
    );
    return rows.map(r => ({
      incidentId: num(r.id),
      title: r.title,
      severity: r.severity,
      resolvedAt: numOrNull(r.resolved_at),
      status: r.status ?? null,
      updatedAt: numOrNull(r.updated_at),
      entityRefs: entities.get(num(r.id)) ?? [],
    }));
  }

  async #read(
    db: Knex | Knex.Transaction,
    incidentId: number,
  ): Promise<PostmortemRecord | undefined> {
    const row: PostmortemRow | undefined = await db('incident_postmortems')
      .where({ incident_id: incidentId })
      .first();
    if (!row) return undefined;
    const sectionRows: SectionRow[] = await db(
      'incident_postmortem_sections',
    ).where({
      incident_id: incidentId,
    });
    const sections = Object.fromEntries(
      POSTMORTEM_SECTION_IDS.map(id => {
        const s = sectionRows.find(r => r.section_id === id);
        return [
          id,
          {
            markdown: s?.markdown ?? '',
            updatedBy: s?.updated_by ?? null,
            updatedAt: numOrNull(s?.updated_at),
          },
        ];
      }),
    ) as PostmortemRecord['sections'];
    return {
      incidentId,
      status: row.status,
      createdBy: row.created_by,
      createdAt: num(row.created_at),
      updatedAt: num(row.updated_at),
      publishedAt: numOrNull(row.published_at),
      version: num(row.version),
      sections,
    };
  }
}

/**
 * The SQL condition "this incident's post-mortem is overdue": required,
 * resolved before `overdueBefore`, and not published. `incident` and
 * `postmortem` are the aliases of the two tables.
 */
export function overdueCondition(
  incident: string,
  postmortem: string,
  policy: { requiredFor: string[]; overdueBefore: number },
): { sql: string; bindings: Knex.Value[] } {
  if (policy.requiredFor.length === 0) {
    return { sql: '1 = 0', bindings: [] };
  }
  return {
    sql: `(${incident}.severity IN (${policy.requiredFor
      .map(() => '?')
      .join(
        ', ',
      )}) AND ${incident}.resolved_at IS NOT NULL AND ${incident}.resolved_at < ? AND (${postmortem}.status IS NULL OR ${postmortem}.status <> 'published'))`,
    bindings: [...policy.requiredFor, policy.overdueBefore],
  };
}
