import {
  formatDuration,
  PostmortemSectionId,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import { DateTime } from 'luxon';
import { IncidentEventRecord, IncidentRecord } from '../database/records';
import { MESSAGE_DURATION } from '../incidents/messages';

/** Timeline events worth a line in the post-mortem. */
const KEY_EVENT_TYPES = new Set([
  'acknowledged',
  'status_changed',
  'reopened',
  'severity_changed',
  'commander_changed',
  'entity_added',
  'entity_removed',
  'escalated',
  'note',
]);
const MAX_KEY_EVENTS = 50;

const time = (ms: number) =>
  DateTime.fromMillis(ms, { zone: 'utc' }).toFormat("yyyy-MM-dd HH:mm 'UTC'");

/**
 * The sections of a post-mortem nobody has written yet: the summary's facts
 * (what, when, how long, impact) and the timeline come from the incident;
 * root cause and response evaluation are left to the authors.
 */
export function prefillPostmortem(
  incident: IncidentRecord,
  events: IncidentEventRecord[],
  severities: Severity[],
  now: number,
): Record<PostmortemSectionId, string> {
  return {
    summary: summaryOf(incident, severities, now),
    timeline: timelineOf(incident, events),
    rootCause: '',
    responseEvaluation: '',
  };
}

function summaryOf(
  incident: IncidentRecord,
  severities: Severity[],
  now: number,
): string {
  const start = incident.startedAt ?? incident.detectedAt;
  const severity = severities.find(s => s.id === incident.severity);
  const lasted =
    incident.resolvedAt === null
      ? `${formatDuration(now - start, MESSAGE_DURATION)} so far (not resolved)`
      : formatDuration(incident.resolvedAt - start, MESSAGE_DURATION);
  const what = incident.description.trim()
    ? `${incident.title}. ${incident.description.trim().split(/\n\s*\n/)[0]}`
    : incident.title;
  return [
    `- **What happened:** ${what}`,
    `- **When:** ${
      incident.startedAt === null
        ? `detected ${time(incident.detectedAt)}`
        : `impact from ${time(incident.startedAt)}, detected ${time(
            incident.detectedAt,
          )}`
    }`,
    `- **How long:** ${lasted}`,
    `- **Impact:** ${incident.severity}${
      severity ? ` (${severity.name})` : ''
    } on ${incident.entityRefs.map(r => `\`${r}\``).join(', ')}`,
  ].join('\n');
}

function timelineOf(
  incident: IncidentRecord,
  events: IncidentEventRecord[],
): string {
  const after = (at: number | null) =>
    at === null
      ? 'not yet'
      : `${time(at)} (${formatDuration(
          at - incident.detectedAt,
          MESSAGE_DURATION,
        )} after detection)`;
  const milestones = [
    ...(incident.startedAt === null
      ? []
      : [`- **Impact started:** ${time(incident.startedAt)}`]),
    `- **Detected:** ${time(incident.detectedAt)}`,
    `- **Acknowledged (response):** ${after(incident.acknowledgedAt)}`,
    `- **Identified:** ${after(incident.identifiedAt)}`,
    `- **Resolved:** ${after(incident.resolvedAt)}`,
  ];
  const key = events
    .filter(e => KEY_EVENT_TYPES.has(e.type))
    .slice(0, MAX_KEY_EVENTS)
    .map(e => `- ${time(e.createdAt)} — ${describeEvent(e)} (${e.actor})`);
  return [
    ...milestones,
    ...(key.length ? ['', '**Key events**', '', ...key] : []),
  ].join('\n');
}

function describeEvent(event: IncidentEventRecord): string {
  const { from, to } = event.data as { from?: unknown; to?: unknown };
  const change =
    from !== undefined || to !== undefined
      ? `${String(from ?? '—')} → ${String(to ?? '—')}`
      : '';
  const label: Record<string, string> = {
    acknowledged: 'Acknowledged',
    status_changed: `Status ${change}`,
    reopened: `Reopened ${change}`,
    severity_changed: `Severity ${change}`,
    commander_changed: `Commander ${change}`,
    entity_added: 'Entity added',
    entity_removed: 'Entity removed',
    escalated: 'Escalated',
    note: 'Note',
  };
  const message = event.message?.trim();
  return `${label[event.type] ?? event.type}${message ? `: ${message}` : ''}`;
}
