import Tooltip from '@material-ui/core/Tooltip';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ScheduleIcon from '@material-ui/icons/Schedule';
import WarningIcon from '@material-ui/icons/Warning';
import { formatDuration, Incident } from '@bomizzel/plugin-incidents-common';
import { DateTime } from 'luxon';
import { StatusLabel } from '../IncidentStatus';
import { formatAbsoluteTime } from '../IncidentTime';

/**
 * Whether the severity's response target (acknowledgement within N minutes of
 * detection) was met, was missed, or is still running.
 */
export function ResponseDeadline(props: {
  incident: Pick<Incident, 'response' | 'acknowledgedAt' | 'detectedAt'>;
}) {
  const { response, acknowledgedAt, detectedAt } = props.incident;
  const target = formatDuration(response.targetMinutes * 60_000);
  const tooltip = `Acknowledge within ${target} of detection: by ${formatAbsoluteTime(
    response.deadline,
  )}`;
  const took = acknowledgedAt
    ? formatDuration(Date.parse(acknowledgedAt) - Date.parse(detectedAt))
    : undefined;

  let content: JSX.Element;
  if (response.state === 'met') {
    content = (
      <StatusLabel tone="ok" icon={CheckCircleIcon}>
        Met{took && ` (ack. in ${took})`}
      </StatusLabel>
    );
  } else if (response.state === 'breached') {
    content = (
      <StatusLabel tone="error" icon={WarningIcon}>
        Breached{took ? ` (ack. in ${took})` : ' (not acknowledged)'}
      </StatusLabel>
    );
  } else {
    const due = DateTime.fromISO(response.deadline).toRelative();
    content = (
      <StatusLabel tone="warning" icon={ScheduleIcon}>
        Pending, due {due}
      </StatusLabel>
    );
  }
  return (
    <Tooltip title={tooltip}>
      <span>{content}</span>
    </Tooltip>
  );
}
