import { etagOf } from '../../incidents/etags';
import { IncidentService } from '../../incidents/IncidentService';
import { RouteContext, Router } from '../types';

/** An incident's timeline: read it, add to it (notes, acknowledgement, status). */
export function bindEventRoutes(
  router: Router,
  options: RouteContext & { incidents: IncidentService },
): void {
  const { incidents, credentials, audited } = options;

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
}
