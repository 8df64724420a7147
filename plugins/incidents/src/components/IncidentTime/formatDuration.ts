import { Duration } from 'luxon';

/**
 * A duration for people, in at most two units: `40 s`, `12 min`,
 * `2 h 5 min`, `3 d 4 h`.
 */
export function formatDuration(ms: number): string {
  const duration = Duration.fromMillis(Math.max(0, ms)).shiftTo(
    'days',
    'hours',
    'minutes',
    'seconds',
  );
  const { days, hours, minutes, seconds } = duration.toObject();
  if (!days && !hours && !minutes) {
    return `${Math.floor(seconds ?? 0)} s`;
  }
  const parts: string[] = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${Math.floor(minutes)} min`);
  return parts.slice(0, 2).join(' ');
}
