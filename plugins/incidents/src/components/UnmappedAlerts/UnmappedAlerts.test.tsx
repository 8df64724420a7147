import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  makeAlert,
} from '../../__testUtils__/fakeIncidentsBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { UnmappedAlerts } from './UnmappedAlerts';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

describe('alerts in the portal', () => {
  it('lists alerts that name no entity with the reason and their labels', async () => {
    server.use(
      ...createFakeIncidentsBackend({
        alerts: [
          makeAlert({
            alertname: 'DiskFull',
            labels: { alertname: 'DiskFull', service: 'billing-batch' },
            reason: 'No catalog entity matches service="billing-batch"',
          }),
        ],
      }).handlers,
    );
    await renderIncidentsUi(<UnmappedAlerts />);
    expect(
      await screen.findByText('Alerts without an entity (1)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No catalog entity matches service="billing-batch"'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('alertname="DiskFull" service="billing-batch"'),
    ).toBeInTheDocument();
  });
});
