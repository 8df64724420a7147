import {
  Incident,
  UpdateIncidentRequest,
} from '@bomizzel/plugin-incidents-common';
import { httpStatusOf, messageOf } from '../../api/errors';

/** The fields of an incident that the edit form changes. */
export interface IncidentEditDraft {
  title: string;
  description: string;
  commander: string | null;
  entityRefs: string[];
}

export type EditField = keyof IncidentEditDraft;

export const EDIT_FIELDS: EditField[] = [
  'title',
  'description',
  'commander',
  'entityRefs',
];

export const EDIT_FIELD_LABELS: Record<EditField, string> = {
  title: 'Title',
  description: 'Description',
  commander: 'Commander',
  entityRefs: 'Affected entities',
};

export function draftOf(incident: Incident): IncidentEditDraft {
  return {
    title: incident.title,
    description: incident.description,
    commander: incident.commander,
    entityRefs: [...incident.entityRefs],
  };
}

function sameValue(
  field: EditField,
  a: IncidentEditDraft,
  b: IncidentEditDraft,
): boolean {
  if (field === 'entityRefs') {
    const left = [...new Set(a.entityRefs)].sort();
    const right = [...new Set(b.entityRefs)].sort();
    return left.join('\n') === right.join('\n');
  }
  if (field === 'title') return a.title.trim() === b.title.trim();
  return a[field] === b[field];
}

/** The fields the user changed relative to the version they started from. */
export function changedFields(
  base: IncidentEditDraft,
  draft: IncidentEditDraft,
): EditField[] {
  return EDIT_FIELDS.filter(field => !sameValue(field, base, draft));
}

/** The PATCH body: only what the user changed, so that other fields are not overwritten. */
export function editRequest(
  base: IncidentEditDraft,
  draft: IncidentEditDraft,
): UpdateIncidentRequest {
  const request: UpdateIncidentRequest = {};
  for (const field of changedFields(base, draft)) {
    if (field === 'title') request.title = draft.title.trim();
    if (field === 'description') request.description = draft.description;
    if (field === 'commander') request.commander = draft.commander;
    if (field === 'entityRefs') request.entityRefs = draft.entityRefs;
  }
  return request;
}

/**
 * Puts the user's changes on top of a newer version: the fields they changed
 * keep their input, the others take the newer values. Also names the fields
 * that someone else changed too, which the user should check before saving.
 */
export function rebaseDraft(
  oldBase: IncidentEditDraft,
  draft: IncidentEditDraft,
  latest: IncidentEditDraft,
): { draft: IncidentEditDraft; alsoChanged: EditField[] } {
  const mine = changedFields(oldBase, draft);
  const theirs = changedFields(oldBase, latest);
  const next = { ...latest };
  for (const field of mine) {
    (next as Record<EditField, unknown>)[field] = draft[field];
  }
  return {
    draft: next,
    alsoChanged: mine.filter(field => theirs.includes(field)),
  };
}

/**
 * The field a 400 answer names and why, from the server's message: the
 * service says `entityRefs: no entity … in the catalog`, the spec validator
 * `request/body/title must NOT have more than 200 characters`.
 */
export function fieldErrorOf(
  error: unknown,
): { field: EditField; reason: string } | undefined {
  if (httpStatusOf(error) !== 400) return undefined;
  const message = messageOf(error);
  const match =
    /^(\w+): (.+)$/s.exec(message) ??
    /request\/body\/(\w+)(?:\/\d+)? (.+)$/s.exec(message);
  const field = match?.[1] as EditField | undefined;
  if (!field || !EDIT_FIELDS.includes(field)) return undefined;
  return { field, reason: match![2] };
}
