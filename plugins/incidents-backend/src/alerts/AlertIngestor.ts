import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';
import {
  CreateIncidentRequest,
  ReceivedAlert,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { NewSystemEvent } from '../database/records';
import { Credentials } from '../incidents/refs';
import { IncidentService } from '../incidents/IncidentService';
import { AlertMapper, AlertMapping } from './AlertMapper';
import {
  AlertmanagerAlert,
  AlertmanagerPayload,
  fingerprintOf,
  parseEnd,
} from './alertmanager';
import {
  AlertDeliveryTransaction,
  AlertEpisodeChange,
  AlertEpisodeRecord,
  AlertStore,
  KnownEpisode,
  NewAlertEpisode,
} from './AlertStore';
import { AlertMappingConfig } from './config';

/** What a delivery did. */
export interface IngestResult {
  received: number;
  /** Alert episodes written or changed (0 for a redelivery). */
  changed: number;
  /** Alerts kept for a human because no entity could be found. */
  unmapped: number;
  incident?: { id: number; ref: string; created: boolean; status: string };
}

/** Where the ingestion reports what each delivery did (the metrics). */
export interface AlertReporter {
  alertsIngested(
    result: Pick<IngestResult, 'received' | 'changed' | 'unmapped'>,
  ): void;
}

const ALERT_ACTOR = 'plugin:incidents';

interface Episode {
  alert: AlertmanagerAlert;
  fingerprint: string;
  startsAt: number;
  endsAt: number | null;
  mapping: AlertMapping;
}

/** A stored episode, or one written earlier in the same delivery. */
type SeenEpisode = Pick<KnownEpisode, 'status' | 'incidentId'> & {
  id?: number;
};

const episodeKey = (fingerprint: string, startsAt: number) =>
  `${fingerprint}\u0000${startsAt}`;

export interface AlertIngestorOptions {
  store: AlertStore;
  incidents: IncidentService;
  mapper: AlertMapper;
  config: AlertMappingConfig;
  severities: readonly Severity[];
  logger: LoggerService;
  metrics?: AlertReporter;
}

/**
 * Turns Alertmanager webhook deliveries into incidents: one incident per
 * Alertmanager group while it is open, a timeline event per alert that
 * fires, fires again or resolves, nothing for a redelivery, and alerts that
 * name no known entity kept for a human.
 */
export class AlertIngestor {
  readonly #store: AlertStore;
  readonly #incidents: IncidentService;
  readonly #mapper: AlertMapper;
  readonly #config: AlertMappingConfig;
  readonly #severities: readonly Severity[];
  readonly #logger: LoggerService;
  readonly #metrics?: AlertReporter;
  readonly #title: Handlebars.TemplateDelegate;
  readonly #description: Handlebars.TemplateDelegate;

  static create(options: AlertIngestorOptions): AlertIngestor {
    return new AlertIngestor(options);
  }

  private constructor(options: AlertIngestorOptions) {
    this.#store = options.store;
    this.#incidents = options.incidents;
    this.#mapper = options.mapper;
    this.#config = options.config;
    this.#severities = options.severities;
    this.#logger = options.logger;
    this.#metrics = options.metrics;
    this.#title = Handlebars.compile(options.config.titleTemplate, {
      noEscape: true,
    });
    this.#description = Handlebars.compile(options.config.descriptionTemplate, {
      noEscape: true,
    });
  }

  async ingest(
    payload: AlertmanagerPayload,
    credentials: Credentials,
  ): Promise<IngestResult> {
    // A delivery may open an incident: a caller that may not declare one
    // is refused before anything of it is written.
    await this.#incidents.authorizeCreate(credentials);
    const now = Date.now();
    const groupHash = createHash('sha256')
      .update(`${payload.receiver}\u0000${payload.groupKey}`)
      .digest('hex');
    const episodes: Episode[] = [];
    for (const [index, alert] of payload.alerts.entries()) {
      const startsAt = Date.parse(alert.startsAt);
      if (Number.isNaN(startsAt)) {
        throw new InputError(
          `alerts[${index}].startsAt: not a date-time: ${alert.startsAt}`,
        );
      }
      episodes.push({
        alert,
        fingerprint: fingerprintOf(alert),
        startsAt,
        endsAt: parseEnd(alert.endsAt),
        mapping: await this.#mapper.map(alert.labels, credentials),
      });
    }

    // Phase 1: under the group's lock, attach to its open incident, or
    // decide the incident to create for this generation of the group.
    const first = await this.#store.transaction(async delivery => {
      const group = await delivery.lockGroup(groupHash, payload, now);
      const current = group.incidentId
        ? await delivery.incidentStatus(group.incidentId)
        : undefined;
      const known = await this.#knownEpisodes(delivery, groupHash, episodes);
      if (current && current.status !== 'RESOLVED') {
        return {
          status: current.status as string,
          done: await this.#attach(
            delivery,
            groupHash,
            current.id,
            episodes,
            known,
            now,
          ),
        };
      }
      const fresh = episodes.filter(
        e =>
          e.alert.status === 'firing' &&
          'entityRefs' in e.mapping &&
          !known.has(episodeKey(e.fingerprint, e.startsAt)),
      );
      if (!fresh.length) {
        // Nothing new fires: keep what arrived (resolutions of alerts of a
        // resolved incident, unmapped alerts) without opening an incident.
        return {
          status: current?.status as string | undefined,
          done: await this.#attach(
            delivery,
            groupHash,
            current ? current.id : null,
            episodes,
            known,
            now,
          ),
        };
      }
      let generation = group.generation;
      let request: CreateIncidentRequest | undefined = group.createRequest;
      if (current) {
        // The previous incident of the group is over: a new one starts.
        generation += 1;
        request = undefined;
      }
      if (!request) {
        request = this.#createRequest(payload, fresh);
        await delivery.startGeneration(groupHash, generation, request, now);
      }
      return { create: { request, generation } };
    });
    if (first.done) {
      return this.#finish(
        first.done,
        first.status,
        payload,
        credentials,
        false,
      );
    }

    // Phase 2: create it. The key makes concurrent deliveries and retries
    // of this generation create one incident.
    const { request, generation } = first.create!;
    const record = await this.#incidents.create(
      request,
      credentials,
      `alertmanager:${groupHash}:${generation}`,
      'alert',
    );

    // Phase 3: link it to the group and attach the alerts.
    const done = await this.#store.transaction(async delivery => {
      const group = await delivery.lockGroup(groupHash, payload, now);
      if (group.generation === generation && !group.incidentId) {
        await delivery.linkIncident(groupHash, record.id, now);
      }
      const known = await this.#knownEpisodes(delivery, groupHash, episodes);
      return this.#attach(delivery, groupHash, record.id, episodes, known, now);
    });
    return this.#finish(done, record.status, payload, credentials, true);
  }

  /** Alerts that could not be mapped to an entity, newest first. */
  async listUnmapped(limit: number): Promise<ReceivedAlert[]> {
    return (await this.#store.listUnmapped(limit)).map(toApi);
  }

  /** The alerts of an incident, oldest first. */
  async listForIncident(incidentId: number): Promise<ReceivedAlert[]> {
    return (await this.#store.listForIncident(incidentId)).map(toApi);
  }

  async #knownEpisodes(
    delivery: AlertDeliveryTransaction,
    groupHash: string,
    episodes: Episode[],
  ): Promise<Map<string, SeenEpisode>> {
    const known = await delivery.knownEpisodes(
      groupHash,
      episodes.map(e => e.fingerprint),
    );
    return new Map(known.map(r => [episodeKey(r.fingerprint, r.startsAt), r]));
  }

  /**
   * Writes the episodes that are new or changed status, with a timeline
   * event each when they belong to an incident.
   */
  async #attach(
    delivery: AlertDeliveryTransaction,
    groupHash: string,
    incidentId: number | null,
    episodes: Episode[],
    known: Map<string, SeenEpisode>,
    now: number,
  ) {
    let changed = 0;
    let resolved = 0;
    let unmapped = 0;
    const events: NewSystemEvent[] = [];
    const inserts: NewAlertEpisode[] = [];
    // Rows whose status (or incident) changes, by the values they get.
    const updates = new Map<
      string,
      { values: AlertEpisodeChange; ids: number[] }
    >();
    for (const e of episodes) {
      const { alert } = e;
      const key = episodeKey(e.fingerprint, e.startsAt);
      const row = known.get(key);
      // An episode stays with the incident it first joined; an unmapped one
      // joins the group's incident once there is one.
      const owner = row?.incidentId ?? null;
      const target = owner ?? incidentId;
      const reason =
        target === null && 'reason' in e.mapping ? e.mapping.reason : null;
      if (target === null) {
        unmapped += 1;
      }
      const adopted = row && owner === null && target !== null;
      if (row && row.status === alert.status && !adopted) {
        continue;
      }
      changed += 1;
      if (alert.status === 'resolved') {
        resolved += 1;
      }
      if (row?.id !== undefined) {
        const values: AlertEpisodeChange = {
          status: alert.status,
          endsAt: e.endsAt,
          incidentId: target,
          reason,
          updatedAt: now,
        };
        const same = JSON.stringify(values);
        const update = updates.get(same) ?? { values, ids: [] as number[] };
        update.ids.push(row.id);
        updates.set(same, update);
      } else if (!row) {
        inserts.push({
          groupHash,
          incidentId: target,
          fingerprint: e.fingerprint,
          startsAt: e.startsAt,
          endsAt: e.endsAt,
          status: alert.status,
          alertname: alert.labels.alertname ?? null,
          labels: alert.labels,
          annotations: alert.annotations,
          generatorUrl: alert.generatorURL ?? null,
          runbookUrl: alert.annotations?.runbook_url ?? null,
          reason,
          receivedAt: now,
        });
        // The same episode twice in one payload is written once.
        known.set(key, { status: alert.status, incidentId: target });
      } else {
        continue;
      }
      if (target !== null) {
        const name = alert.labels.alertname ?? e.fingerprint;
        const summary = alert.annotations?.summary;
        events.push({
          incidentId: target,
          type: 'alert',
          actor: ALERT_ACTOR,
          createdAt: now,
          message: `${name} ${alert.status}${summary ? `: ${summary}` : ''}`,
          data: {
            fingerprint: e.fingerprint,
            alertname: alert.labels.alertname ?? null,
            status: alert.status,
            startsAt: new Date(e.startsAt).toISOString(),
            runbookUrl: alert.annotations?.runbook_url ?? null,
            generatorUrl: alert.generatorURL ?? null,
          },
        });
      }
    }
    await delivery.insertEpisodes(inserts);
    for (const { values, ids } of updates.values()) {
      await delivery.updateEpisodes(ids, values);
    }
    await delivery.appendEvents(events);
    return { incidentId, changed, resolved, unmapped };
  }

  /** Moves the incident on when its last alert resolved, as configured. */
  async #finish(
    done: {
      incidentId: number | null;
      changed: number;
      resolved: number;
      unmapped: number;
    },
    /** The incident's status as the delivery's transaction saw it. */
    status: string | undefined,
    payload: AlertmanagerPayload,
    credentials: Credentials,
    created: boolean,
  ): Promise<IngestResult> {
    const result: IngestResult = {
      received: payload.alerts.length,
      changed: done.changed,
      unmapped: done.unmapped,
    };
    this.#metrics?.alertsIngested(result);
    if (done.incidentId === null) {
      return result;
    }
    let current = status;
    const target = this.#config.whenAllResolved;
    if (
      done.resolved > 0 &&
      target !== 'none' &&
      current !== 'RESOLVED' &&
      current !== target
    ) {
      if ((await this.#store.countFiring(done.incidentId)) === 0) {
        current = (await this.#moveOn(done.incidentId, target, credentials))
          ?.status;
      }
    }
    if (current) {
      result.incident = {
        id: done.incidentId,
        ref: `INC-${done.incidentId}`,
        created,
        status: current,
      };
    }
    return result;
  }

  async #moveOn(
    incidentId: number,
    status: 'RESOLVING' | 'RESOLVED',
    credentials: Credentials,
  ) {
    // Someone may change the incident at the same moment: read, try, repeat.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const current = await this.#read(incidentId, credentials);
      if (!current || current.status === 'RESOLVED') {
        return current;
      }
      try {
        return await this.#incidents.update(
          String(incidentId),
          {
            status,
            message: 'Every alert of this incident has resolved.',
          },
          `"${current.version}"`,
          credentials,
        );
      } catch (error) {
        if (!isError(error) || error.name !== 'PreconditionFailedError') {
          this.#logger.warn(
            `Could not move INC-${incidentId} to ${status} after its alerts resolved: ${error}`,
          );
          return current;
        }
      }
    }
    return this.#read(incidentId, credentials);
  }

  async #read(id: number, credentials: Credentials) {
    try {
      return await this.#incidents.get(String(id), credentials);
    } catch (error) {
      if (isError(error) && error.name === 'NotFoundError') {
        return undefined;
      }
      throw error;
    }
  }

  #createRequest(
    payload: AlertmanagerPayload,
    fresh: Episode[],
  ): CreateIncidentRequest {
    const rank = (id: string) => {
      const i = this.#severities.findIndex(s => s.id === id);
      return i === -1 ? this.#severities.length : i;
    };
    const mapped = fresh.map(
      e => e.mapping as { entityRefs: string[]; severity: string },
    );
    const severity = mapped
      .map(m => m.severity)
      .sort((a, b) => rank(a) - rank(b))[0];
    const entityRefs = [...new Set(mapped.flatMap(m => m.entityRefs))].sort();
    const context = {
      ...payload,
      alerts: fresh.map(e => e.alert),
      groupLabels: payload.groupLabels ?? {},
      commonLabels: payload.commonLabels ?? {},
      commonAnnotations: payload.commonAnnotations ?? {},
      entityTitle: entityRefs.join(', '),
      severity,
    };
    const title =
      this.#title(context).trim().slice(0, 255) ||
      `Alert from ${payload.receiver}`;
    return {
      title,
      description: this.#description(context).trim(),
      severity,
      entityRefs: entityRefs.slice(0, 50),
      detectedAt: new Date(
        Math.min(...fresh.map(e => e.startsAt)),
      ).toISOString(),
    };
  }
}

function toApi(alert: AlertEpisodeRecord): ReceivedAlert {
  return {
    id: alert.id,
    fingerprint: alert.fingerprint,
    status: alert.status,
    alertname: alert.alertname ?? undefined,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: new Date(alert.startsAt).toISOString(),
    ...(alert.endsAt !== null
      ? { endsAt: new Date(alert.endsAt).toISOString() }
      : {}),
    ...(alert.generatorUrl ? { generatorUrl: alert.generatorUrl } : {}),
    ...(alert.runbookUrl ? { runbookUrl: alert.runbookUrl } : {}),
    ...(alert.incidentId !== null ? { incidentId: alert.incidentId } : {}),
    ...(alert.reason ? { reason: alert.reason } : {}),
    receivedAt: new Date(alert.receivedAt).toISOString(),
    updatedAt: new Date(alert.updatedAt).toISOString(),
  };
}
