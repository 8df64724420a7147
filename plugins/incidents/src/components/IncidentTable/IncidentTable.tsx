import { Link, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  formatDuration,
  Incident,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { IncidentStatus } from '../IncidentStatus';
import { IncidentTime } from '../IncidentTime';
import { ResponseDeadline } from '../ResponseDeadline';
import { SeverityChip } from '../SeverityChip';

const MAX_ENTITIES = 3;

const useStyles = makeStyles(theme => ({
  ref: {
    fontWeight: 700,
    whiteSpace: 'nowrap',
  },
  title: {
    display: 'block',
    marginTop: theme.spacing(0.25),
    overflowWrap: 'anywhere',
  },
  secondary: {
    display: 'block',
    color: theme.palette.text.secondary,
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'nowrap',
  },
  entities: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    '& li': {
      whiteSpace: 'nowrap',
    },
    '& li + li': {
      marginTop: theme.spacing(0.5),
    },
  },
}));

function IncidentCell(props: { incident: Incident; href: string }) {
  const { incident, href } = props;
  const classes = useStyles();
  return (
    <>
      <Link to={href} className={classes.ref}>
        {incident.ref}
      </Link>
      <Typography variant="body2" component="span" className={classes.title}>
        {incident.title}
      </Typography>
    </>
  );
}

function AffectedCell(props: { entityRefs: string[] }) {
  const classes = useStyles();
  const shown = props.entityRefs.slice(0, MAX_ENTITIES);
  const more = props.entityRefs.length - shown.length;
  return (
    <ul className={classes.entities}>
      {shown.map(ref => (
        <li key={ref}>
          <EntityRefLink entityRef={ref} defaultKind="component" />
        </li>
      ))}
      {more > 0 && <li className={classes.secondary}>and {more} more</li>}
    </ul>
  );
}

function WhenCell(props: { incident: Incident }) {
  const { incident } = props;
  const classes = useStyles();
  const start = incident.startedAt ?? incident.detectedAt;
  return (
    <>
      <IncidentTime time={incident.detectedAt} />
      {incident.resolvedAt && (
        <span className={classes.secondary}>
          lasted{' '}
          {formatDuration(Date.parse(incident.resolvedAt) - Date.parse(start))}
        </span>
      )}
    </>
  );
}

/** Properties of {@link IncidentTable}. */
export interface IncidentTableProps {
  title: string;
  incidents: Incident[];
  severities: Severity[];
  loading: boolean;
  emptyContent: ReactNode;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
  /**
   * Where an incident's link leads; by default its reference, relative: the
   * incident view is the Incidents tab's sub-route.
   */
  incidentHref?: (incident: Incident) => string;
}

/** A list of incidents with "Load more" following the API's cursor. */
export function IncidentTable(props: IncidentTableProps) {
  const {
    title,
    incidents,
    severities,
    loading,
    emptyContent,
    hasMore,
    loadingMore,
    onLoadMore,
    incidentHref = (incident: Incident) => incident.ref,
  } = props;

  const columns: TableColumn<Incident>[] = [
    {
      title: 'Incident',
      field: 'title',
      render: incident => (
        <IncidentCell incident={incident} href={incidentHref(incident)} />
      ),
      width: '28%',
    },
    {
      title: 'Severity',
      field: 'severity',
      width: '8%',
      render: incident => (
        <SeverityChip severity={incident.severity} severities={severities} />
      ),
    },
    {
      title: 'Status',
      field: 'status',
      width: '12%',
      render: incident => <IncidentStatus status={incident.status} />,
    },
    {
      title: 'Affected',
      field: 'entityRefs',
      width: '22%',
      render: incident => <AffectedCell entityRefs={incident.entityRefs} />,
    },
    {
      title: 'Detected',
      field: 'detectedAt',
      width: '14%',
      render: incident => <WhenCell incident={incident} />,
    },
    {
      title: 'Response',
      field: 'response',
      width: '16%',
      render: incident => <ResponseDeadline incident={incident} />,
    },
  ];

  return (
    <div>
      <Table<Incident>
        title={title}
        columns={columns}
        // material-table writes its bookkeeping into the rows it is given.
        data={incidents.map(i => ({ ...i }))}
        isLoading={loading}
        emptyContent={
          <Box padding={2} textAlign="center">
            {emptyContent}
          </Box>
        }
        options={{
          paging: false,
          search: false,
          sorting: false,
          draggable: false,
          padding: 'dense',
        }}
      />
      {hasMore && (
        <Box display="flex" justifyContent="center" marginTop={1}>
          <Button
            variant="outlined"
            onClick={onLoadMore}
            disabled={loadingMore}
          >
            {loadingMore ? 'Loading…' : 'Load more'}
          </Button>
        </Box>
      )}
    </div>
  );
}
