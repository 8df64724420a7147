import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  Incident,
  OPEN_INCIDENT_STATUSES,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import { useMemo } from 'react';
import { IncidentTable } from '../IncidentTable';
import { useIncidentPages } from '../../hooks/useIncidentPages';

/** Most severe first (position in the configured list), then the oldest. */
export function byUrgency(severities: Severity[]) {
  const rank = (id: string) => {
    const index = severities.findIndex(s => s.id === id);
    return index === -1 ? severities.length : index;
  };
  return (a: Incident, b: Incident) =>
    rank(a.severity) - rank(b.severity) ||
    Date.parse(a.detectedAt) - Date.parse(b.detectedAt);
}

/**
 * Every open incident in the catalog (or of one team or system), most
 * severe and oldest first, each linking to its view in the Incidents tab of
 * its first affected entity.
 */
export function ActiveIncidents(props: {
  entityRefs: string[];
  severities: Severity[];
}) {
  const { entityRefs, severities } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  const pages = useIncidentPages({
    status: [...OPEN_INCIDENT_STATUSES],
    ...(entityRefs.length ? { entityRef: entityRefs } : {}),
    limit: 100,
  });
  const sorted = useMemo(
    () => [...pages.items].sort(byUrgency(severities)),
    [pages.items, severities],
  );

  if (pages.error) {
    return (
      <ResponseErrorPanel
        error={pages.error}
        title="Could not load the active incidents"
      />
    );
  }
  const incidentHref = (incident: Incident) => {
    const first = incident.entityRefs[0];
    if (!first) {
      return incident.ref;
    }
    const { kind, namespace, name } = parseEntityRef(first);
    return `${entityRoute({
      kind: kind.toLocaleLowerCase('en-US'),
      namespace,
      name,
    })}/incidents/${incident.ref}`;
  };
  return (
    <IncidentTable
      title={`Active incidents (${pages.loading ? '…' : sorted.length}${
        pages.hasMore ? '+' : ''
      })`}
      incidents={sorted}
      severities={severities}
      loading={pages.loading}
      emptyContent="No active incidents."
      hasMore={pages.hasMore}
      loadingMore={pages.loadingMore}
      onLoadMore={pages.loadMore}
      incidentHref={incidentHref}
    />
  );
}
