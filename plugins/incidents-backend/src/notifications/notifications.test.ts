import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import request from 'supertest';
import {
  startIncidentsBackend,
  TestServer,
} from '../__testUtils__/testBackend';
import { entity } from '../__testUtils__/catalog';

jest.setTimeout(60_000);

const asSam = mockCredentials.user.header('user:default/sam-rivera');

const ENTITIES = [
  entity('Component', 'bomizzel-backend', {
    annotations: { 'prometheus.io/service-name': 'bomizzel-api' },
    spec: { owner: 'backend-team' },
    relations: [['ownedBy', 'group:default/backend-team']],
  }),
];

describe('notifications to the owners of affected entities', () => {
  const send = jest.fn();
  let server: TestServer;

  beforeAll(async () => {
    ({ server } = await startIncidentsBackend({
      config: { escalation: { enabled: false } },
      anonymous: true,
      entities: ENTITIES,
      services: [
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send }),
        }),
      ],
    }));
  });

  beforeEach(() => send.mockReset());

  /** Listeners run after the response; give them a moment. */
  const sent = async (count: number) => {
    for (let i = 0; i < 100 && send.mock.calls.length < count; i += 1) {
      await new Promise(r => setTimeout(r, 20));
    }
    await new Promise(r => setTimeout(r, 50));
    return send.mock.calls.map(c => c[0]);
  };

  const declare = (severity: string) =>
    request(server)
      .post('/api/incidents/incidents')
      .set('Authorization', asSam)
      .send({
        title: `${severity} checkout down`,
        severity,
        entityRefs: ['component:default/bomizzel-backend'],
      })
      .expect(201);

  it('tells the owning team when a P0 is declared, not the person who declared it', async () => {
    const { body } = await declare('P0');
    expect(await sent(1)).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['group:default/backend-team'],
          excludeEntityRef: 'user:default/sam-rivera',
        },
        payload: expect.objectContaining({
          title: `[P0] ${body.ref} declared: P0 checkout down`,
          link: `/catalog/default/component/bomizzel-backend/incidents/${body.ref}`,
          severity: 'critical',
          topic: 'incident',
        }),
      },
    ]);
  });

  it('stays quiet for a P2', async () => {
    await declare('P2');
    expect(await sent(1)).toEqual([]);
  });

  it('tells them when a P1 is resolved', async () => {
    const { body } = await declare('P1');
    await sent(1);
    send.mockReset();
    await request(server)
      .post(`/api/incidents/incidents/${body.ref}/events`)
      .set('Authorization', asSam)
      .send({ type: 'status', status: 'RESOLVED', message: 'Rolled back' })
      .expect(201);
    const [resolved] = await sent(1);
    expect(resolved.payload).toMatchObject({
      title: `[P1] ${body.ref} resolved: P1 checkout down`,
      severity: 'normal',
    });
  });

  it('tells them when an alert opens a P0', async () => {
    await request(server)
      .post('/api/incidents/alerts/alertmanager')
      .set(
        'Authorization',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('external:alertmanager'),
          targetPluginId: 'incidents',
        }),
      )
      .send({
        version: '4',
        groupKey: 'notify-test',
        receiver: 'backstage',
        status: 'firing',
        alerts: [
          {
            status: 'firing',
            labels: {
              alertname: 'HighErrorRate',
              service: 'bomizzel-api',
              severity: 'critical',
            },
            startsAt: new Date().toISOString(),
          },
        ],
      })
      .expect(200);
    const [declared] = await sent(1);
    expect(declared.recipients.excludeEntityRef).toBe(
      'service:external:alertmanager',
    );
    expect(declared.payload.title).toMatch(/^\[P0\] INC-\d+ declared: /);
  });

  it('keeps the incident when the notifications backend fails', async () => {
    send.mockRejectedValue(new Error('notifications backend down'));
    await declare('P0');
    expect(await sent(1)).toHaveLength(1);
  });
});
