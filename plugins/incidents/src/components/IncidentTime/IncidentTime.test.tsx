import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { formatAbsoluteTime, IncidentTime } from './IncidentTime';

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
