import { PostmortemStatus } from '@bomizzel/plugin-incidents-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import { IncidentTime } from '../IncidentTime';
import { POSTMORTEM_STATUS_LABELS } from './labels';

const useStyles = makeStyles(theme => ({
  published: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  in_review: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  draft: {},
  missing: {},
  overdue: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
    fontWeight: 700,
  },
  overdueIcon: { color: 'inherit' },
}));

/** The review state of a post-mortem as a chip; `missing` when not started. */
export function PostmortemStatusChip(props: {
  status: PostmortemStatus | 'missing';
}) {
  const classes = useStyles();
  const { status } = props;
  return (
    <Chip
      size="small"
      variant={status === 'missing' ? 'outlined' : 'default'}
      className={classes[status]}
      label={POSTMORTEM_STATUS_LABELS[status]}
      aria-label={`Post-mortem status: ${POSTMORTEM_STATUS_LABELS[status]}`}
    />
  );
}

/** The prominent flag of a post-mortem past its due time. */
export function OverdueFlag() {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      className={classes.overdue}
      icon={<WarningIcon className={classes.overdueIcon} />}
      label="Overdue"
    />
  );
}

/** Properties of {@link PostmortemDue}. */
export interface PostmortemDueProps {
  required: boolean;
  dueAt?: string;
  overdue: boolean;
  status: PostmortemStatus | 'missing';
  severity?: string;
}

/** Whether a post-mortem is required and by when, or how late it is. */
export function PostmortemDue(props: PostmortemDueProps) {
  const { required, dueAt, overdue, status, severity } = props;
  if (!required) {
    return <>Optional{severity ? ` for ${severity}` : ''}</>;
  }
  if (status === 'published') {
    return <>Required · done</>;
  }
  if (!dueAt) {
    return <>Required · due after resolution</>;
  }
  if (overdue) {
    return (
      <>
        <OverdueFlag /> <IncidentTime time={dueAt} prefix="was due" />
      </>
    );
  }
  return (
    <>
      Required · <IncidentTime time={dueAt} prefix="due" />
    </>
  );
}
