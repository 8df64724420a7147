import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  DEFAULT_SEVERITIES,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SeverityChip } from './SeverityChip';
import { severityColors } from './severityColors';

const levels = [...DEFAULT_SEVERITIES];

describe('severityColors', () => {
  it('goes from red to blue by position in the configured list', () => {
    expect(levels.map(l => severityColors(l.id, levels).background)).toEqual([
      '#d32f2f', // red
      '#ef6c00', // orange
      '#ffc107', // amber
      '#1e88e5', // blue
    ]);
  });

  it('follows the configuration, not the id', () => {
    const renamed: Severity[] = [
      { ...levels[0], id: 'SEV1' },
      { ...levels[1], id: 'SEV2' },
    ];
    expect(severityColors('SEV1', renamed).background).toBe('#d32f2f');
    expect(severityColors('P0', renamed).background).not.toBe('#d32f2f');
  });

  it('greys levels past the fourth', () => {
    const many = [
      ...levels,
      { ...levels[3], id: 'P4' },
      { ...levels[3], id: 'P5' },
    ];
    expect(severityColors('P4', many)).toEqual(severityColors('P5', many));
    expect(severityColors('P4', many).background).not.toBe(
      severityColors('P3', many).background,
    );
  });
});

describe('SeverityChip', () => {
  it('shows the level, with its meaning on hover', async () => {
    await renderInTestApp(
      <SeverityChip severity="P0" severities={levels} showName />,
    );
    const chip = screen.getByLabelText('Severity P0 Critical');
    expect(chip).toHaveTextContent('P0 · Critical');
    expect(chip).toHaveStyle({ backgroundColor: '#d32f2f' });
    await userEvent.hover(chip);
    expect(
      await screen.findByText(
        'Critical: Complete system outage. Respond within 15 min.',
      ),
    ).toBeInTheDocument();
  });

  it('shows an unknown level as it is', async () => {
    await renderInTestApp(<SeverityChip severity="SEV9" severities={levels} />);
    expect(screen.getByText('SEV9')).toBeInTheDocument();
  });
});
