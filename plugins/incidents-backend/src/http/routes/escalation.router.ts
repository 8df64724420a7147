import { EscalationService } from '../../escalation/EscalationService';
import { IncidentService } from '../../incidents/IncidentService';
import { RouteContext, Router } from '../types';

/** `GET /incidents/{id}/escalation`: where the incident stands on each level. */
export function bindEscalationRoutes(
  router: Router,
  options: RouteContext & {
    incidents: IncidentService;
    escalation: EscalationService;
  },
): void {
  const { incidents, escalation, credentials } = options;

  router.get('/incidents/:id/escalation', async (req, res) => {
    const record = await incidents.get(req.params.id, await credentials(req));
    res.json(await escalation.describe(record));
  });
}
