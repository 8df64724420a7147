import { Config } from '@backstage/config';
import { Severity } from '@bomizzel/plugin-incidents-common';

/** When post-mortems are required and due. */
export interface PostmortemPolicy {
  /** Severity ids whose incidents require a post-mortem. */
  requiredFor: string[];
  /** Hours after resolution within which it must be published. */
  dueHours: number;
}

/**
 * Reads `incidents.postmortems`; defaults from the runbook: P0 and P1, due
 * within 24 hours of resolution. Unknown severities stop the start-up.
 */
export function readPostmortemPolicy(
  config: Config,
  severities: Severity[],
): PostmortemPolicy {
  const requiredFor =
    config.getOptionalStringArray('incidents.postmortems.requiredFor') ??
    ['P0', 'P1'].filter(id => severities.some(s => s.id === id));
  for (const id of requiredFor) {
    if (!severities.some(s => s.id === id)) {
      throw new Error(
        `incidents.postmortems.requiredFor: '${id}' is not one of the severities ${severities
          .map(s => s.id)
          .join(', ')}`,
      );
    }
  }
  const dueHours =
    config.getOptionalNumber('incidents.postmortems.dueHours') ?? 24;
  if (!(dueHours > 0) || dueHours > 24 * 365) {
    throw new Error(
      `incidents.postmortems.dueHours must be a number of hours above 0, got ${dueHours}`,
    );
  }
  return { requiredFor, dueHours };
}
