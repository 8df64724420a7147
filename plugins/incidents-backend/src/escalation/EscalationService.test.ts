import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DEFAULT_SEVERITIES } from '@bomizzel/plugin-incidents-common';
import knexFactory, { Knex } from 'knex';
import { entity } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyDatabaseMigrations } from '../database/migrations';
import { IncidentStore } from '../database/IncidentStore';
import { EscalationService } from './EscalationService';
import { EscalationStore } from './EscalationStore';
import { readEscalationPolicy } from './policy';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 27, 3, 0);

/** A team whose annotations name who holds its escalation roles. */
const group = (
  name: string,
  annotations: Record<string, string>,
  parent?: string,
) =>
  entity('Group', name, {
    annotations,
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
  });

const component = (name: string, owner: string) =>
  entity('Component', name, {
    spec: { type: 'service', lifecycle: 'production', owner },
  });

// The example catalog's escalation matrix, in miniature.
const ENTITIES = [
  group('engineering', {
    'bomizzel.com/escalation-manager': 'user:default/dana-okafor',
    'bomizzel.com/escalation-executive': 'jordan-blake',
  }),
  group(
    'backend-team',
    {
      'bomizzel.com/escalation-oncall': 'user:default/sam-rivera',
      'bomizzel.com/escalation-lead': 'user:default/alex-morgan',
    },
    'engineering',
  ),
  group(
    'sre',
    {
      'bomizzel.com/escalation-oncall':
        'user:default/priya-natarajan, user:default/sam-rivera',
    },
    'group:default/engineering',
  ),
  component('api', 'backend-team'),
  component('postgres', 'group:default/sre'),
];

const API = 'component:default/api';
const POSTGRES = 'component:default/postgres';

