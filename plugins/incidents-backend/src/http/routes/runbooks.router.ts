import { Request, RequestHandler, Response } from 'express';
import { ServedRunbook } from '../../runbooks/RunbookIndex';

const RUNBOOK_PREFIX = '/runbooks/';

/**
 * `GET /runbooks/{path}` takes a path with slashes (`runbooks/database.md`),
 * which neither the spec validator nor an Express `:param` matches. Encoding
 * the slashes of the rest of the URL path makes it one segment for both;
 * Express then decodes it exactly once into `req.params.path`. An already
 * encoded `%2F` works the same, and `%252F` stays `%2F` (no double decoding).
 */
export const runbookPathAsOneSegment: RequestHandler = (req, _res, next) => {
  if (req.url.startsWith(RUNBOOK_PREFIX)) {
    const queryAt = req.url.indexOf('?');
    const pathPart = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
    const query = queryAt < 0 ? '' : req.url.slice(queryAt);
    const rest = pathPart.slice(RUNBOOK_PREFIX.length);
    if (rest) {
      req.url = `${RUNBOOK_PREFIX}${rest.replace(/\//g, '%2F')}${query}`;
    }
  }
  next();
};

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
