import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ContentHeader,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntityPresentation } from '@backstage/plugin-catalog-react';
import {
  IncidentStatus,
  ListIncidentsRequest,
  OPEN_INCIDENT_STATUSES,
} from '@bomizzel/plugin-incidents-common';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useIncidentPages } from '../../hooks/useIncidentPages';
import { useSeverities } from '../../hooks/useSeverities';
import { DeclareIncidentDialog } from '../DeclareIncidentDialog';
import { IncidentFilters } from './IncidentFilters';
import { IncidentTable } from '../IncidentTable';
import { useIncidentFilters } from './useIncidentFilters';

const useStyles = makeStyles(theme => ({
  filters: {
    padding: theme.spacing(2),
    marginBottom: theme.spacing(3),
  },
  section: {
    marginBottom: theme.spacing(3),
  },
}));

/** Properties of {@link EntityIncidentList}. */
export interface EntityIncidentListProps {
  entity: Entity;
  /** History page size. */
  pageSize?: number;
}

/**
 * The incidents of an entity: the active ones first, then the history, both
 * filtered by the same status, severity, time range and text filters.
 */
export function EntityIncidentList(props: EntityIncidentListProps) {
  const { entity, pageSize = 20 } = props;
  const classes = useStyles();
  const navigate = useNavigate();
  const entityRef = stringifyEntityRef(entity);
  const { primaryTitle } = useEntityPresentation(entity);
  const { severities, error: severitiesError } = useSeverities();
  const { filters, from, setFilters } = useIncidentFilters();
  const [declaring, setDeclaring] = useState(false);

  const base: ListIncidentsRequest = {
    entityRef: [entityRef],
    ...(filters.severity.length ? { severity: filters.severity } : {}),
    ...(from ? { from } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
  const wanted = (statuses: readonly IncidentStatus[]) =>
    filters.status.length
      ? statuses.filter(s => filters.status.includes(s))
      : [...statuses];
  const activeStatuses = wanted(OPEN_INCIDENT_STATUSES);
  const historyStatuses = wanted(['RESOLVED']);

  const active = useIncidentPages(
    activeStatuses.length
      ? { ...base, status: activeStatuses, limit: 50 }
      : undefined,
  );
  const history = useIncidentPages(
    historyStatuses.length
      ? { ...base, status: historyStatuses, limit: pageSize }
      : undefined,
  );

  const filtered =
    filters.status.length > 0 ||
    filters.severity.length > 0 ||
    filters.range !== 'all' ||
    filters.q !== '';
  const loading = active.loading || history.loading;
  const error = active.error ?? history.error ?? severitiesError;
  const nothingYet =
    !loading &&
    !error &&
    !filtered &&
    active.items.length === 0 &&
    history.items.length === 0;

  const declareButton = (
    <Button
      variant="contained"
      color="primary"
      startIcon={<AddIcon />}
      onClick={() => setDeclaring(true)}
    >
      Declare incident
    </Button>
  );

  let body: JSX.Element;
  if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (loading && !active.items.length && !history.items.length) {
    body = <Progress />;
  } else if (nothingYet) {
    body = (
      <EmptyState
        missing="data"
        title={`No incidents for ${primaryTitle}`}
        description="When something goes wrong, declare an incident here: the team sees it, the response clock starts and the runbook's messages are ready to send."
        action={declareButton}
      />
    );
  } else {
    body = (
      <>
        <Paper className={classes.filters}>
          <IncidentFilters
            filters={filters}
            severities={severities}
            onChange={setFilters}
          />
        </Paper>
        {activeStatuses.length > 0 && (
          <section className={classes.section} aria-label="Active incidents">
            <IncidentTable
              title="Active incidents"
              incidents={active.items}
              severities={severities}
              loading={active.loading}
              emptyContent={
                filtered
                  ? 'No active incidents match the filters.'
                  : 'No active incidents.'
              }
              hasMore={active.hasMore}
              loadingMore={active.loadingMore}
              onLoadMore={active.loadMore}
            />
          </section>
        )}
        {historyStatuses.length > 0 && (
          <section className={classes.section} aria-label="History">
            <IncidentTable
              title="History"
              incidents={history.items}
              severities={severities}
              loading={history.loading}
              emptyContent={
                filtered
                  ? 'No resolved incidents match the filters.'
                  : 'No resolved incidents yet.'
              }
              hasMore={history.hasMore}
              loadingMore={history.loadingMore}
              onLoadMore={history.loadMore}
            />
          </section>
        )}
      </>
    );
  }

  return (
    <>
      <ContentHeader title="Incidents">{declareButton}</ContentHeader>
      {body}
      <DeclareIncidentDialog
        open={declaring}
        onClose={() => setDeclaring(false)}
        initialEntityRefs={[entityRef]}
        onDeclared={incident => {
          setDeclaring(false);
          // Relative to the tab: opens the incident's sub-route.
          navigate(incident.ref);
        }}
      />
    </>
  );
}
