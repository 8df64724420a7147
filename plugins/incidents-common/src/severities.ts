/**
 * A severity level of the incident process, as configured under
 * `incidents.severities` (default: the Bomizzel runbook's P0–P3).
 *
 * @public
 */
export interface Severity {
  /** Short id used in the API and the database, for example `P0`. */
  id: string;
  /** Human name, for example `Critical`. */
  name: string;
  /** What the level means. */
  description: string;
  /** Typical situations at this level. */
  examples: string[];
  /** Time from detection within which the incident must be acknowledged, in minutes. */
  responseMinutes: number;
}

/**
 * The severity table of the Bomizzel incident response runbook, most severe first.
 *
 * @public
 */
export const DEFAULT_SEVERITIES: readonly Severity[] = Object.freeze([
  {
    id: 'P0',
    name: 'Critical',
    description: 'Complete system outage',
    examples: ['Application down', 'Database unavailable'],
    responseMinutes: 15,
  },
  {
    id: 'P1',
    name: 'High',
    description: 'Major functionality impacted',
    examples: ['High error rates', 'Slow response times'],
    responseMinutes: 60,
  },
  {
    id: 'P2',
    name: 'Medium',
    description: 'Minor functionality impacted',
    examples: ['Non-critical features broken'],
    responseMinutes: 240,
  },
  {
    id: 'P3',
    name: 'Low',
    description: 'Cosmetic or minor issues',
    examples: ['UI glitches', 'Minor bugs'],
    responseMinutes: 1440,
  },
]);
