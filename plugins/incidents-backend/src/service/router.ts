import { HttpAuthService } from '@backstage/backend-plugin-api';
import { Severity } from '@bomizzel/plugin-incidents-common';
import express from 'express';
import { createOpenApiRouter, spec } from '../schema/openapi';
import { etagOf, IncidentService } from './IncidentService';
import { namedUnknownFields } from './validation';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  severities: Severity[];
  incidents: IncidentService;
}) {
  const { httpAuth, severities, incidents } = options;
  const router = await createOpenApiRouter({
    middleware: [express.json({ limit: '1mb' })],
  });
  const credentials = (req: Parameters<HttpAuthService['credentials']>[0]) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/severities', async (req, res) => {
    await credentials(req);
    res.json({ items: severities });
  });

  router.get('/incidents', async (req, res) => {
    res.json(await incidents.list(req.query, await credentials(req)));
  });

  router.post('/incidents', async (req, res) => {
    const record = await incidents.create(
      req.body,
      await credentials(req),
      req.header('idempotency-key'),
    );
    res
      .status(201)
      .setHeader('ETag', etagOf(record.version))
      .json(incidents.toApi(record));
  });

  router.get('/incidents/:id', async (req, res) => {
    await credentials(req);
    const record = await incidents.get(req.params.id);
    res.setHeader('ETag', etagOf(record.version)).json(incidents.toApi(record));
  });

  router.patch('/incidents/:id', async (req, res) => {
    const record = await incidents.update(
      req.params.id,
      req.body,
      req.header('if-match'),
      await credentials(req),
    );
    res.setHeader('ETag', etagOf(record.version)).json(incidents.toApi(record));
  });

  router.get('/incidents/:id/events', async (req, res) => {
    await credentials(req);
    const events = await incidents.listEvents(req.params.id);
    res.json({ items: events.map(e => incidents.eventToApi(e)) });
  });

  router.post('/incidents/:id/events', async (req, res) => {
    const { record, events } = await incidents.addEvent(
      req.params.id,
      req.body,
      await credentials(req),
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
    await credentials(req);
    res.json({ items: await incidents.messages(req.params.id) });
  });

  router.get('/stats', async (req, res) => {
    res.json(
      await incidents.stats(req.query.entityRef, await credentials(req)),
    );
  });

  router.use(namedUnknownFields(spec));

  return router;
}
