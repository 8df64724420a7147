import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { AlertList } from '../AlertList';

/**
 * Alerts that arrived but name no catalog entity: kept for a person to map
 * (label → entity rules in `incidents.alerts`, or annotations on the entity).
 * A page section (landmark) of its own, and nothing at all when there are
 * none: no empty section, no space.
 */
export function UnmappedAlerts(props: { className?: string }) {
  const api = useApi(incidentsApiRef);
  const { value } = useAsync(
    () => api.listUnmappedAlerts({ limit: 50 }),
    [api],
  );
  if (!value?.length) {
    return null;
  }
  return (
    <section className={props.className} aria-label="Unmapped alerts">
      <InfoCard
        title={`Alerts without an entity (${value.length})`}
        subheader="Add the alert's service to an entity's prometheus.io/service-name annotation, or a rule to incidents.alerts.entities"
      >
        <AlertList alerts={value} showReason />
      </InfoCard>
    </section>
  );
}
