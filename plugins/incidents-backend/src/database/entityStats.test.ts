import { TestDatabaseId } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import { Knex } from 'knex';
import {
  clearIncidents,
  createTestDatabases,
} from '../__testUtils__/databases';
import { IncidentChanges, IncidentRecord } from './records';
import { IncidentStatsRecord } from './entityStats';
import { IncidentStore } from './IncidentStore';
import { MIGRATIONS_DIRECTORY } from './migrations';

jest.setTimeout(180_000);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const NOW = Date.UTC(2026, 10, 20, 12, 0);
const ENTITIES = [
  'component:default/bomizzel-backend',
  'component:default/bomizzel-frontend',
  'resource:default/bomizzel-postgres',
];
const SEVERITIES = ['P0', 'P1', 'P2', 'P3'];
const STATUSES = [
  'INVESTIGATING',
  'IDENTIFIED',
  'RESOLVING',
  'RESOLVED',
] as const;
// 12 UTC months ending with November 2026, as IncidentService passes them
const MONTH_STARTS = Array.from({ length: 13 }, (_, i) =>
  Date.UTC(2025, 11 + i, 1),
);

/** percentile_cont over ascending values, in whole milliseconds. */
function percentile(sorted: number[], p: number): number {
  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = sorted[lower + 1] ?? sorted[lower];
  return Math.round(
    sorted[lower] + (upper - sorted[lower]) * (position - lower),
  );
}

function durations(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? { count: 0, median: null, p90: null, mean: null }
    : {
        count: sorted.length,
        median: percentile(sorted, 0.5),
        p90: percentile(sorted, 0.9),
        mean: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
      };
}

