import { ApiRouter } from '@backstage/backend-openapi-utils';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Credentials } from '../incidents/refs';
import { spec } from '../schema/openapi';

/** The plugin's typed router (declared via its API, not inferred: the spec is large). */
export type Router = ApiRouter<typeof spec>;

/** A request as the router's handlers receive it. */
export type Request = Parameters<HttpAuthService['credentials']>[0];

/** Runs a mutation as an audit event that records its outcome. */
export type Audited = <T>(
  req: Request,
  eventId: string,
  meta: JsonObject,
  action: () => Promise<T>,
  resultMeta: (result: T) => JsonObject,
) => Promise<T>;

/** What every route binding uses besides its services. */
export interface RouteContext {
  /** The caller's credentials, a user's or a service's. */
  credentials: (req: Request) => Promise<Credentials>;
  audited: Audited;
}
