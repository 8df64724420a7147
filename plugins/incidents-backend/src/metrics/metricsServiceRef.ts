import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  MetricsService,
  metricsServiceRef as alphaMetricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { metrics } from '@opentelemetry/api';

/**
 * Backstage's metrics service (`metricsServiceRef`, alpha): the same service
 * id, so a backend's implementation is used where there is one, plus a default
 * for backends that have none. The alpha ref has no default factory, and
 * `createBackend` only provides the service since backend-defaults 0.16; an
 * older backend, or one assembled with `createSpecializedBackend`, would
 * otherwise refuse to start the plugin over its metrics.
 *
 * The default does what backend-defaults' implementation does: a meter named
 * `backstage-plugin-<pluginId>` from the global OpenTelemetry API, which
 * records nothing until the backend registers an OpenTelemetry SDK.
 */
export const metricsServiceRef = createServiceRef<MetricsService>({
  id: alphaMetricsServiceRef.id,
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { pluginMetadata: coreServices.pluginMetadata },
      factory: ({ pluginMetadata }) =>
        metrics.getMeter(`backstage-plugin-${pluginMetadata.getId()}`),
    }),
});
