import {
  GetLinksResponse,
  GetStatusResponse,
  LinkGroup,
  StatusSource,
} from '@bomizzel/plugin-incidents-common';
import { delay, http, HttpResponse } from 'msw';
import { errorResponse, INCIDENTS_URL } from './fakeIncidentsBackend';

/** Links of the example backend service, as `GET /links` resolves them. */
export function makeLinkGroups(): LinkGroup[] {
  return [
    {
      tool: 'grafana',
      title: 'Grafana',
      links: [
        {
          tool: 'grafana',
          title: 'Bomizzel backend overview',
          url: 'https://grafana.bomizzel.com/d/bmz-backend/bomizzel-backend?orgId=1',
          kind: 'dashboard',
        },
        {
          tool: 'grafana',
          title: 'Alert rules for service=bomizzel-backend',
          url: 'https://grafana.bomizzel.com/alerting/list?search=label%3Aservice%3Dbomizzel-backend',
          kind: 'alerts',
          instance: 'main',
        },
      ],
    },
    {
      tool: 'jaeger',
      title: 'Jaeger',
      links: [
        {
          tool: 'jaeger',
          title: 'Traces of bomizzel-backend',
          url: 'https://jaeger.bomizzel.com/search?service=bomizzel-backend&lookback=1h&limit=20',
          kind: 'search',
        },
      ],
    },
    {
      tool: 'statuspage',
      title: 'Status page',
      links: [
        {
          tool: 'statuspage',
          title: 'Ticketing API on status.bomizzel.com',
          url: 'https://status.bomizzel.com',
          kind: 'component',
        },
      ],
    },
    {
      tool: 'pagerduty',
      title: 'PagerDuty',
      links: [
        {
          tool: 'pagerduty',
          title: 'PagerDuty service PBMZ001',
          url: 'https://bomizzel.pagerduty.com/service-directory/PBMZ001',
        },
      ],
    },
    {
      tool: 'slack',
      title: 'Slack',
      links: [
        {
          tool: 'slack',
          title: '#backend-team',
          url: 'https://bomizzel.slack.com/app_redirect?channel=backend-team',
          kind: 'channel',
        },
      ],
    },
  ];
}

/** Every live source answered, as `GET /status` returns them. */
export function makeStatusSources(): StatusSource[] {
  return [
    {
      source: 'grafana-alerts',
      state: 'ok',
      firing: 2,
      updatedAt: '2026-03-10T11:59:00.000Z',
      alerts: [
        { name: 'HighErrorRate', state: 'firing', labels: { service: 'x' } },
        { name: 'SlowResponses', state: 'firing', labels: { service: 'x' } },
        { name: 'DiskAlmostFull', state: 'inactive', labels: {} },
      ],
    },
    {
      source: 'statuspage',
      state: 'ok',
      components: [
        {
          id: 'api0000000001',
          name: 'Ticketing API',
          status: 'partial_outage',
        },
        { id: 'web0000000001', name: 'Website', status: 'operational' },
      ],
    },
    {
      source: 'jaeger',
      state: 'ok',
      service: 'bomizzel-backend',
      errorTraces: 3,
      lookback: '1h',
    },
  ];
}

/**
 * Handlers of `GET /links` and `GET /status` at {@link INCIDENTS_URL}.
 * `status` may be a promise that the test settles, to look at the card while
 * the live state is still asked; `'error'` answers 503.
 */
export function createFakeObservabilityBackend(
  options: {
    groups?: LinkGroup[] | ((entityRef: string) => LinkGroup[]);
    window?: GetLinksResponse['window'];
    links?: 'error';
    status?: StatusSource[] | Promise<StatusSource[]> | 'error';
  } = {},
) {
  const requests: URL[] = [];
  const handlers = [
    http.get(`${INCIDENTS_URL}/links`, ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      if (options.links === 'error') {
        return errorResponse(500, 'Error', 'Links are broken');
      }
      const entityRef = url.searchParams.get('entityRef')!;
      const groups =
        typeof options.groups === 'function'
          ? options.groups(entityRef)
          : options.groups ?? makeLinkGroups();
      const body: GetLinksResponse = {
        entityRef,
        ...(url.searchParams.has('incidentId') && options.window
          ? { window: options.window }
          : {}),
        groups,
      };
      return HttpResponse.json(body);
    }),
    http.get(`${INCIDENTS_URL}/status`, async ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      if (options.status === 'error') {
        await delay(10);
        return errorResponse(503, 'ServiceUnavailableError', 'Status is down');
      }
      const body: GetStatusResponse = {
        entityRef: url.searchParams.get('entityRef')!,
        sources: await (options.status ?? makeStatusSources()),
      };
      return HttpResponse.json(body);
    }),
  ];
  return { handlers, requests };
}
