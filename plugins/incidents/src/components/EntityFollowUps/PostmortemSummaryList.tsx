import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { PostmortemSummary } from '@bomizzel/plugin-incidents-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { messageOf } from '../../api/errors';
import { PostmortemDue, PostmortemStatusChip } from '../PostmortemStatus';
import { LoadErrorAlert } from '../LoadErrorAlert';

const useStyles = makeStyles(theme => ({
  primary: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/** Missing or overdue: what the entity's owners still owe. */
function needsAttention(summary: PostmortemSummary): boolean {
  return summary.required && (summary.status === 'missing' || summary.overdue);
}

/**
 * The post-mortems the entities still owe (a Group's or System's roll up):
 * required ones not started, and those past their due time, overdue first.
 * Each links to its editor, relative to the current route.
 */
export function PostmortemSummaryList(props: { entityRef: string }) {
  const { entityRef } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      (
        await api.listPostmortems({
          entityRef: [entityRef],
          status: ['missing', 'draft', 'in_review'],
        })
      )
        .filter(needsAttention)
        .sort(
          (a, b) =>
            Number(b.overdue) - Number(a.overdue) ||
            (a.dueAt ?? '').localeCompare(b.dueAt ?? ''),
        ),
    [api, entityRef],
  );

  if (!value && loading) return <Progress />;
  if (!value) {
    return (
      <LoadErrorAlert onRetry={retry}>
        Could not load the post-mortems: {messageOf(error)}
      </LoadErrorAlert>
    );
  }
  if (!value.length) {
    return (
      <Typography color="textSecondary">
        No post-mortems missing or overdue.
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="Post-mortems to write">
      {value.map(summary => (
        <ListItem key={summary.incidentId} disableGutters divider>
          <ListItemText
            primaryTypographyProps={{ component: 'div' }}
            secondaryTypographyProps={{ component: 'div' }}
            primary={
              <span className={classes.primary}>
                <Link to={`${summary.incidentRef}/postmortem`}>
                  {summary.incidentRef}: {summary.incidentTitle}
                </Link>
                <PostmortemStatusChip status={summary.status} />
              </span>
            }
            secondary={
              <PostmortemDue
                required={summary.required}
                dueAt={summary.dueAt}
                overdue={summary.overdue}
                status={summary.status}
                severity={summary.severity}
              />
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
