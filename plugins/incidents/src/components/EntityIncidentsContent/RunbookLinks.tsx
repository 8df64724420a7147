import { Entity } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';

/** The entity's links of type `runbook` (catalog `metadata.links`). */
export function runbookLinksOf(entity: Entity) {
  return (entity.metadata.links ?? []).filter(
    link => link.type?.toLocaleLowerCase('en-US') === 'runbook',
  );
}

/**
 * Links to follow while responding to an incident of the entity.
 *
 * hook: today the entity's runbook links; the runbooks tab (rendered
 * runbooks) and observability links (dashboards, traces, status page) will be
 * added here when those features land.
 */
export function RunbookLinks(props: { entity: Entity }) {
  const links = runbookLinksOf(props.entity);
  if (!links.length) {
    return null;
  }
  return (
    <List dense disablePadding>
      {links.map(link => (
        <ListItem key={link.url} disableGutters>
          <ListItemText
            primary={<Link to={link.url}>{link.title ?? link.url}</Link>}
          />
        </ListItem>
      ))}
    </List>
  );
}
