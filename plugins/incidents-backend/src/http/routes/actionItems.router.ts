import { etagOf } from '../../incidents/etags';
import { ActionItemService } from '../../postmortems/ActionItemService';
import { RouteContext, Router } from '../types';

/** Action items: an incident's, everyone's, and changes to one. */
export function bindActionItemRoutes(
  router: Router,
  options: RouteContext & { actionItems: ActionItemService },
): void {
  const { actionItems, credentials, audited } = options;

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
}
