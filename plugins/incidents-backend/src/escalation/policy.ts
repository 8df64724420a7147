import { Config } from '@backstage/config';
import {
  ESCALATION_ROLES,
  EscalationLevel,
  EscalationRole,
  EscalationStopCondition,
  Severity,
} from '@bomizzel/plugin-incidents-common';

/**
 * The escalation policy: its levels and how often open incidents are checked.
 */
export interface EscalationPolicy {
  enabled: boolean;
  checkEverySeconds: number;
  levels: EscalationLevel[];
}

/**
 * The runbook's escalation matrix. The team lead level applies to P0 and P1
 * only: P2 and P3 have response targets of 4 and 24 hours, and paging a lead
 * after 15 minutes would contradict them.
 */
export function defaultEscalationLevels(
  severities: readonly Severity[],
): EscalationLevel[] {
  const all = severities.map(s => s.id);
  const known = (ids: string[]) => ids.filter(id => all.includes(id));
  return [
    {
      id: 'oncall',
      title: 'On-call engineer',
      role: 'oncall',
      afterMinutes: 0,
      severities: all,
      stopWhen: 'resolved',
    },
    {
      id: 'lead',
      title: 'Team lead',
      role: 'lead',
      afterMinutes: 15,
      severities: known(['P0', 'P1']),
      stopWhen: 'progress',
    },
    {
      id: 'manager',
      title: 'Engineering manager',
      role: 'manager',
      afterMinutes: 30,
      severities: known(['P0']),
      stopWhen: 'resolved',
    },
    {
      id: 'executive',
      title: 'CTO / VP Engineering',
      role: 'executive',
      afterMinutes: 60,
      severities: known(['P0']),
      stopWhen: 'resolved',
    },
  ];
}

const STOP_CONDITIONS: EscalationStopCondition[] = ['progress', 'resolved'];

/** Reads `incidents.escalation`; throws naming the bad key. */
export function readEscalationPolicy(
  config: Config,
  severities: readonly Severity[],
): EscalationPolicy {
  const c = config.getOptionalConfig('incidents.escalation');
  const checkEverySeconds = c?.getOptionalNumber('checkEverySeconds') ?? 60;
  if (!(checkEverySeconds >= 1)) {
    throw new Error(
      'incidents.escalation.checkEverySeconds must be at least 1 second',
    );
  }
  const severityIds = severities.map(s => s.id);
  const configured = c?.getOptionalConfigArray('levels');
  const levels = configured
    ? configured.map((l, index) => {
        const key = `incidents.escalation.levels[${index}]`;
        const role = l.getString('role') as EscalationRole;
        if (!ESCALATION_ROLES.includes(role)) {
          throw new Error(
            `${key}.role must be one of ${ESCALATION_ROLES.join(', ')}`,
          );
        }
        const afterMinutes = l.getNumber('afterMinutes');
        if (!(afterMinutes >= 0)) {
          throw new Error(`${key}.afterMinutes must be zero or more minutes`);
        }
        const levelSeverities =
          l.getOptionalStringArray('severities') ?? severityIds;
        const unknown = levelSeverities.find(s => !severityIds.includes(s));
        if (unknown) {
          throw new Error(
            `${key}.severities names ${unknown}, which is not a configured severity`,
          );
        }
        const stopWhen = (l.getOptionalString('stopWhen') ??
          'resolved') as EscalationStopCondition;
        if (!STOP_CONDITIONS.includes(stopWhen)) {
          throw new Error(
            `${key}.stopWhen must be one of ${STOP_CONDITIONS.join(', ')}`,
          );
        }
        return {
          id: l.getOptionalString('id') ?? role,
          title: l.getOptionalString('title') ?? role,
          role,
          afterMinutes,
          severities: levelSeverities,
          stopWhen,
        };
      })
    : defaultEscalationLevels(severities);
  const ids = new Set<string>();
  for (const level of levels) {
    if (ids.has(level.id)) {
      throw new Error(
        `incidents.escalation.levels: the id ${level.id} is used twice`,
      );
    }
    ids.add(level.id);
  }
  return {
    enabled: c?.getOptionalBoolean('enabled') ?? true,
    checkEverySeconds,
    levels,
  };
}
