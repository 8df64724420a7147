import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { ConflictError, CustomErrorBase } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  IncidentStatus,
  incidentUpdatePermission,
  PublishStatuspageRequest,
  Severity,
  StatuspageIncidentStatus,
  StatuspagePreview,
  StatuspagePublication,
} from '@bomizzel/plugin-incidents-common';
import { IncidentRecord } from '../database/records';
import {
  annotationOf,
  ANNOTATIONS,
  parseStatuspageComponents,
  readLinksConfig,
  StatuspageInstance,
} from '../links';
import { Credentials, principalRef } from '../incidents/refs';
import { IncidentService } from '../incidents/IncidentService';
import { readStatuspagePublishConfig, StatuspagePublishConfig } from './config';
import {
  PublicationRecord,
  StatuspagePublicationStore,
} from './StatuspagePublicationStore';
import {
  StatuspageIncidentBody,
  StatuspagePublishError,
  StatuspageWriter,
} from './StatuspageWriter';

/** The status page could not be reached or refused the publication (502). */
export class StatuspageUnavailableError extends CustomErrorBase {
  name = 'StatuspageUnavailableError' as const;
  statusCode = 502;
  /** The message names the page's answer, for people: safe to send. */
  readonly expose = true;
}

const STATUS_MAP: Record<IncidentStatus, StatuspageIncidentStatus> = {
  INVESTIGATING: 'investigating',
  IDENTIFIED: 'identified',
  RESOLVING: 'monitoring',
  RESOLVED: 'resolved',
};

type PublishablePage = StatuspageInstance & { pageId: string; apiKey: string };

const publishable = (page: StatuspageInstance): page is PublishablePage =>
  Boolean(page.pageId && page.apiKey);

interface Target {
  page: PublishablePage;
  componentIds: string[];
}

export interface StatuspagePublisherOptions {
  config: Config;
  store: StatuspagePublicationStore;
  incidents: IncidentService;
  catalog: CatalogService;
  severities: Severity[];
  /** Waits between retries; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Publishes incidents to the Atlassian Statuspage pages of
 * `incidents.links.statuspage`. The API key stays here: responses, logs and
 * timeline events carry the page's name only.
 */
export class StatuspagePublisher {
  readonly #pages: PublishablePage[];
  readonly #config: StatuspagePublishConfig;
  readonly #store: StatuspagePublicationStore;
  readonly #incidents: IncidentService;
  readonly #catalog: CatalogService;
  readonly #sleep?: (ms: number) => Promise<void>;

  static create(options: StatuspagePublisherOptions) {
    return new StatuspagePublisher(options);
  }

