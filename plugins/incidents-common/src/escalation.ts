/**
 * The escalation roles of the runbook's matrix. Who holds a role comes from
 * the `bomizzel.com/escalation-<role>` annotation of the owner group of an
 * affected entity, or of the nearest parent group that has it.
 *
 * @public
 */
export const ESCALATION_ROLES = [
  'oncall',
  'lead',
  'manager',
  'executive',
] as const;

/** @public */
export type EscalationRole = (typeof ESCALATION_ROLES)[number];

/**
 * When a level no longer fires: `progress` (the incident was acknowledged and
 * moved past INVESTIGATING) or `resolved` (the incident is RESOLVED).
 *
 * @public
 */
export type EscalationStopCondition = 'progress' | 'resolved';

/**
 * One level of the escalation policy.
 *
 * @public
 */
export interface EscalationLevel {
  id: string;
  /** For people: `Team lead`. */
  title: string;
  role: EscalationRole;
  /** Minutes after detection at which the level fires. */
  afterMinutes: number;
  /** Severity ids the level applies to. */
  severities: string[];
  stopWhen: EscalationStopCondition;
}

/**
 * Where an incident stands on one level: fired (when, to whom), pending (due
 * when), stopped (its condition was met before it was due) or not applicable
 * (the incident's severity is not covered).
 *
 * @public
 */
export interface IncidentEscalationLevel extends EscalationLevel {
  state: 'fired' | 'pending' | 'stopped' | 'not-applicable';
  /** ISO time the level fires or fired at the earliest. */
  dueAt: string;
  /** ISO time it fired. */
  firedAt?: string;
  /** User entity refs at this level (when fired: those notified). */
  recipients: string[];
}

/**
 * The escalation of one incident.
 *
 * @public
 */
export interface IncidentEscalation {
  incidentId: number;
  /** The last level that fired. */
  currentLevel?: string;
  /** The next pending level and when it fires. */
  next?: { level: string; dueAt: string };
  levels: IncidentEscalationLevel[];
}
