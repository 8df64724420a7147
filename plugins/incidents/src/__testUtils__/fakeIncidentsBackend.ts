import {
  DEFAULT_SEVERITIES,
  Incident,
  IncidentEscalation,
  IncidentEvent,
  IncidentStats,
  IncidentStatus,
  ReceivedAlert,
  Runbook,
} from '@bomizzel/plugin-incidents-common';
import { http, HttpResponse } from 'msw';
import { runbookHandlers } from './fakeRunbooks';
import { createFakePostmortemsBackend } from './fakePostmortemsBackend';
import {
  BACKEND_URL,
  errorResponse,
  INCIDENTS_URL,
  NOW,
  RecordedRequest,
} from './fakeBackendBasics';

export { BACKEND_URL, errorResponse, INCIDENTS_URL, NOW };
export type { RecordedRequest };

/** An incident as the API returns it; `overrides` win. */
export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  const id = overrides.id ?? 1;
  const detectedAt =
    overrides.detectedAt ?? new Date(NOW - 3600_000).toISOString();
  return {
    id,
    ref: `INC-${id}`,
    title: `Incident ${id}`,
    description: '',
    severity: 'P1',
    status: 'INVESTIGATING',
    commander: null,
    reporter: 'user:default/guest',
    entityRefs: ['component:default/bomizzel-backend'],
    startedAt: null,
    detectedAt,
    acknowledgedAt: null,
    identifiedAt: null,
    resolvedAt: null,
    createdAt: detectedAt,
    updatedAt: detectedAt,
    version: 1,
    response: {
      targetMinutes: 60,
      deadline: new Date(Date.parse(detectedAt) + 3600_000).toISOString(),
      state: 'pending',
    },
    demo: false,
    ...overrides,
  };
}

/** An alert as the API returns it; `overrides` win. */
export function makeAlert(overrides: Partial<ReceivedAlert>): ReceivedAlert {
  return {
    id: 1,
    fingerprint: 'a1b2c3d4e5f60789',
    status: 'firing',
    alertname: 'HighErrorRate',
    labels: { alertname: 'HighErrorRate', service: 'bomizzel-api' },
    annotations: { summary: 'More than 5% of requests fail' },
    startsAt: new Date(NOW - 3600_000).toISOString(),
    receivedAt: new Date(NOW - 3600_000).toISOString(),
    updatedAt: new Date(NOW - 3600_000).toISOString(),
    ...overrides,
  };
}

const error = errorResponse;

/**
 * An in-memory stand-in for the incidents backend at {@link INCIDENTS_URL}:
 * the same routes, keyset paging, If-Match versions (412/428), idempotent
 * creation and the timeline. Tests change `incidents` directly to play
 * another user.
 */
