import {
  ActionItem,
  Postmortem,
  POSTMORTEM_SECTION_IDS,
  POSTMORTEM_TEMPLATE,
  PostmortemSummary,
} from '@bomizzel/plugin-incidents-common';
import { http, HttpResponse } from 'msw';
import {
  errorResponse,
  INCIDENTS_URL,
  NOW,
  RecordedRequest,
} from './fakeBackendBasics';

/**
 * A post-mortem as `GET /incidents/{id}/postmortem` returns it; by default
 * not yet written, required and due a day after a resolution at
 * {@link NOW}, with the timeline prefilled. `overrides` win.
 */
export function makePostmortem(
  overrides: Partial<Postmortem> = {},
): Postmortem {
  const incidentId = overrides.incidentId ?? 1;
  return {
    incidentId,
    incidentRef: `INC-${incidentId}`,
    exists: false,
    status: 'draft',
    required: true,
    dueAt: new Date(NOW + 24 * 3600_000).toISOString(),
    overdue: false,
    sections: POSTMORTEM_SECTION_IDS.map(id => ({
      id,
      ...POSTMORTEM_TEMPLATE[id],
      prompts: [...POSTMORTEM_TEMPLATE[id].prompts],
      markdown:
        id === 'timeline'
          ? '- Detected: 2026-03-10 11:00 UTC\n- Resolved: 2026-03-10 12:00 UTC'
          : '',
    })),
    version: 0,
    ...overrides,
  };
}

/** An action item as the API returns it; `overrides` win. */
export function makeActionItem(
  overrides: Partial<ActionItem> = {},
): ActionItem {
  const id = overrides.id ?? 1;
  const incidentId = overrides.incidentId ?? 1;
  return {
    id,
    incidentId,
    incidentRef: `INC-${incidentId}`,
    title: `Action item ${id}`,
    kind: 'immediate_fix',
    status: 'open',
    overdue: false,
    createdBy: 'user:default/guest',
    createdAt: new Date(NOW - 3600_000).toISOString(),
    updatedAt: new Date(NOW - 3600_000).toISOString(),
    version: 1,
    ...overrides,
  };
}

/** A post-mortem in a list, as `GET /postmortems` returns it. */
export function makePostmortemSummary(
  overrides: Partial<PostmortemSummary> = {},
): PostmortemSummary {
  const incidentId = overrides.incidentId ?? 1;
  return {
    incidentId,
    incidentRef: `INC-${incidentId}`,
    incidentTitle: `Incident ${incidentId}`,
    severity: 'P1',
    status: 'missing',
    required: true,
    dueAt: new Date(NOW + 24 * 3600_000).toISOString(),
    overdue: false,
    entityRefs: ['component:default/bomizzel-backend'],
    ...overrides,
  };
}

const ifMatchError = (request: Request, version: number, what: string) => {
  const ifMatch = request.headers.get('if-match');
  if (!ifMatch) {
    return errorResponse(
      428,
      'PreconditionRequiredError',
      'If-Match: required',
    );
  }
  if (ifMatch !== `"${version}"`) {
    return errorResponse(
      412,
      'PreconditionFailedError',
      `${what} was changed by someone else (now version ${version}); reload it and try again`,
    );
  }
  return undefined;
};

/**
 * An in-memory stand-in for the post-mortem and action item routes at
 * {@link INCIDENTS_URL}: If-Match versions (412/428), the sections that must
 * be written before review or publication (400 naming the section), and
 * lists with overdue items first. Tests change `postmortems` and
 * `actionItems` directly to play another user.
 */
