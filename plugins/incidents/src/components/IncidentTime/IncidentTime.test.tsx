import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { formatDuration } from './formatDuration';
import { formatAbsoluteTime, IncidentTime } from './IncidentTime';

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
});

describe('IncidentTime', () => {
  it('shows the time relative to now, the absolute time on hover', async () => {
    const time = new Date(Date.now() - 3 * 3600_000).toISOString();
    await renderInTestApp(<IncidentTime time={time} prefix="Declared" />);
    const element = screen.getByText('Declared 3 hours ago');
    expect(element).toHaveAttribute('datetime', time);
    await userEvent.hover(element);
    expect(
      await screen.findByText(formatAbsoluteTime(time)),
    ).toBeInTheDocument();
  });
});
