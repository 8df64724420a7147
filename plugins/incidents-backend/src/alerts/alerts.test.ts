import { mockCredentials, TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  startIncidentsBackend,
  TestServer,
} from '../__testUtils__/testBackend';
import { entity } from '../__testUtils__/catalog';

jest.setTimeout(60_000);

const asAlertmanager = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:alertmanager'),
  targetPluginId: 'incidents',
});
const asUser = mockCredentials.user.header('user:default/sam-rivera');

const ENTITIES = [
  entity('Component', 'bomizzel-backend', {
    annotations: { 'prometheus.io/service-name': 'bomizzel-api' },
    spec: { owner: 'backend-team' },
  }),
  entity('Component', 'bomizzel-frontend', {
    annotations: { 'grafana/alert-label-selector': 'service=web' },
    spec: { owner: 'frontend-team' },
  }),
  entity('Resource', 'bomizzel-postgres', { spec: { owner: 'sre' } }),
];

const BACKEND = 'component:default/bomizzel-backend';
const NOT_ENDED = '0001-01-01T00:00:00Z';

interface AlertOptions {
  name?: string;
  status?: 'firing' | 'resolved';
  startsAt?: string;
  labels?: Record<string, string>;
  fingerprint?: string;
}

const alert = (options: AlertOptions = {}) => {
  const name = options.name ?? 'HighErrorRate';
  const status = options.status ?? 'firing';
  return {
    status,
    labels: {
      alertname: name,
      service: 'bomizzel-api',
      severity: 'critical',
      ...options.labels,
    },
    annotations: {
      summary: `${name} on the API`,
      runbook_url: 'https://runbooks.example.com/backend-service.md',
    },
    startsAt: options.startsAt ?? '2026-11-27T03:00:00.000Z',
    endsAt: status === 'resolved' ? '2026-11-27T03:20:00.000Z' : NOT_ENDED,
    generatorURL: 'http://prometheus:9090/graph?g0.expr=rate',
    fingerprint: options.fingerprint ?? `fp-${name}`,
  };
};

