import { Incident } from '@bomizzel/plugin-incidents-common';
import { DateTime } from 'luxon';

const time = (d: DateTime) => d.toFormat('HH:mm');
const dayAndTime = (d: DateTime) => d.toFormat('d LLL HH:mm');

/**
 * The incident window as a person reads it: the incident's start and end
 * (or "now") and the margin the links add on each side, for example
 * `14:02 – 15:40 ±15 min`. The date is added when the window is not within
 * today. Falls back to the window itself when the margin is not whole
 * minutes on both sides.
 */
export function formatIncidentWindow(
  incident: Pick<Incident, 'startedAt' | 'detectedAt' | 'resolvedAt'>,
  window: { from: string; to: string },
  now: DateTime = DateTime.now(),
): string {
  const from = DateTime.fromISO(window.from);
  const to = DateTime.fromISO(window.to);
  const start = DateTime.fromISO(incident.startedAt ?? incident.detectedAt);
  const end = incident.resolvedAt
    ? DateTime.fromISO(incident.resolvedAt)
    : undefined;
  const before = start.diff(from, 'minutes').minutes;
  const after = end ? to.diff(end, 'minutes').minutes : before;
  const hasMargin =
    before > 0 && Number.isInteger(before) && Math.abs(after - before) < 1;

  const [first, last] = hasMargin ? [start, end] : [from, to];
  const sameDay = (d?: DateTime) => !d || d.hasSame(first, 'day');
  const withDate = !first.hasSame(now, 'day') || !sameDay(last);
  const fmt = withDate ? dayAndTime : time;
  let lastText = 'now';
  if (last) {
    lastText = sameDay(last) ? time(last) : dayAndTime(last);
  }
  return `${fmt(first)} – ${lastText}${hasMargin ? ` ±${before} min` : ''}`;
}
