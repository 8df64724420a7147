import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';

/** A caller of the API: a signed-in user or another service. */
export type Credentials = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

/** Who is acting: the user's entity ref, or `service:<subject>`. */
export function principalRef(credentials: Credentials): string {
  const principal = credentials.principal;
  return principal.type === 'user'
    ? principal.userEntityRef
    : `service:${principal.subject}`;
}

/** Entity refs are compared case-insensitively, as the catalog does. */
export function normalizeEntityRef(ref: string): string {
  return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
}

/** The incident's reference as accepted in paths: `42` or `INC-42`. */
export function parseIncidentId(value: string): number {
  const id = Number(value.replace(/^INC-/, ''));
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new NotFoundError(`No incident ${value}`);
  }
  return id;
}

/** The incident inside the Incidents tab of its first affected entity. */
export function incidentPath(incident: {
  id: number;
  entityRefs: string[];
}): string | undefined {
  const first = incident.entityRefs[0];
  if (!first) {
    return undefined;
  }
  const { kind, namespace, name } = parseEntityRef(first);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/incidents/INC-${incident.id}`;
}
