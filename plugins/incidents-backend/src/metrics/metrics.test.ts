import { createServer, Server, Socket } from 'node:net';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { DEFAULT_SEVERITIES } from '@bomizzel/plugin-incidents-common';
import { metrics } from '@opentelemetry/api';
import {
  DataPoint,
  Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import knexFactory, { Knex } from 'knex';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  clearIncidents,
  createTestDatabases,
} from '../__testUtils__/databases';
import {
  fakeUpstreams,
  startIncidentsBackend,
  TestServer,
} from '../__testUtils__/testBackend';
import { IncidentStore } from '../database/IncidentStore';
import { IncidentMetrics } from './IncidentMetrics';
import { entity } from '../__testUtils__/catalog';

/**
 * The suite's metrics as an operator reads them: a real OpenTelemetry
 * MeterProvider registered globally, as the OpenTelemetry SDK does, behind
 * Backstage's own metrics service (the test backend's default), with a reader
 * that collects what an exporter would export.
 */

jest.setTimeout(60_000);

/** Collects on demand, as the Prometheus exporter does on each scrape. */
class CollectingReader extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

type Attributes = Record<string, string>;

/** One collection: a metric's data points by their attributes. */
class Reading {
  constructor(readonly points: Map<string, DataPoint<number | Histogram>[]>) {}

  static async of(reader: MetricReader) {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length) {
      throw new Error(`Metrics collection failed: ${errors.join(', ')}`);
    }
    const points = new Map<string, DataPoint<number | Histogram>[]>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        points.set(metric.descriptor.name, [
          ...(points.get(metric.descriptor.name) ?? []),
          ...(metric.dataPoints as DataPoint<number | Histogram>[]),
        ]);
      }
    }
    return new Reading(points);
  }

  #point(name: string, attributes: Attributes) {
    return this.points
      .get(name)
      ?.find(
        p =>
          JSON.stringify(Object.entries(p.attributes).sort()) ===
          JSON.stringify(Object.entries(attributes).sort()),
      );
  }

  /** A counter's or gauge's value; 0 for a series not (yet) there. */
  value(name: string, attributes: Attributes = {}): number {
    return (this.#point(name, attributes)?.value as number) ?? 0;
  }

  histogram(name: string, attributes: Attributes): Histogram | undefined {
    return this.#point(name, attributes)?.value as Histogram | undefined;
  }
}

const M = 'backstage.plugin.incidents';

const asUser = mockCredentials.user.header('user:default/sam-rivera');
const asAlertmanager = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:alertmanager'),
  targetPluginId: 'incidents',
});
const asAutomation = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:automation'),
  targetPluginId: 'incidents',
});

const STATUSPAGE_API = 'https://api.statuspage.test/v1';

const component = (name: string, annotations: Attributes) =>
  entity('Component', name, {
    annotations,
    spec: { type: 'service', lifecycle: 'production', owner: 'backend-team' },
  });

const ENTITIES = [
  component('api', {
    'prometheus.io/service-name': 'bomizzel-api',
    'statuspage.io/components': 'main:api0000000001',
  }),
  component('web', { 'statuspage.io/components': 'broken:web0000000001' }),
  component('db', { 'statuspage.io/components': 'slow:db00000000001' }),
];
const API = 'component:default/api';

const page = (name: string, pageId: string, timeoutMs = 10_000) => ({
  name,
  pageId,
  apiKey: 'statuspage-key',
  apiBaseUrl: STATUSPAGE_API,
  cacheTtlSeconds: 600,
  timeoutMs,
});

const upstream = setupServer(
  http.get(`${STATUSPAGE_API}/pages/:page/components`, async ({ params }) => {
    if (params.page === 'pgbroken') {
      return new HttpResponse(null, { status: 503 });
    }
    if (params.page === 'pgslow') {
      await delay(1_000);
    }
    return HttpResponse.json([
      { id: 'api0000000001', name: 'API', status: 'operational' },
      { id: 'db00000000001', name: 'DB', status: 'operational' },
    ]);
  }),
);
fakeUpstreams(upstream);

