import { DateTime } from 'luxon';

/** `2026-04-15` as `Apr 15, 2026`; anything unparsable as it is. */
export function formatReviewDate(isoDate: string): string {
  const date = DateTime.fromISO(isoDate, { zone: 'utc', locale: 'en-US' });
  return date.isValid ? date.toLocaleString(DateTime.DATE_MED) : isoDate;
}
