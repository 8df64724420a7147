import { useApi } from '@backstage/core-plugin-api';
import {
  Incident,
  IncidentEvent,
  IncidentMessage,
} from '@bomizzel/plugin-incidents-common';
import { useCallback, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';

/** An incident with its timeline and rendered messages, kept up to date. */
export interface IncidentState {
  incident?: Incident;
  events: IncidentEvent[];
  messages: { value?: IncidentMessage[]; loading: boolean; error?: Error };
  loading: boolean;
  error?: Error;
  /** Reads the incident and its timeline again. */
  reload(): Promise<void>;
  /** Shows the incident a change returned and reloads what follows from it. */
  applyChange(incident: Incident): Promise<void>;
}

export function useIncident(incidentId: string): IncidentState {
  const api = useApi(incidentsApiRef);
  const [incident, setIncident] = useState<Incident>();
  const [events, setEvents] = useState<IncidentEvent[]>([]);
  const [status, setStatus] = useState<{ loading: boolean; error?: Error }>({
    loading: true,
  });
  // Bumped on every change: the messages quote the latest timeline entries.
  const [changes, setChanges] = useState(0);

  const reload = useCallback(async () => {
    const [nextIncident, nextEvents] = await Promise.all([
      api.getIncident(incidentId),
      api.listIncidentEvents(incidentId),
    ]);
    setIncident(nextIncident);
    setEvents(nextEvents);
    setChanges(c => c + 1);
  }, [api, incidentId]);

  useEffect(() => {
    let cancelled = false;
    setStatus({ loading: true });
    setIncident(undefined);
    reload().then(
      () => !cancelled && setStatus({ loading: false }),
      error => !cancelled && setStatus({ loading: false, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [reload]);

  const applyChange = useCallback(
    async (next: Incident) => {
      setIncident(next);
      setEvents(await api.listIncidentEvents(incidentId));
      setChanges(c => c + 1);
    },
    [api, incidentId],
  );

  const hasIncident = incident !== undefined;
  const messages = useAsync(
    async () => (hasIncident ? api.getIncidentMessages(incidentId) : undefined),
    [api, incidentId, hasIncident, changes],
  );

  return {
    incident,
    events,
    messages,
    loading: status.loading,
    error: status.error,
    reload,
    applyChange,
  };
}
