import { useApi } from '@backstage/core-plugin-api';
import { Severity } from '@bomizzel/plugin-incidents-common';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../api';

/** The configured severity levels, most severe first. */
export function useSeverities(): {
  severities: Severity[];
  loading: boolean;
  error?: Error;
} {
  const api = useApi(incidentsApiRef);
  const { value, loading, error } = useAsync(() => api.getSeverities(), [api]);
  return { severities: value ?? [], loading, error };
}
