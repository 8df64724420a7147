/*
 * The portal's metrics as Prometheus scrapes them: the instrumentation file
 * registers the OpenTelemetry SDK with its Prometheus exporter, as --require
 * does before the backend, and Backstage's metrics service records the
 * incidents suite's metrics into it.
 */
import { AddressInfo, createServer } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import incidentsPlugin from '@bomizzel/plugin-incidents-backend';
import { trace } from '@opentelemetry/api';

jest.setTimeout(60_000);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

describe('the portal backend with src/instrumentation.js', () => {
  let metricsUrl: string;
  let apiUrl: string;
  let sdk: { shutdown(): Promise<void> };

  beforeAll(async () => {
    const port = await freePort();
    process.env.OTEL_EXPORTER_PROMETHEUS_PORT = String(port);
    process.env.OTEL_EXPORTER_PROMETHEUS_HOST = '127.0.0.1';
    // as `node --require` loads it, before anything records a metric
    ({ sdk } = require('./instrumentation'));
    metricsUrl = `http://127.0.0.1:${port}/metrics`;

    const backend = await startTestBackend({
      features: [
        incidentsPlugin,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'api', namespace: 'default' },
              spec: { owner: 'backend-team' },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: { incidents: { escalation: { enabled: false } } },
        }),
      ],
    });
    apiUrl = `http://127.0.0.1:${backend.server.port()}/api/incidents`;
  });

  afterAll(() => sdk.shutdown());

  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    return response.text();
  };

  const post = async (path: string, body: object) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: {
        Authorization: mockCredentials.user.header(),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return response.json();
  };

  it('serves the suite metrics in the Prometheus text format on their own port', async () => {
    const scope = 'otel_scope_name="backstage-plugin-incidents"';
    const before = await scrape();
    expect(before).toContain(
      `backstage_plugin_incidents_open{severity="P1",${scope}} 0\n`,
    );

    const incident = await post('/incidents', {
      title: 'API down',
      severity: 'P1',
      entityRefs: ['component:default/api'],
      detectedAt: new Date(Date.now() - 100_000).toISOString(),
    });
    await post(`/incidents/${incident.ref}/events`, { type: 'acknowledge' });

    const after = await scrape();
    expect(after).toContain(
      '# TYPE backstage_plugin_incidents_declared_total counter\n',
    );
    expect(after).toContain(
      `backstage_plugin_incidents_declared_total{severity="P1",source="person",${scope}} 1\n`,
    );
    expect(after).toContain(
      `backstage_plugin_incidents_open{severity="P1",${scope}} 1\n`,
    );
    expect(after).toMatch(
      /# HELP backstage_plugin_incidents_open .*aggregate replicas with max, not sum/,
    );
    expect(after).toContain(
      '# TYPE backstage_plugin_incidents_time_to_acknowledge histogram\n',
    );
    expect(after).toContain(
      `backstage_plugin_incidents_time_to_acknowledge_count{severity="P1",${scope}} 1\n`,
    );
    // P1's response target (60 min) is a bucket bound
    expect(after).toContain(
      `backstage_plugin_incidents_time_to_acknowledge_bucket{severity="P1",${scope},le="3600"} 1\n`,
    );
  });

  it('sets up metrics only: spans are not recorded', () => {
    const span = trace.getTracer('probe').startSpan('probe');
    expect(span.isRecording()).toBe(false);
    span.end();
  });
});
