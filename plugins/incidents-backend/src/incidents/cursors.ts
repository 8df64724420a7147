import { InputError } from '@backstage/errors';

/** A list's keyset position: the last incident of the page. */
export interface IncidentCursor {
  createdAt: number;
  id: number;
}

/** The opaque `cursor` of the next page. */
export function encodeCursor(createdAt: number, id: number): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): IncidentCursor {
  try {
    const [createdAt, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (Number.isSafeInteger(createdAt) && Number.isSafeInteger(id)) {
      return { createdAt, id };
    }
  } catch {
    // fall through
  }
  throw new InputError('cursor: not a cursor returned by this API');
}
