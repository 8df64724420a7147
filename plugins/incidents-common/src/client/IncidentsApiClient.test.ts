import { Incident } from '../types';
import { IncidentsApiClient } from './IncidentsApiClient';
import { IncidentsApiError } from './IncidentsApiError';

const baseUrl = 'http://backend.test/api/incidents';

// msw is not a devDependency of this package, so the backend is faked at the
// fetch boundary with real Request and Response objects; the frontend
// plugin's tests run this client against msw.
let backend: (request: Request) => Response | Promise<Response>;
const requests: Request[] = [];
const fetchApi = {
  fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    return backend(request);
  },
};
const lastRequest = () => requests[requests.length - 1];

const incident: Incident = {
  id: 7,
  ref: 'INC-7',
  title: 'API answers 502',
  description: '',
  severity: 'P1',
  status: 'INVESTIGATING',
  commander: null,
  reporter: 'user:default/guest',
  entityRefs: ['component:default/bomizzel-backend'],
  startedAt: null,
  detectedAt: '2026-01-01T10:00:00.000Z',
  acknowledgedAt: null,
  identifiedAt: null,
  resolvedAt: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  version: 3,
  response: {
    targetMinutes: 60,
    deadline: '2026-01-01T11:00:00.000Z',
    state: 'pending',
  },
  demo: false,
};

