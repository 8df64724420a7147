import {
  INCIDENT_STATUSES,
  IncidentStatus,
} from '@bomizzel/plugin-incidents-common';
import { DateTime } from 'luxon';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The time ranges offered, back from now. */
export const TIME_RANGES = {
  '7d': { label: 'Last 7 days', duration: { days: 7 } },
  '30d': { label: 'Last 30 days', duration: { days: 30 } },
  '90d': { label: 'Last 90 days', duration: { days: 90 } },
  '1y': { label: 'Last year', duration: { years: 1 } },
  all: { label: 'All time', duration: undefined },
} as const;

export type TimeRange = keyof typeof TIME_RANGES;

/** What the list is filtered by. */
export interface IncidentFilterValues {
  /** Empty: every status. */
  status: IncidentStatus[];
  /** Empty: every severity. */
  severity: string[];
  range: TimeRange;
  /** Text the title or description contains; empty: no text filter. */
  q: string;
}

const isTimeRange = (value: string | null): value is TimeRange =>
  value !== null && Object.prototype.hasOwnProperty.call(TIME_RANGES, value);

/**
 * The list's filters, kept in the URL's query so that they survive opening an
 * incident and coming back, and can be shared as a link.
 */
export function useIncidentFilters(): {
  filters: IncidentFilterValues;
  /** The start of the time range as an ISO time, or undefined for all time. */
  from?: string;
  setFilters(changes: Partial<IncidentFilterValues>): void;
} {
  const [params, setParams] = useSearchParams();
  const status = params
    .getAll('status')
    .filter((s): s is IncidentStatus =>
      (INCIDENT_STATUSES as readonly string[]).includes(s),
    );
  const severity = params.getAll('severity');
  const rangeParam = params.get('range');
  const range: TimeRange = isTimeRange(rangeParam) ? rangeParam : 'all';
  const q = params.get('q') ?? '';

  // Computed when the range changes only: a new "now" on every render would
  // be a new query on every render.
  const from = useMemo(() => {
    const duration = TIME_RANGES[range].duration;
    return duration
      ? DateTime.now().minus(duration).startOf('minute').toUTC().toISO() ??
          undefined
      : undefined;
  }, [range]);

  const setFilters = useCallback(
    (changes: Partial<IncidentFilterValues>) => {
      setParams(
        previous => {
          const next = new URLSearchParams(previous);
          const setAll = (key: string, values: string[]) => {
            next.delete(key);
            values.forEach(v => next.append(key, v));
          };
          if (changes.status) setAll('status', changes.status);
          if (changes.severity) setAll('severity', changes.severity);
          if (changes.range !== undefined) {
            if (changes.range === 'all') next.delete('range');
            else next.set('range', changes.range);
          }
          if (changes.q !== undefined) {
            if (changes.q) next.set('q', changes.q);
            else next.delete('q');
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  return {
    filters: { status, severity, range, q },
    from,
    setFilters,
  };
}
