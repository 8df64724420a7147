import { ConflictError, InputError } from '@backstage/errors';
import { UpdateIncidentRequest } from '@bomizzel/plugin-incidents-common';
import {
  IncidentChanges,
  IncidentRecord,
  NewIncidentEvent,
} from '../database/records';

/**
 * Turns a change request (a message alone becomes a note) into the fields to set and the timeline events that
 * record it, following the runbook's lifecycle:
 *
 * - milestones are set once: `acknowledgedAt` on acknowledgement, or on the
 *   first move past INVESTIGATING (progress implies someone is on it);
 *   `identifiedAt` on the first move to IDENTIFIED;
 * - `resolvedAt` is the time of the latest move to RESOLVED; leaving RESOLVED
 *   is a reopening and clears it;
 * - moving backwards is allowed and recorded like any other status change.
 */
export function decideChanges(
  current: IncidentRecord,
  request: UpdateIncidentRequest,
  now: number,
): { changes: IncidentChanges; events: NewIncidentEvent[] } {
  const changes: IncidentChanges = {};
  const events: NewIncidentEvent[] = [];
  let messageEvent: NewIncidentEvent | undefined;

  if (request.title !== undefined && request.title !== current.title) {
    changes.title = request.title;
    events.push({
      type: 'title_changed',
      data: { from: current.title, to: request.title },
    });
  }
  if (
    request.description !== undefined &&
    request.description !== current.description
  ) {
    changes.description = request.description;
    events.push({ type: 'description_changed' });
  }
  if (request.severity !== undefined && request.severity !== current.severity) {
    changes.severity = request.severity;
    events.push({
      type: 'severity_changed',
      data: { from: current.severity, to: request.severity },
    });
  }
  if (
    request.commander !== undefined &&
    request.commander !== current.commander
  ) {
    changes.commander = request.commander;
    events.push({
      type: 'commander_changed',
      data: { from: current.commander, to: request.commander },
    });
  }
  if (request.entityRefs !== undefined) {
    const next = [...new Set(request.entityRefs)].sort();
    const added = next.filter(r => !current.entityRefs.includes(r));
    const removed = current.entityRefs.filter(r => !next.includes(r));
    if (added.length || removed.length) {
      changes.entityRefs = next;
      for (const entityRef of added) {
        events.push({ type: 'entity_added', data: { entityRef } });
      }
      for (const entityRef of removed) {
        events.push({ type: 'entity_removed', data: { entityRef } });
      }
    }
  }

  let acknowledgedAt = current.acknowledgedAt;
  if (request.acknowledge) {
    if (acknowledgedAt !== null) {
      throw new ConflictError(
        `INC-${current.id} was already acknowledged at ${new Date(
          acknowledgedAt,
        ).toISOString()}`,
      );
    }
    acknowledgedAt = now;
    changes.acknowledgedAt = now;
    messageEvent = { type: 'acknowledged', data: {} };
    events.push(messageEvent);
  }

  if (request.status !== undefined && request.status !== current.status) {
    const from = current.status;
    const to = request.status;
    if (to !== 'INVESTIGATING' && acknowledgedAt === null) {
      acknowledgedAt = now;
      changes.acknowledgedAt = now;
      events.push({ type: 'acknowledged', data: { implicit: true } });
    }
    if (to === 'IDENTIFIED' && current.identifiedAt === null) {
      changes.identifiedAt = now;
    }
    if (to === 'RESOLVED') {
      changes.resolvedAt = now;
    } else if (from === 'RESOLVED') {
      changes.resolvedAt = null;
    }
    changes.status = to;
    messageEvent = {
      type: from === 'RESOLVED' ? 'reopened' : 'status_changed',
      data: { from, to },
    };
    events.push(messageEvent);
  }

  if (
    request.status !== undefined &&
    request.status === current.status &&
    events.length === 0
  ) {
    throw new InputError(
      `status: INC-${current.id} is already ${current.status}`,
    );
  }

  if (request.message) {
    if (messageEvent) {
      messageEvent.message = request.message;
    } else if (events.length === 1) {
      events[0].message = request.message;
    } else {
      events.push({ type: 'note', message: request.message });
    }
  }

  return { changes, events };
}
