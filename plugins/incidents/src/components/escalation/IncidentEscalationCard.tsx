import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  Incident,
  IncidentEscalationLevel,
} from '@bomizzel/plugin-incidents-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import NotificationsActiveIcon from '@material-ui/icons/NotificationsActive';
import ScheduleIcon from '@material-ui/icons/Schedule';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { messageOf } from '../../api/errors';
import { formatDuration, IncidentTime } from '../IncidentTime';

const useStyles = makeStyles(theme => ({
  fired: { color: theme.palette.error.main },
  pending: { color: theme.palette.text.secondary },
  stopped: { color: theme.palette.success.main },
  icon: { minWidth: theme.spacing(4) },
  next: { marginBottom: theme.spacing(1) },
}));

/** How often the card reads the escalation again: levels fire meanwhile. */
const REFRESH_MS = 30_000;

function LevelState(props: { level: IncidentEscalationLevel }) {
  const { level } = props;
  switch (level.state) {
    case 'fired':
      return <IncidentTime time={level.firedAt!} prefix="Fired" />;
    case 'pending':
      return <IncidentTime time={level.dueAt} prefix="Due" />;
    default:
      return (
        <>
          Not needed:{' '}
          {level.stopWhen === 'progress'
            ? 'the incident made progress'
            : 'resolved'}
        </>
      );
  }
}

function LevelIcon(props: { state: IncidentEscalationLevel['state'] }) {
  const classes = useStyles();
  switch (props.state) {
    case 'fired':
      return (
        <NotificationsActiveIcon
          className={classes.fired}
          titleAccess="Fired"
        />
      );
    case 'pending':
      return <ScheduleIcon className={classes.pending} titleAccess="Pending" />;
    default:
      return (
        <CheckCircleOutlineIcon
          className={classes.stopped}
          titleAccess="Not needed"
        />
      );
  }
}

/**
 * The incident's escalation: the levels of the matrix that apply to its
 * severity, who is on each, which fired, and when the next one fires.
 */
export function IncidentEscalationCard(props: {
  incident: Incident;
  /** Called when a further level fired since the card last looked. */
  onEscalated?: () => void;
}) {
  const { incident, onEscalated } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getIncidentEscalation(incident.id),
    // Read again after every change of the incident (status, severity).
    [api, incident.id, incident.version],
  );
  // A level that fires while the page is open is on the timeline too.
  const fired = value?.levels.filter(l => l.state === 'fired').length;
  const seen = useRef<number>();
  useEffect(() => {
    if (fired === undefined) return;
    if (seen.current !== undefined && fired > seen.current) {
      onEscalated?.();
    }
    seen.current = fired;
  }, [fired, onEscalated]);
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      setTick(t => t + 1);
      retry();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [retry]);

  let content;
  if (!value && loading) {
    content = <Progress />;
  } else if (!value) {
    content = (
      <Alert severity="error">
        Could not load the escalation: {messageOf(error)}
      </Alert>
    );
  } else {
    const applicable = value.levels.filter(l => l.state !== 'not-applicable');
    const skipped = value.levels.filter(l => l.state === 'not-applicable');
    const next = value.levels.find(l => l.id === value.next?.level);
    content = (
      <>
        <Typography variant="body2" className={classes.next}>
          {next ? (
            <>
              Next: <strong>{next.title}</strong>{' '}
              <IncidentTime time={next.dueAt} />
            </>
          ) : (
            'No further escalation.'
          )}
        </Typography>
        <List dense disablePadding aria-label="Escalation levels">
          {applicable.map(level => (
            <ListItem key={level.id} disableGutters alignItems="flex-start">
              <ListItemIcon className={classes.icon}>
                <LevelIcon state={level.state} />
              </ListItemIcon>
              <ListItemText
                primary={
                  <>
                    <strong>{level.title}</strong> ·{' '}
                    {level.afterMinutes > 0
                      ? `${formatDuration(
                          level.afterMinutes * 60_000,
                        )} after detection`
                      : 'at detection'}
                  </>
                }
                secondaryTypographyProps={{ component: 'div' }}
                secondary={
                  <>
                    <div>
                      <LevelState level={level} />
                    </div>
                    {level.recipients.length ? (
                      <EntityRefLinks
                        entityRefs={level.recipients}
                        defaultKind="user"
                      />
                    ) : (
                      `Nobody: no bomizzel.com/escalation-${level.role} annotation on the owner groups`
                    )}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
        {skipped.length > 0 && (
          <Typography variant="caption" color="textSecondary">
            Not for {incident.severity}: {skipped.map(l => l.title).join(', ')}
          </Typography>
        )}
      </>
    );
  }
  return (
    <InfoCard
      title="Escalation"
      subheader={
        value?.currentLevel
          ? `Escalated to ${
              value.levels.find(l => l.id === value.currentLevel)?.title
            }`
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