export function createFakeIncidentsBackend(
  options: {
    incidents?: Incident[];
    events?: IncidentEvent[];
    runbooks?: Runbook[];
    /** Post-mortems and action items, see `createFakePostmortemsBackend`. */
    followUps?: Parameters<typeof createFakePostmortemsBackend>[0];
    /** Alerts: those with an incidentId are that incident's, others unmapped. */
    alerts?: ReceivedAlert[];
  } = {},
) {
  const alerts = options.alerts ?? [];
  const incidents: Incident[] = [...(options.incidents ?? [])];
  const followUps = createFakePostmortemsBackend(options.followUps);
  const events: IncidentEvent[] = [...(options.events ?? [])];
  const requests: RecordedRequest[] = [];
  const idempotencyKeys = new Map<string, Incident>();
  let clock = NOW;
  const now = () => new Date((clock += 60_000)).toISOString();

  const find = (param: string) =>
    incidents.find(i => i.id === Number(param.replace(/^INC-/, '')));

  const record = async (request: Request) => {
    const text = await request.clone().text();
    requests.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
  };

  const addEvent = (
    incident: Incident,
    type: IncidentEvent['type'],
    message: string | null,
    data: Record<string, unknown> = {},
  ) => {
    const event: IncidentEvent = {
      id: events.length + 1,
      incidentId: incident.id,
      type,
      actor: 'user:default/guest',
      createdAt: now(),
      message,
      data,
    };
    events.push(event);
    return event;
  };

  const change = (
    incident: Incident,
    body: {
      status?: IncidentStatus;
      severity?: string;
      acknowledge?: boolean;
      message?: string;
      title?: string;
      description?: string;
      commander?: string | null;
      entityRefs?: string[];
    },
  ) => {
    const written: IncidentEvent[] = [];
    const time = now();
    if (body.title !== undefined && body.title !== incident.title) {
      written.push(
        addEvent(incident, 'title_changed', null, {
          from: incident.title,
          to: body.title,
        }),
      );
      incident.title = body.title;
    }
    if (
      body.description !== undefined &&
      body.description !== incident.description
    ) {
      written.push(addEvent(incident, 'description_changed', null));
      incident.description = body.description;
    }
    if (body.commander !== undefined && body.commander !== incident.commander) {
      written.push(
        addEvent(incident, 'commander_changed', null, {
          from: incident.commander,
          to: body.commander,
        }),
      );
      incident.commander = body.commander;
    }
    if (body.entityRefs) {
      const next = [...new Set(body.entityRefs)].sort();
      for (const entityRef of next.filter(
        r => !incident.entityRefs.includes(r),
      )) {
        written.push(addEvent(incident, 'entity_added', null, { entityRef }));
      }
      for (const entityRef of incident.entityRefs.filter(
        r => !next.includes(r),
      )) {
        written.push(addEvent(incident, 'entity_removed', null, { entityRef }));
      }
      incident.entityRefs = next;
    }
    if (body.acknowledge) {
      if (incident.acknowledgedAt) {
        return { conflict: `${incident.ref} was already acknowledged` };
      }
      incident.acknowledgedAt = time;
      incident.response = { ...incident.response, state: 'met' };
      written.push(addEvent(incident, 'acknowledged', body.message ?? null));
    }
    if (body.severity && body.severity !== incident.severity) {
      written.push(
        addEvent(incident, 'severity_changed', body.message ?? null, {
          from: incident.severity,
          to: body.severity,
        }),
      );
      incident.severity = body.severity;
    }
    if (body.status && body.status !== incident.status) {
      if (!incident.acknowledgedAt && body.status !== 'INVESTIGATING') {
        incident.acknowledgedAt = time;
        written.push(
          addEvent(incident, 'acknowledged', null, { implicit: true }),
        );
      }
      written.push(
        addEvent(incident, 'status_changed', body.message ?? null, {
          from: incident.status,
          to: body.status,
        }),
      );
      if (body.status === 'IDENTIFIED' && !incident.identifiedAt) {
        incident.identifiedAt = time;
      }
      incident.resolvedAt = body.status === 'RESOLVED' ? time : null;
      incident.status = body.status;
    }
    if (!written.length && body.message) {
      written.push(addEvent(incident, 'note', body.message));
    }
    incident.version += 1;
    incident.updatedAt = time;
    return { written };
  };

  const handlers = [
    http.all(`${INCIDENTS_URL}/*`, async ({ request }) => {
      await record(request);
    }),
    http.get(`${INCIDENTS_URL}/severities`, () =>
      HttpResponse.json({ items: DEFAULT_SEVERITIES }),
    ),
    // The incident view asks for the affected entities' observability links;
    // tests of them put their own handlers first.
    http.get(`${INCIDENTS_URL}/links`, ({ request }) =>
      HttpResponse.json({
        entityRef: new URL(request.url).searchParams.get('entityRef'),
        groups: [],
      }),
    ),
    http.get(`${INCIDENTS_URL}/incidents`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const statuses = query.getAll('status');
      const severities = query.getAll('severity');
      const from = query.get('from');
      const q = query.get('q')?.toLocaleLowerCase('en-US');
      const limit = Number(query.get('limit') ?? 20);
      const cursor = query.get('cursor');
      const matching = incidents
        .filter(i => !statuses.length || statuses.includes(i.status))
        .filter(i => !severities.length || severities.includes(i.severity))
        .filter(i => !from || i.createdAt >= from)
        .filter(
          i =>
            !q ||
            `${i.title}\n${i.description}`
              .toLocaleLowerCase('en-US')
              .includes(q),
        )
        .filter(i => !cursor || i.id < Number(cursor))
        .sort((a, b) => b.id - a.id);
      const items = matching.slice(0, limit);
      return HttpResponse.json({
        items,
        ...(matching.length > limit
          ? { nextCursor: String(items[items.length - 1].id) }
          : {}),
      });
    }),
    http.post(`${INCIDENTS_URL}/incidents`, async ({ request }) => {
      const body = (await request.json()) as any;
      const key = request.headers.get('idempotency-key');
      const replay = key ? idempotencyKeys.get(key) : undefined;
      if (replay) {
        return HttpResponse.json(replay, { status: 201 });
      }
      const time = now();
      const incident = makeIncident({
        id: Math.max(0, ...incidents.map(i => i.id)) + 1,
        title: body.title,
        description: body.description ?? '',
        severity: body.severity,
        entityRefs: body.entityRefs,
        commander: body.commander ?? null,
        startedAt: body.startedAt ?? null,
        detectedAt: body.detectedAt ?? time,
        createdAt: time,
        updatedAt: time,
      });
      incidents.push(incident);
      addEvent(incident, 'created', null);
      if (key) idempotencyKeys.set(key, incident);
      return HttpResponse.json(incident, {
        status: 201,
        headers: { ETag: `"${incident.version}"` },
      });
    }),
    http.get(`${INCIDENTS_URL}/incidents/:id`, ({ params }) => {
      const incident = find(String(params.id));
      return incident
        ? HttpResponse.json(incident, {
            headers: { ETag: `"${incident.version}"` },
          })
        : error(404, 'NotFoundError', `No incident ${params.id}`);
    }),
    http.patch(
      `${INCIDENTS_URL}/incidents/:id`,
      async ({ params, request }) => {
        const incident = find(String(params.id));
        if (!incident) return error(404, 'NotFoundError', 'No such incident');
        const ifMatch = request.headers.get('if-match');
        if (!ifMatch) {
          return error(428, 'PreconditionRequiredError', 'If-Match: required');
        }
        if (ifMatch !== `"${incident.version}"`) {
          return error(
            412,
            'PreconditionFailedError',
            `${incident.ref} was changed by someone else (now version ${incident.version}); reload it and try again`,
          );
        }
        const result = change(incident, (await request.json()) as any);
        if ('conflict' in result) {
          return error(409, 'ConflictError', result.conflict!);
        }
        return HttpResponse.json(incident, {
          headers: { ETag: `"${incident.version}"` },
        });
      },
    ),
    http.get(`${INCIDENTS_URL}/incidents/:id/events`, ({ params }) => {
      const incident = find(String(params.id));
      if (!incident) return error(404, 'NotFoundError', 'No such incident');
      return HttpResponse.json({
        items: events.filter(e => e.incidentId === incident.id),
      });
    }),
    http.post(
      `${INCIDENTS_URL}/incidents/:id/events`,
      async ({ params, request }) => {
        const incident = find(String(params.id));
        if (!incident) return error(404, 'NotFoundError', 'No such incident');
        const body = (await request.json()) as any;
        const result = change(incident, {
          message: body.message,
          ...(body.type === 'acknowledge' ? { acknowledge: true } : {}),
          ...(body.type === 'status' ? { status: body.status } : {}),
        });
        if ('conflict' in result) {
          return error(409, 'ConflictError', result.conflict!);
        }
        return HttpResponse.json(
          { items: result.written, incident },
          { status: 201 },
        );
      },
    ),
    http.get(`${INCIDENTS_URL}/incidents/:id/messages`, ({ params }) => {
      const incident = find(String(params.id));
      if (!incident) return error(404, 'NotFoundError', 'No such incident');
      const latest = [...events]
        .reverse()
        .find(e => e.incidentId === incident.id && e.message)?.message;
      return HttpResponse.json({
        items: [
          {
            id: 'initial',
            title: 'Initial incident notification',
            text: `🚨 INCIDENT ALERT - ${incident.severity} - ${incident.title}\n\nStatus: ${incident.status}`,
          },
          {
            id: 'update',
            title: 'Status update',
            text: `📊 INCIDENT UPDATE - ${incident.severity} - ${
              incident.title
            }\n\nStatus: ${incident.status}\nProgress: ${
              latest ?? '[What has been done/found]'
            }`,
          },
          {
            id: 'resolution',
            title: 'Resolution notification',
            text: `✅ INCIDENT RESOLVED - ${incident.severity} - ${incident.title}\n\nStatus: RESOLVED`,
          },
        ],
      });
    }),
    http.get(`${INCIDENTS_URL}/incidents/:id/alerts`, ({ params }) =>
      HttpResponse.json({
        items: alerts.filter(
          a => a.incidentId === Number(String(params.id).replace(/^INC-/, '')),
        ),
      }),
    ),
    http.get(`${INCIDENTS_URL}/alerts`, () =>
      HttpResponse.json({ items: alerts.filter(a => !a.incidentId) }),
    ),
    http.get(`${INCIDENTS_URL}/incidents/:id/escalation`, ({ params }) => {
      const incident = find(String(params.id));
      if (!incident) return error(404, 'NotFoundError', 'No such incident');
      // A level fires with its event on the timeline, as in the backend.
      const fired = events
        .filter(e => e.incidentId === incident.id && e.type === 'escalated')
        .map(e => String(e.data.level));
      return HttpResponse.json(makeEscalation(incident, fired));
    }),
    // No status page configured: the view hides its card.
    http.get(`${INCIDENTS_URL}/incidents/:id/statuspage`, ({ params }) => {
      const incident = find(String(params.id));
      if (!incident) return error(404, 'NotFoundError', 'No such incident');
      return HttpResponse.json({
        incidentId: incident.id,
        available: false,
        published: false,
        changedSincePublication: false,
        reason: 'no status page is configured',
      });
    }),
    ...runbookHandlers({
      baseUrl: INCIDENTS_URL,
      runbooks: options.runbooks ?? [],
      notFound: path => error(404, 'NotFoundError', `No runbook ${path}`),
    }),
    ...followUps.handlers,
  ];

  return { incidents, events, requests, handlers, followUps };
}

