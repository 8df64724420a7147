import { EntityRefLink, EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  IncidentEvent,
  IncidentStatus as Status,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Timeline from '@material-ui/lab/Timeline';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineDot from '@material-ui/lab/TimelineDot';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import ArrowRightAltIcon from '@material-ui/icons/ArrowRightAlt';
import { ReactNode } from 'react';
import { IncidentStatus } from '../IncidentStatus';
import { IncidentTime } from '../IncidentTime';
import { SeverityChip } from '../SeverityChip';

const useStyles = makeStyles(theme => ({
  timeline: {
    margin: 0,
    padding: 0,
  },
  item: {
    minHeight: theme.spacing(6),
    // No opposite content: the time sits with the entry.
    '&:before': { display: 'none' },
  },
  content: {
    paddingTop: theme.spacing(0.5),
    paddingBottom: theme.spacing(2),
  },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.75),
  },
  time: {
    color: theme.palette.text.secondary,
    fontSize: theme.typography.body2.fontSize,
  },
  change: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  message: {
    marginTop: theme.spacing(0.75),
    padding: theme.spacing(1, 1.5),
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    backgroundColor: theme.palette.background.default,
    borderLeft: `3px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

/** Who did something: a user links to the catalog, a service stays text. */
export function Actor(props: { entityRef: string }) {
  const { entityRef } = props;
  if (entityRef.startsWith('user:') || entityRef.startsWith('group:')) {
    return <EntityRefLink entityRef={entityRef} defaultKind="user" />;
  }
  if (entityRef === 'plugin:incidents') {
    return <strong>Escalation policy</strong>;
  }
  return <strong>{entityRef}</strong>;
}

function FromTo(props: { from: ReactNode; to: ReactNode }) {
  const classes = useStyles();
  return (
    <span className={classes.change}>
      {props.from}
      <ArrowRightAltIcon fontSize="small" aria-label="to" />
      {props.to}
    </span>
  );
}

const asString = (value: unknown) =>
  typeof value === 'string' ? value : String(value ?? '');

function describe(event: IncidentEvent, severities: Severity[]): ReactNode {
  const { from, to } = event.data;
  switch (event.type) {
    case 'created':
      return 'declared the incident';
    case 'acknowledged':
      return event.data.implicit
        ? 'acknowledged it by changing the status'
        : 'acknowledged';
    case 'status_changed':
    case 'reopened':
      return (
        <>
          {event.type === 'reopened' ? 'reopened' : 'changed the status'}
          <FromTo
            from={<IncidentStatus status={from as Status} />}
            to={<IncidentStatus status={to as Status} />}
          />
        </>
      );
    case 'severity_changed':
      return (
        <>
          changed the severity
          <FromTo
            from={
              <SeverityChip severity={asString(from)} severities={severities} />
            }
            to={
              <SeverityChip severity={asString(to)} severities={severities} />
            }
          />
        </>
      );
    case 'commander_changed':
      return to ? (
        <>
          made <Actor entityRef={asString(to)} /> the commander
        </>
      ) : (
        'removed the commander'
      );
    case 'title_changed':
      return `renamed it from “${asString(from)}”`;
    case 'description_changed':
      return 'edited the description';
    case 'entity_added':
      return (
        <>
          added <EntityRefLink entityRef={asString(event.data.entityRef)} />
        </>
      );
    case 'entity_removed':
      return (
        <>
          removed <EntityRefLink entityRef={asString(event.data.entityRef)} />
        </>
      );
    case 'note':
      return 'added a note';
    case 'escalated': {
      const recipients = Array.isArray(event.data.recipients)
        ? event.data.recipients.map(asString)
        : [];
      return (
        <>
          escalated to <strong>{asString(event.data.title)}</strong>
          {recipients.length ? ': ' : ' (nobody is on this level)'}
          {recipients.length > 0 && (
            <EntityRefLinks entityRefs={recipients} defaultKind="user" />
          )}
        </>
      );
    }
    case 'statuspage_published':
      return `${
        event.data.action === 'updated' ? 'updated' : 'published'
      } it on status page ${asString(event.data.page)} (${asString(
        event.data.status,
      )})`;
    case 'statuspage_failed':
      return `could not publish it on status page ${asString(event.data.page)}`;
    case 'alert':
      return `received alert ${asString(
        event.data.alertname ?? event.data.fingerprint,
      )} (${asString(event.data.status)})`;
    case 'postmortem_status_changed': {
      const label = (s: unknown) =>
        ({ draft: 'draft', in_review: 'in review', published: 'published' }[
          asString(s)
        ] ?? asString(s));
      return event.data.from
        ? `moved the post-mortem from ${label(event.data.from)} to ${label(
            event.data.to,
          )}`
        : `started the post-mortem (${label(event.data.to)})`;
    }
    default:
      return asString(event.type);
  }
}

const DOT_COLORS: Partial<
  Record<IncidentEvent['type'], 'primary' | 'secondary' | 'grey'>
> = {
  created: 'secondary',
  status_changed: 'primary',
  reopened: 'secondary',
  severity_changed: 'secondary',
};

/** The incident's timeline, oldest first, as the API keeps it. */
export function IncidentTimeline(props: {
  events: IncidentEvent[];
  severities: Severity[];
}) {
  const { events, severities } = props;
  const classes = useStyles();
  if (!events.length) {
    return <Typography color="textSecondary">No events yet.</Typography>;
  }
  return (
    <Timeline className={classes.timeline} aria-label="Timeline">
      {events.map((event, index) => (
        <TimelineItem
          key={event.id}
          className={classes.item}
          data-testid="timeline-event"
        >
          <TimelineSeparator>
            <TimelineDot
              color={DOT_COLORS[event.type] ?? 'grey'}
              variant={event.type === 'note' ? 'outlined' : 'default'}
            />
            {index < events.length - 1 && <TimelineConnector />}
          </TimelineSeparator>
          <TimelineContent className={classes.content}>
            <div className={classes.heading}>
              <Actor entityRef={event.actor} />
              {describe(event, severities)}
              <span className={classes.time}>
                · <IncidentTime time={event.createdAt} />
              </span>
            </div>
            {/* An escalation's message repeats what the line above shows. */}
            {event.message && event.type !== 'escalated' && (
              <Typography
                variant="body2"
                component="div"
                className={classes.message}
              >
                {event.message}
              </Typography>
            )}
          </TimelineContent>
        </TimelineItem>
      ))}
    </Timeline>
  );
}
