import { InputError } from '@backstage/errors';

/** `"3"` for version 3; `If-Match` may also carry a weak tag or `*`. */
export const etagOf = (version: number) => `"${version}"`;

/** The version an If-Match header names, if there is one. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) {
    return undefined;
  }
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!match) {
    throw new InputError(
      `If-Match: '${header}' is not an ETag of this API (expected "<version>")`,
    );
  }
  return Number(match[1]);
}
