import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { LinkGroup } from '@bomizzel/plugin-incidents-common';
import { readLinksConfig } from './config';
import { LinkResolver } from './LinkResolver';
import { parse, parseAllDocuments } from 'yaml';
import { entity as catalogEntity } from '../__testUtils__/catalog';

const resolverFor = (links: object) =>
  LinkResolver.create(
    readLinksConfig(new ConfigReader({ incidents: { links } })),
  );

/** A component of the backend team. */
const component = (
  name: string,
  annotations: Record<string, string> = {},
  metadata: Partial<Entity['metadata']> = {},
) =>
  catalogEntity('Component', name, {
    annotations,
    metadata,
    spec: { owner: 'group:default/backend-team' },
  });

const urls = (groups: LinkGroup[], tool?: string) =>
  groups
    .filter(g => !tool || g.tool === tool)
    .flatMap(g => g.links.map(l => l.url));

// Built up, so that the linter does not take the test data for an eval.
const SCRIPT_URL = ['javascript', 'alert(1)'].join(':');
const GRAFANA = { name: 'main', baseUrl: 'https://grafana.example.com/' };
const JAEGER = { baseUrl: 'https://jaeger.example.com' };

// The example catalog's backend (examples/entities.yaml).
const BACKEND = component(
  'bomizzel-backend',
  {
    'grafana/dashboard-selector': "tags @> 'bomizzel-backend'",
    'grafana/overview-dashboard':
      'https://grafana.example.com/d/bmz-backend/bomizzel-backend?orgId=1',
    'grafana/alert-label-selector': 'service=bomizzel-backend',
    'jaegertracing.io/service': 'bomizzel-backend',
    'prometheus.io/service-name': 'bomizzel-backend',
    'statuspage.io/components': 'bomizzel:api0000000001',
    'pagerduty.com/service-id': 'PBMZ001',
  },
  {
    links: [
      {
        url: 'https://github.com/bomizzel/ticketing/blob/main/docs/runbooks/incident-response.md',
        title: 'Incident response runbook',
        type: 'runbook',
        icon: 'docs',
      },
      {
        url: 'https://api.bomizzel.com/health',
        title: 'Health endpoint',
        type: 'health',
        icon: 'dashboard',
      },
      {
        url: 'https://bomizzel.slack.com/app_redirect?channel=bomizzel-incidents',
        title: '#bomizzel-incidents on Slack',
        type: 'chat',
        icon: 'chat',
      },
      { url: SCRIPT_URL, title: 'XSS', type: 'runbook' },
      {
        url: 'https://status.bomizzel.com',
        title: 'Status page',
        type: 'status-page',
      },
    ],
  },
);