/**
 * The escalation of an open incident as `GET /incidents/{id}/escalation`
 * returns it under the default policy: the on-call engineer paged at
 * detection, the team lead due 15 minutes later. `fired` names the levels
 * that fired (at their due time); by default the on-call engineer's.
 */
export function makeEscalation(
  incident: Incident,
  fired: string[] = ['oncall'],
): IncidentEscalation {
  const at = (minutes: number) =>
    new Date(Date.parse(incident.detectedAt) + minutes * 60_000).toISOString();
  const escalation: IncidentEscalation = {
    incidentId: incident.id,
    levels: [
      {
        id: 'oncall',
        title: 'On-call engineer',
        role: 'oncall',
        afterMinutes: 0,
        severities: ['P0', 'P1', 'P2', 'P3'],
        stopWhen: 'resolved',
        state: 'fired',
        dueAt: at(0),
        firedAt: at(0),
        recipients: ['user:default/sam-rivera'],
      },
      {
        id: 'lead',
        title: 'Team lead',
        role: 'lead',
        afterMinutes: 15,
        severities: ['P0', 'P1'],
        stopWhen: 'progress',
        state: 'pending',
        dueAt: at(15),
        recipients: [],
      },
      {
        id: 'manager',
        title: 'Engineering manager',
        role: 'manager',
        afterMinutes: 30,
        severities: ['P0'],
        stopWhen: 'resolved',
        state: 'not-applicable',
        dueAt: at(30),
        recipients: [],
      },
    ],
  };
  for (const level of escalation.levels) {
    if (fired.includes(level.id)) {
      level.state = 'fired';
      level.firedAt = level.dueAt;
      escalation.currentLevel = level.id;
    } else if (level.state === 'fired') {
      level.state = 'pending';
      delete level.firedAt;
    }
  }
  const next = escalation.levels.find(l => l.state === 'pending');
  if (next) {
    escalation.next = { level: next.id, dueAt: next.dueAt };
  }
  return escalation;
}

/** Statistics as `GET /stats` returns them; `overrides` win. */
export function makeStats(
  overrides: Partial<IncidentStats> = {},
): IncidentStats {
  const months = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(2025, 3 + i, 1));
    return d.toISOString().slice(0, 7);
  });
  return {
    entityRefs: ['component:default/bomizzel-backend'],
    total: 0,
    open: 0,
    bySeverity: {},
    byStatus: {},
    mtta: { count: 0, median: null, p90: null, mean: null },
    mttr: { count: 0, median: null, p90: null, mean: null },
    monthly: months.map(month => ({ month, total: 0, bySeverity: {} })),
    ...overrides,
  };
}
