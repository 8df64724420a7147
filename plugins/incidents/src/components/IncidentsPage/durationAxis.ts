const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Steps between the ticks of a duration axis, in whole units people use. */
const STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

/** At most this many steps above zero. */
const MAX_STEPS = 4;

/**
 * The ticks of a duration axis from zero up to at least `maxMs`, a whole
 * number of minutes, hours or days apart: `[0, 30 min, 1 h, 1.5 h]`.
 */
export function durationTicks(maxMs: number): number[] {
  const max = Math.max(maxMs, MINUTE);
  const step =
    STEPS.find(s => max / s <= MAX_STEPS) ??
    Math.ceil(max / MAX_STEPS / (30 * DAY)) * 30 * DAY;
  const count = Math.ceil(max / step);
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

const trim = (n: number) => String(Number(n.toFixed(1)));

/**
 * A duration as short as an axis label can be, in one unit: `0`, `45m`,
 * `2h`, `1.5h`, `36h`, `3d`.
 */
export function formatAxisDuration(ms: number): string {
  if (ms <= 0) {
    return '0';
  }
  if (ms < HOUR) {
    return `${trim(ms / MINUTE)}m`;
  }
  if (ms < 2 * DAY) {
    return `${trim(ms / HOUR)}h`;
  }
  return `${trim(ms / DAY)}d`;
}
