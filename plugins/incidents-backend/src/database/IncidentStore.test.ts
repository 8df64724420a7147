import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  clearIncidents,
  createTestDatabases,
} from '../__testUtils__/databases';
import { IncidentStore } from './IncidentStore';
import { NewIncident } from './records';
import { MIGRATIONS_DIRECTORY } from './migrations';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 1, 12, 0, 0); // 2026-11-01T12:00Z

function incident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    title: 'Checkout errors',
    description: '',
    severity: 'P1',
    status: 'INVESTIGATING',
    commander: null,
    reporter: 'user:default/sam-rivera',
    entityRefs: ['component:default/bomizzel-backend'],
    startedAt: null,
    detectedAt: T0,
    ...overrides,
  };
}

describe('IncidentStore', () => {
  const databases = createTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    return { knex, store: IncidentStore.create(knex) };
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: IncidentStore;

    beforeAll(async () => {
      ({ knex, store } = await createStore(databaseId));
    });

    beforeEach(async () => {
      await clearIncidents(knex);
    });

    it('creates an incident with its entities and its created event', async () => {
      const id = await store.create(
        incident({
          entityRefs: [
            'resource:default/bomizzel-postgres',
            'component:default/bomizzel-backend',
          ],
        }),
        { now: T0 + MINUTE },
      );
      const record = await store.get(id);
      expect(record).toMatchObject({
        id,
        title: 'Checkout errors',
        status: 'INVESTIGATING',
        version: 1,
        detectedAt: T0,
        createdAt: T0 + MINUTE,
        acknowledgedAt: null,
        entityRefs: [
          'component:default/bomizzel-backend',
          'resource:default/bomizzel-postgres',
        ],
      });
      const events = await store.listEvents(id);
      expect(events).toEqual([
        expect.objectContaining({
          type: 'created',
          actor: 'user:default/sam-rivera',
          createdAt: T0 + MINUTE,
        }),
      ]);
    });

    it('pages an entity history newest first with a keyset, without gaps or repeats', async () => {
      const backend = 'component:default/bomizzel-backend';
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) {
        // two incidents share each creation time to exercise the id tie-break
        ids.push(
          await store.create(incident({ title: `#${i}` }), {
            now: T0 + Math.floor(i / 2) * MINUTE,
          }),
        );
      }
      await store.create(
        incident({ entityRefs: ['resource:default/bomizzel-redis'] }),
        { now: T0 + 10 * MINUTE },
      );

      const seen: number[] = [];
      let after: { createdAt: number; id: number } | undefined;
      for (let page = 0; page < 10; page++) {
        const { items, hasMore } = await store.list({
          entityRefs: [backend],
          limit: 3,
          after,
        });
        seen.push(...items.map(i => i.id));
        if (!hasMore) break;
        const last = items[items.length - 1];
        after = { createdAt: last.createdAt, id: last.id };
      }
      const expected = [...ids].sort((a, b) => {
        const ta = Math.floor(ids.indexOf(a) / 2);
        const tb = Math.floor(ids.indexOf(b) / 2);
        return tb - ta || b - a;
      });
      expect(seen).toEqual(expected);

      // an exact multiple of the page size ends without an empty extra page
      const firstSix = await store.list({ entityRefs: [backend], limit: 7 });
      expect(firstSix.hasMore).toBe(false);
      expect(firstSix.items).toHaveLength(7);
    });

    it('filters by status, severity, time range and text, and lists shared incidents once', async () => {
      const backend = 'component:default/bomizzel-backend';
      const postgres = 'resource:default/bomizzel-postgres';
      const a = await store.create(
        incident({
          title: 'Database unavailable',
          severity: 'P0',
          entityRefs: [backend, postgres],
        }),
        { now: T0 },
      );
      const b = await store.create(
        incident({
          title: 'Slow ticket search',
          description: 'p95 latency of SEARCH is 4 s',
        }),
        { now: T0 + MINUTE },
      );
      const c = await store.create(
        incident({
          title: '50% errors',
          severity: 'P2',
          entityRefs: [postgres],
        }),
        { now: T0 + 2 * MINUTE },
      );
      await store.update(b, {
        actor: 'user:default/sam-rivera',
        now: T0 + 3 * MINUTE,
        decide: () => ({
          changes: { status: 'RESOLVED', resolvedAt: T0 + 3 * MINUTE },
          events: [{ type: 'status_changed' }],
        }),
      });

      const ids = async (filter: Parameters<IncidentStore['list']>[0]) =>
        (await store.list(filter)).items.map(i => i.id);

      expect(await ids({ entityRefs: [backend, postgres], limit: 10 })).toEqual(
        [c, b, a],
      );
      expect(
        await ids({ entityRefs: [backend], statuses: ['RESOLVED'], limit: 10 }),
      ).toEqual([b]);
      expect(await ids({ statuses: ['INVESTIGATING'], limit: 10 })).toEqual([
        c,
        a,
      ]);
      expect(await ids({ severities: ['P0', 'P2'], limit: 10 })).toEqual([
        c,
        a,
      ]);
      expect(
        await ids({ entityRefs: [postgres], severities: ['P2'], limit: 10 }),
      ).toEqual([c]);
      expect(
        await ids({ from: T0 + MINUTE, to: T0 + 2 * MINUTE, limit: 10 }),
      ).toEqual([b]);
      expect(await ids({ q: 'search', limit: 10 })).toEqual([b]);
      expect(
        await ids({ entityRefs: [backend], q: 'DATABASE', limit: 10 }),
      ).toEqual([a]);
      // LIKE wildcards in the text are literal
      expect(await ids({ q: '50%', limit: 10 })).toEqual([c]);
      expect(await ids({ q: '_', limit: 10 })).toEqual([]);
      expect(await ids({ entityRefs: [], limit: 10 })).toEqual([]);

      // entity pages with every filter the PostgreSQL statement handles
      // (the same expectations hold on SQLite, where knex builds the query)
      const both = [backend, postgres];
      expect(
        await ids({
          entityRefs: both,
          statuses: ['INVESTIGATING', 'RESOLVED'],
          severities: ['P0', 'P1'],
          limit: 10,
        }),
      ).toEqual([b, a]);
      expect(
        await ids({
          entityRefs: both,
          from: T0 + MINUTE,
          to: T0 + 3 * MINUTE,
          limit: 10,
        }),
      ).toEqual([c, b]);
      const [first] = (await store.list({ entityRefs: both, limit: 1 })).items;
      expect(
        await ids({
          entityRefs: both,
          after: { createdAt: first.createdAt, id: first.id },
          limit: 1,
        }),
      ).toEqual([b]);
      expect(
        await ids({ entityRefs: [postgres], from: T0 + MINUTE, limit: 10 }),
      ).toEqual([c]);
      const page = await store.list({ entityRefs: [postgres], limit: 10 });
      expect(page.items.map(i => [i.id, i.entityRefs])).toEqual([
        [c, [postgres]],
        [a, [backend, postgres]],
      ]);
      // without prepared statements (behind a transaction-mode pooler)
      const unprepared = IncidentStore.create(knex, {
        preparedStatements: false,
      });
      expect(
        (await unprepared.list({ entityRefs: both, limit: 10 })).items,
      ).toEqual((await store.list({ entityRefs: both, limit: 10 })).items);
    });

    it('updates only from the expected version and keeps the copies on entity rows current', async () => {
      const id = await store.create(incident(), { now: T0 });
      const stale = await store.update(id, {
        actor: 'user:default/alex-morgan',
        now: T0 + MINUTE,
        expectedVersion: 7,
        decide: () => ({
          changes: { title: 'x' },
          events: [{ type: 'title_changed' }],
        }),
      });
      expect(stale.outcome).toBe('conflict');
      expect((await store.get(id))?.title).toBe('Checkout errors');

      const result = await store.update(id, {
        actor: 'user:default/alex-morgan',
        now: T0 + 5 * MINUTE,
        expectedVersion: 1,
        decide: () => ({
          changes: {
            severity: 'P0',
            acknowledgedAt: T0 + 5 * MINUTE,
            entityRefs: ['resource:default/bomizzel-redis'],
          },
          events: [
            { type: 'severity_changed', data: { from: 'P1', to: 'P0' } },
          ],
        }),
      });
      expect(result.outcome).toBe('updated');
      const links = await knex('incident_entities').where({ incident_id: id });
      expect(links).toHaveLength(1);
      expect(links[0]).toMatchObject({
        entity_ref: 'resource:default/bomizzel-redis',
        severity: 'P0',
      });
      expect(Number(links[0].tta_ms)).toBe(5 * MINUTE);
      expect((await store.get(id))?.version).toBe(2);
    });

    it('rolls back the incident change when its event cannot be written', async () => {
      const id = await store.create(incident(), { now: T0 });
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      await expect(
        store.update(id, {
          actor: 'user:default/alex-morgan',
          now: T0 + MINUTE,
          decide: () => ({
            changes: { title: 'Renamed', severity: 'P0' },
            // the incident row is already updated when writing the event fails
            events: [{ type: 'title_changed', data: circular }],
          }),
        }),
      ).rejects.toThrow(/circular/);
      const [link] = await knex('incident_entities').where({ incident_id: id });
      expect(link.severity).toBe('P1');
      const record = await store.get(id);
      expect(record).toMatchObject({ title: 'Checkout errors', version: 1 });
      expect(await store.listEvents(id)).toHaveLength(1);
    });

    it('appends system events of several incidents in a given transaction, more than one statement holds', async () => {
      const a = await store.create(incident(), { now: T0 });
      const b = await store.create(incident(), { now: T0 });
      // More rows than one insert statement takes, alternating incidents.
      const events = Array.from({ length: 1001 }, (_, i) => ({
        incidentId: i % 2 ? b : a,
        type: 'alert' as const,
        actor: 'plugin:incidents',
        createdAt: T0 + i,
        message: `alert ${i}`,
        data: { n: i },
      }));
      await knex.transaction(trx => store.appendSystemEvents(trx, events));
      const timeline = await store.listEvents(a);
      expect(timeline).toHaveLength(1 + 501);
      expect(timeline[1]).toMatchObject({
        incidentId: a,
        type: 'alert',
        actor: 'plugin:incidents',
        createdAt: T0,
        message: 'alert 0',
        data: { n: 0 },
      });
      expect(timeline[501].data).toEqual({ n: 1000 });
      expect(await store.listEvents(b)).toHaveLength(1 + 500);

      // Written with the caller's change, or not at all.
      await expect(
        knex.transaction(async trx => {
          await store.appendSystemEvents(trx, [
            { ...events[0], type: 'escalated', message: null },
          ]);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await store.listEvents(a)).toHaveLength(1 + 501);
    });

    it('computes counts, MTTA, MTTR and the monthly series in SQL', async () => {
      const ref = 'component:default/bomizzel-backend';
      const other = 'resource:default/bomizzel-postgres';
      // time to acknowledge (min): 2, 4, 10, 30; one never acknowledged
      // time to resolve (min): 60, 90, 240 (from impact start where known)
      const rows: Array<[Partial<NewIncident>, number]> = [
        [
          {
            severity: 'P0',
            acknowledgedAt: T0 + 2 * MINUTE,
            resolvedAt: T0 + 60 * MINUTE,
            status: 'RESOLVED',
          },
          T0,
        ],
        [
          {
            severity: 'P1',
            acknowledgedAt: T0 + 4 * MINUTE,
            resolvedAt: T0 + 80 * MINUTE,
            startedAt: T0 - 10 * MINUTE,
            status: 'RESOLVED',
            entityRefs: [ref, other],
          },
          T0,
        ],
        [
          {
            severity: 'P1',
            acknowledgedAt: T0 + 10 * MINUTE,
            resolvedAt: T0 + 240 * MINUTE,
            status: 'RESOLVED',
          },
          Date.UTC(2026, 9, 15),
        ],
        [
          {
            severity: 'P2',
            acknowledgedAt: T0 + 30 * MINUTE,
            status: 'IDENTIFIED',
          },
          Date.UTC(2026, 0, 3),
        ],
        [{ severity: 'P3' }, Date.UTC(2025, 10, 30)], // before the 12 months
      ];
      for (const [overrides, createdAt] of rows) {
        await store.create(incident(overrides), { now: createdAt });
      }
      await store.create(incident({ entityRefs: [other], severity: 'P0' }), {
        now: T0,
      });

      const monthStarts = Array.from({ length: 13 }, (_, i) =>
        Date.UTC(2025, 11 + i, 1),
      ); // 2025-12 … 2026-11, end 2026-12-01
      const stats = await store.stats([ref], monthStarts);

      expect(stats.bySeverityAndStatus).toEqual(
        expect.arrayContaining([
          { severity: 'P0', status: 'RESOLVED', count: 1 },
          { severity: 'P1', status: 'RESOLVED', count: 2 },
          { severity: 'P2', status: 'IDENTIFIED', count: 1 },
          { severity: 'P3', status: 'INVESTIGATING', count: 1 },
        ]),
      );
      expect(stats.bySeverityAndStatus).toHaveLength(4);
      // tta 2, 4, 10, 30 min: median (4+10)/2 = 7, p90 at 2.7 → 10 + 0.7·20 = 24
      expect(stats.tta).toEqual({
        count: 4,
        median: 7 * MINUTE,
        p90: 24 * MINUTE,
        mean: 11.5 * MINUTE,
      });
      // ttr 60, 90, 240 min: median 90, p90 at 1.8 → 90 + 0.8·150 = 210
      expect(stats.ttr).toEqual({
        count: 3,
        median: 90 * MINUTE,
        p90: 210 * MINUTE,
        mean: 130 * MINUTE,
      });
      expect(stats.monthly).toEqual(
        expect.arrayContaining([
          { bucket: 11, severity: 'P0', count: 1 },
          { bucket: 11, severity: 'P1', count: 1 },
          { bucket: 10, severity: 'P1', count: 1 },
          { bucket: 1, severity: 'P2', count: 1 },
        ]),
      );
      expect(stats.monthly).toHaveLength(4);

      // two entities sharing an incident count it once
      const both = await store.stats([ref, other], monthStarts);
      const total = both.bySeverityAndStatus.reduce((n, r) => n + r.count, 0);
      expect(total).toBe(6);
      expect(both.tta.count).toBe(4);

      const none = await store.stats(
        ['component:default/unknown'],
        monthStarts,
      );
      expect(none).toEqual({
        bySeverityAndStatus: [],
        tta: { count: 0, median: null, p90: null, mean: null },
        ttr: { count: 0, median: null, p90: null, mean: null },
        monthly: [],
      });
    });
  });
});
