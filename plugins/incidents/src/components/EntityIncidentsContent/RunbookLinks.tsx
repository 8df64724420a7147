import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { runbookHref } from '../../runbookHref';

/** The entity's links of type `runbook` (catalog `metadata.links`). */
function runbookLinksOf(entity: Entity) {
  return (entity.metadata.links ?? []).filter(
    link => link.type?.toLocaleLowerCase('en-US') === 'runbook',
  );
}

/** Properties of {@link RunbookLinks}. */
export interface RunbookLinksProps {
  entity: Entity;
  /** The Runbooks tab's path below the entity page; default `runbooks`. */
  runbooksTabPath?: string;
}

/**
 * Runbooks to follow while responding to an incident of the entity: those
 * the runbook index knows for it, opened in the entity's Runbooks tab, then
 * its catalog links of type `runbook`.
 */
export function RunbookLinks(props: RunbookLinksProps) {
  const { entity, runbooksTabPath = 'runbooks' } = props;
  const api = useApi(incidentsApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const entityRef = stringifyEntityRef(entity);
  const links = runbookLinksOf(entity);
  const tab = `${entityRoute(entityRouteParams(entity))}/${runbooksTabPath}`;
  const { value, loading, error } = useAsync(
    () => api.listRunbooks({ entityRef }),
    [api, entityRef],
  );
  const runbooks = value?.items ?? [];

  return (
    <>
      {loading && <Progress />}
      {error && (
        <Typography variant="body2" color="error">
          Could not list the runbooks: {error.message}
        </Typography>
      )}
      {!loading && !error && !runbooks.length && !links.length && (
        <Typography variant="body2" color="textSecondary">
          No runbooks are known for this entity.
        </Typography>
      )}
      <List dense disablePadding aria-label="Runbooks">
        {runbooks.map(runbook => (
          <ListItem key={runbook.path} disableGutters>
            <ListItemText
              primary={
                <Link to={runbookHref(tab, runbook.path)}>{runbook.title}</Link>
              }
              secondary={runbook.stale ? 'Not reviewed recently' : undefined}
            />
          </ListItem>
        ))}
        {links.map(link => (
          <ListItem key={link.url} disableGutters>
            <ListItemText
              primary={<Link to={link.url}>{link.title ?? link.url}</Link>}
            />
          </ListItem>
        ))}
      </List>
      {runbooks.length > 0 && <Link to={tab}>All runbooks of the entity</Link>}
    </>
  );
}