describe('EscalationService', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: IncidentStore;
    const notifications = { send: jest.fn() };

    const service = (db: Knex = knex, config: object = {}) =>
      EscalationService.create({
        store: EscalationStore.create(db, IncidentStore.create(db)),
        policy: readEscalationPolicy(
          new ConfigReader({ incidents: { escalation: config } }),
          DEFAULT_SEVERITIES,
        ),
        catalog: catalogServiceMock({ entities: ENTITIES }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        notifications,
      });

    const declare = (severity: string, entityRefs = [API]) =>
      store.create(
        {
          title: `${severity} outage`,
          description: '',
          severity,
          status: 'INVESTIGATING',
          commander: null,
          reporter: 'user:default/sam-rivera',
          entityRefs,
          startedAt: null,
          detectedAt: T0,
        },
        { now: T0 },
      );

    const escalations = async (id: number) =>
      (
        await knex('incident_events')
          .where({ incident_id: id, type: 'escalated' })
          .orderBy('id')
      ).map(e => ({ ...JSON.parse(e.data), at: Number(e.created_at) }));

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await applyDatabaseMigrations({
        getClient: async () => knex,
        migrations: { skip: false },
      });
      store = IncidentStore.create(knex);
    });

    beforeEach(async () => {
      notifications.send.mockReset();
      await knex('incidents').delete();
    });

    it('fires each level of a P0 once, when due, to the people of the matrix', async () => {
      const escalation = service();
      const id = await declare('P0');

      expect(await escalation.check(T0)).toBe(1);
      expect(await escalation.check(T0 + 14 * MINUTE)).toBe(0);
      expect(await escalation.check(T0 + 15 * MINUTE)).toBe(1);
      expect(await escalation.check(T0 + 29 * MINUTE)).toBe(0);
      expect(await escalation.check(T0 + 45 * MINUTE)).toBe(1);
      expect(await escalation.check(T0 + 61 * MINUTE)).toBe(1);
      expect(await escalation.check(T0 + 120 * MINUTE)).toBe(0);

      expect(await escalations(id)).toEqual([
        expect.objectContaining({
          level: 'oncall',
          recipients: ['user:default/sam-rivera'],
          at: T0,
        }),
        expect.objectContaining({
          level: 'lead',
          recipients: ['user:default/alex-morgan'],
          at: T0 + 15 * MINUTE,
        }),
        // Found on the parent group.
        expect.objectContaining({
          level: 'manager',
          recipients: ['user:default/dana-okafor'],
          at: T0 + 45 * MINUTE,
        }),
        expect.objectContaining({
          level: 'executive',
          recipients: ['user:default/jordan-blake'],
          at: T0 + 61 * MINUTE,
        }),
      ]);
      expect(notifications.send).toHaveBeenCalledTimes(4);
      expect(notifications.send.mock.calls[1][0]).toMatchObject({
        recipients: { type: 'entity', entityRef: ['user:default/alex-morgan'] },
        payload: {
          title: `[P0] INC-${id} escalated to Team lead: P0 outage`,
          link: `/catalog/default/component/api/incidents/INC-${id}`,
          severity: 'critical',
          topic: 'incident-escalation',
        },
      });
    });

    it('fires late levels at once after downtime, each once', async () => {
      const id = await declare('P0');
      expect(await service().check(T0 + 90 * MINUTE)).toBe(4);
      expect((await escalations(id)).map(e => e.level)).toEqual([
        'oncall',
        'lead',
        'manager',
        'executive',
      ]);
    });

    it('escalates a P2 to the on-call engineer only', async () => {
      const id = await declare('P2');
      await service().check(T0 + 24 * 60 * MINUTE);
      expect((await escalations(id)).map(e => e.level)).toEqual(['oncall']);
    });

    it('collects the people of every affected entity once', async () => {
      const id = await declare('P1', [API, POSTGRES]);
      await service().check(T0);
      expect((await escalations(id))[0].recipients).toEqual([
        'user:default/priya-natarajan',
        'user:default/sam-rivera',
      ]);
    });

    it('does not page the lead once the incident made progress', async () => {
      const escalation = service();
      const id = await declare('P1');
      await escalation.check(T0);
      await knex('incidents')
        .where({ id })
        .update({ acknowledged_at: T0 + 5 * MINUTE, status: 'IDENTIFIED' });

      expect(await escalation.check(T0 + 20 * MINUTE)).toBe(0);
      const described = await escalation.describe((await store.get(id))!);
      expect(described.levels.map(l => [l.id, l.state])).toEqual([
        ['oncall', 'fired'],
        ['lead', 'stopped'],
        ['manager', 'not-applicable'],
        ['executive', 'not-applicable'],
      ]);
      expect(described.currentLevel).toBe('oncall');
      expect(described.next).toBeUndefined();
    });

    it('acknowledging alone is not progress', async () => {
      const id = await declare('P1');
      await knex('incidents')
        .where({ id })
        .update({ acknowledged_at: T0 + MINUTE });
      await service().check(T0 + 15 * MINUTE);
      expect((await escalations(id)).map(e => e.level)).toEqual([
        'oncall',
        'lead',
      ]);
    });

    it('fires nothing after resolution', async () => {
      const escalation = service();
      const id = await declare('P0');
      await escalation.check(T0);
      await knex('incidents')
        .where({ id })
        .update({ status: 'RESOLVED', resolved_at: T0 + 10 * MINUTE });
      expect(await escalation.check(T0 + 120 * MINUTE)).toBe(0);
      expect((await escalations(id)).map(e => e.level)).toEqual(['oncall']);
    });

    it('tells who is on the next level and when it fires', async () => {
      const escalation = service();
      const id = await declare('P0');
      await escalation.check(T0 + MINUTE);
      const described = await escalation.describe((await store.get(id))!);
      expect(described).toMatchObject({
        incidentId: id,
        currentLevel: 'oncall',
        next: {
          level: 'lead',
          dueAt: new Date(T0 + 15 * MINUTE).toISOString(),
        },
      });
      expect(described.levels[0]).toMatchObject({
        state: 'fired',
        firedAt: new Date(T0 + MINUTE).toISOString(),
        recipients: ['user:default/sam-rivera'],
      });
      expect(described.levels[2]).toMatchObject({
        state: 'pending',
        recipients: ['user:default/dana-okafor'],
      });
    });

    it('fires each level exactly once with two replicas on one database', async () => {
      // A second connection pool, as a second backend instance would have
      // (an in-memory SQLite database exists in one pool only).
      const other =
        databaseId === 'SQLITE_3' ? knex : knexFactory(knex.client.config);
      try {
        const replicas = [service(knex), service(other)];
        const ids = await Promise.all([declare('P0'), declare('P0')]);
        for (const minutes of [0, 15, 30, 60]) {
          const fired = await Promise.all(
            [...replicas, ...replicas].map(r => r.check(T0 + minutes * MINUTE)),
          );
          expect(fired.reduce((a, b) => a + b, 0)).toBe(2);
        }
        for (const id of ids) {
          expect((await escalations(id)).map(e => e.level)).toEqual([
            'oncall',
            'lead',
            'manager',
            'executive',
          ]);
        }
        expect(notifications.send).toHaveBeenCalledTimes(8);
      } finally {
        if (other !== knex) {
          await other.destroy();
        }
      }
    });

    it('keeps firing when notifications cannot be sent', async () => {
      notifications.send.mockRejectedValue(new Error('no notifications'));
      const id = await declare('P0');
      expect(await service().check(T0 + 60 * MINUTE)).toBe(4);
      expect(await escalations(id)).toHaveLength(4);
    });

    it('follows configured levels', async () => {
      const escalation = service(knex, {
        levels: [
          {
            id: 'sre-lead',
            title: 'SRE lead',
            role: 'lead',
            afterMinutes: 0.5,
            severities: ['P3'],
            stopWhen: 'progress',
          },
        ],
      });
      const id = await declare('P3');
      expect(await escalation.check(T0 + 29_000)).toBe(0);
      expect(await escalation.check(T0 + 30_000)).toBe(1);
      expect(await escalations(id)).toEqual([
        expect.objectContaining({ level: 'sre-lead', title: 'SRE lead' }),
      ]);
    });
  });
});