/** The stats of one entity recomputed in JavaScript from the incidents. */
function recompute(
  incidents: IncidentRecord[],
  entityRef: string,
): IncidentStatsRecord {
  const mine = incidents.filter(i => i.entityRefs.includes(entityRef));
  const counts = new Map<string, number>();
  const monthly = new Map<string, number>();
  for (const i of mine) {
    const key = `${i.severity} ${i.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const bucket = MONTH_STARTS.findIndex(
      (start, b) =>
        b < 12 && i.createdAt >= start && i.createdAt < MONTH_STARTS[b + 1],
    );
    if (bucket >= 0) {
      const m = `${bucket} ${i.severity}`;
      monthly.set(m, (monthly.get(m) ?? 0) + 1);
    }
  }
  return normalize({
    bySeverityAndStatus: [...counts].map(([key, count]) => {
      const [severity, status] = key.split(' ');
      return { severity, status, count };
    }),
    tta: durations(
      mine
        .filter(i => i.acknowledgedAt !== null)
        .map(i => i.acknowledgedAt! - i.detectedAt),
    ),
    ttr: durations(
      mine
        .filter(i => i.resolvedAt !== null)
        .map(i => i.resolvedAt! - (i.startedAt ?? i.detectedAt)),
    ),
    monthly: [...monthly].map(([key, count]) => {
      const [bucket, severity] = key.split(' ');
      return { bucket: Number(bucket), severity, count };
    }),
  });
}

function normalize(stats: IncidentStatsRecord): IncidentStatsRecord {
  const order = (a: object, b: object) =>
    JSON.stringify(Object.values(a)) < JSON.stringify(Object.values(b))
      ? -1
      : 1;
  return {
    ...stats,
    bySeverityAndStatus: stats.bySeverityAndStatus
      .map(({ severity, status, count }) => ({ severity, status, count }))
      .sort(order),
    monthly: stats.monthly
      .map(({ bucket, severity, count }) => ({ bucket, severity, count }))
      .sort((a, b) => a.bucket - b.bucket || order(a, b)),
  };
}

type Command =
  | {
      kind: 'create';
      refs: string[];
      severity: string;
      monthsAgo: number;
      detectedMinutesAgo: number;
      startedMinutesBefore: number | null;
    }
  | { kind: 'severity'; target: number; severity: string }
  | { kind: 'status'; target: number; status: (typeof STATUSES)[number] }
  | { kind: 'acknowledge'; target: number }
  | { kind: 'entities'; target: number; refs: string[] };

const refsArb = fc.subarray(ENTITIES, { minLength: 1 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    refs: refsArb,
    severity: fc.constantFrom(...SEVERITIES),
    monthsAgo: fc.integer({ min: 0, max: 14 }),
    detectedMinutesAgo: fc.integer({ min: 0, max: 600 }),
    startedMinutesBefore: fc.option(fc.integer({ min: 0, max: 120 })),
  }),
  fc.record({
    kind: fc.constant('severity' as const),
    target: fc.nat(),
    severity: fc.constantFrom(...SEVERITIES),
  }),
  fc.record({
    kind: fc.constant('status' as const),
    target: fc.nat(),
    status: fc.constantFrom(...STATUSES),
  }),
  fc.record({ kind: fc.constant('acknowledge' as const), target: fc.nat() }),
  fc.record({
    kind: fc.constant('entities' as const),
    target: fc.nat(),
    refs: refsArb,
  }),
);

/** The fields a command changes on the incident as it is. */
function changesOf(
  command: Exclude<Command, { kind: 'create' }>,
  current: IncidentRecord,
  now: number,
): IncidentChanges {
  switch (command.kind) {
    case 'severity':
      return { severity: command.severity };
    case 'acknowledge':
      return current.acknowledgedAt === null ? { acknowledgedAt: now } : {};
    case 'entities':
      return { entityRefs: [...command.refs].sort() };
    default:
      if (command.status === 'RESOLVED') {
        return current.status === 'RESOLVED'
          ? {}
          : { status: 'RESOLVED', resolvedAt: now };
      }
      return { status: command.status, resolvedAt: null };
  }
}

describe('per-entity stats counters', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: IncidentStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = IncidentStore.create(knex);
    });

    beforeEach(async () => {
      await clearIncidents(knex);
    });

    async function expectCountersMatch(ids: number[]) {
      const incidents = (await Promise.all(ids.map(id => store.get(id)))).map(
        i => i!,
      );
      for (const ref of [...ENTITIES, 'component:default/unknown']) {
        const expected = recompute(incidents, ref);
        // one entity: the counters
        expect({
          ref,
          stats: normalize(await store.stats([ref], MONTH_STARTS)),
        }).toEqual({
          ref,
          stats: expected,
        });
        // with an entity without incidents: the live roll-up statement
        const live = await store.stats(
          [ref, 'component:default/nothing-here'],
          MONTH_STARTS,
        );
        expect({ ref, stats: normalize(live) }).toEqual({
          ref,
          stats: expected,
        });
      }
    }

    it('equal a live recomputation after any sequence of writes', async () => {
      expect.hasAssertions();
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(commandArb, fc.integer({ min: 1, max: 240 })), {
            minLength: 1,
            maxLength: 25,
          }),
          async commands => {
            await clearIncidents(knex);
            const ids: number[] = [];
            let now = NOW;
            for (const [command, minutes] of commands) {
              now += minutes * MINUTE;
              if (command.kind === 'create') {
                const createdAt = now - command.monthsAgo * 30 * DAY;
                const detectedAt =
                  createdAt - command.detectedMinutesAgo * MINUTE;
                ids.push(
                  await store.create(
                    {
                      title: 'Checkout errors',
                      description: '',
                      severity: command.severity,
                      status: 'INVESTIGATING',
                      commander: null,
                      reporter: 'user:default/sam-rivera',
                      entityRefs: [...command.refs].sort(),
                      startedAt:
                        command.startedMinutesBefore === null
                          ? null
                          : detectedAt - command.startedMinutesBefore * MINUTE,
                      detectedAt,
                    },
                    { now: createdAt },
                  ),
                );
              } else if (ids.length > 0) {
                const at = now;
                await store.update(ids[command.target % ids.length], {
                  actor: 'user:default/sam-rivera',
                  now: at,
                  decide: current => ({
                    changes: changesOf(command, current, at),
                    events: [{ type: 'note', message: command.kind }],
                  }),
                });
              }
            }
            await expectCountersMatch(ids);
          },
        ),
        { numRuns: 20 },
      );
    });

    it('lose no count under concurrent writers', async () => {
      const at = (i: number) => NOW + i * MINUTE;
      const ids = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          store.create(
            {
              title: `#${i}`,
              description: '',
              severity: SEVERITIES[i % 4],
              status: 'INVESTIGATING',
              commander: null,
              reporter: 'user:default/sam-rivera',
              entityRefs: [ENTITIES[i % 3], ENTITIES[(i + 1) % 3]].sort(),
              startedAt: null,
              detectedAt: NOW - i * MINUTE,
            },
            { now: NOW },
          ),
        ),
      );
      // Each incident gets three changes at once; writers that lose the
      // version race retry, as a client would after a 412.
      const change = async (id: number, step: number) => {
        for (;;) {
          const result = await store.update(id, {
            actor: 'user:default/sam-rivera',
            now: at(step + (id % 7)),
            decide: current => ({
              changes: [
                { acknowledgedAt: at(step + (id % 7)) },
                { status: 'RESOLVED' as const, resolvedAt: at(30 + (id % 5)) },
                {
                  severity: 'P1',
                  entityRefs: [...current.entityRefs, ENTITIES[2]]
                    .filter((r, i, all) => all.indexOf(r) === i)
                    .sort(),
                },
              ][step],
              events: [{ type: 'note', message: `step ${step}` }],
            }),
          });
          if (result.outcome === 'updated') return;
        }
      };
      await Promise.all(
        ids.flatMap(id => [0, 1, 2].map(step => change(id, step))),
      );
      await expectCountersMatch(ids);
      const stats = await store.stats([ENTITIES[2]], MONTH_STARTS);
      expect(stats.bySeverityAndStatus).toEqual([
        { severity: 'P1', status: 'RESOLVED', count: 16 },
      ]);
    });

    it('are backfilled from existing incidents by the migration', async () => {
      const fresh = await databases.init(databaseId as TestDatabaseId);
      const config = { directory: MIGRATIONS_DIRECTORY };
      await fresh.migrate.up({ ...config, name: '20261127000000_init.js' });
      const rows: Array<[string[], string, number | null, number | null]> = [
        [[ENTITIES[0]], 'P0', 2 * MINUTE, 60 * MINUTE],
        [[ENTITIES[0], ENTITIES[1]], 'P1', 4 * MINUTE, 90 * MINUTE],
        [[ENTITIES[0]], 'P1', 10 * MINUTE, 240 * MINUTE],
        [[ENTITIES[1]], 'P2', null, null],
        [[ENTITIES[0]], 'P2', 30 * MINUTE, null],
      ];
      for (const [index, [refs, severity, tta, ttr]] of rows.entries()) {
        const createdAt = NOW - index * 40 * DAY;
        const [{ id }] = await fresh('incidents')
          .insert({
            title: 'Before the counters',
            severity,
            status: ttr === null ? 'INVESTIGATING' : 'RESOLVED',
            reporter: 'user:default/sam-rivera',
            detected_at: createdAt,
            acknowledged_at: tta === null ? null : createdAt + tta,
            resolved_at: ttr === null ? null : createdAt + ttr,
            created_at: createdAt,
            updated_at: createdAt,
          })
          .returning('id');
        await fresh('incident_entities').insert(
          refs.map(entityRef => ({
            incident_id: typeof id === 'object' ? id.id : id,
            entity_ref: entityRef,
            created_at: createdAt,
            severity,
            status: ttr === null ? 'INVESTIGATING' : 'RESOLVED',
            tta_ms: tta,
            ttr_ms: ttr,
          })),
        );
      }
      await fresh.migrate.latest(config);
      const backfilled = IncidentStore.create(fresh);
      const stats = await backfilled.stats([ENTITIES[0]], MONTH_STARTS);
      // tta 2, 4, 10, 30 min; ttr 60, 90, 240 min (hand-computed)
      expect(stats.tta).toEqual({
        count: 4,
        median: 7 * MINUTE,
        p90: 24 * MINUTE,
        mean: 11.5 * MINUTE,
      });
      expect(stats.ttr).toEqual({
        count: 3,
        median: 90 * MINUTE,
        p90: 210 * MINUTE,
        mean: 130 * MINUTE,
      });
      expect(normalize(stats).bySeverityAndStatus).toEqual([
        { severity: 'P0', status: 'RESOLVED', count: 1 },
        { severity: 'P1', status: 'RESOLVED', count: 2 },
        { severity: 'P2', status: 'INVESTIGATING', count: 1 },
      ]);
      // created 0, 40, 80 and 160 days before 2026-11-20
      expect(normalize(stats).monthly).toEqual([
        { bucket: 6, severity: 'P2', count: 1 },
        { bucket: 9, severity: 'P1', count: 1 },
        { bucket: 10, severity: 'P1', count: 1 },
        { bucket: 11, severity: 'P0', count: 1 },
      ]);
      // later writes move the backfilled counts
      const { items } = await backfilled.list({
        entityRefs: [ENTITIES[1]],
        limit: 5,
      });
      const p2 = items.find(i => i.severity === 'P2')!;
      await backfilled.update(p2.id, {
        actor: 'user:default/sam-rivera',
        now: NOW,
        decide: () => ({
          changes: { severity: 'P3' },
          events: [{ type: 'note' }],
        }),
      });
      expect(
        normalize(await backfilled.stats([ENTITIES[1]], MONTH_STARTS))
          .bySeverityAndStatus,
      ).toEqual([
        { severity: 'P1', status: 'RESOLVED', count: 1 },
        { severity: 'P3', status: 'INVESTIGATING', count: 1 },
      ]);
    });
  });
});
