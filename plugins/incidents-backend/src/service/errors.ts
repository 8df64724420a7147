import { CustomErrorBase } from '@backstage/errors';

/** The If-Match of a change names a version that is no longer current (412). */
export class PreconditionFailedError extends CustomErrorBase {
  name = 'PreconditionFailedError' as const;
  statusCode = 412;
}

/** A change came without the If-Match it requires (428). */
export class PreconditionRequiredError extends CustomErrorBase {
  name = 'PreconditionRequiredError' as const;
  statusCode = 428;
}

/** An Idempotency-Key was reused with a different request (422). */
export class IdempotencyKeyReusedError extends CustomErrorBase {
  name = 'IdempotencyKeyReusedError' as const;
  statusCode = 422;
}

/**
 * The request body could not be read: too large (413), not JSON (400), an
 * unsupported charset or encoding (415).
 */
export class RequestBodyError extends CustomErrorBase {
  name = 'RequestBodyError' as const;

  constructor(message: string, readonly statusCode: number) {
    super(message);
  }
}
