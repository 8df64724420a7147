import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  startIncidentsBackend,
  TestServer,
} from '../../__testUtils__/testBackend';
import { entity } from '../../__testUtils__/catalog';

jest.setTimeout(60_000);

const asUser = mockCredentials.user.header('user:default/sam-rivera');

describe('GET /incidents/{id}/escalation', () => {
  let server: TestServer;

  beforeAll(async () => {
    ({ server } = await startIncidentsBackend({
      anonymous: true,
      entities: [
        entity('Group', 'backend-team', {
          annotations: {
            'bomizzel.com/escalation-oncall': 'user:default/sam-rivera',
            'bomizzel.com/escalation-lead': 'user:default/alex-morgan',
          },
          spec: { type: 'team', children: [] },
        }),
        entity('Component', 'api', { spec: { owner: 'backend-team' } }),
      ],
    }));
  });

  it('shows the levels, who is on them and when the next one fires', async () => {
    const created = await request(server)
      .post('/api/incidents/incidents')
      .set('Authorization', asUser)
      .send({
        title: 'API down',
        severity: 'P1',
        entityRefs: ['component:default/api'],
      })
      .expect(201);

    const res = await request(server)
      .get(`/api/incidents/incidents/${created.body.ref}/escalation`)
      .set('Authorization', asUser)
      .expect(200);
    const detected = Date.parse(created.body.detectedAt);
    expect(res.body).toMatchObject({
      incidentId: created.body.id,
      next: {
        level: 'oncall',
        dueAt: new Date(detected).toISOString(),
      },
    });
    expect(
      res.body.levels.map((l: any) => [l.id, l.state, l.recipients]),
    ).toEqual([
      ['oncall', 'pending', ['user:default/sam-rivera']],
      ['lead', 'pending', ['user:default/alex-morgan']],
      ['manager', 'not-applicable', []],
      ['executive', 'not-applicable', []],
    ]);
  });

  it('answers 404 for an unknown incident', async () => {
    const res = await request(server)
      .get('/api/incidents/incidents/INC-999999/escalation')
      .set('Authorization', asUser)
      .expect(404);
    expect(res.body.error.message).toMatch(/INC-999999/);
  });
});
