import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { GetLinksResponse, Incident } from '@bomizzel/plugin-incidents-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { messageOf } from '../../api/errors';
import { formatAbsoluteTime } from '../IncidentTime';
import { formatIncidentWindow } from './incidentWindow';
import { LinkGroups } from '../LinkGroups';

const useStyles = makeStyles(theme => ({
  window: {
    marginBottom: theme.spacing(2),
  },
  entity: {
    '& + &': {
      marginTop: theme.spacing(3),
    },
  },
  entityHeading: {
    marginBottom: theme.spacing(1),
  },
}));

type EntityLinks =
  | { entityRef: string; response: GetLinksResponse }
  | { entityRef: string; error: unknown };

/** Properties of {@link IncidentObservabilityLinks}. */
export interface IncidentObservabilityLinksProps {
  incident: Incident;
}

/**
 * "Investigate": the dashboards, traces and logs of the incident's affected
 * entities, scoped by the backend to the incident's window (a margin before
 * its start to a margin after its resolution, or now).
 */
export function IncidentObservabilityLinks(
  props: IncidentObservabilityLinksProps,
) {
  const { incident } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const refsKey = incident.entityRefs.join('\n');

  // The window ends at the resolution, so a change of it asks again.
  const { value, loading } = useAsync(
    () =>
      Promise.all(
        incident.entityRefs.map(
          (entityRef): Promise<EntityLinks> =>
            api
              .getLinks({ entityRef, incidentId: incident.id })
              .then(response => ({ entityRef, response }))
              .catch(error => ({ entityRef, error })),
        ),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, incident.id, refsKey, incident.resolvedAt],
  );

  let content: JSX.Element;
  if (loading || !value) {
    content = <Progress />;
  } else {
    const shown = value.filter(
      e => 'error' in e || e.response.groups.some(g => g.links.length),
    );
    const window = value
      .map(e => ('response' in e ? e.response.window : undefined))
      .find(Boolean);
    content = (
      <>
        {window && (
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.window}
            title={`${formatAbsoluteTime(window.from)} – ${formatAbsoluteTime(
              window.to,
            )}`}
          >
            Scoped to the incident:{' '}
            <strong>{formatIncidentWindow(incident, window)}</strong>
          </Typography>
        )}
        {shown.length === 0 && (
          <Typography color="textSecondary">
            The affected entities have no observability links.
          </Typography>
        )}
        {shown.map(entry => (
          <section
            key={entry.entityRef}
            className={classes.entity}
            aria-label={`Links of ${entry.entityRef}`}
          >
            {incident.entityRefs.length > 1 && (
              <Typography
                variant="subtitle2"
                component="h3"
                className={classes.entityHeading}
              >
                <EntityRefLink entityRef={entry.entityRef} />
              </Typography>
            )}
            {'error' in entry ? (
              <Typography variant="body2" color="error">
                The links of {entry.entityRef} could not be loaded:{' '}
                {messageOf(entry.error)}
              </Typography>
            ) : (
              <LinkGroups
                groups={entry.response.groups.filter(g => g.links.length)}
                headingLevel={incident.entityRefs.length > 1 ? 'h4' : 'h3'}
              />
            )}
          </section>
        ))}
      </>
    );
  }

  return (
    <InfoCard
      title="Investigate"
      subheader="Dashboards, traces and logs of the affected entities during the incident"
    >
      {content}
    </InfoCard>
  );
}
