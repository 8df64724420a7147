import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  formatDuration,
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
import { useEffect, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useLatest from 'react-use/esm/useLatest';
import { incidentsApiRef } from '../../api';
import { messageOf } from '../../api/errors';
import { IncidentTime } from '../IncidentTime';

const useStyles = makeStyles(theme => ({
  fired: { color: theme.palette.error.main },
  pending: { color: theme.palette.text.secondary },
  stopped: { color: theme.palette.success.main },
  icon: { minWidth: theme.spacing(4) },
  next: { marginBottom: theme.spacing(1) },
}));

/** How often the card reads the escalation again: levels fire meanwhile. */
const REFRESH_MS = 30_000;
/** How long to wait before reading again when a read left them disagreeing. */
const CATCH_UP_RETRY_MS = 2_000;
/** How many reads that change nothing before giving up on agreeing. */
const MAX_CATCH_UP_READS = 5;

/**
 * Keeps two reads of the same fact in step: the levels fired on the card and
 * the `escalated` events on the timeline. A level fires in the transaction
 * that writes its event, so whichever shows fewer read before the level fired
 * and reads again (right away, then every {@link CATCH_UP_RETRY_MS}) until
 * they agree. A read that changes neither count counts towards
 * {@link MAX_CATCH_UP_READS}, so that data that can never agree (a level
 * removed from the policy) is not read forever.
 */
function useCatchUp(options: {
  fired?: number;
  escalatedEvents?: number;
  readCard: () => Promise<unknown>;
  readTimeline?: () => Promise<unknown> | void;
}) {
  const { fired, escalatedEvents } = options;
  const reads = useLatest(options);
  let behind: 'card' | 'timeline' | undefined;
  if (fired !== undefined && escalatedEvents !== undefined) {
    if (fired < escalatedEvents) {
      behind = 'card';
    } else if (fired > escalatedEvents) {
      behind = 'timeline';
    }
  }
  const key = `${fired}/${escalatedEvents}`;
  const [tries, setTries] = useState({ key, count: 0 });
  const count = tries.key === key ? tries.count : 0;
  useEffect(() => {
    if (!behind || count >= MAX_CATCH_UP_READS) {
      return undefined;
    }
    const read =
      behind === 'card' ? reads.current.readCard : reads.current.readTimeline;
    if (!read) {
      return undefined;
    }
    const timer = setTimeout(
      () => {
        Promise.resolve(read())
          .catch(() => undefined)
          .then(() =>
            setTries(t => ({
              key,
              count: (t.key === key ? t.count : 0) + 1,
            })),
          );
      },
      count === 0 ? 0 : CATCH_UP_RETRY_MS,
    );
    return () => clearTimeout(timer);
  }, [behind, key, count, reads]);
}

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
  /**
   * How many `escalated` events the timeline beside the card shows. While
   * the card shows fewer fired levels, it reads the escalation again; while
   * it shows more, it calls `onEscalated`.
   */
  escalatedEvents?: number;
  /**
   * Reads the timeline again: the card shows a level fired that the
   * timeline (`escalatedEvents`) does not show yet.
   */
  onEscalated?: () => Promise<unknown> | void;
}) {
  const { incident, escalatedEvents, onEscalated } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const [{ value, loading, error }, read] = useAsyncFn(
    () => api.getIncidentEscalation(incident.id),
    [api, incident.id, incident.version],
    { loading: true },
  );
  // Read again after every change of the incident (status, severity).
  useEffect(() => {
    read();
  }, [read]);
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => {
      setTick(t => t + 1);
      read();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [read]);
  // A level fires with its event on the timeline: show both or neither.
  useCatchUp({
    fired: loading
      ? undefined
      : value?.levels.filter(l => l.state === 'fired').length,
    escalatedEvents,
    readCard: read,
    readTimeline: onEscalated,
  });

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
