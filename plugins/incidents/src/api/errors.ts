/**
 * The HTTP status of a failed incidents API call, whichever client threw it
 * (`ResponseError` has `statusCode`, `IncidentsApiError` has `status`).
 */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown } | undefined;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  if (typeof e?.status === 'number') return e.status;
  return undefined;
}

/** The server refused a change made against an outdated version (412). */
export function isStaleVersionError(error: unknown): boolean {
  return httpStatusOf(error) === 412;
}

/**
 * What went wrong, in the server's words when it sent some: `ResponseError`
 * says only "Request failed with 412 …", the server's message is in its body.
 */
export function messageOf(error: unknown): string {
  const e = error as
    | { body?: { error?: { message?: unknown } }; message?: unknown }
    | undefined;
  const serverMessage = e?.body?.error?.message;
  if (typeof serverMessage === 'string' && serverMessage) {
    return serverMessage;
  }
  return typeof e?.message === 'string' ? e.message : String(error);
}
