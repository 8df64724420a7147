import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { IncidentsClient } from './IncidentsClient';

const baseUrl = 'http://backend.test/api/incidents';
const server = setupServer();

describe('IncidentsClient', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const client = new IncidentsClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: {
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set('authorization', 'Bearer user-token');
        return fetch(input, { ...init, headers });
      },
    },
  });

  it('fetches severities through the fetch API, with the user token', async () => {
    let authorization: string | null = null;
    server.use(
      http.get(`${baseUrl}/severities`, ({ request }) => {
        authorization = request.headers.get('authorization');
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

    await expect(client.getSeverities()).resolves.toEqual([
      expect.objectContaining({ id: 'P0', responseMinutes: 15 }),
    ]);
    expect(authorization).toBe('Bearer user-token');
  });

  it('turns an error response into a ResponseError naming the status', async () => {
    server.use(
      http.get(`${baseUrl}/severities`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'AuthenticationError',
              message: 'Missing credentials',
            },
          },
          { status: 401 },
        ),
      ),
    );

    await expect(client.getSeverities()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 401,
    });
  });
});
