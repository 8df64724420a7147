import { randomBytes } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';

/** Seconds a caller is asked to wait while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Error codes of a database that cannot be reached or is restarting. */
const UNAVAILABLE_CODES = new Set([
  // sockets
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // PostgreSQL: connection exceptions, shutdown, start-up, too many clients
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  // SQLite: the file is locked by another process for longer than its timeout
  'SQLITE_BUSY',
]);

/**
 * node-postgres reports a dropped connection without a code, and knex puts
 * the statement in front of its message (`COMMIT; - Client has ...`).
 */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect/;

/** Whether the error (or its cause) says the database cannot be reached now. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) {
    return false;
  }
  const e = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) {
    return true;
  }
  // knex could not get a pool connection in time (the database does not answer)
  if (e.name === 'KnexTimeoutError') {
    return true;
  }
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) {
    return true;
  }
  return isDatabaseUnavailable((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * Whether another Backstage service the plugin called (the catalog, the
 * permission backend) answered with a server error: while the portal's
 * database restarts, they fail like the plugin's own.
 */
export function isDependencyFailure(error: unknown): boolean {
  const e = error as { name?: unknown; statusCode?: unknown };
  return (
    e?.name === 'ResponseError' &&
    typeof e.statusCode === 'number' &&
    e.statusCode >= 500
  );
}

function statusOf(error: unknown): number {
  const e = error as { statusCode?: unknown; status?: unknown };
  for (const status of [e?.statusCode, e?.status]) {
    if (Number.isInteger(status) && (status as number) >= 100) {
      return status as number;
    }
  }
  const known: Record<string, number> = {
    NotModifiedError: 304,
    InputError: 400,
    AuthenticationError: 401,
    NotAllowedError: 403,
    NotFoundError: 404,
    ConflictError: 409,
  };
  return (isError(error) && known[error.name]) || 500;
}

/**
 * The last error handler of the plugin's router: a failure of the server
 * never tells the caller more than that it happened and where to look.
 *
 * 4xx errors (bad input, conflicts) pass on unchanged to Backstage's error
 * handler. A database that cannot be reached, or a server error of another
 * Backstage service the plugin called, is a 503 with Retry-After; any other
 * 5xx is a 500. Their bodies keep Backstage's error shape but carry
 * only a log id: the error itself, with its addresses, SQL and stack, goes
 * to the log under that id. Errors marked `expose` (a status page that
 * refused a publication) keep their message, which was written for people.
 */
export function internalErrorHandler(
  logger: LoggerService,
): ErrorRequestHandler {
  return (error, req, res, next) => {
    const status = statusOf(error);
    if (status < 500 || res.headersSent) {
      next(error);
      return;
    }
    if ((error as { expose?: unknown }).expose === true) {
      logger.warn(`${req.method} ${req.originalUrl} failed: ${error}`);
      next(error);
      return;
    }
    const logId = randomBytes(10).toString('hex');
    const database = isDatabaseUnavailable(error);
    const unavailable = database || isDependencyFailure(error);
    logger
      .child({ logId })
      .error(
        `${req.method} ${req.originalUrl} failed (log id ${logId})`,
        isError(error) ? error : new Error(String(error)),
      );
    const body = unavailable
      ? {
          name: 'ServiceUnavailableError',
          message: database
            ? `The incidents database cannot be reached; try again in a few seconds (log id ${logId})`
            : `A service the incidents plugin depends on failed; try again in a few seconds (log id ${logId})`,
        }
      : {
          name: 'Error',
          message: `An internal error occurred (log id ${logId})`,
        };
    if (unavailable) {
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    }
    res.status(unavailable ? 503 : 500).json({
      error: body,
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: unavailable ? 503 : 500 },
    });
  };
}
