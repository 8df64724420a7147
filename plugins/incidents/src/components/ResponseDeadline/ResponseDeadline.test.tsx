import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { ResponseDeadline } from './ResponseDeadline';

const detectedAt = '2026-03-10T10:00:00.000Z';
const response = {
  targetMinutes: 15,
  deadline: '2026-03-10T10:15:00.000Z',
};

describe('ResponseDeadline', () => {
  it('says the target was met, and how fast', async () => {
    await renderInTestApp(
      <ResponseDeadline
        incident={{
          detectedAt,
          acknowledgedAt: '2026-03-10T10:07:00.000Z',
          response: { ...response, state: 'met' },
        }}
      />,
    );
    expect(screen.getByText('Met (ack. in 7 min)')).toBeInTheDocument();
  });

  it('says the target was missed', async () => {
    await renderInTestApp(
      <ResponseDeadline
        incident={{
          detectedAt,
          acknowledgedAt: null,
          response: { ...response, state: 'breached' },
        }}
      />,
    );
    expect(screen.getByText('Breached (not acknowledged)')).toBeInTheDocument();
  });

  it('says when a running target is due', async () => {
    const now = Date.now();
    await renderInTestApp(
      <ResponseDeadline
        incident={{
          detectedAt: new Date(now).toISOString(),
          acknowledgedAt: null,
          response: {
            targetMinutes: 60,
            deadline: new Date(now + 59.5 * 60_000).toISOString(),
            state: 'pending',
          },
        }}
      />,
    );
    expect(screen.getByText('Pending, due in 59 minutes')).toBeInTheDocument();
  });
});
