import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { StatusSource } from '@bomizzel/plugin-incidents-common';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import knexFactory, { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from '../database/migrations';
import { LinksService } from './LinksService';
import { StatusLeases, StatusLeaseStore } from './StatusLeaseStore';
import { entity } from '../__testUtils__/catalog';

const GRAFANA = 'https://grafana.test';
const JAEGER = 'https://jaeger.test';
const STATUSPAGE_API = 'https://api.statuspage.test/v1';
const PUBLIC_PAGE = 'https://status.bomizzel.test';
const TOKEN = 'glsa_secretServiceAccountToken_0123456789';
const API_KEY = 'statuspage-secret-key-abcdef';
const METADATA = 'http://169.254.169.254/*';

const BACKEND = entity('Component', 'bomizzel-backend', {
  annotations: {
    'grafana/dashboard-selector': "tags @> 'bomizzel-backend'",
    'grafana/alert-label-selector': 'service=bomizzel-backend',
    'jaegertracing.io/service': 'bomizzel-backend',
    'statuspage.io/components': 'bomizzel:api0000000001',
  },
});
const REF = 'component:default/bomizzel-backend';

// Response shapes as documented (REFERENCE.md).
const DASHBOARDS = [
  {
    id: 1,
    uid: 'bmz-backend',
    title: 'Bomizzel backend',
    url: '/d/bmz-backend/bomizzel-backend',
    type: 'dash-db',
    tags: ['bomizzel-backend'],
    isStarred: false,
    folderUid: 'f1',
    folderTitle: 'Svc',
    folderUrl: '/dashboards/f/f1/svc',
  },
];
const RULES = {
  status: 'success',
  data: {
    groups: [
      {
        name: 'bomizzel',
        file: 'Svc',
        rules: [
          {
            name: 'HighErrorRate',
            labels: { service: 'bomizzel-backend' },
            health: 'ok',
            type: 'alerting',
            state: 'firing',
            annotations: { runbook_url: 'https://runbooks/x' },
            alerts: [
              {
                labels: {
                  alertname: 'HighErrorRate',
                  service: 'bomizzel-backend',
                },
                state: 'Alerting',
                activeAt: '2026-01-01T00:00:00Z',
                value: '0.12',
              },
            ],
          },
          {
            name: 'SlowQueries',
            labels: {},
            health: 'ok',
            type: 'alerting',
            state: 'pending',
            alerts: [
              {
                labels: {
                  alertname: 'SlowQueries',
                  service: 'bomizzel-backend',
                },
                state: 'Pending',
              },
            ],
          },
          {
            name: 'Quiet',
            labels: { service: 'bomizzel-backend' },
            type: 'alerting',
            state: 'inactive',
            alerts: [],
          },
          {
            name: 'OtherService',
            labels: { service: 'orders' },
            type: 'alerting',
            state: 'firing',
            alerts: [{ labels: { service: 'orders' }, state: 'Alerting' }],
          },
        ],
      },
    ],
  },
};
const V1_TRACES = {
  data: [
    {
      traceID: '4bf92f3577b34da6',
      spans: [
        {
          traceID: '4bf92f3577b34da6',
          spanID: '00f067aa0ba902b7',
          operationName: 'GET /orders',
          references: [],
          startTime: 1718000000000000,
          duration: 12345,
          tags: [{ key: 'error', type: 'bool', value: true }],
          processID: 'p1',
        },
      ],
      processes: { p1: { serviceName: 'bomizzel-backend', tags: [] } },
    },
  ],
  errors: null,
};
const COMPONENTS = [
  {
    id: 'api0000000001',
    page_id: 'pg1',
    group_id: null,
    name: 'API',
    description: null,
    position: 1,
    status: 'partial_outage',
    showcase: true,
    group: false,
  },
  { id: 'web0000000001', name: 'Website', status: 'operational', group: false },
];

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function newCache(): CacheService {
  return CacheManager.fromConfig(
    new ConfigReader({ backend: { cache: { store: 'memory' } } }),
  ).forPlugin('incidents');
}

function setup(
  links: object,
  options: {
    cache?: CacheService;
    entities?: Entity[];
    leases?: StatusLeases;
  } = {},
) {
  let now = Date.parse('2026-06-10T06:00:00Z');
  const logger = mockServices.logger.mock();
  const service = LinksService.create({
    config: new ConfigReader({ incidents: { links } }),
    catalog: catalogServiceMock({ entities: options.entities ?? [BACKEND] }),
    incidents: { get: jest.fn() },
    cache: options.cache ?? newCache(),
    leases: options.leases,
    logger,
    clock: () => now,
  });
  return {
    status: () => service.getStatus(REF, mockCredentials.user()),
    advance: (ms: number) => {
      now += ms;
    },
    logger,
  };
}

const GRAFANA_CONFIG = {
  grafana: [{ name: 'main', baseUrl: GRAFANA, token: TOKEN, timeoutMs: 300 }],
};
const bySource = (sources: StatusSource[], source: string) =>
  sources.find(s => s.source === source) as any;

/** Counts upstream calls per path while answering with `body`. */
function counted(url: string, answer: () => Response | Promise<Response>) {
  const calls: Request[] = [];
  server.use(
    http.get(url, ({ request }) => {
      calls.push(request);
      return answer();
    }),
  );
  return calls;
}

describe('GET /status sources', () => {
  it('reads Grafana dashboards and firing alert rules with the service-account token', async () => {
    const search = counted(`${GRAFANA}/api/search`, () =>
      HttpResponse.json(DASHBOARDS),
    );
    const rules = counted(
      `${GRAFANA}/api/prometheus/grafana/api/v1/rules`,
      () => HttpResponse.json(RULES),
    );
    const { sources } = await setup(GRAFANA_CONFIG).status();

    expect(search).toHaveLength(1);
    const searchUrl = new URL(search[0].url);
    expect(searchUrl.searchParams.getAll('tag')).toEqual(['bomizzel-backend']);
    expect(searchUrl.searchParams.get('type')).toBe('dash-db');
    expect(search[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(rules[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);

    expect(bySource(sources, 'grafana-dashboards')).toEqual({
      source: 'grafana-dashboards',
      instance: 'main',
      state: 'ok',
      updatedAt: '2026-06-10T06:00:00.000Z',
      dashboards: [
        {
          uid: 'bmz-backend',
          title: 'Bomizzel backend',
          url: `${GRAFANA}/d/bmz-backend`,
        },
      ],
    });
    const alerts = bySource(sources, 'grafana-alerts');
    expect(alerts).toMatchObject({ state: 'ok', instance: 'main', firing: 1 });
    expect(alerts.alerts.map((a: any) => [a.name, a.state])).toEqual([
      ['HighErrorRate', 'firing'],
      ['SlowQueries', 'pending'],
    ]);
    expect(alerts.alerts[0].url).toBe(
      `${GRAFANA}/alerting/list?search=HighErrorRate`,
    );
    expect(JSON.stringify(sources)).not.toContain(TOKEN);
  });

  it('counts Jaeger v1 traces with errors over the lookback window in µs', async () => {
    const calls = counted(`${JAEGER}/api/traces`, () =>
      HttpResponse.json(V1_TRACES),
    );
    const { sources } = await setup({
      jaeger: { baseUrl: JAEGER, status: true },
    }).status();
    const query = new URL(calls[0].url).searchParams;
    expect(query.get('service')).toBe('bomizzel-backend');
    expect(JSON.parse(query.get('tags')!)).toEqual({ error: 'true' });
    const end = Date.parse('2026-06-10T06:00:00Z') * 1000;
    expect(query.get('end')).toBe(String(end));
    expect(query.get('start')).toBe(String(end - 3600 * 1e6));
    expect(query.get('limit')).toBe('20');
    expect(sources).toEqual([
      {
        source: 'jaeger',
        service: 'bomizzel-backend',
        lookback: '1h',
        state: 'ok',
        updatedAt: '2026-06-10T06:00:00.000Z',
        errorTraces: 1,
        traces: [
          {
            traceId: '4bf92f3577b34da6',
            operation: 'GET /orders',
            startTime: new Date(1718000000000).toISOString(),
            durationMs: 12.345,
            url: `${JAEGER}/trace/4bf92f3577b34da6`,
          },
        ],
      },
    ]);
  });

  it('reads Jaeger v3 OTLP traces, counting those with an error span, and a 404 as none', async () => {
    const span = (traceId: string, extra: object) => ({
      traceId,
      spanId: 'a1',
      name: 'GET /orders',
      startTimeUnixNano: '1718000000000000000',
      endTimeUnixNano: '1718000000250000000',
      ...extra,
    });
    const calls = counted(`${JAEGER}/api/v3/traces`, () =>
      HttpResponse.json({
        result: {
          resourceSpans: [
            {
              resource: { attributes: [] },
              scopeSpans: [
                {
                  scope: {},
                  spans: [
                    span('t-error', { status: { code: 2 } }),
                    span('t-ok', { status: {} }),
                    span('t-tag', {
                      attributes: [
                        { key: 'error', value: { boolValue: true } },
                      ],
                    }),
                  ],
                },
              ],
            },
          ],
        },
      }),
    );
    const config = {
      jaeger: { baseUrl: JAEGER, apiVersion: 'v3', status: true },
    };
    const { sources } = await setup(config).status();
    const query = new URL(calls[0].url).searchParams;
    expect(query.get('query.service_name')).toBe('bomizzel-backend');
    expect(query.get('query.start_time_max')).toBe('2026-06-10T06:00:00.000Z');
    expect(query.get('query.start_time_min')).toBe('2026-06-10T05:00:00.000Z');
    expect(bySource(sources, 'jaeger')).toMatchObject({
      state: 'ok',
      errorTraces: 2,
      traces: [{ traceId: 't-error', durationMs: 250 }, { traceId: 't-tag' }],
    });

    server.use(
      http.get(`${JAEGER}/api/v3/traces`, () =>
        HttpResponse.json(
          { error: { httpCode: 404, message: 'trace not found' } },
          { status: 404 },
        ),
      ),
    );
    const empty = await setup(config).status();
    expect(bySource(empty.sources, 'jaeger')).toMatchObject({
      state: 'ok',
      errorTraces: 0,
    });
  });

  it('reads Statuspage components through the manage API with the key, or the public page', async () => {
    const manage = counted(`${STATUSPAGE_API}/pages/pg1/components`, () =>
      HttpResponse.json(COMPONENTS),
    );
    const { sources } = await setup({
      statuspage: [
        {
          name: 'bomizzel',
          pageId: 'pg1',
          apiKey: API_KEY,
          apiBaseUrl: STATUSPAGE_API,
          url: PUBLIC_PAGE,
        },
      ],
    }).status();
    expect(manage[0].headers.get('authorization')).toBe(`OAuth ${API_KEY}`);
    expect(sources).toEqual([
      {
        source: 'statuspage',
        instance: 'bomizzel',
        state: 'ok',
        updatedAt: '2026-06-10T06:00:00.000Z',
        components: [
          {
            id: 'api0000000001',
            name: 'API',
            status: 'partial_outage',
            url: `${PUBLIC_PAGE}/`,
          },
        ],
      },
    ]);
    expect(JSON.stringify(sources)).not.toContain(API_KEY);

    const publicCalls = counted(`${PUBLIC_PAGE}/api/v2/components.json`, () =>
      HttpResponse.json({
        page: { id: 'pg1', name: 'Bomizzel', url: PUBLIC_PAGE },
        components: COMPONENTS,
      }),
    );
    const fromPublic = await setup({
      statuspage: [{ name: 'bomizzel', url: PUBLIC_PAGE, status: true }],
    }).status();
    expect(publicCalls[0].headers.get('authorization')).toBeNull();
    expect(bySource(fromPublic.sources, 'statuspage').components).toEqual([
      expect.objectContaining({
        id: 'api0000000001',
        status: 'partial_outage',
      }),
    ]);
  });

  it('answers within the deadline when one upstream hangs, and the others are unaffected', async () => {
    server.use(
      http.get(`${JAEGER}/api/traces`, async () => {
        await delay('infinite');
        return HttpResponse.json(V1_TRACES);
      }),
      http.get(`${GRAFANA}/api/search`, () => HttpResponse.json(DASHBOARDS)),
      http.get(`${GRAFANA}/api/prometheus/grafana/api/v1/rules`, () =>
        HttpResponse.json(RULES),
      ),
    );
    const { sources } = await setup({
      ...GRAFANA_CONFIG,
      jaeger: { baseUrl: JAEGER, status: true, timeoutMs: 250 },
    }).status();
    expect(bySource(sources, 'jaeger')).toEqual({
      source: 'jaeger',
      service: 'bomizzel-backend',
      lookback: '1h',
      state: 'unavailable',
      reason: 'no answer within 250 ms',
    });
    expect(bySource(sources, 'grafana-dashboards').state).toBe('ok');
    expect(bySource(sources, 'grafana-alerts').state).toBe('ok');
  }, 3000);

  it('searches each alternative of a tag expression in parallel, within one timeout', async () => {
    const tags = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const tagged = entity('Component', 'bomizzel-backend', {
      annotations: {
        'grafana/dashboard-selector': tags
          .map(t => `tags @> '${t}'`)
          .join(' || '),
      },
    });
    const calls = counted(`${GRAFANA}/api/search`, () =>
      HttpResponse.json(DASHBOARDS),
    );
    const { sources } = await setup(GRAFANA_CONFIG, {
      entities: [tagged],
    }).status();
    expect(calls.map(c => new URL(c.url).searchParams.get('tag'))).toEqual(
      tags,
    );
    // The same dashboard found by several searches is listed once.
    expect(bySource(sources, 'grafana-dashboards').dashboards).toHaveLength(1);

    server.use(
      http.get(`${GRAFANA}/api/search`, async () => {
        await delay('infinite');
        return HttpResponse.json([]);
      }),
    );
    const hanging = await setup(GRAFANA_CONFIG, {
      entities: [tagged],
    }).status();
    expect(bySource(hanging.sources, 'grafana-dashboards')).toMatchObject({
      state: 'unavailable',
      reason: 'no answer within 300 ms',
    });
  }, 2500);

  it('refuses a redirect to the cloud metadata address and never calls it', async () => {
    const metadata = counted(METADATA, () =>
      HttpResponse.json({ AccessKeyId: 'stolen' }),
    );
    server.use(
      http.get(`${GRAFANA}/api/search`, () =>
        HttpResponse.redirect('http://169.254.169.254/latest/meta-data/', 302),
      ),
      http.get(`${GRAFANA}/api/prometheus/grafana/api/v1/rules`, () =>
        HttpResponse.redirect('http://169.254.169.254/latest/meta-data/', 307),
      ),
    );
    const { sources } = await setup(GRAFANA_CONFIG).status();
    expect(metadata).toHaveLength(0);
    expect(bySource(sources, 'grafana-dashboards')).toMatchObject({
      state: 'unavailable',
      reason: 'answered with a redirect (302), which is refused',
    });
    expect(bySource(sources, 'grafana-alerts').reason).toMatch(
      /redirect \(307\)/,
    );
    expect(JSON.stringify(sources)).not.toContain('stolen');
  });

  it('reports malformed JSON, unexpected shapes and 401s as unavailable, without the token', async () => {
    server.use(
      http.get(
        `${GRAFANA}/api/search`,
        () =>
          new HttpResponse('[{"uid": "x", ', {
            headers: { 'Content-Type': 'application/json' },
          }),
      ),
      http.get(`${GRAFANA}/api/prometheus/grafana/api/v1/rules`, () =>
        HttpResponse.json({ status: 'success', data: { groups: 'nope' } }),
      ),
      // An upstream that echoes the credentials it was sent.
      http.get(`${STATUSPAGE_API}/pages/pg1/components`, ({ request }) =>
        HttpResponse.json(
          { error: `bad key ${request.headers.get('authorization')}` },
          { status: 401 },
        ),
      ),
    );
    const { status, logger } = setup({
      ...GRAFANA_CONFIG,
      statuspage: [
        {
          name: 'bomizzel',
          pageId: 'pg1',
          apiKey: API_KEY,
          apiBaseUrl: STATUSPAGE_API,
        },
      ],
    });
    const { sources } = await status();
    expect(bySource(sources, 'grafana-dashboards')).toMatchObject({
      state: 'unavailable',
      reason: 'answered with malformed JSON',
    });
    expect(bySource(sources, 'grafana-alerts')).toMatchObject({
      state: 'unavailable',
      reason: expect.stringMatching(/unexpected shape \(data\.groups: /),
    });
    expect(bySource(sources, 'statuspage')).toEqual({
      source: 'statuspage',
      instance: 'bomizzel',
      state: 'unavailable',
      reason: 'answered HTTP 401: check the configured credentials',
    });
    const everything = JSON.stringify([
      sources,
      logger.warn.mock.calls,
      logger.error.mock.calls,
    ]);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(API_KEY);
  });

  it('serves the last good value as stale when the upstream fails after the cache expired', async () => {
    let failing = false;
    const calls = counted(`${GRAFANA}/api/search`, () =>
      failing
        ? new HttpResponse('Bad gateway', { status: 502 })
        : HttpResponse.json(DASHBOARDS),
    );
    const { status, advance } = setup({
      grafana: [{ ...GRAFANA_CONFIG.grafana[0], cacheTtlSeconds: 60 }],
    });
    server.use(
      http.get(`${GRAFANA}/api/prometheus/grafana/api/v1/rules`, () =>
        HttpResponse.json(RULES),
      ),
    );
    const first = bySource((await status()).sources, 'grafana-dashboards');
    expect(first.state).toBe('ok');

    advance(30_000);
    await status();
    expect(calls).toHaveLength(1); // still fresh: served from the cache

    failing = true;
    advance(60_000);
    const stale = bySource((await status()).sources, 'grafana-dashboards');
    expect(calls).toHaveLength(2);
    expect(stale).toEqual({
      ...first,
      state: 'stale',
      reason: 'answered HTTP 502',
      updatedAt: '2026-06-10T06:00:00.000Z',
    });

    failing = false;
    const recovered = bySource((await status()).sources, 'grafana-dashboards');
    expect(recovered.state).toBe('ok');
    expect(recovered.updatedAt).toBe('2026-06-10T06:01:30.000Z');
  });

  it('makes one upstream call for 50 concurrent cold requests, and replicas share the cache', async () => {
    const calls = counted(
      `${STATUSPAGE_API}/pages/pg1/components`,
      async () => {
        await delay(50);
        return HttpResponse.json(COMPONENTS);
      },
    );
    const cache = newCache();
    const config = {
      statuspage: [
        {
          name: 'bomizzel',
          pageId: 'pg1',
          apiKey: API_KEY,
          apiBaseUrl: STATUSPAGE_API,
        },
      ],
    };
    const replica = setup(config, { cache });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => replica.status()),
    );
    expect(calls).toHaveLength(1);
    expect(new Set(results.map(r => JSON.stringify(r))).size).toBe(1);
    expect(results[0].sources[0].state).toBe('ok');

    const other = setup(config, { cache });
    expect((await other.status()).sources[0].state).toBe('ok');
    expect(calls).toHaveLength(1);
  });

  describe('across replicas sharing the cache and the database', () => {
    let knex: Knex;
    let leases: StatusLeaseStore;
    beforeAll(async () => {
      knex = knexFactory({
        client: 'better-sqlite3',
        connection: ':memory:',
        useNullAsDefault: true,
      });
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      leases = StatusLeaseStore.create(knex);
    });
    afterAll(() => knex.destroy());
    beforeEach(() => knex('incident_status_leases').delete());

    const PAGE = {
      statuspage: [
        {
          name: 'bomizzel',
          pageId: 'pg1',
          apiKey: API_KEY,
          apiBaseUrl: STATUSPAGE_API,
          timeoutMs: 300,
        },
      ],
    };

    it('makes one upstream call when both miss the same key at once', async () => {
      const calls = counted(
        `${STATUSPAGE_API}/pages/pg1/components`,
        async () => {
          await delay(100);
          return HttpResponse.json(COMPONENTS);
        },
      );
      const cache = newCache();
      const replicas = [
        setup(PAGE, { cache, leases }),
        setup(PAGE, { cache, leases }),
      ];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => replicas[i % 2].status()),
      );
      expect(calls).toHaveLength(1);
      expect(results.map(r => r.sources[0].state)).toEqual(
        Array(20).fill('ok'),
      );
      expect(await knex('incident_status_leases')).toEqual([]);
    });

    it("tells the waiting replica about the loading one's failure without a second call", async () => {
      const calls = counted(
        `${STATUSPAGE_API}/pages/pg1/components`,
        async () => {
          await delay(100);
          return new HttpResponse('overloaded', { status: 503 });
        },
      );
      const cache = newCache();
      const replicas = [
        setup(PAGE, { cache, leases }),
        setup(PAGE, { cache, leases }),
      ];
      const [a, b] = await Promise.all(replicas.map(r => r.status()));
      expect(calls).toHaveLength(1);
      for (const result of [a, b]) {
        expect(result.sources[0]).toMatchObject({
          state: 'unavailable',
          reason: expect.stringMatching(/503/),
        });
      }
    });

    it('loads without a lease when the database does not answer', async () => {
      const calls = counted(`${STATUSPAGE_API}/pages/pg1/components`, () =>
        HttpResponse.json(COMPONENTS),
      );
      const replica = setup(PAGE, { leases });
      const hung = jest
        .spyOn(leases, 'acquire')
        .mockImplementationOnce(() => new Promise(() => {}));
      const started = Date.now();
      const { sources } = await replica.status();
      hung.mockRestore();
      expect(sources[0].state).toBe('ok');
      expect(calls).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('loads anyway when the lease of a replica that went away expires', async () => {
      const calls = counted(`${STATUSPAGE_API}/pages/pg1/components`, () =>
        HttpResponse.json(COMPONENTS),
      );
      const replica = setup(PAGE, { leases });
      // what the replica's key is does not matter: hold every key it uses
      const holdAll = jest
        .spyOn(leases, 'acquire')
        .mockImplementationOnce(async () => false);
      const started = Date.now();
      const { sources } = await replica.status();
      holdAll.mockRestore();
      expect(sources[0].state).toBe('ok');
      expect(calls).toHaveLength(1);
      // waited for the lease: the source's timeout and a margin
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_200);
    });
  });

  it('rejects annotations outside the allow-list with a reason, before any upstream call', async () => {
    const hostile = entity('Component', 'bomizzel-backend', {
      annotations: {
        'grafana/dashboard-selector': "tags @> '../../api/admin'",
        'grafana/alert-label-selector': 'service=a"}',
        'jaegertracing.io/service': '../../api/admin?x=',
        'jaegertracing.io/lookback': '1h&limit=100000',
        'statuspage.io/components': 'bomizzel:../../pages',
      },
    });
    const upstream = counted('*', () => HttpResponse.json([]));
    const { sources } = await setup(
      {
        ...GRAFANA_CONFIG,
        jaeger: { baseUrl: JAEGER, status: true },
        statuspage: [
          {
            name: 'bomizzel',
            pageId: 'pg1',
            apiKey: API_KEY,
            apiBaseUrl: STATUSPAGE_API,
          },
        ],
      },
      { entities: [hostile] },
    ).status();
    expect(upstream).toHaveLength(0);
    expect(sources.map(s => [s.source, s.state, s.reason])).toEqual([
      [
        'grafana-dashboards',
        'unavailable',
        expect.stringMatching(/^grafana\/dashboard-selector: .* has a tag/),
      ],
      [
        'grafana-alerts',
        'unavailable',
        expect.stringMatching(/^grafana\/alert-label-selector: /),
      ],
      [
        'jaeger',
        'unavailable',
        expect.stringMatching(/^jaegertracing\.io\/service: /),
      ],
      [
        'statuspage',
        'unavailable',
        expect.stringMatching(/^statuspage\.io\/components: /),
      ],
    ]);
  });

  it('asks no tool without live state configured', async () => {
    const upstream = counted('*', () => HttpResponse.json([]));
    const { sources } = await setup({
      grafana: [{ name: 'main', baseUrl: GRAFANA }],
      jaeger: { baseUrl: JAEGER },
      statuspage: [{ name: 'bomizzel', url: PUBLIC_PAGE }],
    }).status();
    expect(sources).toEqual([]);
    expect(upstream).toHaveLength(0);
  });
});
