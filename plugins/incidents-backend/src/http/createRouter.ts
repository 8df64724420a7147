import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Severity } from '@bomizzel/plugin-incidents-common';
import { AlertIngestor } from '../alerts/AlertIngestor';
import { EscalationService } from '../escalation/EscalationService';
import { LinksService } from '../links/LinksService';
import {
  PostmortemRoutes,
  registerPostmortemRoutes,
} from './routes/postmortems.router';
import { runbookPathAsOneSegment, sendRunbook } from './routes/runbooks.router';
import { RunbookService } from '../runbooks/RunbookService';
import { createOpenApiRouter, spec } from '../schema/openapi';
import { StatuspagePublisher } from '../statuspage/StatuspagePublisher';
import { etagOf } from '../incidents/etags';
import { IncidentService } from '../incidents/IncidentService';
import { internalErrorHandler } from './internalErrors';
import { jsonBody, namedUnknownFields, noNulInQuery } from './requestGuards';

export async function createRouter(options: {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  severities: Severity[];
  incidents: IncidentService;
  escalation: EscalationService;
  alerts: AlertIngestor;
  runbooks: RunbookService;
  links: LinksService;
  postmortems: PostmortemRoutes;
  statuspage: StatuspagePublisher;
}) {
  const { httpAuth, auditor, severities, incidents, escalation, alerts } =
    options;
  const router = await createOpenApiRouter({
    middleware: [
      noNulInQuery(spec),
      jsonBody(1024 * 1024),
      runbookPathAsOneSegment,
    ],
    validatorOptions: {
      // Credentials are checked (not merely present) by Backstage's
      // credentials barrier and httpAuth on every route; the spec's
      // `security` stays as documentation. No route takes multipart.
      validateSecurity: false,
      fileUploader: false,
    },
  });
  type Request = Parameters<HttpAuthService['credentials']>[0];
  const credentials = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** Runs a mutation as an audit event that records its outcome. */
  async function audited<T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    action: () => Promise<T>,
    resultMeta: (result: T) => JsonObject,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await action();
      await event.success({ meta: resultMeta(result) });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/severities', async (req, res) => {
    await credentials(req);
    res.json({ items: severities });
  });

  router.get('/incidents', async (req, res) => {
    const page = await incidents.list(req.query, await credentials(req));
    // The hottest route (every Incidents tab): a list changes with every
    // incident, so it is sent without res.json's body-hashing ETag.
    const body = JSON.stringify(page);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  });

  router.post('/incidents', async (req, res) => {
    const caller = await credentials(req);
    const record = await audited(
      req,
      'incident-create',
      { severity: req.body.severity, entityRefs: req.body.entityRefs },
      () => incidents.create(req.body, caller, req.header('idempotency-key')),
      r => ({ incident: `INC-${r.id}` }),
    );
    res
      .status(201)
      .setHeader('ETag', etagOf(record.version))
      .json(incidents.toApi(record));
  });

  router.get('/incidents/:id', async (req, res) => {
    const record = await incidents.get(req.params.id, await credentials(req));
    res.setHeader('ETag', etagOf(record.version)).json(incidents.toApi(record));
  });

  router.patch('/incidents/:id', async (req, res) => {
    const caller = await credentials(req);
    const record = await audited(
      req,
      'incident-update',
      { incident: req.params.id, fields: Object.keys(req.body) },
      () =>
        incidents.update(
          req.params.id,
          req.body,
          req.header('if-match'),
          caller,
        ),
      r => ({ version: r.version }),
    );
    res.setHeader('ETag', etagOf(record.version)).json(incidents.toApi(record));
  });

  router.get('/incidents/:id/events', async (req, res) => {
    const events = await incidents.listEvents(
      req.params.id,
      await credentials(req),
    );
    res.json({ items: events.map(e => incidents.eventToApi(e)) });
  });

  router.post('/incidents/:id/events', async (req, res) => {
    const caller = await credentials(req);
    const { record, events } = await audited(
      req,
      'incident-event',
      { incident: req.params.id, type: req.body.type },
      () => incidents.addEvent(req.params.id, req.body, caller),
      r => ({ events: r.events.map(e => e.type), version: r.record.version }),
    );
    res
      .status(201)
      .setHeader('ETag', etagOf(record.version))
      .json({
        items: events.map(e => incidents.eventToApi(e)),
        incident: incidents.toApi(record),
      });
  });

  router.get('/incidents/:id/escalation', async (req, res) => {
    const record = await incidents.get(req.params.id, await credentials(req));
    res.json(await escalation.describe(record));
  });

  router.get('/incidents/:id/statuspage', async (req, res) => {
    res.json(
      await options.statuspage.describe(req.params.id, await credentials(req)),
    );
  });

  router.post('/incidents/:id/statuspage', async (req, res) => {
    const caller = await credentials(req);
    res.json(
      await audited(
        req,
        'incident-statuspage-publish',
        { incident: req.params.id },
        () => options.statuspage.publish(req.params.id, req.body, caller),
        r => ({
          page: r.page?.name ?? null,
          statuspageIncidentId: r.statuspageIncidentId ?? null,
        }),
      ),
    );
  });

  router.post('/alerts/alertmanager', async (req, res) => {
    const caller = await credentials(req);
    const result = await audited(
      req,
      'incident-alerts',
      { receiver: req.body.receiver, alerts: req.body.alerts.length },
      () => alerts.ingest(req.body, caller),
      r => ({
        changed: r.changed,
        unmapped: r.unmapped,
        ...(r.incident ? { incident: r.incident.ref } : {}),
      }),
    );
    res.json(result);
  });

  router.get('/alerts', async (req, res) => {
    await credentials(req);
    res.json({ items: await alerts.listUnmapped(req.query.limit ?? 100) });
  });

  router.get('/incidents/:id/alerts', async (req, res) => {
    const record = await incidents.get(req.params.id, await credentials(req));
    res.json({ items: await alerts.listForIncident(record.id) });
  });

  router.get('/incidents/:id/messages', async (req, res) => {
    res.json({
      items: await incidents.messages(req.params.id, await credentials(req)),
    });
  });

  router.get('/stats', async (req, res) => {
    res.json(
      await incidents.stats(req.query.entityRef, await credentials(req)),
    );
  });

  router.get('/runbooks', async (req, res) => {
    res.json(await options.runbooks.list(req.query, await credentials(req)));
  });

  router.get('/runbooks/:path', async (req, res) => {
    await credentials(req);
    sendRunbook(req, res, options.runbooks.get(req.params.path));
  });

  router.get('/links', async (req, res) => {
    const caller = await credentials(req);
    res.json(await options.links.getLinks(req.query, caller));
  });

  router.get('/status', async (req, res) => {
    const caller = await credentials(req);
    // Live state: cached by the backend, not by browsers.
    res.setHeader('Cache-Control', 'no-store');
    res.json(await options.links.getStatus(req.query.entityRef, caller));
  });

  registerPostmortemRoutes(router, {
    ...options.postmortems,
    credentials,
    audited,
  });

  router.use(namedUnknownFields(spec));
  router.use(internalErrorHandler(options.logger));

  return router;
}
