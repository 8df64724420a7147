import { StatuspageStatus } from '@bomizzel/plugin-incidents-common';
import { z } from 'zod';
import { StatuspageInstance } from './config';
import { describeResult, StatusCache } from './StatusCache';
import { fetchUpstreamJson } from './upstream';

const componentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
});
type Component = z.infer<typeof componentSchema>;

/**
 * Component status from an Atlassian Statuspage: the manage API with the
 * page's API key, or the public `/api/v2/components.json` of the page. One
 * cached read per page serves every entity (the manage API allows ~1 req/s).
 */
export class StatuspageClient {
  readonly #page: StatuspageInstance;
  readonly #cache: StatusCache;

  static create(page: StatuspageInstance, cache: StatusCache) {
    return new StatuspageClient(page, cache);
  }

  private constructor(page: StatuspageInstance, cache: StatusCache) {
    this.#page = page;
    this.#cache = cache;
  }

  #load(): Promise<Component[]> {
    const { pageId, apiKey, url, apiBaseUrl, timeoutMs } = this.#page;
    const pick = (all: Component[]) =>
      all.map(({ id, name, status }) => ({ id, name, status }));
    if (pageId && apiKey) {
      return fetchUpstreamJson({
        url: new URL(
          `${apiBaseUrl}/pages/${encodeURIComponent(pageId)}/components`,
        ),
        headers: { Authorization: `OAuth ${apiKey}` },
        schema: z.array(componentSchema),
        timeoutMs,
      }).then(pick);
    }
    return fetchUpstreamJson({
      url: new URL(`${url}/api/v2/components.json`),
      schema: z.object({ components: z.array(componentSchema) }),
      timeoutMs,
    }).then(body => pick(body.components));
  }

  async components(ids: string[]): Promise<StatuspageStatus> {
    const { name, cacheTtlMs, url } = this.#page;
    const result = await this.#cache.get(
      'statuspage',
      name,
      cacheTtlMs,
      () => this.#load(),
      { loadTimeoutMs: this.#page.timeoutMs },
    );
    const { value, ...state } = describeResult(result);
    if (!value) {
      return { source: 'statuspage', instance: name, ...state };
    }
    const found = ids.flatMap(id => {
      const component = value.find(c => c.id === id);
      return component
        ? [{ ...component, ...(url ? { url: new URL(url).toString() } : {}) }]
        : [];
    });
    const missing = ids.filter(id => !value.some(c => c.id === id));
    return {
      source: 'statuspage',
      instance: name,
      ...state,
      ...(missing.length && !state.reason
        ? { reason: `no component ${missing.join(', ')} on the page` }
        : {}),
      components: found,
    };
  }
}
