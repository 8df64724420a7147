// @ts-check
/*
 * OpenTelemetry for the portal backend, metrics only: Backstage's metrics
 * service, and the plugins that use the OpenTelemetry API directly, record
 * into the SDK registered here, and a Prometheus exporter serves what they
 * recorded in the text format on a port of its own. No tracing, no logs, no
 * auto-instrumentation.
 *
 * It must run before the backend so that the SDK exists when the plugins
 * create their instruments; Node's --require does that:
 *   development  `yarn start` (the backend's start script passes it on)
 *   production   node --require ./packages/backend/src/instrumentation.js \
 *                  packages/backend --config app-config.yaml ...
 *
 * OTEL_EXPORTER_PROMETHEUS_PORT (default 9464) and
 * OTEL_EXPORTER_PROMETHEUS_HOST (default localhost) say where /metrics is
 * served: replicas on one host need a port each. OTEL_SDK_DISABLED=true
 * turns it off.
 */
const { isMainThread } = require('node:worker_threads');
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');

const defaults = PrometheusExporter.DEFAULT_OPTIONS;
const port = Number(process.env.OTEL_EXPORTER_PROMETHEUS_PORT || defaults.port);
const host = process.env.OTEL_EXPORTER_PROMETHEUS_HOST || defaults.host;

/** @type {NodeSDK | undefined} */
let sdk;
// Worker threads inherit --require, and so does the thread of the module
// loader that `backstage-cli package start` installs: only the main thread
// records the backend's metrics and may own the port.
if (isMainThread && process.env.OTEL_SDK_DISABLED !== 'true') {
  const exporter = new PrometheusExporter({ port, host }, error => {
    // A port in use costs the metrics, not the portal: say so and carry on.
    if (error) {
      console.error(`Metrics are not served on ${host}:${port}: ${error}`);
    }
  });
  sdk = new NodeSDK({
    metricReaders: [exporter],
    // Given empty, the SDK does not set up its default OTLP span and log
    // exporters from the environment.
    spanProcessors: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
}

module.exports = { sdk };
