import { mockCredentials } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { DEFAULT_SEVERITIES } from '@bomizzel/plugin-incidents-common';
import { startIncidentsBackend } from './__testUtils__/testBackend';

describe('incidents backend plugin', () => {
  /** The plugin with the given `incidents` config, if any. */
  async function startBackend(config?: JsonObject) {
    // A request without a token is anonymous, as in a real backend.
    const { server } = await startIncidentsBackend({ config, anonymous: true });
    return server;
  }

  it('answers GET /severities to a signed-in user with the runbook levels', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/incidents/severities')
      .set('Authorization', mockCredentials.user.header());

    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([
      'P0',
      'P1',
      'P2',
      'P3',
    ]);
    expect(res.body.items[0]).toEqual({
      id: 'P0',
      name: 'Critical',
      description: 'Complete system outage',
      examples: ['Application down', 'Database unavailable'],
      responseMinutes: 15,
    });
    expect(
      res.body.items.map((s: { responseMinutes: number }) => s.responseMinutes),
    ).toEqual(DEFAULT_SEVERITIES.map(s => s.responseMinutes));
  });

  it('answers service callers too', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/incidents/severities')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
  });

  it('refuses a caller without credentials with 401', async () => {
    const server = await startBackend();
    const res = await request(server).get('/api/incidents/severities');
    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('AuthenticationError');
  });

  it('serves severities from app-config when configured', async () => {
    const server = await startBackend({
      severities: [
        {
          id: 'SEV1',
          name: 'Major',
          description: 'Customers cannot buy tickets',
          responseMinutes: 5,
        },
      ],
    });
    const res = await request(server)
      .get('/api/incidents/severities')
      .set('Authorization', mockCredentials.user.header());
    expect(res.body).toEqual({
      items: [
        {
          id: 'SEV1',
          name: 'Major',
          description: 'Customers cannot buy tickets',
          examples: [],
          responseMinutes: 5,
        },
      ],
    });
  });

  it('refuses to start with a severity configured twice', async () => {
    await expect(
      startBackend({
        severities: [
          { id: 'P0', name: 'a', description: 'a', responseMinutes: 5 },
          { id: 'P0', name: 'b', description: 'b', responseMinutes: 10 },
        ],
      }),
    ).rejects.toThrow("incidents.severities[1].id 'P0' is listed twice");
  });
});