const payload = (
  alerts: Array<ReturnType<typeof alert> & Record<string, unknown>>,
  groupKey = '{}:{service="bomizzel-api"}',
) => ({
  version: '4',
  groupKey,
  truncatedAlerts: 0,
  status: alerts.some(a => a.status === 'firing') ? 'firing' : 'resolved',
  receiver: 'backstage',
  groupLabels: { service: alerts[0]?.labels.service ?? '' },
  commonLabels: alerts.length === 1 ? alerts[0].labels : {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts,
});

describe('Alertmanager ingestion', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let server: TestServer;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      ({ server } = await startIncidentsBackend({
        knex,
        config: {
          escalation: { enabled: false },
          alerts: {
            entities: [
              {
                labels: { team: 'dba' },
                entityRef: 'resource:default/bomizzel-postgres',
              },
            ],
          },
        },
        anonymous: true,
        entities: ENTITIES,
      }));
    });

    beforeEach(async () => {
      await knex('incident_alerts').delete();
      await knex('incident_alert_groups').delete();
      await knex('incidents').delete();
    });

    const deliver = (body: object) =>
      request(server)
        .post('/api/incidents/alerts/alertmanager')
        .set('Authorization', asAlertmanager)
        .send(body);

    const incidents = () => knex('incidents').orderBy('id');
    const events = async (id: number) =>
      (
        await knex('incident_events').where({ incident_id: id }).orderBy('id')
      ).map(e => [e.type, e.message]);

    it('opens an incident for a firing alert on the entity its labels name', async () => {
      const res = await deliver(payload([alert()])).expect(200);
      expect(res.body).toMatchObject({
        received: 1,
        changed: 1,
        unmapped: 0,
        incident: { created: true, status: 'INVESTIGATING' },
      });

      const incident = await request(server)
        .get(`/api/incidents/incidents/${res.body.incident.ref}`)
        .set('Authorization', asUser)
        .expect(200);
      expect(incident.body).toMatchObject({
        title: `HighErrorRate on ${BACKEND}`,
        severity: 'P0',
        entityRefs: [BACKEND],
        reporter: 'service:external:alertmanager',
        detectedAt: '2026-11-27T03:00:00.000Z',
      });
      expect(incident.body.description).toContain(
        '[runbook](https://runbooks.example.com/backend-service.md)',
      );
      expect(await events(incident.body.id)).toEqual([
        ['created', null],
        ['alert', 'HighErrorRate firing: HighErrorRate on the API'],
      ]);

      const alerts = await request(server)
        .get(`/api/incidents/incidents/${incident.body.id}/alerts`)
        .set('Authorization', asUser)
        .expect(200);
      expect(alerts.body.items).toEqual([
        expect.objectContaining({
          fingerprint: 'fp-HighErrorRate',
          status: 'firing',
          runbookUrl: 'https://runbooks.example.com/backend-service.md',
          incidentId: incident.body.id,
        }),
      ]);
      expect(alerts.body.items[0].endsAt).toBeUndefined();
    });

    it('changes nothing when a payload is delivered again', async () => {
      const first = await deliver(payload([alert()])).expect(200);
      const again = await deliver(payload([alert()])).expect(200);
      expect(again.body).toMatchObject({
        changed: 0,
        incident: { id: first.body.incident.id, created: false },
      });
      expect(await incidents()).toHaveLength(1);
      expect(await events(first.body.incident.id)).toHaveLength(2);
    });

    it('opens one incident when a new group is delivered many times at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => deliver(payload([alert()]))),
      );
      expect(results.map(r => r.status)).toEqual(Array(10).fill(200));
      expect(await incidents()).toHaveLength(1);
      const id = (await incidents())[0].id;
      expect(
        (await events(id)).filter(([type]) => type === 'alert'),
      ).toHaveLength(1);
      expect(results.filter(r => r.body.changed > 0)).toHaveLength(1);
    });

    it('adds further alerts of the group to its open incident, and moves it to RESOLVING when all resolved', async () => {
      const first = await deliver(payload([alert()])).expect(200);
      const id = first.body.incident.id;
      const latency = alert({ name: 'HighLatency' });
      await deliver(payload([alert(), latency])).expect(200);
      await deliver(payload([alert({ status: 'resolved' }), latency])).expect(
        200,
      );
      let incident = (await incidents())[0];
      expect(incident.status).toBe('INVESTIGATING');

      const last = await deliver(
        payload([
          alert({ status: 'resolved' }),
          alert({ name: 'HighLatency', status: 'resolved' }),
        ]),
      ).expect(200);
      expect(last.body.incident).toMatchObject({ id, status: 'RESOLVING' });
      incident = (await incidents())[0];
      expect(incident.status).toBe('RESOLVING');
      expect(await incidents()).toHaveLength(1);
      expect(await events(id)).toEqual([
        ['created', null],
        ['alert', 'HighErrorRate firing: HighErrorRate on the API'],
        ['alert', 'HighLatency firing: HighLatency on the API'],
        ['alert', 'HighErrorRate resolved: HighErrorRate on the API'],
        ['alert', 'HighLatency resolved: HighLatency on the API'],
        ['acknowledged', null],
        ['status_changed', 'Every alert of this incident has resolved.'],
      ]);
    });

    it('opens a new incident when the alert fires again after its incident was resolved', async () => {
      const first = await deliver(payload([alert()])).expect(200);
      await knex('incidents')
        .where({ id: first.body.incident.id })
        .update({ status: 'RESOLVED', resolved_at: Date.now() });

      // Alertmanager repeating the old episode opens nothing.
      const repeat = await deliver(payload([alert()])).expect(200);
      expect(repeat.body.changed).toBe(0);
      expect(await incidents()).toHaveLength(1);

      const next = await deliver(
        payload([alert({ startsAt: '2026-11-27T05:00:00.000Z' })]),
      ).expect(200);
      expect(next.body.incident).toMatchObject({ created: true });
      expect(next.body.incident.id).not.toBe(first.body.incident.id);
      expect(await incidents()).toHaveLength(2);
    });

    it('keeps alerts that name no entity for a human, once', async () => {
      const unknown = alert({
        name: 'DiskFull',
        labels: { service: 'billing-batch' },
      });
      const res = await deliver(payload([unknown], '{}:{x="1"}')).expect(200);
      expect(res.body).toEqual({ received: 1, changed: 1, unmapped: 1 });
      await deliver(payload([unknown], '{}:{x="1"}')).expect(200);
      expect(await incidents()).toHaveLength(0);

      const list = await request(server)
        .get('/api/incidents/alerts')
        .set('Authorization', asUser)
        .expect(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({
          alertname: 'DiskFull',
          status: 'firing',
          reason: expect.stringContaining('service="billing-batch"'),
        }),
      ]);
      expect(list.body.items[0].incidentId).toBeUndefined();
    });

    it('maps by the explicit table, by alert label selector, and severities by label', async () => {
      const db = await deliver(
        payload(
          [
            alert({
              name: 'ReplicationLag',
              labels: { team: 'dba', service: 'pg', severity: 'warning' },
            }),
          ],
          'db',
        ),
      ).expect(200);
      const web = await deliver(
        payload(
          [
            alert({
              name: 'Errors',
              labels: { service: 'web', severity: 'high' },
            }),
          ],
          'web',
        ),
      ).expect(200);
      const rows = await incidents();
      expect(
        rows.map(r => [Number(r.id), r.severity]).sort((a, b) => +a[0] - +b[0]),
      ).toEqual([
        [db.body.incident.id, 'P2'],
        [web.body.incident.id, 'P1'],
      ]);
      const entities = await knex('incident_entities')
        .orderBy('incident_id')
        .select('entity_ref');
      expect(entities.map(e => e.entity_ref)).toEqual([
        'resource:default/bomizzel-postgres',
        'component:default/bomizzel-frontend',
      ]);
    });

    it('accepts Grafana alerting payloads', async () => {
      const grafana = {
        ...payload([
          {
            ...alert({ name: 'GrafanaErrors' }),
            values: { B: 42 },
            valueString: "[ var='B' value=42 ]",
            dashboardURL: 'http://grafana:3000/d/abc',
            panelURL: 'http://grafana:3000/d/abc?viewPanel=1',
            silenceURL: 'http://grafana:3000/alerting/silence/new',
          },
        ]),
        orgId: 1,
        state: 'alerting',
        title: '[FIRING:1] GrafanaErrors',
        message: '**Firing**',
      };
      const res = await deliver(grafana).expect(200);
      expect(res.body.incident.created).toBe(true);
    });

    it.each([
      [{ ...payload([alert()]), groupKey: undefined }, /groupKey/],
      [payload([{ ...alert(), startsAt: 'yesterday' }]), /startsAt/],
      [payload([{ ...alert(), status: 'pending' as any }]), /status/],
      [{ ...payload([alert()]), alerts: 'none' }, /alerts/],
    ])(
      'refuses a malformed payload naming the field (%#)',
      async (body, field) => {
        const res = await deliver(body).expect(400);
        expect(res.body.error.message).toMatch(field);
        expect(await knex('incident_alert_groups')).toHaveLength(0);
      },
    );
  });
});
