import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  formatDuration,
  IncidentDurationStats,
  OPEN_INCIDENT_STATUSES,
} from '@bomizzel/plugin-incidents-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { useSeverities } from '../../hooks/useSeverities';
import { IncidentStatus } from '../IncidentStatus';
import { SeverityChip } from '../SeverityChip';
import { IncidentTrendChart } from '../IncidentTrendChart';

const OPEN_SHOWN = 5;

const useStyles = makeStyles(theme => ({
  figures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))',
    gap: theme.spacing(2),
    margin: theme.spacing(0, 0, 2),
  },
  figure: {
    margin: 0,
    '& dt': {
      ...theme.typography.overline,
      color: theme.palette.text.secondary,
      lineHeight: 1.5,
    },
    '& dd': {
      margin: 0,
    },
  },
  big: {
    fontSize: '1.75rem',
    fontWeight: 600,
    lineHeight: 1.2,
  },
  small: {
    color: theme.palette.text.secondary,
    fontSize: theme.typography.body2.fontSize,
  },
  heading: {
    margin: theme.spacing(2, 0, 1),
  },
  severities: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    alignItems: 'center',
  },
  severityCount: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  openItem: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    paddingLeft: 0,
    paddingRight: 0,
  },
  openTitle: {
    flex: '1 1 200px',
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
}));

function DurationFigure(props: {
  label: string;
  title: string;
  stats: IncidentDurationStats;
}) {
  const { label, title, stats } = props;
  const classes = useStyles();
  return (
    <div className={classes.figure}>
      <dt title={title}>{label}</dt>
      <dd>
        {stats.median === null ? (
          <span className={classes.big}>–</span>
        ) : (
          <>
            <span className={classes.big}>{formatDuration(stats.median)}</span>{' '}
            <span className={classes.small}>median</span>
            <div className={classes.small}>
              p90 {formatDuration(stats.p90 ?? stats.median)} · over{' '}
              {stats.count} incident{stats.count === 1 ? '' : 's'}
            </div>
          </>
        )}
      </dd>
    </div>
  );
}

/**
 * Properties of {@link EntityIncidentsCard}.
 *
 * @public
 */
export interface EntityIncidentsCardProps {
  /** Path of the Incidents tab below the entity page; default `incidents`. */
  tabPath?: string;
}

/**
 * Overview card of an entity's incidents: what is open now, counts by
 * severity, MTTA and MTTR, and the last 12 months by severity.
 */
export function EntityIncidentsCard(props: EntityIncidentsCardProps) {
  const { tabPath = 'incidents' } = props;
  const classes = useStyles();
  const { entity } = useEntity();
  const api = useApi(incidentsApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const entityRef = stringifyEntityRef(entity);
  const { severities } = useSeverities();
  const tabLink = `${entityRoute(entityRouteParams(entity))}/${tabPath}`;

  const { value, loading, error } = useAsync(async () => {
    const [stats, open] = await Promise.all([
      api.getStats({ entityRef: [entityRef] }),
      api.listIncidents({
        entityRef: [entityRef],
        status: [...OPEN_INCIDENT_STATUSES],
        limit: OPEN_SHOWN,
      }),
    ]);
    return { stats, open };
  }, [api, entityRef]);

  const deepLink = { title: 'All incidents', link: tabLink };

  let content: JSX.Element;
  if (loading) {
    content = <Progress />;
  } else if (error || !value) {
    content = <ResponseErrorPanel error={error ?? new Error('No data')} />;
  } else if (value.stats.total === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No incidents recorded"
        description={
          <>
            Nothing has gone wrong here yet, or nobody said so.{' '}
            <Link to={tabLink}>Declare an incident</Link> from the Incidents tab
            when it does.
          </>
        }
      />
    );
  } else {
    const { stats, open } = value;
    const severityIds = [
      ...severities.map(s => s.id),
      ...Object.keys(stats.bySeverity).filter(
        id => !severities.some(s => s.id === id),
      ),
    ].filter(id => stats.bySeverity[id]);
    content = (
      <>
        <dl className={classes.figures}>
          <div className={classes.figure}>
            <dt>Open now</dt>
            <dd>
              <span className={classes.big}>{stats.open}</span>{' '}
              <span className={classes.small}>of {stats.total} in total</span>
            </dd>
          </div>
          <DurationFigure
            label="MTTA"
            title="Time to acknowledge, from detection"
            stats={stats.mtta}
          />
          <DurationFigure
            label="MTTR"
            title="Time to resolve, from the start of the impact"
            stats={stats.mttr}
          />
        </dl>

        <Typography
          variant="subtitle2"
          component="h3"
          className={classes.heading}
        >
          Open incidents
        </Typography>
        {open.items.length === 0 ? (
          <Typography color="textSecondary">None right now.</Typography>
        ) : (
          <List dense disablePadding aria-label="Open incidents">
            {open.items.map(incident => (
              <ListItem key={incident.id} className={classes.openItem}>
                <SeverityChip
                  severity={incident.severity}
                  severities={severities}
                />
                <Link to={`${tabLink}/${incident.ref}`}>{incident.ref}</Link>
                <span className={classes.openTitle}>{incident.title}</span>
                <IncidentStatus status={incident.status} />
              </ListItem>
            ))}
            {stats.open > open.items.length && (
              <ListItem className={classes.openItem}>
                <Link to={tabLink}>
                  and {stats.open - open.items.length} more
                </Link>
              </ListItem>
            )}
          </List>
        )}

        <Typography
          variant="subtitle2"
          component="h3"
          className={classes.heading}
        >
          By severity
        </Typography>
        <div
          className={classes.severities}
          role="group"
          aria-label="Incidents by severity"
        >
          {severityIds.map(id => (
            <span key={id} className={classes.severityCount}>
              <SeverityChip severity={id} severities={severities} />
              <span>{stats.bySeverity[id]}</span>
            </span>
          ))}
        </div>

        <Typography
          variant="subtitle2"
          component="h3"
          className={classes.heading}
        >
          Last 12 months
        </Typography>
        <IncidentTrendChart monthly={stats.monthly} severities={severities} />
      </>
    );
  }

  return (
    <InfoCard title="Incidents" deepLink={deepLink}>
      {content}
    </InfoCard>
  );
}
