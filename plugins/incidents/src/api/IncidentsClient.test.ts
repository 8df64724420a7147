import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { IncidentsClient } from './IncidentsClient';
import { httpStatusOf, isStaleVersionError, messageOf } from './errors';
import {
  createFakeIncidentsBackend,
  errorResponse,
  INCIDENTS_URL as baseUrl,
  makeIncident,
} from '../__testUtils__/fakeIncidentsBackend';

const server = setupServer();

describe('IncidentsClient', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const newClient = () =>
    new IncidentsClient({
      discoveryApi: { getBaseUrl: async () => baseUrl },
      fetchApi: {
        fetch: (input, init) => {
          const headers = new Headers(init?.headers);
          headers.set('authorization', 'Bearer user-token');
          return fetch(input, { ...init, headers });
        },
      },
    });

  it('fetches severities through the fetch API, with the user token, once', async () => {
    const authorizations: Array<string | null> = [];
    server.use(
      http.get(`${baseUrl}/severities`, ({ request }) => {
        authorizations.push(request.headers.get('authorization'));
        return HttpResponse.json({
          items: [
            {
              id: 'P0',
              name: 'Critical',
              description: 'Complete system outage',
              examples: ['Application down'],
              responseMinutes: 15,
            },
          ],
        });
      }),
    );

    const client = newClient();
    await expect(client.getSeverities()).resolves.toEqual([
      expect.objectContaining({ id: 'P0', responseMinutes: 15 }),
    ]);
    await client.getSeverities();
    expect(authorizations).toEqual(['Bearer user-token']);
  });

  it('turns an error response into a ResponseError naming the status, and asks again after it', async () => {
    let calls = 0;
    server.use(
      http.get(`${baseUrl}/severities`, () =>
        ++calls === 1
          ? errorResponse(401, 'AuthenticationError', 'Missing credentials')
          : HttpResponse.json({ items: [] }),
      ),
    );
    const client = newClient();

    const error = await client.getSeverities().catch(e => e);
    expect(error).toMatchObject({ name: 'ResponseError', statusCode: 401 });
    expect(messageOf(error)).toBe('Missing credentials');
    await expect(client.getSeverities()).resolves.toEqual([]);
  });

  it('changes an incident with If-Match and reports a stale version as 412', async () => {
    const backend = createFakeIncidentsBackend({
      incidents: [makeIncident({ id: 5, version: 3 })],
    });
    server.use(...backend.handlers);
    const client = newClient();

    const incident = await client.getIncident('INC-5');
    const changed = await client.updateIncident(
      incident.id,
      { status: 'IDENTIFIED', message: 'Found it' },
      { version: incident.version },
    );
    expect(changed).toMatchObject({ status: 'IDENTIFIED', version: 4 });

    const stale = await client
      .updateIncident(5, { severity: 'P0' }, { version: 3 })
      .catch(e => e);
    expect(stale).toMatchObject({ name: 'ResponseError', statusCode: 412 });
    expect(isStaleVersionError(stale)).toBe(true);
    expect(messageOf(stale)).toMatch(/changed by someone else/);
    expect(backend.requests.map(r => r.headers.get('if-match'))).toEqual([
      null,
      '"3"',
      '"3"',
    ]);
  });

  it('declares with the Idempotency-Key and follows the cursor', async () => {
    const backend = createFakeIncidentsBackend();
    server.use(...backend.handlers);
    const client = newClient();
    const request = {
      title: 'Down',
      severity: 'P0',
      entityRefs: ['component:default/bomizzel-backend'],
    };
    const first = await client.createIncident(request, { idempotencyKey: 'k' });
    const again = await client.createIncident(request, { idempotencyKey: 'k' });
    expect(again.id).toBe(first.id);
    await client.createIncident({ ...request, title: 'Other' });

    const page1 = await client.listIncidents({ limit: 1 });
    const page2 = await client.listIncidents({
      limit: 1,
      cursor: page1.nextCursor,
    });
    expect([...page1.items, ...page2.items].map(i => i.title)).toEqual([
      'Other',
      'Down',
    ]);
    expect(page2.nextCursor).toBeUndefined();
  });
});

describe('httpStatusOf', () => {
  it('reads the status of either error type', () => {
    expect(httpStatusOf({ statusCode: 404 })).toBe(404);
    expect(httpStatusOf({ status: 412 })).toBe(412);
    expect(httpStatusOf(new Error('x'))).toBeUndefined();
    expect(httpStatusOf(undefined)).toBeUndefined();
  });
});
