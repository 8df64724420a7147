import {
  IncidentEventType,
  IncidentStatus,
} from '@bomizzel/plugin-incidents-common';
import { IncidentPermissionFilter } from './incidentConditions';

/**
 * An incident as stored, with epoch-millisecond times.
 *
 * @public
 */
export interface IncidentRecord {
  id: number;
  title: string;
  description: string;
  severity: string;
  status: IncidentStatus;
  commander: string | null;
  reporter: string;
  entityRefs: string[];
  startedAt: number | null;
  detectedAt: number;
  acknowledgedAt: number | null;
  identifiedAt: number | null;
  resolvedAt: number | null;
  createdAt: number;
  updatedAt: number;
  version: number;
  demo: boolean;
}

/** The fields of an incident that a change may set. */
export type IncidentChanges = Partial<
  Pick<
    IncidentRecord,
    | 'title'
    | 'description'
    | 'severity'
    | 'status'
    | 'commander'
    | 'acknowledgedAt'
    | 'identifiedAt'
    | 'resolvedAt'
    | 'entityRefs'
  >
>;

export interface NewIncidentEvent {
  type: IncidentEventType;
  message?: string | null;
  data?: Record<string, unknown>;
}

/**
 * A timeline event the system writes on its own rather than as part of a
 * change through {@link IncidentStore.update}: who (a plugin or service ref)
 * and when are its own.
 */
export interface NewSystemEvent extends NewIncidentEvent {
  incidentId: number;
  actor: string;
  createdAt: number;
}

export interface IncidentEventRecord {
  id: number;
  incidentId: number;
  type: IncidentEventType;
  actor: string;
  createdAt: number;
  message: string | null;
  data: Record<string, unknown>;
}

export type NewIncident = Omit<
  IncidentRecord,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'demo'
  | 'acknowledgedAt'
  | 'identifiedAt'
  | 'resolvedAt'
> &
  Partial<
    Pick<
      IncidentRecord,
      'acknowledgedAt' | 'identifiedAt' | 'resolvedAt' | 'demo'
    >
  >;

export interface IncidentListFilter {
  /** Already expanded (roll-ups) and normalised entity refs. */
  entityRefs?: string[];
  statuses?: IncidentStatus[];
  severities?: string[];
  /** created_at at or after, epoch ms */
  from?: number;
  /** created_at before, epoch ms */
  to?: number;
  q?: string;
  limit: number;
  /** Keyset position: the last incident of the previous page. */
  after?: { createdAt: number; id: number };
  /** Conditions of the caller's read permission. */
  permission?: IncidentPermissionFilter;
}

export interface IdempotencyRecord {
  requestHash: string;
  incidentId: number;
}

/** The owner refs of entities, as copied from the catalog. */
export type EntityOwners = Map<string, string[]>;

/**
 * The facts of an incident that decisions about it read (the escalation's
 * levels), without its text and entities.
 */
export interface IncidentSummary {
  id: number;
  title: string;
  severity: string;
  status: IncidentStatus;
  detectedAt: number;
  acknowledgedAt: number | null;
}

/**
 * A bigint column as the drivers return it: a number on SQLite, a string on
 * PostgreSQL.
 */
export type BigintColumn = number | string;

/** An `incidents` row. */
export interface IncidentRow {
  id: BigintColumn;
  title: string;
  description: string;
  severity: string;
  status: IncidentStatus;
  commander: string | null;
  reporter: string;
  started_at: BigintColumn | null;
  detected_at: BigintColumn;
  acknowledged_at: BigintColumn | null;
  identified_at: BigintColumn | null;
  resolved_at: BigintColumn | null;
  created_at: BigintColumn;
  updated_at: BigintColumn;
  version: number;
  /** 0 or 1 on SQLite */
  demo: boolean | number;
}

/** An `incident_events` row. */
export interface IncidentEventRow {
  id: BigintColumn;
  incident_id: BigintColumn;
  type: IncidentEventType;
  actor: string;
  created_at: BigintColumn;
  message: string | null;
  /** JSON */
  data: string | null;
}

export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

export function toIncidentRecord(
  r: IncidentRow,
  entityRefs: string[],
): IncidentRecord {
  return {
    id: num(r.id),
    title: r.title,
    description: r.description,
    severity: r.severity,
    status: r.status,
    commander: r.commander ?? null,
    reporter: r.reporter,
    entityRefs,
    startedAt: numOrNull(r.started_at),
    detectedAt: num(r.detected_at),
    acknowledgedAt: numOrNull(r.acknowledged_at),
    identifiedAt: numOrNull(r.identified_at),
    resolvedAt: numOrNull(r.resolved_at),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
    version: num(r.version),
    demo: Boolean(r.demo),
  };
}

/** The columns of the fields set, for an update of `incidents`. */
export function incidentColumns(
  fields: Partial<NewIncident>,
): Partial<IncidentRow> {
  const columns: Record<string, keyof IncidentRow> = {
    title: 'title',
    description: 'description',
    severity: 'severity',
    status: 'status',
    commander: 'commander',
    reporter: 'reporter',
    startedAt: 'started_at',
    detectedAt: 'detected_at',
    acknowledgedAt: 'acknowledged_at',
    identifiedAt: 'identified_at',
    resolvedAt: 'resolved_at',
    demo: 'demo',
  };
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key in columns && value !== undefined) {
      row[columns[key]] = value;
    }
  }
  return row as Partial<IncidentRow>;
}

export function toEventRecord(r: IncidentEventRow): IncidentEventRecord {
  return {
    id: num(r.id),
    incidentId: num(r.incident_id),
    type: r.type,
    actor: r.actor,
    createdAt: num(r.created_at),
    message: r.message ?? null,
    data: JSON.parse(r.data ?? '{}'),
  };
}

/** An `incident_events` row as written. */
export function eventRow(
  incidentId: number,
  actor: string,
  createdAt: number,
  event: NewIncidentEvent,
): Omit<IncidentEventRow, 'id'> {
  return {
    incident_id: incidentId,
    type: event.type,
    actor,
    created_at: createdAt,
    message: event.message ?? null,
    data: JSON.stringify(event.data ?? {}),
  };
}
