import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { spec } from '../schema/openapi';
import { BACKEND, FRONTEND } from '../__testUtils__/catalog';
import {
  asPriya,
  fakeClock,
  IncidentsApi,
  startIncidentsApi,
  useIncidentsApi,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const today = Date.UTC(2026, 10, 20, 12, 0);

describe('action items API', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let backend: IncidentsApi;
    useIncidentsApi(databases, databaseId as TestDatabaseId, (k, b) => {
      knex = k;
      backend = b;
    });

    const item = (body: object) => ({
      title: 'Alert on pool saturation',
      kind: 'monitoring_enhancement',
      ...body,
    });

    it('creates, lists overdue first, and changes items with If-Match', async () => {
      fakeClock(today);
      const { id } = await backend.incident({
        severity: 'P1',
        entityRefs: [BACKEND],
      });
      const post = (body: object) =>
        backend.api().post(`/incidents/INC-${id}/action-items`, item(body));

      const later = await post({
        dueDate: '2026-12-01',
        owner: 'group:default/sre',
      });
      expect(later.status).toBe(201);
      expect(later.headers.etag).toBe('"1"');
      expect(later.body).toEqual({
        id: later.body.id,
        incidentId: id,
        incidentRef: `INC-${id}`,
        title: 'Alert on pool saturation',
        kind: 'monitoring_enhancement',
        owner: 'group:default/sre',
        dueDate: '2026-12-01',
        status: 'open',
        overdue: false,
        createdBy: 'user:default/sam-rivera',
        createdAt: new Date(today).toISOString(),
        updatedAt: new Date(today).toISOString(),
        version: 1,
      });
      const undated = await post({
        title: 'Write it down',
        kind: 'process_change',
      });
      const yesterday = await post({
        dueDate: '2026-11-19',
        owner: 'User:default/Sam-Rivera',
        ticketUrl: 'https://jira.example.com/browse/OPS-1',
      });
      expect(yesterday.body).toMatchObject({
        owner: 'user:default/sam-rivera',
        ticketUrl: 'https://jira.example.com/browse/OPS-1',
        overdue: true,
      });
      const dueToday = await post({ dueDate: '2026-11-20' });
      expect(dueToday.body.overdue).toBe(false);
      const lastWeek = await post({ dueDate: '2026-11-13' });

      const list = await backend.api().get(`/incidents/${id}/action-items`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: any) => i.id)).toEqual([
        lastWeek.body.id,
        yesterday.body.id,
        dueToday.body.id,
        later.body.id,
        undated.body.id,
      ]);

      const path = `/action-items/${lastWeek.body.id}`;
      expect((await backend.api().patch(path, { status: 'done' })).status).toBe(
        428,
      );
      const done = await backend
        .api()
        .patch(
          path,
          { status: 'done', owner: 'group:default/backend-team' },
          '"1"',
        );
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        status: 'done',
        overdue: false,
        owner: 'group:default/backend-team',
        version: 2,
      });
      expect(
        (await backend.api().patch(path, { title: 'x' }, '"1"')).status,
      ).toBe(412);
      const cleared = await backend
        .api()
        .patch(path, { owner: null, dueDate: null, ticketUrl: null }, '"2"');
      expect(cleared.body.owner).toBeUndefined();
      expect(cleared.body.dueDate).toBeUndefined();

      const overdue = await backend
        .api()
        .get(`/incidents/${id}/action-items?overdue=true`);
      expect(overdue.body.items.map((i: any) => i.id)).toEqual([
        yesterday.body.id,
      ]);
      const open = await backend
        .api()
        .get(`/incidents/${id}/action-items?status=done&status=wont_do`);
      expect(open.body.items.map((i: any) => i.id)).toEqual([lastWeek.body.id]);

      // the day after, the item due today is overdue too
      jest.setSystemTime(today + 24 * 3_600_000);
      const tomorrow = await backend
        .api()
        .get(`/incidents/${id}/action-items?overdue=true`);
      expect(tomorrow.body.items.map((i: any) => i.id)).toEqual([
        yesterday.body.id,
        dueToday.body.id,
      ]);
    });

    it('lists by owner with group membership, and by entity with roll-ups', async () => {
      fakeClock(today);
      const a = await backend.incident({
        severity: 'P1',
        entityRefs: [BACKEND],
      });
      const b = await backend.incident({
        severity: 'P2',
        entityRefs: [FRONTEND],
      });
      const create = async (incident: number, owner: string, dueDate: string) =>
        (
          await backend
            .api()
            .post(
              `/incidents/${incident}/action-items`,
              item({ owner, dueDate }),
            )
        ).body.id;
      const sam = await create(a.id, 'user:default/sam-rivera', '2026-12-05');
      const sre = await create(b.id, 'group:default/sre', '2026-12-01');
      const backendTeam = await create(
        a.id,
        'group:default/backend-team',
        '2026-11-01',
      );
      const priya = await create(
        b.id,
        'user:default/priya-natarajan',
        '2026-11-02',
      );

      const mine = await backend
        .api()
        .get('/action-items?owner=user:default/sam-rivera');
      expect(mine.body.items.map((i: any) => i.id)).toEqual([
        backendTeam,
        sre,
        sam,
      ]);
      const group = await backend
        .api()
        .get('/action-items?owner=group:default/sre');
      expect(group.body.items.map((i: any) => i.id)).toEqual([sre]);
      const web = await backend
        .api()
        .get('/action-items?entityRef=system:default/bomizzel-web');
      expect(web.body.items.map((i: any) => i.id)).toEqual([priya, sre]);
      const all = await backend.api().get('/action-items');
      expect(all.body.items.map((i: any) => i.id)).toEqual([
        backendTeam,
        priya,
        sre,
        sam,
      ]);
      const component = await backend
        .api()
        .get('/action-items?owner=component:default/bomizzel-backend');
      expect(component.status).toBe(400);
      expect(component.body.error.message).toMatch(/owner/);
    });

    it('answers 400 naming the field for bad input and writes nothing', async () => {
      fakeClock(today);
      const { id } = await backend.incident({
        severity: 'P1',
        entityRefs: [BACKEND],
      });
      const path = `/incidents/${id}/action-items`;
      const cases: Array<[object, RegExp]> = [
        [
          { ticketUrl: 'data:text/html,hi' },
          /^ticketUrl: must be an http or https URL/,
        ],
        [{ ticketUrl: 'not a url' }, /^ticketUrl: /],
        [{ ticketUrl: 'ftp://files.example.com/x' }, /^ticketUrl: /],
        [
          { owner: 'user:default/nobody' },
          /^owner: no user user:default\/nobody/,
        ],
        [{ owner: 'component:default/bomizzel-backend' }, /owner/],
        [{ dueDate: '2026-02-30' }, /^dueDate: /],
        [{ dueDate: 'tomorrow' }, /dueDate/],
        [{ kind: 'wish' }, /kind/],
        [{ title: '   ' }, /^title: /],
        [{ priority: 'high' }, /^priority: not a field/],
      ];
      for (const [body, message] of cases) {
        const res = await backend.api().post(path, item(body));
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.body.error.message).toMatch(message);
      }
      expect(
        (await backend.api().post(path, { kind: 'process_change' })).status,
      ).toBe(400);
      const [{ n }] = await knex('incident_action_items').count({ n: '*' });
      expect(Number(n)).toBe(0);

      expect(
        (await backend.api().post('/incidents/999/action-items', item({})))
          .status,
      ).toBe(404);
      expect(
        (
          await backend
            .api()
            .patch('/action-items/999', { status: 'done' }, '"1"')
        ).status,
      ).toBe(404);
      expect(
        (await backend.api().get('/incidents/999/action-items')).status,
      ).toBe(404);
    });

    it('refuses writes without the write permissions, and reads nothing under a read denial', async () => {
      fakeClock(today);
      const { id } = await backend.incident({
        severity: 'P1',
        entityRefs: [BACKEND],
      });
      const created = await backend
        .api()
        .post(`/incidents/${id}/action-items`, item({}));
      expect(created.status).toBe(201);

      const writeDenied = await startIncidentsApi(knex, [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      // under a full denial the incident itself is not readable
      expect(
        (
          await writeDenied
            .api()
            .post(`/incidents/${id}/action-items`, item({}))
        ).status,
      ).toBe(404);
      expect((await writeDenied.api().get('/action-items')).body.items).toEqual(
        [],
      );
      expect((await writeDenied.api().get('/postmortems')).body.items).toEqual(
        [],
      );
      expect((await writeDenied.api().get('/trends')).status).toBe(403);

      const readOnly = await startIncidentsApi(knex, [readOnlyPermissions()]);
      const write = await readOnly
        .api(asPriya)
        .post(`/incidents/${id}/action-items`, item({}));
      expect(write.status).toBe(403);
      const patch = await readOnly
        .api(asPriya)
        .patch(`/action-items/${created.body.id}`, { status: 'done' }, '"1"');
      expect(patch.status).toBe(403);
      const pm = await readOnly
        .api(asPriya)
        .put(`/incidents/${id}/postmortem`, { sections: { rootCause: 'x' } });
      expect(pm.status).toBe(403);
      expect(
        (await readOnly.api(asPriya).get(`/incidents/${id}/postmortem`)).status,
      ).toBe(200);
      expect(
        (await readOnly.api(asPriya).get(`/incidents/${id}/action-items`)).body
          .items,
      ).toHaveLength(1);
      const [{ n }] = await knex('incident_postmortems').count({ n: '*' });
      expect(Number(n)).toBe(0);
      expect((await knex('incident_action_items').first()).status).toBe('open');
    });

    it('refuses every new route without credentials', async () => {
      const routes = Object.entries(spec.paths)
        .filter(([path]) => /postmortem|action-items|trends/.test(path))
        .flatMap(([path, ops]) =>
          Object.keys(ops).map(method => ({
            method,
            path: path.replace('{id}', '1'),
          })),
        );
      expect(routes).toHaveLength(9);
      const anonymous = await startIncidentsApi(knex, [
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ]);
      for (const { method, path } of routes) {
        const res = await (request(anonymous.server) as any)
          [method](`/api/incidents${path}`)
          .send(method === 'get' ? undefined : {});
        expect({ method, path, status: res.status }).toEqual({
          method,
          path,
          status: 401,
        });
      }
    });
  });
});

/** Allows everything except the post-mortem and action item writes. */
function readOnlyPermissions() {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => {
      const decide = (r: any) => ({
        result: /postmortem|actionItem/.test(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      });
      return {
        authorize: async (requests: any[]) => requests.map(decide),
        authorizeConditional: async (requests: any[]) => requests.map(decide),
      } as any;
    },
  });
}
