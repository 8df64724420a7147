import { InfoCard, LinkButton, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Incident } from '@bomizzel/plugin-incidents-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { messageOf } from '../../api/errors';
import { ActionItemList } from '../ActionItemList';
import { IncidentTime } from '../IncidentTime';
import { PostmortemDue, PostmortemStatusChip } from '../PostmortemStatus';
import { LoadErrorAlert } from '../LoadErrorAlert';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  action: { marginTop: theme.spacing(1) },
}));

/**
 * The incident's post-mortem: whether it is required, when it is due (a
 * prominent flag once overdue), its review state, and the way to the editor
 * at `<incident>/postmortem`.
 */
export function IncidentPostmortemCard(props: { incident: Incident }) {
  const { incident } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getPostmortem(incident.id),
    // Resolution sets the due time: read again after every change.
    [api, incident.id, incident.version],
  );

  let content;
  if (!value && loading) {
    content = <Progress />;
  } else if (!value) {
    content = (
      <LoadErrorAlert onRetry={retry}>
        Could not load the post-mortem: {messageOf(error)}
      </LoadErrorAlert>
    );
  } else {
    const status = value.exists ? value.status : 'missing';
    content = (
      <>
        <div className={classes.row}>
          <PostmortemStatusChip status={status} />
          <Typography variant="body2" component="span">
            <PostmortemDue
              required={value.required}
              dueAt={value.dueAt}
              overdue={value.overdue}
              status={status}
              severity={incident.severity}
            />
          </Typography>
        </div>
        {value.exists && value.updatedAt && (
          <Typography variant="body2" color="textSecondary">
            <IncidentTime time={value.updatedAt} prefix="Last saved" />
          </Typography>
        )}
        <LinkButton
          to="postmortem"
          variant={value.exists ? 'outlined' : 'contained'}
          color="primary"
          className={classes.action}
        >
          {value.exists ? 'Open post-mortem' : 'Write post-mortem'}
        </LinkButton>
      </>
    );
  }
  return (
    <section aria-label="Post-mortem">
      <InfoCard title="Post-mortem">{content}</InfoCard>
    </section>
  );
}

/**
 * What follows an incident, for its page: the post-mortem card and the
 * incident's action items.
 */
export function IncidentFollowUp(props: { incident: Incident }) {
  const { incident } = props;
  return (
    <>
      <IncidentPostmortemCard incident={incident} />
      <section aria-label="Action items">
        <InfoCard title="Action items">
          <ActionItemList
            request={{ incidentId: incident.id }}
            incidentId={incident.id}
          />
        </InfoCard>
      </section>
    </>
  );
}
