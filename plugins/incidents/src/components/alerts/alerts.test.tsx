import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ReceivedAlert } from '@bomizzel/plugin-incidents-common';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  makeIncident,
  NOW,
} from '../../__testUtils__/fakeIncidentsBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { IncidentAlertsCard } from './IncidentAlertsCard';
import { UnmappedAlerts } from './UnmappedAlerts';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

const makeAlert = (overrides: Partial<ReceivedAlert>): ReceivedAlert => ({
  id: 1,
  fingerprint: 'a1b2c3d4e5f60789',
  status: 'firing',
  alertname: 'HighErrorRate',
  labels: { alertname: 'HighErrorRate', service: 'bomizzel-api' },
  annotations: { summary: 'More than 5% of requests fail' },
  startsAt: new Date(NOW - 3600_000).toISOString(),
  receivedAt: new Date(NOW - 3600_000).toISOString(),
  updatedAt: new Date(NOW - 3600_000).toISOString(),
  ...overrides,
});

describe('alerts in the portal', () => {
  it("lists an incident's alerts with their runbooks and sources", async () => {
    const incident = makeIncident({ id: 3 });
    server.use(
      ...createFakeIncidentsBackend({
        incidents: [incident],
        alerts: [
          makeAlert({
            id: 1,
            incidentId: 3,
            runbookUrl: 'https://runbooks.example.com/backend-service.md',
            generatorUrl: 'http://prometheus:9090/graph?g0.expr=errors',
          }),
          makeAlert({
            id: 2,
            incidentId: 3,
            alertname: 'HighLatency',
            status: 'resolved',
            annotations: {},
          }),
          makeAlert({ id: 3, incidentId: 9, alertname: 'Elsewhere' }),
        ],
      }).handlers,
    );
    await renderIncidentsUi(<IncidentAlertsCard incident={incident} />);

    expect(await screen.findByText('1 of 2 firing')).toBeInTheDocument();
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(
      /firing\s*HighErrorRate.*More than 5% of requests fail/,
    );
    expect(
      within(items[0]).getByRole('link', { name: /^Runbook/ }),
    ).toHaveAttribute(
      'href',
      'https://runbooks.example.com/backend-service.md',
    );
    expect(
      within(items[0]).getByRole('link', { name: /^Source/ }),
    ).toHaveAttribute('href', 'http://prometheus:9090/graph?g0.expr=errors');
    expect(items[1]).toHaveTextContent(/resolved\s*HighLatency/);
    expect(screen.queryByText('Elsewhere')).not.toBeInTheDocument();
  });

  it('shows nothing for an incident declared by hand', async () => {
    const incident = makeIncident({ id: 4 });
    server.use(
      ...createFakeIncidentsBackend({ incidents: [incident] }).handlers,
    );
    const { container } = await renderIncidentsUi(
      <IncidentAlertsCard incident={incident} />,
    );
    await new Promise(r => setTimeout(r, 200));
    expect(container).not.toHaveTextContent('Alerts');
  });

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
