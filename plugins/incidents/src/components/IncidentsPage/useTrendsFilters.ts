import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The months the trend review can span. */
export const TREND_MONTHS = [6, 12, 24] as const;

/** The filters of the incidents page, kept in the URL so views can be shared. */
export interface TrendsFilters {
  team: string | null;
  system: string | null;
  months: number;
}

/**
 * Reads and writes `?team=&system=&months=`. An unknown `months` falls back
 * to 12.
 */
export function useTrendsFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<TrendsFilters>(() => {
    const months = Number(params.get('months'));
    return {
      team: params.get('team'),
      system: params.get('system'),
      months: (TREND_MONTHS as readonly number[]).includes(months)
        ? months
        : 12,
    };
  }, [params]);

  const setFilters = useCallback(
    (changes: Partial<TrendsFilters>) => {
      setParams(
        current => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === undefined || value === '') {
              next.delete(key);
            } else {
              next.set(key, String(value));
            }
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  /** The entity refs the page is restricted to (team and/or system). */
  const entityRefs = useMemo(
    () => [filters.team, filters.system].filter((r): r is string => !!r),
    [filters.team, filters.system],
  );

  return { filters, setFilters, entityRefs };
}
