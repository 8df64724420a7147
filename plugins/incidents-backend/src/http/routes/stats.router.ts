import { IncidentService } from '../../incidents/IncidentService';
import { RouteContext, Router } from '../types';

/** `GET /stats`: the statistics of entities' incidents. */
export function bindStatsRoutes(
  router: Router,
  options: RouteContext & { incidents: IncidentService },
): void {
  const { incidents, credentials } = options;

  router.get('/stats', async (req, res) => {
    res.json(
      await incidents.stats(req.query.entityRef, await credentials(req)),
    );
  });
}
