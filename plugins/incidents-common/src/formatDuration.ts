import { Duration } from 'luxon';

/**
 * How {@link formatDuration} writes a duration.
 *
 * @public
 */
export interface FormatDurationOptions {
  /** How many units at the most, largest first; default 2 (`3 d 4 h`). */
  maxUnits?: number;
  /**
   * The smallest unit written; default `seconds` (`40 s`). With `minutes`,
   * what is shorter than a minute reads `< 1 min`.
   */
  smallestUnit?: 'seconds' | 'minutes';
}

/**
 * A duration for people, in days, hours and minutes, rounded down: `40 s`,
 * `12 min`, `2 h 5 min`, `3 d 4 h`. Negative durations read as none.
 *
 * @public
 */
export function formatDuration(
  ms: number,
  options: FormatDurationOptions = {},
): string {
  const { maxUnits = 2, smallestUnit = 'seconds' } = options;
  const { days, hours, minutes, seconds } = Duration.fromMillis(Math.max(0, ms))
    .shiftTo('days', 'hours', 'minutes', 'seconds')
    .toObject();
  if (!days && !hours && !minutes) {
    return smallestUnit === 'minutes'
      ? '< 1 min'
      : `${Math.floor(seconds ?? 0)} s`;
  }
  const parts: string[] = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${Math.floor(minutes)} min`);
  return parts.slice(0, maxUnits).join(' ');
}
