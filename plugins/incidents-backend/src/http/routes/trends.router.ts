import { TrendService } from '../../postmortems/TrendService';
import { RouteContext, Router } from '../types';

/** `GET /trends`: the monthly trend review. */
export function bindTrendRoutes(
  router: Router,
  options: RouteContext & { trends: TrendService },
): void {
  const { trends, credentials } = options;

  router.get('/trends', async (req, res) => {
    res.json(await trends.trends(req.query, await credentials(req)));
  });
}
