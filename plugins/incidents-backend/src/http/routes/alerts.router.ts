import { AlertIngestor } from '../../alerts/AlertIngestor';
import { IncidentService } from '../../incidents/IncidentService';
import { RouteContext, Router } from '../types';

/** Alertmanager's webhook, the unmapped alerts, and an incident's alerts. */
export function bindAlertRoutes(
  router: Router,
  options: RouteContext & {
    incidents: IncidentService;
    alerts: AlertIngestor;
  },
): void {
  const { incidents, alerts, credentials, audited } = options;

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
}
