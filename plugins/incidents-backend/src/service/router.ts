import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Severity } from '@bomizzel/plugin-incidents-common';
import express from 'express';
import { createOpenApiRouter, spec } from '../schema/openapi';
import { etagOf, IncidentService } from './IncidentService';
import { namedUnknownFields } from './validation';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  severities: Severity[];
  incidents: IncidentService;
}) {
  const { httpAuth, auditor, severities, incidents } = options;
  const router = await createOpenApiRouter({
    middleware: [express.json({ limit: '1mb' })],
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
    res.json(await incidents.list(req.query, await credentials(req)));
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

  router.use(namedUnknownFields(spec));

  return router;
}
