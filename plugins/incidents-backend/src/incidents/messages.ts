import { Config } from '@backstage/config';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  formatDuration,
  FormatDurationOptions,
} from '@bomizzel/plugin-incidents-common';
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { IncidentEventRecord, IncidentRecord } from '../database/records';

/**
 * How messages and post-mortems write a duration: down to the minute, up to
 * three units ("2 d 3 h 5 min", "45 min", "< 1 min").
 */
export const MESSAGE_DURATION: FormatDurationOptions = {
  maxUnits: 3,
  smallestUnit: 'minutes',
};

/** The runbook's three communication templates. */
export type MessageId = 'initial' | 'update' | 'resolution';

const TITLES: Record<MessageId, string> = {
  initial: 'Initial incident notification',
  update: 'Status update',
  resolution: 'Resolution notification',
};

/**
 * The templates of the Bomizzel runbook's "Communication Templates" section.
 * Where the incident does not know a value, the runbook's placeholder stays
 * for the person sending the message to fill in.
 */
export const DEFAULT_TEMPLATES: Record<MessageId, string> = {
  initial: `🚨 INCIDENT ALERT - {{severity}} - {{title}}

Status: {{status}}
Impact: {{impact}}
Started: {{started}}
ETA: [Estimated resolution time]

We are investigating {{title}}.
Updates will be provided every {{updateIntervalMinutes}} minutes.

Incident Commander: {{commander}}`,
  update: `📊 INCIDENT UPDATE - {{severity}} - {{title}}

Status: {{status}}
Impact: {{impact}}
Progress: {{progress}}
Next Steps: [What will be done next]
ETA: [Updated ETA if changed]

Next update in {{updateIntervalMinutes}} minutes.`,
  resolution: `✅ INCIDENT RESOLVED - {{severity}} - {{title}}

Status: RESOLVED
Duration: {{duration}}
Root Cause: [Brief root cause]
Resolution: {{resolution}}

A post-mortem will be conducted within 24 hours.
Thank you for your patience.`,
};

export interface RenderedMessage {
  id: MessageId;
  title: string;
  text: string;
}

/** Renders the communication templates (overridable under `incidents.messages`). */
export class MessageTemplates {
  readonly #templates: Record<MessageId, HandlebarsTemplateDelegate>;
  readonly #updateIntervalMinutes: number;

  static fromConfig(config: Config): MessageTemplates {
    const messages = config.getOptionalConfig('incidents.messages');
    const sources = { ...DEFAULT_TEMPLATES };
    for (const id of Object.keys(sources) as MessageId[]) {
      const override = messages?.getOptionalString(id);
      if (override !== undefined) {
        sources[id] = override;
      }
    }
    return new MessageTemplates(
      sources,
      messages?.getOptionalNumber('updateIntervalMinutes') ?? 30,
    );
  }

  private constructor(
    sources: Record<MessageId, string>,
    updateIntervalMinutes: number,
  ) {
    const compile = (id: MessageId) => {
      try {
        // Messages are plain text for chat and status pages: no HTML escaping.
        const template = Handlebars.compile(sources[id], {
          noEscape: true,
          strict: false,
        });
        template({});
        return template;
      } catch (error) {
        throw new Error(
          `incidents.messages.${id} is not a valid template: ${error}`,
        );
      }
    };
    this.#templates = {
      initial: compile('initial'),
      update: compile('update'),
      resolution: compile('resolution'),
    };
    this.#updateIntervalMinutes = updateIntervalMinutes;
  }

  render(
    incident: IncidentRecord,
    events: IncidentEventRecord[],
    now: number,
  ): RenderedMessage[] {
    const start = incident.startedAt ?? incident.detectedAt;
    // Progress is what people wrote, not the escalation's or alerts' notes.
    const latestMessage = [...events]
      .reverse()
      .find(
        e =>
          e.message && e.type !== 'created' && e.actor !== 'plugin:incidents',
      )?.message;
    const resolution = [...events]
      .reverse()
      .find(
        e =>
          e.type === 'status_changed' && e.data.to === 'RESOLVED' && e.message,
      )?.message;
    const impact = incident.description.trim().split(/\n\s*\n/)[0];
    const values = {
      ref: `INC-${incident.id}`,
      severity: incident.severity,
      title: incident.title,
      status: incident.status,
      impact: impact || '[Description of user impact]',
      // Readable in a chat message, unambiguous across time zones.
      started: DateTime.fromMillis(start, { zone: 'utc' }).toFormat(
        "yyyy-LL-dd HH:mm 'UTC'",
      ),
      commander: incident.commander
        ? parseEntityRef(incident.commander).name
        : '[Name]',
      progress: latestMessage ?? '[What has been done/found]',
      resolution: resolution ?? '[What was done to fix it]',
      duration: formatDuration(
        (incident.resolvedAt ?? now) - start,
        MESSAGE_DURATION,
      ),
      entities: incident.entityRefs.join(', '),
      updateIntervalMinutes: this.#updateIntervalMinutes,
    };
    return (Object.keys(TITLES) as MessageId[]).map(id => ({
      id,
      title: TITLES[id],
      text: this.#templates[id](values),
    }));
  }
}
