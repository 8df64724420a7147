import { IncidentStatus as Status } from '@bomizzel/plugin-incidents-common';
import BuildIcon from '@material-ui/icons/Build';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import SearchIcon from '@material-ui/icons/Search';
import { StatusLabel, StatusTone } from './StatusLabel';

/** The runbook's lifecycle steps as people read them. */
export const STATUS_LABELS: Record<Status, string> = {
  INVESTIGATING: 'Investigating',
  IDENTIFIED: 'Identified',
  RESOLVING: 'Resolving',
  RESOLVED: 'Resolved',
};

/** What each step of the lifecycle means, from the runbook. */
export const STATUS_DESCRIPTIONS: Record<Status, string> = {
  INVESTIGATING: 'Looking for the cause',
  IDENTIFIED: 'The cause is known',
  RESOLVING: 'A fix is being applied',
  RESOLVED: 'Service is back to normal',
};

const APPEARANCE: Record<
  Status,
  { tone: StatusTone; icon: typeof SearchIcon }
> = {
  INVESTIGATING: { tone: 'error', icon: SearchIcon },
  IDENTIFIED: { tone: 'warning', icon: ErrorIcon },
  RESOLVING: { tone: 'running', icon: BuildIcon },
  RESOLVED: { tone: 'ok', icon: CheckCircleIcon },
};

/** An incident's status with the portal's status colours. */
export function IncidentStatus(props: { status: Status }) {
  const { status } = props;
  const appearance = APPEARANCE[status] ?? APPEARANCE.INVESTIGATING;
  return (
    <StatusLabel tone={appearance.tone} icon={appearance.icon}>
      {STATUS_LABELS[status] ?? status}
    </StatusLabel>
  );
}
