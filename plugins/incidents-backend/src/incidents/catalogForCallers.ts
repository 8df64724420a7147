import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * The catalog as the plugin reads it on behalf of its callers.
 *
 * A user's lookups keep the user's credentials, so the catalog's own
 * permissions decide what the user sees. A service caller's token may be
 * restricted to this plugin (Alertmanager's static token is): that limits
 * what the caller may reach, not what the plugin does for it, so lookups on
 * behalf of services use the plugin's own credentials. What a caller may do
 * here is still checked with its own credentials (the permissions service
 * honours a token's restrictions).
 */
export function catalogForCallers(
  catalog: CatalogService,
  ownCredentials: BackstageCredentials,
): CatalogService {
  return new Proxy(catalog, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      return (...args: unknown[]) => {
        const last = args.length - 1;
        const options = args[last] as
          | { credentials?: BackstageCredentials }
          | undefined;
        const principal = options?.credentials?.principal as
          | { type?: string }
          | undefined;
        if (principal?.type === 'service') {
          args[last] = { ...options, credentials: ownCredentials };
        }
        return value.apply(target, args);
      };
    },
  });
}
