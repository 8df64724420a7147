import { HttpAuthService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { ApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from '../../schema/openapi';
import { Credentials } from '../../incidents/refs';
import { etagOf } from '../../incidents/etags';
import { ActionItemService } from '../../postmortems/ActionItemService';
import { PostmortemService } from '../../postmortems/PostmortemService';
import { TrendService } from '../../postmortems/TrendService';

/** The plugin's typed router (declared via its API, not inferred: the spec is large). */
type Router = ApiRouter<typeof spec>;
type Request = Parameters<HttpAuthService['credentials']>[0];

/** The services behind the post-mortem, action item and trend routes. */
export interface PostmortemRoutes {
  postmortems: PostmortemService;
  actionItems: ActionItemService;
  trends: TrendService;
}

/**
 * Registers the routes of post-mortems, action items and trends on the
 * plugin's typed router, with the router's credentials and audit helpers.
 */
export function registerPostmortemRoutes(
  router: Router,
  options: PostmortemRoutes & {
    credentials: (req: Request) => Promise<Credentials>;
    audited: <T>(
      req: Request,
      eventId: string,
      meta: JsonObject,
      action: () => Promise<T>,
      resultMeta: (result: T) => JsonObject,
    ) => Promise<T>;
  },
) {
  const { postmortems, actionItems, trends, credentials, audited } = options;

  router.get('/incidents/:id/postmortem', async (req, res) => {
    const postmortem = await postmortems.get(
      req.params.id,
      await credentials(req),
    );
    // Due time and overdue follow the incident and the clock, not the
    // version: without no-store the browser revalidates with If-None-Match
    // and Express answers 304 with a stale body.
    res
      .setHeader('ETag', etagOf(postmortem.version))
      .setHeader('Cache-Control', 'no-store')
      .json(postmortem);
  });

  router.put('/incidents/:id/postmortem', async (req, res) => {
    const caller = await credentials(req);
    const postmortem = await audited(
      req,
      'incident-postmortem-save',
      {
        incident: req.params.id,
        sections: Object.keys(req.body.sections ?? {}),
        ...(req.body.status ? { status: req.body.status } : {}),
      },
      () =>
        postmortems.save(
          req.params.id,
          req.body,
          req.header('if-match'),
          caller,
        ),
      r => ({ version: r.version, status: r.status }),
    );
    res.setHeader('ETag', etagOf(postmortem.version)).json(postmortem);
  });

  router.get('/incidents/:id/postmortem/revisions', async (req, res) => {
    const revisions = await postmortems.revisions(
      req.params.id,
      await credentials(req),
    );
    res.json({
      items: revisions.map(r => ({
        version: r.version,
        ...(r.sectionId ? { sectionId: r.sectionId } : {}),
        ...(r.markdown !== null ? { markdown: r.markdown } : {}),
        ...(r.status ? { status: r.status } : {}),
        author: r.author,
        createdAt: new Date(r.createdAt).toISOString(),
      })),
    });
  });

  router.get('/postmortems', async (req, res) => {
    res.json({
      items: await postmortems.list(req.query, await credentials(req)),
    });
  });

  router.get('/incidents/:id/action-items', async (req, res) => {
    const items = await actionItems.list(
      { ...req.query, incidentId: req.params.id },
      await credentials(req),
    );
    res.json({ items: items.map(i => actionItems.toApi(i)) });
  });

  router.post('/incidents/:id/action-items', async (req, res) => {
    const caller = await credentials(req);
    const item = await audited(
      req,
      'incident-action-item-create',
      { incident: req.params.id, kind: req.body.kind },
      () => actionItems.create(req.params.id, req.body, caller),
      r => ({ actionItem: r.id }),
    );
    res
      .status(201)
      .setHeader('ETag', etagOf(item.version))
      .json(actionItems.toApi(item));
  });

  router.get('/action-items', async (req, res) => {
    const items = await actionItems.list(req.query, await credentials(req));
    res.json({ items: items.map(i => actionItems.toApi(i)) });
  });

  router.patch('/action-items/:id', async (req, res) => {
    const caller = await credentials(req);
    const item = await audited(
      req,
      'incident-action-item-update',
      { actionItem: req.params.id, fields: Object.keys(req.body) },
      () =>
        actionItems.update(
          req.params.id,
          req.body,
          req.header('if-match'),
          caller,
        ),
      r => ({ version: r.version, status: r.status }),
    );
    res.setHeader('ETag', etagOf(item.version)).json(actionItems.toApi(item));
  });

  router.get('/trends', async (req, res) => {
    res.json(await trends.trends(req.query, await credentials(req)));
  });
}
