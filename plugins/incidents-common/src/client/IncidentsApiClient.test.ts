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

  it('asks for links and status with the entity ref encoded, and the incident when given', async () => {
    const links = {
      entityRef: 'component:ns a/b&c=d',
      window: { from: '2026-01-01T09:45:00Z', to: '2026-01-01T11:15:00Z' },
      groups: [
        {
          tool: 'grafana',
          title: 'Grafana',
          links: [{ tool: 'grafana', title: 'Overview', url: 'https://g/d/1' }],
        },
      ],
    };
    const status = {
      entityRef: 'component:ns a/b&c=d',
      sources: [{ source: 'jaeger', state: 'ok', errorTraces: 2 }],
    };
    backend = request =>
      Response.json(
        new URL(request.url).pathname.endsWith('/links') ? links : status,
      );

    await expect(
      client.getLinks({
        entityRef: 'component:ns a/b&c=d',
        incidentId: 'INC-7',
      }),
    ).resolves.toEqual(links);
    await client.getLinks({ entityRef: 'component:default/x' });
    await expect(client.getStatus('component:ns a/b&c=d')).resolves.toEqual(
      status,
    );

    const [scoped, plain, live] = requests.map(r => new URL(r.url));
    expect(scoped.pathname).toBe('/api/incidents/links');
    expect(scoped.search).toBe(
      '?entityRef=component%3Ans+a%2Fb%26c%3Dd&incidentId=INC-7',
    );
    expect(scoped.searchParams.get('entityRef')).toBe('component:ns a/b&c=d');
    expect(plain.search).toBe('?entityRef=component%3Adefault%2Fx');
    expect(plain.searchParams.has('incidentId')).toBe(false);
    expect(live.pathname).toBe('/api/incidents/status');
    expect(live.searchParams.get('entityRef')).toBe('component:ns a/b&c=d');
    expect(requests.map(r => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('passes the abort signal of links and status on, and throws their errors', async () => {
    backend = () =>
      Response.json(
        { error: { name: 'NotFoundError', message: 'No entity x' } },
        { status: 404 },
      );
    await expect(
      client.getLinks({ entityRef: 'component:default/x', incidentId: 0 }),
    ).rejects.toMatchObject({ status: 404, message: 'No entity x' });
    expect(new URL(lastRequest().url).searchParams.get('incidentId')).toBe('0');

    const controller = new AbortController();
    controller.abort();
    backend = () => Response.json({ entityRef: 'x', sources: [] });
    await expect(
      client.getStatus('component:default/x', { signal: controller.signal }),
    ).resolves.toBeDefined();
    expect(lastRequest().signal.aborted).toBe(true);
  });

  it('lists runbooks of an entity with a search, and all without a query string', async () => {
    backend = () => Response.json({ items: [] });

    await client.listRunbooks({
      entityRef: 'component:default/bomizzel-backend',
      q: 'too many clients & timeouts',
    });
    const url = new URL(lastRequest().url);
    expect(url.pathname).toBe('/api/incidents/runbooks');
    expect(url.searchParams.get('entityRef')).toBe(
      'component:default/bomizzel-backend',
    );
    expect(url.searchParams.get('q')).toBe('too many clients & timeouts');

    await expect(client.listRunbooks()).resolves.toEqual({ items: [] });
    expect(lastRequest().url).toBe(`${baseUrl}/runbooks`);
  });

  it('reads a runbook with each path segment encoded and the slashes kept', async () => {
    backend = () =>
      Response.json({ path: 'runbooks/db #1.md', markdown: '# DB' });

    await expect(client.getRunbook('runbooks/db #1.md')).resolves.toEqual(
      expect.objectContaining({ markdown: '# DB' }),
    );
    expect(lastRequest().url).toBe(`${baseUrl}/runbooks/runbooks/db%20%231.md`);

    // A segment cannot smuggle a query, a fragment or an encoded slash.
    await client.getRunbook('a?b=1/c%2fd.md');
    expect(lastRequest().url).toBe(`${baseUrl}/runbooks/a%3Fb%3D1/c%252fd.md`);
  });

  it('throws the status of a refused runbook path and passes the signal on', async () => {
    backend = () =>
      Response.json(
        { error: { name: 'NotFoundError', message: 'No runbook x.md' } },
        { status: 404 },
      );
    const controller = new AbortController();
    await expect(
      client.getRunbook('x.md', { signal: controller.signal }),
    ).rejects.toMatchObject({ status: 404 });
    controller.abort();
    expect(lastRequest().signal.aborted).toBe(true);
  });

  it('reads and saves a post-mortem with If-Match, and lists post-mortems', async () => {
    const postmortem = { incidentId: 7, exists: true, version: 2 };
    backend = async request =>
      request.method === 'PUT'
        ? Response.json({ ...postmortem, ...(await request.json()) })
        : Response.json(
            new URL(request.url).pathname.endsWith('/postmortems')
              ? { items: [postmortem] }
              : postmortem,
          );

    await expect(client.getPostmortem('INC-7')).resolves.toEqual(postmortem);
    expect(new URL(lastRequest().url).pathname).toBe(
      '/api/incidents/incidents/INC-7/postmortem',
    );

    await client.savePostmortem(
      7,
      { sections: { summary: 'What happened' }, status: 'in_review' },
      { version: 2 },
    );
    expect(lastRequest().method).toBe('PUT');
    expect(lastRequest().headers.get('if-match')).toBe('"2"');
    await expect(lastRequest().json()).resolves.toEqual({
      sections: { summary: 'What happened' },
      status: 'in_review',
    });

    await expect(
      client.listPostmortems({
        entityRef: ['group:default/team-a', 'system:default/s'],
        status: ['missing', 'draft'],
        overdue: false,
      }),
    ).resolves.toEqual([postmortem]);
    const url = new URL(lastRequest().url);
    expect(url.pathname).toBe('/api/incidents/postmortems');
    expect(url.searchParams.getAll('entityRef')).toEqual([
      'group:default/team-a',
      'system:default/s',
    ]);
    expect(url.searchParams.getAll('status')).toEqual(['missing', 'draft']);
    expect(url.searchParams.get('overdue')).toBe('false');
    await client.listPostmortems();
    expect(lastRequest().url).toBe(`${baseUrl}/postmortems`);
  });

  it('lists action items of an incident or an owner, creates and updates them', async () => {
    const item = { id: 3, incidentId: 7, title: 'Add an alert', version: 1 };
    backend = async request => {
      if (request.method === 'GET') return Response.json({ items: [item] });
      return Response.json(
        { ...item, ...(await request.json()) },
        { status: request.method === 'POST' ? 201 : 200 },
      );
    };

    await expect(
      client.listActionItems({ incidentId: 'INC-7' }),
    ).resolves.toEqual({ items: [item] });
    expect(lastRequest().url).toBe(`${baseUrl}/incidents/INC-7/action-items`);

    await client.listActionItems({
      owner: 'user:default/jane',
      entityRef: ['system:default/s'],
      status: ['open', 'in_progress'],
      overdue: true,
    });
    const url = new URL(lastRequest().url);
    expect(url.pathname).toBe('/api/incidents/action-items');
    expect(url.searchParams.get('owner')).toBe('user:default/jane');
    expect(url.searchParams.getAll('entityRef')).toEqual(['system:default/s']);
    expect(url.searchParams.getAll('status')).toEqual(['open', 'in_progress']);
    expect(url.searchParams.get('overdue')).toBe('true');

    const created = await client.createActionItem(7, {
      title: 'Add an alert',
      kind: 'monitoring_enhancement',
      dueDate: '2026-02-01',
    });
    expect(created).toMatchObject({ kind: 'monitoring_enhancement' });
    expect(lastRequest().method).toBe('POST');
    expect(lastRequest().url).toBe(`${baseUrl}/incidents/7/action-items`);

    await client.updateActionItem(
      3,
      { status: 'done', owner: null },
      { version: 1 },
    );
    expect(lastRequest().method).toBe('PATCH');
    expect(lastRequest().url).toBe(`${baseUrl}/action-items/3`);
    expect(lastRequest().headers.get('if-match')).toBe('"1"');
    await expect(lastRequest().json()).resolves.toEqual({
      status: 'done',
      owner: null,
    });
  });

  it('asks for trends of entities over some months', async () => {
    backend = () => Response.json({ months: ['2026-01'] });
    await expect(
      client.getTrends({ entityRef: ['group:default/a'], months: 6 }),
    ).resolves.toEqual({ months: ['2026-01'] });
    const url = new URL(lastRequest().url);
    expect(url.pathname).toBe('/api/incidents/trends');
    expect(url.searchParams.getAll('entityRef')).toEqual(['group:default/a']);
    expect(url.searchParams.get('months')).toBe('6');
    await client.getTrends();
    expect(lastRequest().url).toBe(`${baseUrl}/trends`);
  });

  it('reads the status page publication and publishes with a JSON body', async () => {
    const publication = {
      incidentId: 7,
      available: true,
      published: true,
      changedSincePublication: false,
      shortlink: 'https://stspg.io/abc',
    };
    backend = () => Response.json(publication);
    expect(await client.getIncidentStatuspage('INC-7')).toEqual(publication);
    expect(lastRequest().method).toBe('GET');
    expect(lastRequest().url).toBe(`${baseUrl}/incidents/INC-7/statuspage`);

    expect(
      await client.publishIncidentStatuspage(7, { message: 'Fixed.' }),
    ).toEqual(publication);
    expect(lastRequest().method).toBe('POST');
    expect(lastRequest().url).toBe(`${baseUrl}/incidents/7/statuspage`);
    expect(lastRequest().headers.get('content-type')).toBe('application/json');
    expect(await lastRequest().json()).toEqual({ message: 'Fixed.' });

    backend = () =>
      Response.json(
        { error: { name: 'StatuspageUnavailableError', message: 'HTTP 500' } },
        { status: 502 },
      );
    await expect(client.publishIncidentStatuspage(7, {})).rejects.toMatchObject(
      { status: 502 },
    );
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
