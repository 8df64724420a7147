import { DateTime } from 'luxon';

/** The format of an `<input type="datetime-local">` value, in local time. */
const LOCAL_INPUT = "yyyy-MM-dd'T'HH:mm";

/** A time as a `datetime-local` input shows it, to the minute. */
export function toLocalInput(millis: number): string {
  return DateTime.fromMillis(millis).toFormat(LOCAL_INPUT);
}

/** The ISO time (UTC) of a `datetime-local` value, undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const time = DateTime.fromISO(value);
  return time.isValid ? time.toUTC().toISO()! : undefined;
}

/** Where the inputs' local times are, for example "CET (UTC+1)". */
export function localZoneLabel(): string {
  const now = DateTime.local();
  return `${now.offsetNameShort} (UTC${now.toFormat('ZZ')})`;
}

/** The declare form's two times, as the user typed them. */
export interface IncidentTimesDraft {
  /** When the impact started; empty means when it was detected. */
  startedAt: string;
  /** When the problem was detected. */
  detectedAt: string;
}

/**
 * What is wrong with the times, per field: each must be a time, not in the
 * future, and the impact cannot start after it was detected.
 */
export function checkIncidentTimes(
  draft: IncidentTimesDraft,
  now: number,
): { startedAt?: string; detectedAt?: string } {
  // The inputs have minutes; the current minute is not in the future.
  const latest = DateTime.fromMillis(now).endOf('minute').toMillis();
  const check = (value: string, required: boolean) => {
    if (!value) return required ? 'Say when it was detected' : undefined;
    const iso = fromLocalInput(value);
    if (!iso) return 'Not a date and time';
    return Date.parse(iso) > latest ? 'Cannot be in the future' : undefined;
  };
  const errors = {
    startedAt: check(draft.startedAt, false),
    detectedAt: check(draft.detectedAt, true),
  };
  const started = fromLocalInput(draft.startedAt);
  const detected = fromLocalInput(draft.detectedAt);
  if (
    !errors.startedAt &&
    !errors.detectedAt &&
    started &&
    detected &&
    Date.parse(started) > Date.parse(detected)
  ) {
    errors.startedAt = 'The impact cannot start after it was detected';
  }
  return errors;
}