describe('LinkResolver', () => {
  it('resolves every annotation of the example backend, grouped in the order of the tools', () => {
    const groups = resolverFor({
      grafana: [GRAFANA],
      jaeger: JAEGER,
      statuspage: [{ name: 'bomizzel', url: 'https://status.bomizzel.com' }],
      templates: [
        {
          tool: 'prometheus',
          title:
            'Prometheus targets of {{ annotations["prometheus.io/service-name"] }}',
          url: "https://prometheus.example.com/targets?search={{ annotations['prometheus.io/service-name'] }}",
        },
        {
          tool: 'pagerduty',
          title: 'PagerDuty service',
          url: "https://bomizzel.pagerduty.com/service-directory/{{ annotations['pagerduty.com/service-id'] }}",
        },
      ],
    }).resolve(BACKEND);

    expect(groups.map(g => [g.tool, g.title])).toEqual([
      ['grafana', 'Grafana'],
      ['jaeger', 'Jaeger'],
      ['statuspage', 'Status page'],
      ['prometheus', 'Prometheus'],
      ['pagerduty', 'PagerDuty'],
      ['slack', 'Slack'],
      ['runbook', 'Runbooks'],
      ['other', 'Other'],
    ]);
    expect(groups.find(g => g.tool === 'grafana')!.links).toEqual([
      {
        tool: 'grafana',
        title: 'Overview dashboard',
        url: 'https://grafana.example.com/d/bmz-backend/bomizzel-backend?orgId=1',
        kind: 'dashboard',
        instance: 'main',
      },
      {
        tool: 'grafana',
        title: 'Dashboards tagged bomizzel-backend',
        url: 'https://grafana.example.com/dashboards?tag=bomizzel-backend',
        kind: 'dashboards',
        instance: 'main',
      },
      {
        tool: 'grafana',
        title: 'Alert rules for service=bomizzel-backend',
        url: 'https://grafana.example.com/alerting/list?search=label%3Aservice%3Dbomizzel-backend',
        kind: 'alerts',
        instance: 'main',
      },
    ]);
    expect(urls(groups, 'jaeger')).toEqual([
      'https://jaeger.example.com/search?service=bomizzel-backend&lookback=1h&limit=20',
      'https://jaeger.example.com/search?service=bomizzel-backend&lookback=1h&limit=20&tags=%7B%22error%22%3A%22true%22%7D',
    ]);
    // The configured page and the entity's own link to it are one link.
    expect(groups.find(g => g.tool === 'statuspage')!.links).toEqual([
      {
        tool: 'statuspage',
        title: 'Status page bomizzel',
        url: 'https://status.bomizzel.com/',
        kind: 'page',
        instance: 'bomizzel',
      },
    ]);
    expect(groups.find(g => g.tool === 'prometheus')!.links[0]).toEqual({
      tool: 'prometheus',
      title: 'Prometheus targets of bomizzel-backend',
      url: 'https://prometheus.example.com/targets?search=bomizzel-backend',
    });
    expect(urls(groups, 'pagerduty')).toEqual([
      'https://bomizzel.pagerduty.com/service-directory/PBMZ001',
    ]);
    expect(urls(groups, 'slack')).toEqual([
      'https://bomizzel.slack.com/app_redirect?channel=bomizzel-incidents',
    ]);
    // A "dashboard" icon on a link that is not Grafana's stays "other".
    expect(urls(groups, 'other')).toEqual(['https://api.bomizzel.com/health']);
    expect(JSON.stringify(groups)).not.toContain('javascript');
  });

  it('turns a tag expression into one dashboard search per alternative', () => {
    const groups = resolverFor({ grafana: [GRAFANA] }).resolve(
      component('orders', {
        'grafana/dashboard-selector':
          "(tags @> 'orders' || tags @> 'payments') && tags @> 'generated'",
      }),
    );
    expect(urls(groups)).toEqual([
      'https://grafana.example.com/dashboards?tag=orders&tag=generated',
      'https://grafana.example.com/dashboards?tag=payments&tag=generated',
    ]);
  });

  it('encodes odd names, and drops annotations that fail their allow-list', () => {
    const odd = 'a&b c/ü?#=';
    const resolver = resolverFor({
      grafana: [GRAFANA],
      jaeger: JAEGER,
      templates: [
        {
          tool: 'loki',
          title: 'Logs',
          url: 'https://loki.example.com/explore?app={{ entity.metadata.name }}&ns={{ entity.metadata.namespace }}',
        },
      ],
    });
    const entity = component('x', {
      'jaegertracing.io/service': 'svc with space',
      'jaegertracing.io/operation': 'GET /orders/{id}?x=1&y',
      'grafana/alert-label-selector': 'service=orders,team=a b',
    });
    entity.metadata.namespace = odd;
    const groups = resolver.resolve(entity);
    expect(urls(groups, 'loki')).toEqual([
      `https://loki.example.com/explore?app=x&ns=${encodeURIComponent(odd)}`,
    ]);
    const search = new URL(urls(groups, 'jaeger')[0]);
    expect(search.searchParams.get('service')).toBe('svc with space');
    expect(search.searchParams.get('operation')).toBe('GET /orders/{id}?x=1&y');
    const alerts = new URL(urls(groups, 'grafana')[0]);
    expect(alerts.searchParams.get('search')).toBe(
      'label:service=orders label:team=a b',
    );

    const hostile = resolver.resolve(
      component('y', {
        'grafana/dashboard-selector': "tags @> '../../api/admin?x=<script>'",
        'grafana/alert-label-selector': 'service="orders"} or 1',
        'jaegertracing.io/service': '<svc>\n',
        'grafana/overview-dashboard': SCRIPT_URL,
      }),
    );
    expect(hostile.map(g => g.tool)).toEqual(['loki']);
  });

  it('gives links on every Grafana instance, and attributes a dashboard URL to its instance', () => {
    const groups = resolverFor({
      grafana: [
        { name: 'eu', baseUrl: 'https://grafana-eu.example.com' },
        {
          name: 'us',
          baseUrl: 'https://grafana-us.example.com/sub',
          dashboardSelector: '{{ entity.metadata.name }}',
        },
      ],
    }).resolve(
      component(
        'orders',
        {
          'grafana/overview-dashboard':
            'https://grafana-us.example.com/sub/d/abc/orders?orgId=1',
          'grafana/alert-label-selector': 'service=orders',
        },
        {
          links: [
            {
              url: 'https://grafana-eu.example.com/d/x/capacity',
              title: 'Capacity',
            },
          ],
        },
      ),
    );
    expect(groups).toHaveLength(1);
    expect(groups[0].links.map(l => [l.title, l.instance, l.url])).toEqual([
      [
        'Overview dashboard',
        'us',
        'https://grafana-us.example.com/sub/d/abc/orders?orgId=1',
      ],
      [
        'Alert rules for service=orders (eu)',
        'eu',
        'https://grafana-eu.example.com/alerting/list?search=label%3Aservice%3Dorders',
      ],
      // Only "us" has a default selector for entities without the annotation.
      [
        'Dashboards tagged orders (us)',
        'us',
        'https://grafana-us.example.com/sub/dashboards?tag=orders',
      ],
      [
        'Alert rules for service=orders (us)',
        'us',
        'https://grafana-us.example.com/sub/alerting/list?search=label%3Aservice%3Dorders',
      ],
      ['Capacity', 'eu', 'https://grafana-eu.example.com/d/x/capacity'],
    ]);
  });

  it('scopes time-aware links to a window: Grafana in ms, Jaeger in µs, templates through incidentUrl', () => {
    const window = {
      from: Date.parse('2026-03-01T10:00:00Z'),
      to: Date.parse('2026-03-01T11:30:00Z'),
    };
    const groups = resolverFor({
      grafana: [GRAFANA],
      jaeger: JAEGER,
      templates: [
        {
          tool: 'loki',
          title: 'Logs of {{ entity.metadata.name }}',
          url: 'https://grafana.example.com/explore?service={{ entity.metadata.name }}',
          incidentUrl:
            'https://grafana.example.com/explore?service={{ entity.metadata.name }}&from={{ window.from }}&to={{ window.to }}',
          kind: 'logs',
        },
        {
          tool: 'prometheus',
          title: 'Only during incidents',
          url: 'https://prometheus.example.com/graph?end={{ window.toIso }}',
        },
      ],
    }).resolve(BACKEND, window);
    const overview = new URL(urls(groups, 'grafana')[0]);
    expect(overview.searchParams.get('orgId')).toBe('1');
    expect(overview.searchParams.get('from')).toBe(String(window.from));
    expect(overview.searchParams.get('to')).toBe(String(window.to));
    const jaeger = new URL(urls(groups, 'jaeger')[0]);
    expect(jaeger.searchParams.get('lookback')).toBe('custom');
    expect(jaeger.searchParams.get('start')).toBe(String(window.from * 1000));
    expect(jaeger.searchParams.get('end')).toBe(String(window.to * 1000));
    expect(urls(groups, 'loki')).toEqual([
      `https://grafana.example.com/explore?service=bomizzel-backend&from=${window.from}&to=${window.to}`,
    ]);
    expect(urls(groups, 'prometheus')).toEqual([
      'https://prometheus.example.com/graph?end=2026-03-01T11%3A30%3A00.000Z',
    ]);

    // Without a window, the template that needs one yields nothing.
    const unscoped = resolverFor({
      templates: [
        {
          tool: 'prometheus',
          title: 'Only during incidents',
          url: 'https://prometheus.example.com/graph?end={{ window.toIso }}',
        },
      ],
    }).resolve(BACKEND);
    expect(unscoped.filter(g => g.tool === 'prometheus')).toEqual([]);
  });

  it('uses Jaeger lookback, operation and limit annotations, and the entity name only where config says so', () => {
    const entity = component('checkout', {
      'jaegertracing.io/lookback': '6h',
      'jaegertracing.io/operation': 'POST /pay',
      'jaegertracing.io/limit': '50',
    });
    expect(resolverFor({ jaeger: JAEGER }).resolve(entity)).toEqual([]);
    const groups = resolverFor({
      jaeger: { ...JAEGER, defaultServiceFromName: true },
    }).resolve(entity);
    expect(urls(groups, 'jaeger')[0]).toBe(
      'https://jaeger.example.com/search?service=checkout&operation=POST+%2Fpay&lookback=6h&limit=50',
    );
  });

  it('skips templates with missing variables or for other kinds, and refuses non-web URLs', () => {
    const groups = resolverFor({
      templates: [
        {
          tool: 'pagerduty',
          title: 'PagerDuty',
          url: "https://x.pagerduty.com/service-directory/{{ annotations['pagerduty.com/service-id'] }}",
        },
        {
          tool: 'apiDocs',
          title: 'API docs',
          url: 'https://docs.example.com/{{ entity.metadata.name }}',
          kinds: ['API'],
        },
        {
          tool: 'other',
          title: 'Sneaky',
          url: '{{ entity.metadata.name }}:alert(1)',
        },
        {
          tool: 'slack',
          title: '#{{ entity.metadata.name }}',
          url: 'https://slack.com/app_redirect?channel={{ entity.metadata.name }}',
          kinds: ['component'],
        },
      ],
    }).resolve(component('javascript'));
    expect(groups).toEqual([
      {
        tool: 'slack',
        title: 'Slack',
        links: [
          {
            tool: 'slack',
            title: '#javascript',
            url: 'https://slack.com/app_redirect?channel=javascript',
          },
        ],
      },
    ]);
  });

  it('rejects invalid templates at start-up', () => {
    expect(() =>
      resolverFor({
        templates: [
          { tool: 'loki', title: 'x', url: 'https://x/{{ entity..name }}' },
        ],
      }),
    ).toThrow(/invalid placeholder/);
    expect(() =>
      resolverFor({
        templates: [{ tool: 'nagios', title: 'x', url: 'https://x' }],
      }),
    ).toThrow(/templates\[\]\.tool 'nagios'/);
    expect(() =>
      resolverFor({ grafana: [{ name: 'g', baseUrl: 'file:///etc' }] }),
    ).toThrow(/http\(s\)/);
  });

  it('gives the example catalog the right public links with the development config', () => {
    const root = resolvePath(__dirname, '../../../..');
    // As the config loader does with unset environment variables: no key.
    const appConfig = parse(
      readFileSync(`${root}/app-config.yaml`, 'utf8').replace(
        /^\s*\w+: \$\{\w+\}\s*$/gm,
        '',
      ),
    );
    const entities: Entity[] = parseAllDocuments(
      readFileSync(`${root}/examples/entities.yaml`, 'utf8'),
    ).map(d => d.toJSON());
    const resolver = LinkResolver.create(
      readLinksConfig(new ConfigReader(appConfig)),
    );
    const backend = entities.find(e => e.metadata.name === 'bomizzel-backend')!;
    const groups = resolver.resolve(backend);
    const tools = groups.map(g => g.tool);
    expect(tools).toEqual(
      expect.arrayContaining([
        'grafana',
        'jaeger',
        'statuspage',
        'prometheus',
        'alertmanager',
        'loki',
        'pagerduty',
        'slack',
        'runbook',
      ]),
    );
    expect(urls(groups, 'jaeger')[0]).toBe(
      'https://jaeger.bomizzel.com/search?service=bomizzel-backend&lookback=1h&limit=20',
    );
    expect(urls(groups, 'statuspage')).toEqual([
      'https://status.bomizzel.com/',
    ]);
    expect(urls(groups, 'pagerduty')).toEqual([
      'https://bomizzel.pagerduty.com/service-directory/PBMZ001',
    ]);
    const logs = new URL(urls(groups, 'loki')[0]);
    expect(JSON.parse(logs.searchParams.get('left')!).queries[0].expr).toBe(
      '{service_name="bomizzel-backend"}',
    );
    const scoped = resolver.resolve(backend, { from: 1000, to: 2000 });
    const scopedLogs = new URL(urls(scoped, 'loki')[0]);
    expect(JSON.parse(scopedLogs.searchParams.get('left')!).range).toEqual({
      from: '1000',
      to: '2000',
    });
    for (const entity of entities) {
      for (const url of urls(resolver.resolve(entity))) {
        expect(url).toMatch(/^https:\/\//);
      }
    }
  });
});
