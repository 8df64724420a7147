import { Content, Header, Page } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useSeverities } from '../../hooks/useSeverities';
import { UnmappedAlerts } from '../UnmappedAlerts';
import { ActiveIncidents } from './ActiveIncidents';
import { TrendsFilterBar } from './TrendsFilterBar';
import { TrendsView } from './TrendsView';
import { useTrendsFilters } from './useTrendsFilters';

const useStyles = makeStyles(theme => ({
  section: {
    marginBottom: theme.spacing(4),
  },
  heading: {
    marginBottom: theme.spacing(2),
  },
}));

/**
 * The portal's incidents page: the active incidents of the whole catalog,
 * then the monthly trend review. Filtered to one team or one system; the
 * filters live in the URL.
 */
export function IncidentsPageContent() {
  const classes = useStyles();
  const { filters, setFilters, entityRefs } = useTrendsFilters();
  const { severities } = useSeverities();
  return (
    <Content>
      <TrendsFilterBar
        filters={filters}
        // One scope at a time: a team's incidents or a system's.
        onChange={changes =>
          setFilters({
            ...changes,
            ...(changes.team ? { system: null } : {}),
            ...(changes.system ? { team: null } : {}),
          })
        }
      />
      <section className={classes.section} aria-label="Active incidents">
        <ActiveIncidents entityRefs={entityRefs} severities={severities} />
      </section>
      {!entityRefs.length && <UnmappedAlerts className={classes.section} />}
      <section className={classes.section} aria-labelledby="trends-heading">
        <Typography
          variant="h5"
          id="trends-heading"
          className={classes.heading}
        >
          Trends
        </Typography>
        <TrendsView
          entityRefs={entityRefs}
          months={filters.months}
          severities={severities}
        />
      </section>
    </Content>
  );
}

/** The incidents page with its header, for apps on the legacy frontend system. */
export function IncidentsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Incidents"
        subtitle="What is burning now, and how the last months went"
      />
      <IncidentsPageContent />
    </Page>
  );
}
