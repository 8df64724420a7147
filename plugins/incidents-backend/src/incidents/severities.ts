import { Config } from '@backstage/config';
import {
  DEFAULT_SEVERITIES,
  Severity,
} from '@bomizzel/plugin-incidents-common';

/**
 * Reads `incidents.severities`, falling back to the runbook's P0–P3.
 *
 * Misconfiguration stops the plugin at start-up with a message that names the
 * offending key, rather than surfacing later as odd behaviour.
 */
export function readSeverities(config: Config): Severity[] {
  const configs = config.getOptionalConfigArray('incidents.severities');
  if (!configs) {
    return DEFAULT_SEVERITIES.map(s => ({ ...s, examples: [...s.examples] }));
  }
  if (configs.length === 0) {
    throw new Error('incidents.severities must list at least one severity');
  }
  const seen = new Set<string>();
  return configs.map((c, index) => {
    const id = c.getString('id');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new Error(
        `incidents.severities[${index}].id must be 1-32 letters, digits, '-' or '_', got '${id}'`,
      );
    }
    if (seen.has(id)) {
      throw new Error(
        `incidents.severities[${index}].id '${id}' is listed twice`,
      );
    }
    seen.add(id);
    const responseMinutes = c.getNumber('responseMinutes');
    if (!Number.isInteger(responseMinutes) || responseMinutes <= 0) {
      throw new Error(
        `incidents.severities[${index}].responseMinutes must be a positive whole number of minutes`,
      );
    }
    return {
      id,
      name: c.getString('name'),
      description: c.getString('description'),
      examples: c.getOptionalStringArray('examples') ?? [],
      responseMinutes,
    };
  });
}