const alert = (labels: Attributes, fingerprint: string) => ({
  status: 'firing',
  labels: { alertname: 'HighErrorRate', severity: 'critical', ...labels },
  annotations: { summary: 'Errors' },
  startsAt: '2026-11-27T03:00:00.000Z',
  endsAt: '0001-01-01T00:00:00Z',
  fingerprint,
});

const delivery = (groupKey: string, alerts: object[]) => ({
  version: '4',
  groupKey,
  status: 'firing',
  receiver: 'backstage',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts,
});

describe('the suite metrics', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let server: TestServer;
    let stop: () => Promise<void>;
    let reader: CollectingReader;
    let provider: MeterProvider;
    const scheduler = mockServices.scheduler();

    beforeAll(async () => {
      // The metrics service takes its meter from the global API when the
      // plugin starts: a provider of this database's own, registered first.
      reader = new CollectingReader();
      provider = new MeterProvider({ readers: [reader] });
      metrics.disable();
      metrics.setGlobalMeterProvider(provider);

      knex = await databases.init(databaseId as TestDatabaseId);
      const backend = await startIncidentsBackend({
        knex,
        entities: ENTITIES,
        anonymous: true,
        config: {
          links: {
            statuspage: [
              page('main', 'pgmain'),
              page('broken', 'pgbroken'),
              page('slow', 'pgslow', 200),
            ],
          },
        },
        // tasks run when the test triggers them
        services: [
          createServiceFactory({
            service: coreServices.scheduler,
            deps: {},
            factory: () => scheduler,
          }),
        ],
      });
      server = backend.server;
      stop = () => backend.stop();
    });

    afterAll(async () => {
      await stop();
      await provider.shutdown();
    });

    beforeEach(async () => {
      await knex('incident_alerts').delete();
      await knex('incident_alert_groups').delete();
      await clearIncidents(knex);
    });

    const read = () => Reading.of(reader);

    /** What `action` added to the counters and histograms. */
    const during = async (action: () => Promise<void>) => {
      const before = await read();
      await action();
      const after = await read();
      return {
        added: (name: string, attributes: Attributes = {}) =>
          after.value(name, attributes) - before.value(name, attributes),
        observations: (name: string, attributes: Attributes) => {
          const was = before.histogram(name, attributes);
          const now = after.histogram(name, attributes);
          return {
            count: (now?.count ?? 0) - (was?.count ?? 0),
            sum: (now?.sum ?? 0) - (was?.sum ?? 0),
          };
        },
        after,
      };
    };

    const declare = (
      body: Record<string, unknown>,
      authorization: string = asUser,
    ) =>
      request(server)
        .post('/api/incidents/incidents')
        .set('Authorization', authorization)
        .send({ title: 'API down', entityRefs: [API], ...body })
        .expect(201);

    const addEvent = (ref: string, body: object) =>
      request(server)
        .post(`/api/incidents/incidents/${ref}/events`)
        .set('Authorization', asUser)
        .send(body);

    it('counts a declaration, times its acknowledgement, counts its resolution, and the open gauge follows', async () => {
      const start = await read();
      expect(
        DEFAULT_SEVERITIES.map(s =>
          start.value(`${M}.open`, { severity: s.id }),
        ),
      ).toEqual([0, 0, 0, 0]);
      expect(start.points.get(`${M}.open`)).toHaveLength(4);

      let ref = '';
      const declared = await during(async () => {
        const detectedAt = new Date(Date.now() - 120_000).toISOString();
        ref = (await declare({ severity: 'P1', detectedAt })).body.ref;
      });
      expect(
        declared.added(`${M}.declared`, { severity: 'P1', source: 'person' }),
      ).toBe(1);
      expect(declared.after.value(`${M}.open`, { severity: 'P1' })).toBe(1);
      expect(declared.after.value(`${M}.open`, { severity: 'P0' })).toBe(0);

      const acknowledged = await during(async () => {
        await addEvent(ref, { type: 'acknowledge' }).expect(201);
        // a second acknowledgement is refused and records nothing
        await addEvent(ref, { type: 'acknowledge' }).expect(409);
      });
      const tta = acknowledged.observations(`${M}.time_to_acknowledge`, {
        severity: 'P1',
      });
      expect(tta.count).toBe(1);
      expect(tta.sum).toBeGreaterThanOrEqual(120);
      expect(tta.sum).toBeLessThan(180);
      // the response targets are bucket bounds: "within target" is readable
      const { buckets } = acknowledged.after.histogram(
        `${M}.time_to_acknowledge`,
        { severity: 'P1' },
      )!;
      expect(buckets.boundaries).toEqual(
        expect.arrayContaining([900, 3600, 14400, 86400]),
      );
      const bucket = buckets.boundaries.findIndex(b => b >= 120);
      expect(buckets.boundaries[bucket]).toBe(300);
      expect(buckets.counts[bucket]).toBe(1);

      // a resolution racing notes is counted once
      const resolved = await during(async () => {
        const answers = await Promise.all([
          addEvent(ref, { type: 'status', status: 'RESOLVED', message: 'ok' }),
          ...Array.from({ length: 5 }, (_, i) =>
            addEvent(ref, { type: 'note', message: `note ${i}` }),
          ),
        ]);
        expect(answers.map(a => a.status)).toEqual(Array(6).fill(201));
      });
      expect(resolved.added(`${M}.resolved`, { severity: 'P1' })).toBe(1);
      expect(resolved.after.value(`${M}.open`, { severity: 'P1' })).toBe(0);
    });

    it('tells declarations by a person, by an alert and by another service apart', async () => {
      const declared = await during(async () => {
        await declare({ severity: 'P2' });
        await declare({ severity: 'P2' }, asAutomation);
        await request(server)
          .post('/api/incidents/alerts/alertmanager')
          .set('Authorization', asAlertmanager)
          .send(
            delivery('{}:{service="bomizzel-api"}', [
              alert({ service: 'bomizzel-api' }, 'fp-api'),
            ]),
          )
          .expect(200);
      });
      expect(
        declared.added(`${M}.declared`, { severity: 'P2', source: 'person' }),
      ).toBe(1);
      expect(
        declared.added(`${M}.declared`, { severity: 'P2', source: 'service' }),
      ).toBe(1);
      expect(
        declared.added(`${M}.declared`, { severity: 'P0', source: 'alert' }),
      ).toBe(1);
      expect(declared.after.value(`${M}.open`, { severity: 'P2' })).toBe(2);
      expect(declared.after.value(`${M}.open`, { severity: 'P0' })).toBe(1);
    });

    it('counts alerts received, deduplicated and unmapped, without per-alert labels', async () => {
      const deliver = (body: object) =>
        request(server)
          .post('/api/incidents/alerts/alertmanager')
          .set('Authorization', asAlertmanager)
          .send(body)
          .expect(200);
      const mapped = delivery('{}:{service="bomizzel-api"}', [
        alert({ service: 'bomizzel-api' }, 'fp-api'),
      ]);
      const unmapped = delivery('{}:{service="unknown"}', [
        alert({ service: 'nothing-of-ours' }, 'fp-unknown'),
      ]);

      const first = await during(async () => {
        await deliver(mapped);
      });
      expect(first.added(`${M}.alerts.received`)).toBe(1);
      expect(first.added(`${M}.alerts.deduplicated`)).toBe(0);
      expect(first.added(`${M}.alerts.unmapped`)).toBe(0);

      // Alertmanager redelivers: received again, changed nothing
      const again = await during(async () => {
        await deliver(mapped);
      });
      expect(again.added(`${M}.alerts.received`)).toBe(1);
      expect(again.added(`${M}.alerts.deduplicated`)).toBe(1);
      expect(
        again.added(`${M}.declared`, { severity: 'P0', source: 'alert' }),
      ).toBe(0);

      const lost = await during(async () => {
        await deliver(unmapped);
      });
      expect(lost.added(`${M}.alerts.received`)).toBe(1);
      expect(lost.added(`${M}.alerts.unmapped`)).toBe(1);
      expect(lost.added(`${M}.alerts.deduplicated`)).toBe(0);

      for (const name of ['received', 'deduplicated', 'unmapped']) {
        expect(
          lost.after.points.get(`${M}.alerts.${name}`)!.map(p => p.attributes),
        ).toEqual([{}]);
      }
    });

    it('counts each escalation level once, by level and severity', async () => {
      const fired = await during(async () => {
        // detected 20 minutes ago: the on-call level and the lead's are due
        await declare({
          severity: 'P1',
          detectedAt: new Date(Date.now() - 20 * 60_000).toISOString(),
        });
        await scheduler.triggerTask('incidents-escalation');
        await scheduler.triggerTask('incidents-escalation');
      });
      expect(
        fired.added(`${M}.escalations.fired`, {
          level: 'oncall',
          severity: 'P1',
        }),
      ).toBe(1);
      expect(
        fired.added(`${M}.escalations.fired`, {
          level: 'lead',
          severity: 'P1',
        }),
      ).toBe(1);
      expect(
        fired.added(`${M}.escalations.fired`, {
          level: 'manager',
          severity: 'P1',
        }),
      ).toBe(0);
    });

    it('counts live-status calls to the tools by outcome, and answers from the cache', async () => {
      const status = (name: string) =>
        request(server)
          .get(`/api/incidents/status?entityRef=component:default/${name}`)
          .set('Authorization', asUser)
          .expect(200);

      const calls = await during(async () => {
        await status('api');
        await status('api');
        await status('web');
        await status('db');
      });
      const called = (outcome: string) =>
        calls.added(`${M}.status.upstream.calls`, {
          source: 'statuspage',
          outcome,
        });
      expect(['ok', 'error', 'timeout'].map(called)).toEqual([1, 1, 1]);
      expect(
        calls.added(`${M}.status.cache.hits`, { source: 'statuspage' }),
      ).toBe(1);
    });
  });
});

