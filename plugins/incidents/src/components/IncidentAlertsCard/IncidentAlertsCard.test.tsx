import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  makeAlert,
  makeIncident,
} from '../../__testUtils__/fakeIncidentsBackend';
import { renderIncidentsUi } from '../../__testUtils__/renderIncidentsUi';
import { IncidentAlertsCard } from './IncidentAlertsCard';

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

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
});
