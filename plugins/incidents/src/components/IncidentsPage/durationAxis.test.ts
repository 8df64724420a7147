import { durationTicks, formatAxisDuration } from './durationAxis';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('a duration axis', () => {
  it.each([
    [0, ['0', '1m']],
    [40_000, ['0', '1m']],
    [12 * MINUTE, ['0', '5m', '10m', '15m']],
    [45 * MINUTE, ['0', '15m', '30m', '45m']],
    [2 * HOUR + 5 * MINUTE, ['0', '1h', '2h', '3h']],
    [90 * MINUTE, ['0', '30m', '1h', '1.5h']],
    [20 * HOUR, ['0', '6h', '12h', '18h', '24h']],
    [30 * HOUR, ['0', '12h', '24h', '36h']],
    [5 * DAY, ['0', '2d', '4d', '6d']],
    [400 * DAY, ['0', '120d', '240d', '360d', '480d']],
  ])('for up to %d ms has the ticks %j', (max, labels) => {
    const ticks = durationTicks(max);
    expect(ticks.map(formatAxisDuration)).toEqual(labels);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
  });

  it('labels are at most 4 characters, so that they never wrap', () => {
    for (const max of [MINUTE, 59 * MINUTE, 7 * HOUR, 3 * DAY, 90 * DAY]) {
      for (const tick of durationTicks(max)) {
        expect(formatAxisDuration(tick).length).toBeLessThanOrEqual(4);
      }
    }
  });
});