export function createFakePostmortemsBackend(
  options: {
    postmortems?: Postmortem[];
    actionItems?: ActionItem[];
    summaries?: PostmortemSummary[];
  } = {},
) {
  const postmortems = new Map(
    (options.postmortems ?? []).map(p => [p.incidentId, p]),
  );
  const actionItems: ActionItem[] = [...(options.actionItems ?? [])];
  const summaries: PostmortemSummary[] = [...(options.summaries ?? [])];
  const requests: RecordedRequest[] = [];
  let clock = NOW;
  const now = () => new Date((clock += 60_000)).toISOString();

  const incidentIdOf = (param: unknown) =>
    Number(String(param).replace(/^INC-/, ''));
  const postmortemOf = (incidentId: number) => {
    if (!postmortems.has(incidentId)) {
      postmortems.set(incidentId, makePostmortem({ incidentId }));
    }
    return postmortems.get(incidentId)!;
  };
  const record = async (request: Request) => {
    const text = await request.clone().text();
    const entry: RecordedRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(entry);
    return entry;
  };
  const sorted = (items: ActionItem[]) =>
    [...items].sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
        a.id - b.id,
    );

  const handlers = [
    http.get(`${INCIDENTS_URL}/incidents/:id/postmortem`, ({ params }) => {
      const postmortem = postmortemOf(incidentIdOf(params.id));
      return HttpResponse.json(postmortem, {
        headers: { ETag: `"${postmortem.version}"` },
      });
    }),
    http.put(
      `${INCIDENTS_URL}/incidents/:id/postmortem`,
      async ({ params, request }) => {
        const { body } = await record(request);
        const postmortem = postmortemOf(incidentIdOf(params.id));
        const refused = ifMatchError(
          request,
          postmortem.version,
          `The post-mortem of ${postmortem.incidentRef}`,
        );
        if (refused) return refused;
        const time = now();
        const sections = postmortem.sections.map(section => {
          const markdown = body.sections?.[section.id];
          return markdown === undefined
            ? section
            : {
                ...section,
                markdown,
                updatedBy: 'user:default/guest',
                updatedAt: time,
              };
        });
        if (body.status && body.status !== 'draft') {
          const empty = sections.find(s => !s.markdown.trim());
          if (empty) {
            return errorResponse(
              400,
              'InputError',
              `sections.${empty.id}: ${
                empty.title
              } must be written before the post-mortem goes to ${
                body.status === 'published' ? 'publication' : 'review'
              }`,
            );
          }
        }
        const status = body.status ?? postmortem.status;
        const saved: Postmortem = {
          ...postmortem,
          exists: true,
          sections,
          status,
          overdue: status === 'published' ? false : postmortem.overdue,
          createdBy: postmortem.createdBy ?? 'user:default/guest',
          createdAt: postmortem.createdAt ?? time,
          updatedAt: time,
          ...(status === 'published' ? { publishedAt: time } : {}),
          version: postmortem.version + 1,
        };
        postmortems.set(saved.incidentId, saved);
        return HttpResponse.json(saved, {
          headers: { ETag: `"${saved.version}"` },
        });
      },
    ),
    http.get(`${INCIDENTS_URL}/postmortems`, async ({ request }) => {
      await record(request);
      const query = new URL(request.url).searchParams;
      const statuses = query.getAll('status');
      const overdue = query.get('overdue');
      const items = summaries
        .filter(s => !statuses.length || statuses.includes(s.status))
        .filter(s => overdue === null || String(s.overdue) === overdue);
      return HttpResponse.json({ items });
    }),
    http.get(
      `${INCIDENTS_URL}/incidents/:id/action-items`,
      async ({ params, request }) => {
        await record(request);
        const incidentId = incidentIdOf(params.id);
        return HttpResponse.json({
          items: sorted(actionItems.filter(a => a.incidentId === incidentId)),
        });
      },
    ),
    http.post(
      `${INCIDENTS_URL}/incidents/:id/action-items`,
      async ({ params, request }) => {
        const { body } = await record(request);
        const incidentId = incidentIdOf(params.id);
        const time = now();
        const item = makeActionItem({
          ...body,
          id: Math.max(0, ...actionItems.map(a => a.id)) + 1,
          incidentId,
          createdAt: time,
          updatedAt: time,
        });
        actionItems.push(item);
        return HttpResponse.json(item, { status: 201 });
      },
    ),
    http.patch(
      `${INCIDENTS_URL}/action-items/:id`,
      async ({ params, request }) => {
        const { body } = await record(request);
        const index = actionItems.findIndex(a => a.id === Number(params.id));
        if (index < 0) {
          return errorResponse(404, 'NotFoundError', 'No such action item');
        }
        const item = actionItems[index];
        const refused = ifMatchError(
          request,
          item.version,
          `Action item ${item.id}`,
        );
        if (refused) return refused;
        const status = body.status ?? item.status;
        const changed: ActionItem = {
          ...item,
          ...Object.fromEntries(
            Object.entries(body).map(([k, v]) => [k, v ?? undefined]),
          ),
          status,
          overdue:
            item.overdue && (status === 'open' || status === 'in_progress'),
          updatedAt: now(),
          version: item.version + 1,
        };
        actionItems[index] = changed;
        return HttpResponse.json(changed);
      },
    ),
    http.get(`${INCIDENTS_URL}/action-items`, async ({ request }) => {
      await record(request);
      const query = new URL(request.url).searchParams;
      const statuses = query.getAll('status');
      return HttpResponse.json({
        items: sorted(
          actionItems.filter(
            a => !statuses.length || statuses.includes(a.status),
          ),
        ),
      });
    }),
  ];

  return { postmortems, actionItems, summaries, requests, handlers };
}
