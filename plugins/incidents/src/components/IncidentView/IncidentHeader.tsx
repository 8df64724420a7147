import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import {
  formatDuration,
  Incident,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { IncidentStatus } from '../IncidentStatus';
import { formatAbsoluteTime } from '../IncidentTime';
import { ResponseDeadline } from '../ResponseDeadline';
import { SeverityChip } from '../SeverityChip';
import { Actor } from './IncidentTimeline';

const useStyles = makeStyles(theme => ({
  top: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
  },
  ref: {
    fontWeight: 700,
    letterSpacing: 0.5,
  },
  actions: {
    marginLeft: 'auto',
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  title: {
    margin: theme.spacing(1, 0, 2),
    overflowWrap: 'anywhere',
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: theme.spacing(2, 3),
    margin: 0,
  },
  fact: {
    minWidth: 0,
    '& dt': {
      ...theme.typography.overline,
      color: theme.palette.text.secondary,
      lineHeight: 1.5,
    },
    '& dd': {
      margin: 0,
      overflowWrap: 'anywhere',
    },
  },
  assign: {
    marginLeft: theme.spacing(1),
    padding: theme.spacing(0, 1),
    minWidth: 0,
  },
  since: {
    color: theme.palette.text.secondary,
    fontSize: theme.typography.body2.fontSize,
  },
}));

function Fact(props: { label: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <div className={classes.fact}>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Milestone(props: { time: string | null; detectedAt: string }) {
  const classes = useStyles();
  const { time, detectedAt } = props;
  if (!time) {
    return <Typography color="textSecondary">Not yet</Typography>;
  }
  const offset = Date.parse(time) - Date.parse(detectedAt);
  return (
    <>
      <time dateTime={time}>{formatAbsoluteTime(time)}</time>
      {offset > 0 && (
        <div className={classes.since}>
          {formatDuration(offset)} after detection
        </div>
      )}
    </>
  );
}

/**
 * Who and what an incident is about: reference, severity, status, title,
 * people, affected entities, milestones and the response deadline.
 */
export function IncidentHeader(props: {
  incident: Incident;
  severities: Severity[];
  actions?: ReactNode;
  /** Offered next to a missing commander: nobody coordinates yet. */
  onAssignCommander?(): void;
}) {
  const { incident, severities, actions, onAssignCommander } = props;
  const classes = useStyles();
  return (
    <div>
      <div className={classes.top}>
        <Typography variant="h6" component="span" className={classes.ref}>
          {incident.ref}
        </Typography>
        <SeverityChip
          severity={incident.severity}
          severities={severities}
          showName
        />
        <IncidentStatus status={incident.status} />
        {incident.demo && (
          <Chip size="small" variant="outlined" label="Demo data" />
        )}
        <div className={classes.actions}>{actions}</div>
      </div>
      <Typography variant="h4" component="h1" className={classes.title}>
        {incident.title}
      </Typography>
      <dl className={classes.facts}>
        <Fact label="Commander">
          {incident.commander ? (
            <Actor entityRef={incident.commander} />
          ) : (
            <>
              <Typography color="textSecondary" component="span">
                Not assigned
              </Typography>
              {onAssignCommander && (
                <Button
                  size="small"
                  color="primary"
                  onClick={onAssignCommander}
                  className={classes.assign}
                >
                  Assign
                </Button>
              )}
            </>
          )}
        </Fact>
        <Fact label="Reporter">
          <Actor entityRef={incident.reporter} />
        </Fact>
        <Fact label="Affected">
          <EntityRefLinks
            entityRefs={incident.entityRefs}
            defaultKind="component"
          />
        </Fact>
        <Fact label="Response target">
          <ResponseDeadline incident={incident} />
        </Fact>
        {incident.startedAt && (
          <Fact label="Impact started">
            <Milestone
              time={incident.startedAt}
              detectedAt={incident.startedAt}
            />
          </Fact>
        )}
        <Fact label="Detected">
          <Milestone
            time={incident.detectedAt}
            detectedAt={incident.detectedAt}
          />
        </Fact>
        <Fact label="Acknowledged">
          <Milestone
            time={incident.acknowledgedAt}
            detectedAt={incident.detectedAt}
          />
        </Fact>
        <Fact label="Identified">
          <Milestone
            time={incident.identifiedAt}
            detectedAt={incident.detectedAt}
          />
        </Fact>
        <Fact label="Resolved">
          <Milestone
            time={incident.resolvedAt}
            detectedAt={incident.detectedAt}
          />
        </Fact>
      </dl>
    </div>
  );
}
