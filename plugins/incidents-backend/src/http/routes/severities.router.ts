import { Severity } from '@bomizzel/plugin-incidents-common';
import { RouteContext, Router } from '../types';

/** `GET /severities`: the configured severities. */
export function bindSeverityRoutes(
  router: Router,
  options: RouteContext & { severities: Severity[] },
): void {
  const { severities, credentials } = options;

  router.get('/severities', async (req, res) => {
    await credentials(req);
    res.json({ items: severities });
  });
}
