import { Request, Response } from 'express';
import { ServedRunbook } from '../../runbooks/RunbookIndex';
import { RunbookService } from '../../runbooks/RunbookService';
import { RouteContext, Router } from '../types';

/**
 * Runbooks: the list, and one runbook by its path (with slashes, which
 * `runbookPathAsOneSegment` makes one segment before the router sees it).
 */
export function bindRunbookRoutes(
  router: Router,
  options: RouteContext & { runbooks: RunbookService },
): void {
  const { runbooks, credentials } = options;

  router.get('/runbooks', async (req, res) => {
    res.json(await runbooks.list(req.query, await credentials(req)));
  });

  router.get('/runbooks/:path', async (req, res) => {
    await credentials(req);
    sendRunbook(req, res, runbooks.get(req.params.path));
  });
}

/**
 * Sends a runbook's JSON: revalidated on every use (`no-cache` semantics), a
 * 304 when the caller's copy is current. Callers that accept gzip (every
 * browser) get the body compressed once per version of the file; the
 * compression middleware leaves an encoded response alone.
 */
export function sendRunbook(
  req: Request,
  res: Response,
  runbook: ServedRunbook,
) {
  const { body, etag } =
    req.acceptsEncodings('gzip', 'identity') === 'gzip'
      ? runbook.gzipped()
      : runbook;
  res.setHeader('ETag', etag);
  res.vary('Accept-Encoding');
  res.setHeader('Cache-Control', 'private, max-age=0, must-revalidate');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (body !== runbook.body) {
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
