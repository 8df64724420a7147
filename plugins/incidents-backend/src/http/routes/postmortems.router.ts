import { etagOf } from '../../incidents/etags';
import { PostmortemService } from '../../postmortems/PostmortemService';
import { RouteContext, Router } from '../types';

/** An incident's post-mortem, its revisions, and the list of post-mortems. */
export function bindPostmortemRoutes(
  router: Router,
  options: RouteContext & { postmortems: PostmortemService },
): void {
  const { postmortems, credentials, audited } = options;

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
}