describe('IncidentsApiClient', () => {
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) =>
      pluginId === 'incidents' ? baseUrl : 'http://wrong.test',
  };
  const client = new IncidentsApiClient({ discoveryApi, fetchApi });

  afterEach(() => {
    requests.length = 0;
  });

  it('lists incidents with repeated filters, the time range and the cursor', async () => {
    backend = () => Response.json({ items: [incident], nextCursor: 'c2' });

    const page = await client.listIncidents({
      entityRef: ['component:default/a', 'system:default/b'],
      status: ['INVESTIGATING', 'IDENTIFIED'],
      severity: ['P0'],
      from: '2026-01-01T00:00:00.000Z',
      q: 'disk full',
      limit: 10,
      cursor: 'c1',
    });

    expect(page).toEqual({ items: [incident], nextCursor: 'c2' });
    const url = new URL(lastRequest().url);
    expect(lastRequest().method).toBe('GET');
    expect(url.pathname).toBe('/api/incidents/incidents');
    expect(url.searchParams.getAll('entityRef')).toEqual([
      'component:default/a',
      'system:default/b',
    ]);
    expect(url.searchParams.getAll('status')).toEqual([
      'INVESTIGATING',
      'IDENTIFIED',
    ]);
    expect(url.searchParams.getAll('severity')).toEqual(['P0']);
    expect(url.searchParams.get('from')).toBe('2026-01-01T00:00:00.000Z');
    expect(url.searchParams.has('to')).toBe(false);
    expect(url.searchParams.get('q')).toBe('disk full');
    expect(url.searchParams.get('limit')).toBe('10');
    expect(url.searchParams.get('cursor')).toBe('c1');
  });

  it('lists without a query string when there are no filters', async () => {
    backend = () => Response.json({ items: [] });
    await expect(client.listIncidents()).resolves.toEqual({ items: [] });
    expect(lastRequest().url).toBe(`${baseUrl}/incidents`);
  });

  it('declares an incident with an Idempotency-Key and a JSON body', async () => {
    backend = () =>
      Response.json(incident, { status: 201, headers: { ETag: '"1"' } });
    const request = {
      title: 'API answers 502',
      severity: 'P1',
      entityRefs: ['component:default/bomizzel-backend'],
    };

    await expect(
      client.createIncident(request, { idempotencyKey: 'key-1' }),
    ).resolves.toEqual(incident);

    expect(lastRequest().method).toBe('POST');
    expect(lastRequest().headers.get('idempotency-key')).toBe('key-1');
    expect(lastRequest().headers.get('content-type')).toBe('application/json');
    await expect(lastRequest().json()).resolves.toEqual(request);
  });

  it('reads an incident by its reference, encoded in the path', async () => {
    backend = () => Response.json(incident, { headers: { ETag: '"3"' } });
    await expect(client.getIncident('INC-7')).resolves.toEqual(incident);
    await client.getIncident('../admin').catch(() => undefined);
    expect(requests.map(r => new URL(r.url).pathname)).toEqual([
      '/api/incidents/incidents/INC-7',
      '/api/incidents/incidents/..%2Fadmin',
    ]);
  });

  it('sends the version as If-Match and returns the changed incident', async () => {
    backend = async request =>
      Response.json({ ...incident, ...(await request.json()), version: 4 });

    const updated = await client.updateIncident(
      7,
      { status: 'IDENTIFIED', message: 'Bad deploy' },
      { version: 3 },
    );

    expect(lastRequest().method).toBe('PATCH');
    expect(lastRequest().headers.get('if-match')).toBe('"3"');
    expect(updated).toMatchObject({ status: 'IDENTIFIED', version: 4 });
  });

  it('throws an IncidentsApiError with the status, name and message of a 412', async () => {
    backend = () =>
      Response.json(
        {
          error: {
            name: 'PreconditionFailedError',
            message: 'INC-7 was changed by someone else',
          },
        },
        { status: 412 },
      );

    const error = await client
      .updateIncident(7, { severity: 'P0' }, { version: 1 })
      .catch(e => e);

    expect(error).toBeInstanceOf(IncidentsApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      status: 412,
      name: 'PreconditionFailedError',
      message: 'INC-7 was changed by someone else',
    });
  });

  it('names the status when the error body is not JSON', async () => {
    backend = () =>
      new Response('upstream down', {
        status: 503,
        statusText: 'Service Unavailable',
      });
    await expect(client.getSeverities()).rejects.toMatchObject({
      name: 'IncidentsApiError',
      status: 503,
      message: 'Request failed with 503 Service Unavailable',
    });
  });

  it('reads the timeline, adds events, renders messages and stats', async () => {
    const event = {
      id: 1,
      incidentId: 7,
      type: 'note',
      actor: 'user:default/guest',
      createdAt: incident.createdAt,
      message: 'Looking',
      data: {},
    };
    const message = { id: 'initial', title: 'Initial', text: 'ALERT' };
    backend = request => {
      const { pathname } = new URL(request.url);
      if (pathname.endsWith('/events') && request.method === 'POST') {
        return Response.json({ items: [event], incident }, { status: 201 });
      }
      if (pathname.endsWith('/events')) {
        return Response.json({ items: [event] });
      }
      if (pathname.endsWith('/messages')) {
        return Response.json({ items: [message] });
      }
      return Response.json({ total: 0 });
    };

    await expect(client.listIncidentEvents(7)).resolves.toEqual([event]);
    await expect(
      client.createIncidentEvent(7, { type: 'note', message: 'Looking' }),
    ).resolves.toEqual({ items: [event], incident });
    await expect(lastRequest().json()).resolves.toEqual({
      type: 'note',
      message: 'Looking',
    });
    await expect(client.getIncidentMessages('INC-7')).resolves.toEqual([
      message,
    ]);
    await client.getStats({ entityRef: ['system:default/x', 'group:y'] });
    const statsUrl = new URL(lastRequest().url);
    expect(statsUrl.pathname).toBe('/api/incidents/stats');
    expect(statsUrl.searchParams.getAll('entityRef')).toEqual([
      'system:default/x',
      'group:y',
    ]);
  });

  it('falls back to the global fetch when no fetch API is given', async () => {
    const globalFetch = jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(Response.json({ items: [] }));
    try {
      await new IncidentsApiClient({ discoveryApi }).getSeverities();
      expect(globalFetch).toHaveBeenCalledWith(
        `${baseUrl}/severities`,
        expect.objectContaining({ method: 'GET' }),
      );
    } finally {
      globalFetch.mockRestore();
    }
  });
});
