import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { BACKEND, FRONTEND } from '../__testUtils__/catalog';
import {
  asPriya,
  fakeClock,
  IncidentsApi,
  useIncidentsApi,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const t0 = Date.UTC(2026, 10, 20, 9, 0);

describe('post-mortems API', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let backend: IncidentsApi;
    useIncidentsApi(databases, databaseId as TestDatabaseId, (_, b) => {
      backend = b;
    });

    /** A P1 detected at 08:55, acknowledged 09:06, identified 09:20, resolved 10:30. */
    async function resolvedIncident(severity = 'P1', entityRefs = [BACKEND]) {
      fakeClock(t0);
      const { id } = await backend.incident({
        severity,
        entityRefs,
        detectedAt: new Date(t0 - 5 * MINUTE).toISOString(),
      });
      jest.setSystemTime(t0 + 6 * MINUTE);
      await backend.event(id, { type: 'acknowledge' });
      jest.setSystemTime(t0 + 20 * MINUTE);
      await backend.event(id, {
        type: 'status',
        status: 'IDENTIFIED',
        message: 'Connection pool exhausted',
      });
      jest.setSystemTime(t0 + 90 * MINUTE);
      await backend.event(id, {
        type: 'status',
        status: 'RESOLVED',
        message: 'Pool size raised',
      });
      return id;
    }

    it('prefills the template from the incident before anyone writes it', async () => {
      const id = await resolvedIncident();
      jest.setSystemTime(t0 + 2 * HOUR);

      const res = await backend.api().get(`/incidents/INC-${id}/postmortem`);

      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"0"');
      expect(res.body).toMatchObject({
        incidentId: id,
        incidentRef: `INC-${id}`,
        exists: false,
        status: 'draft',
        required: true,
        dueAt: new Date(t0 + 90 * MINUTE + 24 * HOUR).toISOString(),
        overdue: false,
        version: 0,
      });
      expect(res.body.createdBy).toBeUndefined();
      const sections = Object.fromEntries(
        res.body.sections.map((s: any) => [s.id, s]),
      );
      expect(res.body.sections.map((s: any) => s.id)).toEqual([
        'summary',
        'timeline',
        'rootCause',
        'responseEvaluation',
      ]);
      expect(sections.summary.title).toBe('Incident summary');
      expect(sections.summary.prompts).toEqual([
        'What happened?',
        'When did it happen?',
        'How long did it last?',
        'What was the impact?',
      ]);
      expect(sections.summary.markdown).toBe(
        [
          '- **What happened:** Database unavailable',
          '- **When:** detected 2026-11-20 08:55 UTC',
          '- **How long:** 1 h 35 min',
          `- **Impact:** P1 (High) on \`${BACKEND}\``,
        ].join('\n'),
      );
      expect(sections.timeline.markdown).toContain(
        '- **Acknowledged (response):** 2026-11-20 09:06 UTC (11 min after detection)',
      );
      expect(sections.timeline.markdown).toContain(
        '- **Resolved:** 2026-11-20 10:30 UTC (1 h 35 min after detection)',
      );
      expect(sections.timeline.markdown).toContain(
        '- 2026-11-20 09:20 UTC — Status INVESTIGATING → IDENTIFIED: Connection pool exhausted (user:default/sam-rivera)',
      );
      expect(sections.rootCause).toMatchObject({
        title: 'Root cause analysis',
        markdown: '',
        prompts: expect.arrayContaining(["Why wasn't it caught earlier?"]),
      });
      expect(sections.summary.updatedBy).toBeUndefined();
    });

    it('walks draft → in review → published → draft with If-Match, records authors, revisions and timeline events', async () => {
      const id = await resolvedIncident();
      const path = `/incidents/${id}/postmortem`;
      jest.setSystemTime(t0 + 3 * HOUR);

      const created = await backend
        .api()
        .put(path, { sections: { rootCause: 'Pool too small' } });
      expect(created.status).toBe(200);
      expect(created.headers.etag).toBe('"1"');
      expect(created.body).toMatchObject({
        exists: true,
        status: 'draft',
        version: 1,
        createdBy: 'user:default/sam-rivera',
        createdAt: new Date(t0 + 3 * HOUR).toISOString(),
      });
      const byId = (body: any, s: string) =>
        body.sections.find((x: any) => x.id === s);
      expect(byId(created.body, 'rootCause')).toMatchObject({
        markdown: 'Pool too small',
        updatedBy: 'user:default/sam-rivera',
        updatedAt: new Date(t0 + 3 * HOUR).toISOString(),
      });
      // the prefill was kept, with no author
      expect(byId(created.body, 'summary').markdown).toContain(
        'Database unavailable',
      );
      expect(byId(created.body, 'summary').updatedBy).toBeUndefined();

      // a retried creation changes nothing
      const retried = await backend
        .api()
        .put(path, { sections: { rootCause: 'Pool too small' } });
      expect(retried.status).toBe(200);
      expect(retried.body.version).toBe(1);

      // a different write to an existing one needs If-Match
      const without = await backend
        .api(asPriya)
        .put(path, { sections: { summary: 'x' } });
      expect(without.status).toBe(428);
      expect(without.body.error.message).toMatch(/If-Match/);
      const stale = await backend
        .api(asPriya)
        .put(path, { sections: { summary: 'x' } }, '"7"');
      expect(stale.status).toBe(412);
      const badTag = await backend
        .api(asPriya)
        .put(path, { sections: { summary: 'x' } }, 'yesterday');
      expect(badTag.status).toBe(400);
      expect(badTag.body.error.message).toMatch(/^If-Match/);

      jest.setSystemTime(t0 + 4 * HOUR);
      const reviewed = await backend.api(asPriya).put(
        path,
        {
          sections: {
            responseEvaluation: 'Paged fast',
            rootCause: 'Pool too small',
          },
          status: 'in_review',
        },
        created.headers.etag,
      );
      expect(reviewed.status).toBe(200);
      expect(reviewed.body).toMatchObject({ status: 'in_review', version: 2 });
      // an unchanged section keeps its author
      expect(byId(reviewed.body, 'rootCause').updatedBy).toBe(
        'user:default/sam-rivera',
      );
      expect(byId(reviewed.body, 'responseEvaluation').updatedBy).toBe(
        'user:default/priya-natarajan',
      );

      const published = await backend
        .api()
        .put(path, { status: 'published' }, '"2"');
      expect(published.body).toMatchObject({
        status: 'published',
        version: 3,
        publishedAt: new Date(t0 + 4 * HOUR).toISOString(),
      });
      const backToDraft = await backend
        .api()
        .put(path, { status: 'draft' }, '"3"');
      expect(backToDraft.body.status).toBe('draft');
      expect(backToDraft.body.publishedAt).toBeUndefined();

      const revisions = await backend.api().get(`${path}/revisions`);
      expect(revisions.body.items).toEqual([
        {
          version: 1,
          sectionId: 'rootCause',
          markdown: 'Pool too small',
          author: 'user:default/sam-rivera',
          createdAt: new Date(t0 + 3 * HOUR).toISOString(),
        },
        {
          version: 1,
          status: 'draft',
          author: 'user:default/sam-rivera',
          createdAt: new Date(t0 + 3 * HOUR).toISOString(),
        },
        expect.objectContaining({
          version: 2,
          sectionId: 'responseEvaluation',
          author: 'user:default/priya-natarajan',
        }),
        expect.objectContaining({ version: 2, status: 'in_review' }),
        expect.objectContaining({ version: 3, status: 'published' }),
        expect.objectContaining({ version: 4, status: 'draft' }),
      ]);

      const events = await backend.api().get(`/incidents/${id}/events`);
      expect(
        events.body.items
          .filter((e: any) => e.type === 'postmortem_status_changed')
          .map((e: any) => [e.actor, e.data]),
      ).toEqual([
        ['user:default/sam-rivera', { from: null, to: 'draft' }],
        ['user:default/priya-natarajan', { from: 'draft', to: 'in_review' }],
        ['user:default/sam-rivera', { from: 'in_review', to: 'published' }],
        ['user:default/sam-rivera', { from: 'published', to: 'draft' }],
      ]);
    });

    it('refuses to publish without a summary and a root cause, or skipping review, and writes nothing', async () => {
      const id = await resolvedIncident();
      const path = `/incidents/${id}/postmortem`;

      const skip = await backend.api().put(path, { status: 'published' });
      expect(skip.status).toBe(400);
      expect(skip.body.error.message).toMatch(/^status: .*draft to published/);

      await backend.api().put(path, { status: 'in_review' });
      const noCause = await backend
        .api()
        .put(path, { status: 'published' }, '"1"');
      expect(noCause.status).toBe(400);
      expect(noCause.body.error.message).toMatch(/^sections\.rootCause: /);

      const blankSummary = await backend
        .api()
        .put(
          path,
          { status: 'published', sections: { summary: '  ', rootCause: 'x' } },
          '"1"',
        );
      expect(blankSummary.status).toBe(400);
      expect(blankSummary.body.error.message).toMatch(/^sections\.summary: /);

      const unknown = await backend
        .api()
        .put(path, { sections: { lessons: 'x' } }, '"1"');
      expect(unknown.status).toBe(400);
      // the spec validator names the object holding the unknown section
      expect(unknown.body.error.message).toMatch(/sections/);
      const badStatus = await backend
        .api()
        .put(path, { status: 'done' }, '"1"');
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.error.message).toMatch(/status/);

      const after = await backend.api().get(path);
      expect(after.body).toMatchObject({ status: 'in_review', version: 1 });
      expect(
        after.body.sections.find((s: any) => s.id === 'rootCause').markdown,
      ).toBe('');
      const revisions = await backend.api().get(`${path}/revisions`);
      expect(revisions.body.items).toHaveLength(1);

      expect(
        (await backend.api().get('/incidents/999/postmortem')).status,
      ).toBe(404);
      expect(
        (await backend.api().put('/incidents/999/postmortem', {})).status,
      ).toBe(404);
    });

    it('flags overdue post-mortems by the clock and lists missing ones with roll-ups', async () => {
      const late = await resolvedIncident('P0');
      const done = await resolvedIncident('P1');
      const minor = await resolvedIncident('P3');
      const web = await resolvedIncident('P1', [FRONTEND]);
      await backend.api().put(`/incidents/${done}/postmortem`, {
        status: 'in_review',
        sections: { rootCause: 'x' },
      });
      await backend
        .api()
        .put(`/incidents/${done}/postmortem`, { status: 'published' }, '"1"');
      await backend.api().put(`/incidents/${minor}/postmortem`, {});

      const resolvedAt = t0 + 90 * MINUTE;
      jest.setSystemTime(resolvedAt + 24 * HOUR);
      expect(
        (await backend.api().get(`/incidents/${late}/postmortem`)).body.overdue,
      ).toBe(false);
      jest.setSystemTime(resolvedAt + 24 * HOUR + 1);
      expect(
        (await backend.api().get(`/incidents/${late}/postmortem`)).body,
      ).toMatchObject({ overdue: true, exists: false, required: true });

      const all = await backend.api().get('/postmortems');
      expect(all.status).toBe(200);
      expect(
        all.body.items.map((p: any) => [p.incidentId, p.status, p.overdue]),
      ).toEqual([
        [web, 'missing', true],
        [late, 'missing', true],
        [minor, 'draft', false],
        [done, 'published', false],
      ]);
      expect(all.body.items[3]).toMatchObject({
        incidentRef: `INC-${done}`,
        incidentTitle: 'Database unavailable',
        severity: 'P1',
        required: true,
        entityRefs: [BACKEND],
      });
      expect(all.body.items[2]).toMatchObject({ required: false });
      expect(all.body.items[2].dueAt).toBeUndefined();

      const team = await backend
        .api()
        .get('/postmortems?entityRef=group:default/backend-team&overdue=true');
      expect(team.body.items.map((p: any) => p.incidentId)).toEqual([late]);
      const system = await backend
        .api()
        .get(
          '/postmortems?entityRef=system:default/bomizzel-ticketing&status=published&status=draft',
        );
      expect(system.body.items.map((p: any) => p.incidentId)).toEqual([
        minor,
        done,
      ]);
      const notOverdue = await backend.api().get('/postmortems?overdue=false');
      expect(notOverdue.body.items.map((p: any) => p.incidentId)).toEqual([
        minor,
        done,
      ]);
      const bad = await backend.api().get('/postmortems?status=lost');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/status/);
    });
  });
});
