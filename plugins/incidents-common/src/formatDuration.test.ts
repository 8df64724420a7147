import { formatDuration } from './formatDuration';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [40_000, '40 s'],
    [12 * 60_000, '12 min'],
    [(2 * 60 + 5) * 60_000, '2 h 5 min'],
    [2 * 3600_000, '2 h'],
    [(3 * 24 + 4) * 3600_000 + 7 * 60_000, '3 d 4 h'],
    [-5, '0 s'],
  ])('%i ms reads as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('skips a unit that is zero', () => {
    expect(formatDuration(DAY + 5 * MINUTE + 30_000)).toBe('1 d 5 min');
  });

  // What the backend's message and post-mortem templates write.
  it.each([
    [0, '< 1 min'],
    [59_999, '< 1 min'],
    [11 * MINUTE, '11 min'],
    [HOUR + 35 * MINUTE + 59_000, '1 h 35 min'],
    [2 * DAY + 3 * HOUR + 5 * MINUTE, '2 d 3 h 5 min'],
    [-HOUR, '< 1 min'],
  ])('in minutes and up to three units, %i ms reads as %s', (ms, text) => {
    expect(formatDuration(ms, { maxUnits: 3, smallestUnit: 'minutes' })).toBe(
      text,
    );
  });
});
