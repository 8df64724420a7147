import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntityPresentation,
} from '@backstage/plugin-catalog-react';
import { OPEN_INCIDENT_STATUSES } from '@bomizzel/plugin-incidents-common';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { STATUS_LABELS } from '../IncidentStatus';

const useStyles = makeStyles(theme => ({
  banner: { marginBottom: theme.spacing(2) },
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
}));

/** Open incidents named in the banner; the Incidents tab has the rest. */
const SHOWN = 5;

/** Properties of {@link OpenIncidentsBanner}. */
export interface OpenIncidentsBannerProps {
  entity: Entity;
  /** The Incidents tab's path below the entity page; default `incidents`. */
  incidentsTabPath?: string;
}

/**
 * Says, above the runbooks, that an incident is open on the entity, with a
 * link to each open incident in the entity's Incidents tab. Nothing when none
 * is open.
 */
export function OpenIncidentsBanner(props: OpenIncidentsBannerProps) {
  const { entity, incidentsTabPath = 'incidents' } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { primaryTitle } = useEntityPresentation(entity);
  const entityRef = stringifyEntityRef(entity);
  const { value, error } = useAsync(
    () =>
      api.listIncidents({
        entityRef: [entityRef],
        status: [...OPEN_INCIDENT_STATUSES],
        limit: SHOWN,
      }),
    [api, entityRef],
  );

  if (error) {
    return (
      <Alert severity="info" className={classes.banner}>
        Could not check for open incidents on {primaryTitle}: {error.message}
      </Alert>
    );
  }
  const open = value?.items ?? [];
  if (!open.length) return null;
  const tab = `${entityRoute(entityRouteParams(entity))}/${incidentsTabPath}`;
  return (
    <Alert severity="error" className={classes.banner} role="alert">
      <AlertTitle>
        {open.length === 1 && !value?.nextCursor
          ? `An incident is open on ${primaryTitle}`
          : `Incidents are open on ${primaryTitle}`}
      </AlertTitle>
      <ul className={classes.list}>
        {open.map(incident => (
          <li key={incident.id}>
            <Link to={`${tab}/${incident.ref}`}>
              {incident.ref} · {incident.severity} · {incident.title}
            </Link>{' '}
            ({STATUS_LABELS[incident.status].toLocaleLowerCase('en-US')})
          </li>
        ))}
      </ul>
      {value?.nextCursor && <Link to={tab}>All open incidents</Link>}
    </Alert>
  );
}
