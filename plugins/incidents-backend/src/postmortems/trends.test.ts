import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  clearIncidents,
  createTestDatabases,
} from '../__testUtils__/databases';
import { BACKEND, FRONTEND, POSTGRES } from '../__testUtils__/catalog';
import { fakeClock, startIncidentsApi } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const stats = (count: number, median: number, p90: number, mean: number) => ({
  count,
  median: median * MINUTE,
  p90: p90 * MINUTE,
  mean: Math.round(mean * MINUTE),
});

describe('trends API', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'computes the monthly review by hand-checked numbers on %p',
    async databaseId => {
      const knex: Knex = await databases.init(databaseId as TestDatabaseId);
      const backend = await startIncidentsApi(knex);
      await clearIncidents(knex);

      /** Declared at `at`, acknowledged after `ack` min, resolved after `resolve` min. */
      async function incident(
        at: number,
        severity: string,
        entityRefs: string[],
        ack: number,
        resolve?: number,
      ) {
        fakeClock(at);
        const { id } = await backend.incident({ severity, entityRefs });
        jest.setSystemTime(at + ack * MINUTE);
        await backend.event(id, { type: 'acknowledge' });
        if (resolve !== undefined) {
          jest.setSystemTime(at + resolve * MINUTE);
          await backend.event(id, {
            type: 'status',
            status: 'RESOLVED',
            message: 'Fixed',
          });
        }
        return id;
      }
      const oct = (day: number) => Date.UTC(2026, 9, day, 10);
      const nov = (day: number) => Date.UTC(2026, 10, day, 10);
      await incident(Date.UTC(2026, 7, 1), 'P3', [BACKEND], 5, 5); // outside
      const a = await incident(oct(5), 'P0', [BACKEND], 10, 60);
      const b = await incident(oct(20), 'P1', [BACKEND, FRONTEND], 20, 120);
      const c = await incident(nov(10), 'P2', [FRONTEND], 30);
      await incident(nov(12), 'P1', [POSTGRES], 40, 180);

      jest.setSystemTime(nov(20));
      const api = backend.api();
      await api.put(`/incidents/${b}/postmortem`, {
        status: 'in_review',
        sections: { rootCause: 'Bad deploy' },
      });
      await api.put(
        `/incidents/${b}/postmortem`,
        { status: 'published' },
        '"1"',
      );
      const post = (id: number, body: object) =>
        api.post(`/incidents/${id}/action-items`, {
          title: 'Follow up',
          kind: 'immediate_fix',
          ...body,
        });
      await post(a, { dueDate: '2026-11-01' });
      const done = await post(a, {});
      await api.patch(
        `/action-items/${done.body.id}`,
        { status: 'done' },
        '"1"',
      );
      const started = await post(c, {});
      await api.patch(
        `/action-items/${started.body.id}`,
        { status: 'in_progress' },
        '"1"',
      );

      const res = await api.get('/trends?months=2');
      expect(res.status).toBe(200);
      const backendTeam = {
        total: 3,
        mtta: stats(3, 20, 36, 70 / 3),
        mttr: stats(3, 120, 168, 120),
      };
      const frontendTeam = {
        total: 2,
        mtta: stats(2, 25, 29, 25),
        mttr: stats(1, 120, 120, 120),
      };
      expect(res.body).toEqual({
        months: ['2026-10', '2026-11'],
        monthly: [
          {
            month: '2026-10',
            total: 2,
            bySeverity: { P0: 1, P1: 1 },
            mtta: stats(2, 15, 19, 15),
            mttr: stats(2, 90, 114, 90),
          },
          {
            month: '2026-11',
            total: 2,
            bySeverity: { P1: 1, P2: 1 },
            mtta: stats(2, 35, 39, 35),
            mttr: stats(1, 180, 180, 180),
          },
        ],
        byTeam: [
          { ownerRef: 'group:default/backend-team', ...backendTeam },
          { ownerRef: 'group:default/frontend-team', ...frontendTeam },
        ],
        bySystem: [
          { systemRef: 'system:default/bomizzel-ticketing', ...backendTeam },
          { systemRef: 'system:default/bomizzel-web', ...frontendTeam },
        ],
        topEntities: [
          { entityRef: BACKEND, total: 2 },
          { entityRef: FRONTEND, total: 2 },
          { entityRef: POSTGRES, total: 1 },
        ],
        postmortems: { required: 3, published: 1, overdue: 2 },
        actionItems: { open: 2, overdue: 1, done: 1 },
      });

      const team = await api.get(
        '/trends?months=2&entityRef=group:default/frontend-team',
      );
      expect(team.body.monthly.map((m: any) => m.total)).toEqual([1, 1]);
      expect(team.body.topEntities).toEqual([
        { entityRef: FRONTEND, total: 2 },
      ]);
      expect(team.body.byTeam).toEqual([
        { ownerRef: 'group:default/frontend-team', ...frontendTeam },
      ]);
      expect(team.body.postmortems).toEqual({
        required: 1,
        published: 1,
        overdue: 0,
      });

      const year = await api.get('/trends');
      expect(year.body.months).toHaveLength(12);
      expect(year.body.months[11]).toBe('2026-11');
      expect(
        year.body.monthly.reduce((n: number, m: any) => n + m.total, 0),
      ).toBe(5);

      for (const months of ['0', '25', 'many']) {
        const bad = await api.get(`/trends?months=${months}`);
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/months/);
      }
      jest.useRealTimers();
    },
  );
});
