import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Severity } from '@bomizzel/plugin-incidents-common';
import { IncidentRecord } from '../database/records';
import { IncidentStore } from '../database/IncidentStore';
import { IncidentListener } from '../incidents/IncidentService';
import { incidentPath } from '../incidents/refs';

/** Who is told what (`incidents.notifications`). */
export interface IncidentNotificationConfig {
  /** Severities whose declaration and resolution notify the owners. */
  severities: string[];
  onDeclared: boolean;
  onResolved: boolean;
}

/** Reads `incidents.notifications`; defaults to the runbook's P0 and P1. */
export function readNotificationConfig(
  config: Config,
  severities: readonly Severity[],
): IncidentNotificationConfig {
  const c = config.getOptionalConfig('incidents.notifications');
  const ids = severities.map(s => s.id);
  const chosen =
    c?.getOptionalStringArray('severities') ??
    ids.filter(id => id === 'P0' || id === 'P1');
  const unknown = chosen.find(id => !ids.includes(id));
  if (unknown) {
    throw new Error(
      `incidents.notifications.severities names ${unknown}, which is not a configured severity`,
    );
  }
  return {
    severities: chosen,
    onDeclared: c?.getOptionalBoolean('onDeclared') ?? true,
    onResolved: c?.getOptionalBoolean('onResolved') ?? true,
  };
}

/**
 * Notifies the owners of the affected entities (through the Backstage
 * notifications plugin) when an incident of a chosen severity is declared —
 * by a person or from an alert — and when it is resolved. The person who did
 * it is not notified of their own action.
 */
export class IncidentNotifier implements IncidentListener {
  readonly #config: IncidentNotificationConfig;
  readonly #store: IncidentStore;
  readonly #notifications: NotificationService;
  readonly #logger: LoggerService;

  constructor(options: {
    config: IncidentNotificationConfig;
    store: IncidentStore;
    notifications: NotificationService;
    logger: LoggerService;
  }) {
    this.#config = options.config;
    this.#store = options.store;
    this.#notifications = options.notifications;
    this.#logger = options.logger;
  }

  async onCreated(incident: IncidentRecord, actor: string) {
    if (this.#config.onDeclared) {
      await this.#send(incident, actor, 'declared');
    }
  }

  async onChanged(
    before: IncidentRecord,
    after: IncidentRecord,
    actor: string,
  ) {
    if (
      this.#config.onResolved &&
      after.status === 'RESOLVED' &&
      before.status !== 'RESOLVED'
    ) {
      await this.#send(after, actor, 'resolved');
    }
  }

  /** The most severe notifying level is critical, others high; resolutions normal. */
  #severityOf(incident: IncidentRecord, what: 'declared' | 'resolved') {
    if (what === 'resolved') {
      return 'normal' as const;
    }
    return incident.severity === this.#config.severities[0]
      ? ('critical' as const)
      : ('high' as const);
  }

  async #send(
    incident: IncidentRecord,
    actor: string,
    what: 'declared' | 'resolved',
  ) {
    if (!this.#config.severities.includes(incident.severity)) {
      return;
    }
    const ref = `INC-${incident.id}`;
    try {
      const owners = await this.#store.getOwners(incident.entityRefs);
      if (!owners.length) {
        return;
      }
      await this.#notifications.send({
        recipients: {
          type: 'entity',
          entityRef: owners,
          excludeEntityRef: actor,
        },
        payload: {
          title: `[${incident.severity}] ${ref} ${what}: ${incident.title}`,
          description:
            what === 'declared'
              ? `${ref} affects ${incident.entityRefs.join(
                  ', ',
                )}, which your team owns.`
              : `${ref} is resolved.`,
          link: incidentPath(incident),
          severity: this.#severityOf(incident, what),
          topic: 'incident',
          scope: `incident:${incident.id}:${what}`,
        },
      });
    } catch (error) {
      this.#logger.warn(`Could not notify the owners of ${ref}: ${error}`);
    }
  }
}
