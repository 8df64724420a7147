import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Incident } from '@bomizzel/plugin-incidents-common';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { messageOf } from '../../api/errors';
import { AlertList } from '../AlertList';

/**
 * The alerts that opened or joined the incident, with the runbook each
 * alert's `runbook_url` names. Nothing for an incident declared by hand.
 */
export function IncidentAlertsCard(props: { incident: Incident }) {
  const { incident } = props;
  const api = useApi(incidentsApiRef);
  const { value, loading, error } = useAsync(
    () => api.listIncidentAlerts(incident.id),
    [api, incident.id, incident.version],
  );
  if (!value && loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <Alert severity="error">
        Could not load the incident's alerts: {messageOf(error)}
      </Alert>
    );
  }
  if (!value?.length) {
    return null;
  }
  const firing = value.filter(a => a.status === 'firing').length;
  return (
    <InfoCard title="Alerts" subheader={`${firing} of ${value.length} firing`}>
      <AlertList alerts={value} />
    </InfoCard>
  );
}