describe('the open-incidents gauge', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let db: Knex;

  beforeAll(async () => {
    // accepts connections and never answers, as a hung database does
    silent = createServer(socket => sockets.push(socket));
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    db = knexFactory({
      client: 'pg',
      connection: { host: '127.0.0.1', port, user: 'postgres' },
      pool: { min: 0, max: 1 },
      // longer than the gauge's deadline, which is what the test is about
      acquireConnectionTimeout: 6_000,
      log: { error: () => {}, warn: () => {}, debug: () => {} },
    });
  });

  afterAll(async () => {
    sockets.forEach(socket => socket.destroy());
    silent.close();
    await db.destroy().catch(() => {});
  });

  it('is left out of a collection, not holding it up, when the database does not answer', async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    const logger = mockServices.logger.mock();
    const incidentMetrics = IncidentMetrics.create({
      metrics: provider.getMeter('backstage-plugin-incidents'),
      incidents: IncidentStore.create(db),
      severities: DEFAULT_SEVERITIES,
      logger,
    });
    incidentMetrics.escalationFired('oncall', 'P0');

    const started = Date.now();
    const reading = await Reading.of(reader);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(reading.points.get(`${M}.open`) ?? []).toEqual([]);
    expect(
      reading.value(`${M}.escalations.fired`, {
        level: 'oncall',
        severity: 'P0',
      }),
    ).toBe(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/open incidents.*no answer within 3000 ms/),
    );

    incidentMetrics.close();
    await provider.shutdown();
  });
});