describe('readEscalationPolicy', () => {
  const read = (escalation: object) =>
    readEscalationPolicy(
      new ConfigReader({ incidents: { escalation } }),
      DEFAULT_SEVERITIES,
    );

  it('defaults to the runbook matrix', () => {
    expect(
      read({}).levels.map(l => [
        l.id,
        l.afterMinutes,
        l.severities,
        l.stopWhen,
      ]),
    ).toEqual([
      ['oncall', 0, ['P0', 'P1', 'P2', 'P3'], 'resolved'],
      ['lead', 15, ['P0', 'P1'], 'progress'],
      ['manager', 30, ['P0'], 'resolved'],
      ['executive', 60, ['P0'], 'resolved'],
    ]);
    expect(read({}).checkEverySeconds).toBe(60);
  });

  it.each([
    [{ levels: [{ role: 'cto', afterMinutes: 1 }] }, /levels\[0\]\.role/],
    [{ levels: [{ role: 'lead', afterMinutes: -1 }] }, /afterMinutes/],
    [
      { levels: [{ role: 'lead', afterMinutes: 1, severities: ['SEV1'] }] },
      /severities names SEV1/,
    ],
    [
      { levels: [{ role: 'lead', afterMinutes: 1, stopWhen: 'ack' }] },
      /stopWhen/,
    ],
    [
      {
        levels: [
          { role: 'lead', afterMinutes: 1 },
          { role: 'lead', afterMinutes: 2 },
        ],
      },
      /lead is used twice/,
    ],
    [{ checkEverySeconds: 0 }, /checkEverySeconds/],
  ])('rejects %j', (escalation, message) => {
    expect(() => read(escalation)).toThrow(message);
  });
});
