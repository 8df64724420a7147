import { IncidentDurationStats } from './client/types';

/**
 * The review states of a post-mortem: written as a draft, reviewed, then
 * published. Moving back to draft is allowed and recorded.
 *
 * @public
 */
export const POSTMORTEM_STATUSES = ['draft', 'in_review', 'published'] as const;

/** @public */
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

/**
 * The sections of the runbook's post-mortem template, in order. Action items
 * (section 5) are first-class records, see {@link ActionItem}.
 *
 * @public
 */
export const POSTMORTEM_SECTION_IDS = [
  'summary',
  'timeline',
  'rootCause',
  'responseEvaluation',
] as const;

/** @public */
export type PostmortemSectionId = (typeof POSTMORTEM_SECTION_IDS)[number];

/** @public */
export interface PostmortemSection {
  id: PostmortemSectionId;
  /** `Incident summary`, `Timeline`, `Root cause analysis`, `Response evaluation`. */
  title: string;
  /** The questions of the runbook's template for this section. */
  prompts: string[];
  /** Markdown. */
  markdown: string;
  /** Who last wrote the section (user entity ref) and when (ISO). */
  updatedBy?: string;
  updatedAt?: string;
}

/**
 * The runbook's post-mortem template: for each section, its title and the
 * questions it answers. The backend serves these with every post-mortem (see
 * {@link PostmortemSection}); test fakes use them to answer alike.
 *
 * @public
 */
export const POSTMORTEM_TEMPLATE: Readonly<
  Record<PostmortemSectionId, Pick<PostmortemSection, 'title' | 'prompts'>>
> = {
  summary: {
    title: 'Incident summary',
    prompts: [
      'What happened?',
      'When did it happen?',
      'How long did it last?',
      'What was the impact?',
    ],
  },
  timeline: {
    title: 'Timeline',
    prompts: [
      'Detection time',
      'Response time',
      'Resolution time',
      'Key events during incident',
    ],
  },
  rootCause: {
    title: 'Root cause analysis',
    prompts: [
      'What was the root cause?',
      'What were contributing factors?',
      "Why wasn't it caught earlier?",
    ],
  },
  responseEvaluation: {
    title: 'Response evaluation',
    prompts: [
      'What went well?',
      'What could be improved?',
      'Were procedures followed?',
    ],
  },
};

/**
 * The post-mortem of an incident. Before anyone writes it, the API returns
 * it with `exists: false` and its sections prefilled from the template and
 * the incident's timeline.
 *
 * @public
 */
export interface Postmortem {
  incidentId: number;
  /** `INC-42` */
  incidentRef: string;
  exists: boolean;
  status: PostmortemStatus;
  /** Whether the incident's severity requires one (P0/P1 by default). */
  required: boolean;
  /** ISO; resolution + the configured delay (24 h), when required and resolved. */
  dueAt?: string;
  /** Required, not published, and past `dueAt`. */
  overdue: boolean;
  sections: PostmortemSection[];
  createdBy?: string;
  createdAt?: string;
  updatedAt?: string;
  publishedAt?: string;
  /** For If-Match (ETag `"<version>"`); 0 before it exists. */
  version: number;
}

/**
 * Writes sections and/or moves the status. Only the sections given change;
 * each records its author.
 *
 * @public
 */
export interface SavePostmortemRequest {
  sections?: Partial<Record<PostmortemSectionId, string>>;
  status?: PostmortemStatus;
}

/**
 * A post-mortem as listed for an entity or a team.
 *
 * @public
 */
export interface PostmortemSummary {
  incidentId: number;
  incidentRef: string;
  incidentTitle: string;
  severity: string;
  /** `missing` when required and not started. */
  status: PostmortemStatus | 'missing';
  required: boolean;
  dueAt?: string;
  overdue: boolean;
  entityRefs: string[];
  updatedAt?: string;
}

/** @public */
export interface ListPostmortemsRequest {
  /** Entities (Systems and Groups roll up like incidents). */
  entityRef?: string[];
  status?: Array<PostmortemStatus | 'missing'>;
  overdue?: boolean;
}

/**
 * The kinds of action items of the runbook's template.
 *
 * @public
 */
export const ACTION_ITEM_KINDS = [
  'immediate_fix',
  'long_term_improvement',
  'process_change',
  'monitoring_enhancement',
] as const;

/** @public */
export type ActionItemKind = (typeof ACTION_ITEM_KINDS)[number];

/** @public */
export const ACTION_ITEM_STATUSES = [
  'open',
  'in_progress',
  'done',
  'wont_do',
] as const;

/** @public */
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

/**
 * A follow-up of an incident.
 *
 * @public
 */
export interface ActionItem {
  id: number;
  incidentId: number;
  incidentRef: string;
  title: string;
  kind: ActionItemKind;
  /** User or group entity ref. */
  owner?: string;
  /** `YYYY-MM-DD` */
  dueDate?: string;
  status: ActionItemStatus;
  /** Link to the external ticket (http/https only). */
  ticketUrl?: string;
  /** Not done/won't do and past its due date. */
  overdue: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** @public */
export interface CreateActionItemRequest {
  title: string;
  kind: ActionItemKind;
  owner?: string;
  dueDate?: string;
  ticketUrl?: string;
}

/** @public */
export type UpdateActionItemRequest = Partial<
  Omit<CreateActionItemRequest, 'owner' | 'dueDate' | 'ticketUrl'>
> & {
  status?: ActionItemStatus;
  /** `null` clears it. */
  owner?: string | null;
  dueDate?: string | null;
  ticketUrl?: string | null;
};

/**
 * Action items of incidents, of entities (roll-ups as for incidents) or of an
 * owner (user, or group and its members' items); overdue first, then by due
 * date.
 *
 * @public
 */
export interface ListActionItemsRequest {
  incidentId?: number | string;
  entityRef?: string[];
  owner?: string;
  status?: ActionItemStatus[];
  overdue?: boolean;
}

/** @public */
export interface ListActionItemsResponse {
  items: ActionItem[];
}

/**
 * The monthly trend review: the last `months` calendar months (UTC).
 *
 * @public
 */
export interface TrendsRequest {
  /** Restrict to entities; a Group or System rolls up. */
  entityRef?: string[];
  /** 1–24, default 12. */
  months?: number;
}

/** @public */
export interface IncidentTrends {
  /** `YYYY-MM`, oldest first. */
  months: string[];
  /** Incidents declared per month and severity. */
  monthly: Array<{
    month: string;
    total: number;
    bySeverity: Record<string, number>;
    mtta: IncidentDurationStats;
    mttr: IncidentDurationStats;
  }>;
  /** Per owning team (the affected entities' owners). */
  byTeam: Array<{
    ownerRef: string;
    total: number;
    mtta: IncidentDurationStats;
    mttr: IncidentDurationStats;
  }>;
  /** Per system (the affected entities' `spec.system`). */
  bySystem: Array<{
    systemRef: string;
    total: number;
    mtta: IncidentDurationStats;
    mttr: IncidentDurationStats;
  }>;
  /** Most affected entities, most incidents first (top 10). */
  topEntities: Array<{ entityRef: string; total: number }>;
  postmortems: {
    required: number;
    published: number;
    overdue: number;
  };
  actionItems: {
    open: number;
    overdue: number;
    done: number;
  };
}
