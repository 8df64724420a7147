import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { IncidentTrends, Severity } from '@bomizzel/plugin-incidents-common';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { IncidentTrendChart } from '../IncidentTrendChart';
import { BreakdownTable } from './BreakdownTable';
import { ChartDataTable } from './DataTable';
import { ResponseTimeChart } from './ResponseTimeChart';

const useStyles = makeStyles(theme => ({
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))',
    gap: theme.spacing(2),
  },
  tile: {
    padding: theme.spacing(2),
    height: '100%',
  },
  value: {
    fontSize: '2rem',
    fontWeight: 700,
    lineHeight: 1.2,
  },
  warning: {
    color: theme.palette.error.main,
    fontWeight: 700,
  },
}));

function Tile(props: {
  label: string;
  value: string | number;
  detail?: string;
  warning?: string;
}) {
  const classes = useStyles();
  return (
    <Paper
      className={classes.tile}
      variant="outlined"
      component="section"
      aria-label={props.label}
    >
      <Typography variant="overline" color="textSecondary" component="h3">
        {props.label}
      </Typography>
      <div className={classes.value}>{props.value}</div>
      {props.detail && (
        <Typography variant="body2" color="textSecondary">
          {props.detail}
        </Typography>
      )}
      {props.warning && (
        <Typography variant="body2" className={classes.warning}>
          {props.warning}
        </Typography>
      )}
    </Paper>
  );
}

const percent = (part: number, whole: number) =>
  whole ? `${Math.round((part / whole) * 100)}%` : '–';

/** The figures of the trend review, for the period and scope given. */
export function TrendsContent(props: {
  trends: IncidentTrends;
  severities: Severity[];
}) {
  const { trends, severities } = props;
  const classes = useStyles();
  const total = trends.monthly.reduce((sum, m) => sum + m.total, 0);
  const { postmortems, actionItems } = trends;
  const ids = severities.map(s => s.id);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <div className={classes.tiles}>
          <Tile
            label="Incidents"
            value={total}
            detail={`in the last ${trends.months.length} months`}
          />
          <Tile
            label="Post-mortems published"
            value={percent(postmortems.published, postmortems.required)}
            detail={`${postmortems.published} of ${postmortems.required} required`}
            warning={
              postmortems.overdue ? `${postmortems.overdue} overdue` : undefined
            }
          />
          <Tile
            label="Open action items"
            value={actionItems.open}
            detail={`${actionItems.done} done`}
            warning={
              actionItems.overdue ? `${actionItems.overdue} overdue` : undefined
            }
          />
        </div>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Incidents per month" subheader="By severity">
          <IncidentTrendChart
            monthly={trends.monthly}
            severities={severities}
          />
          <ChartDataTable
            caption="Incidents per month by severity"
            headers={['Month', 'Total', ...ids]}
            rows={trends.monthly.map(m => [
              m.month,
              m.total,
              ...ids.map(id => m.bySeverity[id] ?? 0),
            ])}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Time to acknowledge"
          subheader="MTTA: acknowledged − detected"
        >
          <ResponseTimeChart
            monthly={trends.monthly}
            metric="mtta"
            title="Time to acknowledge per month"
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Time to resolve"
          subheader="MTTR: resolved − impact start (else detected)"
        >
          <ResponseTimeChart
            monthly={trends.monthly}
            metric="mttr"
            title="Time to resolve per month"
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="By team">
          <BreakdownTable
            caption="Incidents by team"
            entityLabel="Team"
            defaultKind="group"
            rows={trends.byTeam.map(t => ({ ...t, entityRef: t.ownerRef }))}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="By system">
          <BreakdownTable
            caption="Incidents by system"
            entityLabel="System"
            defaultKind="system"
            rows={trends.bySystem.map(s => ({ ...s, entityRef: s.systemRef }))}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Most affected">
          <BreakdownTable
            caption="Most affected entities"
            entityLabel="Entity"
            defaultKind="component"
            rows={trends.topEntities}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** Loads and shows the trend review. */
export function TrendsView(props: {
  entityRefs: string[];
  months: number;
  severities: Severity[];
}) {
  const { entityRefs, months, severities } = props;
  const api = useApi(incidentsApiRef);
  const key = JSON.stringify(entityRefs);
  const { value, loading, error } = useAsync(
    () =>
      api.getTrends({
        ...(entityRefs.length ? { entityRef: entityRefs } : {}),
        months,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, months],
  );
  if (loading) {
    return <Progress />;
  }
  if (error || !value) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No trends')}
        title="Could not load the trends"
      />
    );
  }
  return <TrendsContent trends={value} severities={severities} />;
}
