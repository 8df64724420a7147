import { createSpecializedBackend } from '@backstage/backend-app-api';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { metricsServiceRef as alphaMetricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { incidentsPlugin } from '../plugin';

jest.setTimeout(60_000);

class CollectingReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

/**
 * A backend with the services the plugin needs but no metrics service, as
 * one built before backend-defaults 0.16, or by hand, has.
 */
function backendWithoutMetrics() {
  return createSpecializedBackend({
    defaultServiceFactories: [
      mockServices.auditor.factory(),
      mockServices.auth.factory(),
      mockServices.cache.factory(),
      mockServices.database.factory(),
      mockServices.discovery.factory(),
      mockServices.events.factory(),
      mockServices.httpAuth.factory(),
      mockServices.httpRouter.factory(),
      mockServices.lifecycle.factory(),
      mockServices.logger.factory(),
      mockServices.permissions.factory(),
      mockServices.permissionsRegistry.factory(),
      // any free port: a portal running on this machine holds 7007
      mockServices.rootConfig.factory({
        data: { backend: { listen: { port: 0 } } },
      }),
      mockServices.rootHealth.factory(),
      mockServices.rootHttpRouter.factory(),
      mockServices.rootLifecycle.factory(),
      mockServices.rootLogger.factory(),
      mockServices.scheduler.factory(),
      mockServices.urlReader.factory(),
      mockServices.userInfo.factory(),
      catalogServiceMock.factory(),
    ],
  });
}

describe('a backend without a metrics service', () => {
  let backend: ReturnType<typeof createSpecializedBackend> | undefined;

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  it('refuses a plugin that depends on the alpha metrics service itself', async () => {
    backend = backendWithoutMetrics();
    backend.add(
      createBackendPlugin({
        pluginId: 'control',
        register(env) {
          env.registerInit({
            deps: { metrics: alphaMetricsServiceRef },
            async init() {},
          });
        },
      }),
    );
    await expect(backend.start()).rejects.toThrow(/alpha\.core\.metrics/);
  });

  it('starts the incidents plugin, whose metrics go to the global OpenTelemetry API', async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    metrics.disable();
    metrics.setGlobalMeterProvider(provider);

    backend = backendWithoutMetrics();
    backend.add(incidentsPlugin);
    await backend.start();

    const { resourceMetrics } = await reader.collect();
    const [scope] = resourceMetrics.scopeMetrics;
    expect(scope.scope.name).toBe('backstage-plugin-incidents');
    const open = scope.metrics.find(
      m => m.descriptor.name === 'backstage.plugin.incidents.open',
    );
    expect(open?.dataPoints.map(p => [p.attributes.severity, p.value])).toEqual(
      [
        ['P0', 0],
        ['P1', 0],
        ['P2', 0],
        ['P3', 0],
      ],
    );
    await provider.shutdown();
  });
});
