import { LinksService } from '../../links/LinksService';
import { RouteContext, Router } from '../types';

/** An entity's links to its observability tools and their live status. */
export function bindLinkRoutes(
  router: Router,
  options: RouteContext & { links: LinksService },
): void {
  const { links, credentials } = options;

  router.get('/links', async (req, res) => {
    const caller = await credentials(req);
    res.json(await links.getLinks(req.query, caller));
  });

  router.get('/status', async (req, res) => {
    const caller = await credentials(req);
    // Live state: cached by the backend, not by browsers.
    res.setHeader('Cache-Control', 'no-store');
    res.json(await links.getStatus(req.query.entityRef, caller));
  });
}
