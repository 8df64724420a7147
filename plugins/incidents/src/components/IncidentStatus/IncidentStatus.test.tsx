import { renderInTestApp } from '@backstage/frontend-test-utils';
import { INCIDENT_STATUSES } from '@bomizzel/plugin-incidents-common';
import { isInaccessible } from '@testing-library/dom';
import { screen } from '@testing-library/react';
import { IncidentStatus } from './IncidentStatus';

describe('IncidentStatus', () => {
  it('names every step of the lifecycle, readable by assistive technology', async () => {
    await renderInTestApp(
      <ul>
        {INCIDENT_STATUSES.map(status => (
          <li key={status}>
            <IncidentStatus status={status} />
          </li>
        ))}
      </ul>,
    );
    expect(screen.getAllByRole('listitem').map(i => i.textContent)).toEqual([
      'Investigating',
      'Identified',
      'Resolving',
      'Resolved',
    ]);
    for (const label of [
      'Investigating',
      'Identified',
      'Resolving',
      'Resolved',
    ]) {
      expect(isInaccessible(screen.getByText(label))).toBe(false);
    }
  });
});
