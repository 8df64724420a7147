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