  private constructor(options: StatuspagePublisherOptions) {
    this.#pages = readLinksConfig(options.config).statuspage.filter(
      publishable,
    );
    this.#config = readStatuspagePublishConfig(
      options.config,
      options.severities,
    );
    this.#store = options.store;
    this.#incidents = options.incidents;
    this.#catalog = options.catalog;
    this.#sleep = options.sleep;
  }

  async describe(
    idParam: string,
    credentials: Credentials,
  ): Promise<StatuspagePublication> {
    const record = await this.#incidents.get(idParam, credentials);
    const state = await this.#store.get(record.id);
    const target = await this.#target(record, state, credentials);
    return this.#toApi(
      record,
      state,
      target,
      target &&
        (await this.#preview(idParam, record, state, target, {}, credentials)),
    );
  }

  async publish(
    idParam: string,
    request: PublishStatuspageRequest,
    credentials: Credentials,
  ): Promise<StatuspagePublication> {
    const record = await this.#incidents.get(idParam, credentials);
    await this.#incidents.authorizeChange(
      incidentUpdatePermission,
      record.id,
      credentials,
    );
    const stored = await this.#store.get(record.id);
    const target = await this.#target(record, stored, credentials);
    if (!target) {
      throw new ConflictError(
        `INC-${record.id}: ${this.#unavailableReason(stored)}`,
      );
    }
    const claimedAt = Date.now();
    const claimed = await this.#store.claim(
      record.id,
      target.page.name,
      claimedAt,
      claimedAt + this.#config.maxTotalMs + this.#config.timeoutMs,
    );
    if (!claimed) {
      throw new ConflictError(
        `INC-${record.id} is being published to the status page by someone else; reload in a moment`,
      );
    }
    // Read under the lease: a publication that just finished is updated, not repeated.
    const state = claimed;
    const preview = await this.#preview(
      idParam,
      record,
      state,
      target,
      request,
      credentials,
    );
    const body: StatuspageIncidentBody = {
      name: preview.name,
      status: preview.status,
      impact_override: preview.impact,
      body: preview.message,
      component_ids: preview.componentIds,
      components: Object.fromEntries(
        preview.componentIds.map(id => [id, preview.componentStatus]),
      ),
      deliver_notifications: this.#config.deliverNotifications,
    };
    const actor = principalRef(credentials);
    const writer = new StatuspageWriter({
      page: target.page,
      config: this.#config,
      sleep: this.#sleep,
    });
    const existingId = state?.statuspageIncidentId ?? undefined;
    const data = {
      page: target.page.name,
      status: preview.status,
      impact: preview.impact,
      componentStatus: preview.componentStatus,
      componentIds: preview.componentIds,
    };
    try {
      const { incident, attempts } = await writer.send(body, existingId);
      const now = Date.now();
      const saved = await this.#store.record(
        {
          incidentId: record.id,
          pageName: target.page.name,
          statuspageIncidentId: incident.id,
          shortlink: incident.shortlink ?? state?.shortlink ?? null,
          publishedStatus: record.status,
          publishedSeverity: record.severity,
          publishedAt: now,
          publishedBy: actor,
          lastError: null,
          lastAttemptAt: now,
        },
        {
          type: 'statuspage_published',
          actor,
          message: preview.message,
          data: {
            ...data,
            action: existingId ? 'updated' : 'created',
            statuspageIncidentId: incident.id,
            shortlink: incident.shortlink ?? null,
            attempts,
          },
        },
      );
      return this.#toApi(record, saved, target, preview);
    } catch (error) {
      if (!(error instanceof StatuspagePublishError)) {
        await this.#store.release(record.id);
        throw error;
      }
      const now = Date.now();
      const reason = `Status page '${target.page.name}' did not accept the publication: ${error.message}`;
      await this.#store.record(
        {
          ...state,
          lastError: reason,
          lastAttemptAt: now,
        },
        {
          type: 'statuspage_failed',
          actor,
          message: reason,
          data: { ...data, attempts: error.attempts },
        },
      );
      throw new StatuspageUnavailableError(
        `${reason}. INC-${record.id} itself is unchanged; try again later.`,
      );
    }
  }

  /** The page (the one published to, else the first named) and its components. */
  async #target(
    record: IncidentRecord,
    state: PublicationRecord | undefined,
    credentials: Credentials,
  ): Promise<Target | undefined> {
    if (!this.#pages.length || !record.entityRefs.length) return undefined;
    const { items } = await this.#catalog.getEntitiesByRefs(
      {
        entityRefs: record.entityRefs,
        fields: ['kind', 'metadata.name', 'metadata.annotations'],
      },
      { credentials },
    );
    const byPage = new Map<string, Set<string>>();
    for (const entity of items) {
      const named = entity && this.#components(entity);
      if (named) {
        const ids = byPage.get(named.page) ?? new Set();
        named.ids.forEach(id => ids.add(id));
        byPage.set(named.page, ids);
      }
    }
    const page =
      this.#pages.find(p => p.name === state?.pageName) ??
      this.#pages.find(p => byPage.has(p.name));
    return page
      ? { page, componentIds: [...(byPage.get(page.name) ?? [])].sort() }
      : undefined;
  }

  /** The entity's `statuspage.io/components`; unusable values are skipped. */
  #components(entity: Entity): { page: string; ids: string[] } | undefined {
    const value = annotationOf(entity, ANNOTATIONS.statuspageComponents);
    if (!value) return undefined;
    try {
      const { instance, ids } = parseStatuspageComponents(value);
      const page =
        instance ?? (this.#pages.length === 1 ? this.#pages[0].name : '');
      return { page, ids };
    } catch {
      return undefined;
    }
  }

  async #preview(
    idParam: string,
    record: IncidentRecord,
    state: PublicationRecord | undefined,
    target: Target,
    overrides: PublishStatuspageRequest,
    credentials: Credentials,
  ): Promise<StatuspagePreview> {
    const resolved = record.status === 'RESOLVED';
    let messageId: StatuspagePreview['messageId'] = 'initial';
    if (resolved) messageId = 'resolution';
    else if (state?.statuspageIncidentId) messageId = 'update';
    const messages = await this.#incidents.messages(idParam, credentials);
    const mapping = this.#config.severities[record.severity] ?? {
      impact: 'none',
      componentStatus: 'operational',
    };
    return {
      name: overrides.name ?? record.title,
      status: STATUS_MAP[record.status],
      impact: mapping.impact,
      componentStatus: resolved ? 'operational' : mapping.componentStatus,
      componentIds: target.componentIds,
      messageId,
      message:
        overrides.message ??
        messages.find(m => m.id === messageId)?.text ??
        record.title,
    };
  }

  #unavailableReason(state: PublicationRecord | undefined): string {
    if (!this.#pages.length) {
      return 'no status page with a pageId and an apiKey is configured (incidents.links.statuspage)';
    }
    return state
      ? `status page '${state.pageName}' is no longer configured`
      : `no affected entity names a component of a configured status page (annotation ${ANNOTATIONS.statuspageComponents})`;
  }

  #toApi(
    record: IncidentRecord,
    state: PublicationRecord | undefined,
    target: Target | undefined,
    preview: StatuspagePreview | undefined,
  ): StatuspagePublication {
    const iso = (t: number | null | undefined) =>
      t === null || t === undefined ? undefined : new Date(t).toISOString();
    const published = Boolean(state?.statuspageIncidentId);
    const optional = {
      reason: target ? undefined : this.#unavailableReason(state),
      page: target
        ? {
            name: target.page.name,
            ...(target.page.url ? { url: target.page.url } : {}),
          }
        : undefined,
      statuspageIncidentId: state?.statuspageIncidentId ?? undefined,
      shortlink: state?.shortlink ?? undefined,
      publishedStatus: state?.publishedStatus ?? undefined,
      publishedAt: iso(state?.publishedAt),
      publishedBy: state?.publishedBy ?? undefined,
      lastError: state?.lastError ?? undefined,
      lastAttemptAt: iso(state?.lastAttemptAt),
      preview,
    };
    return {
      incidentId: record.id,
      available: Boolean(target),
      published,
      changedSincePublication:
        published &&
        (state!.publishedStatus !== record.status ||
          state!.publishedSeverity !== record.severity),
      ...(Object.fromEntries(
        Object.entries(optional).filter(([, v]) => v !== undefined),
      ) as Partial<StatuspagePublication>),
    };
  }
}
