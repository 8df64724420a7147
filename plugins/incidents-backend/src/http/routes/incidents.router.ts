import { etagOf } from '../../incidents/etags';
import { IncidentService } from '../../incidents/IncidentService';
import { RouteContext, Router } from '../types';

/** Incidents: list, declare, read, change, and their rendered messages. */
export function bindIncidentRoutes(
  router: Router,
  options: RouteContext & { incidents: IncidentService },
): void {
  const { incidents, credentials, audited } = options;

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

  router.get('/incidents/:id/messages', async (req, res) => {
    res.json({
      items: await incidents.messages(req.params.id, await credentials(req)),
    });
  });
}
