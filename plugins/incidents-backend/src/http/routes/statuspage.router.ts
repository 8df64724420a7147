import { StatuspagePublisher } from '../../statuspage/StatuspagePublisher';
import { RouteContext, Router } from '../types';

/** An incident's publication on its status page: preview and publish. */
export function bindStatuspageRoutes(
  router: Router,
  options: RouteContext & { statuspage: StatuspagePublisher },
): void {
  const { statuspage, credentials, audited } = options;

  router.get('/incidents/:id/statuspage', async (req, res) => {
    res.json(await statuspage.describe(req.params.id, await credentials(req)));
  });

  router.post('/incidents/:id/statuspage', async (req, res) => {
    const caller = await credentials(req);
    res.json(
      await audited(
        req,
        'incident-statuspage-publish',
        { incident: req.params.id },
        () => statuspage.publish(req.params.id, req.body, caller),
        r => ({
          page: r.page?.name ?? null,
          statuspageIncidentId: r.statuspageIncidentId ?? null,
        }),
      ),
    );
  });
}
