import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Incident,
  StatuspagePublication,
} from '@bomizzel/plugin-incidents-common';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { messageOf } from '../../api/errors';
import { IncidentTime } from '../IncidentTime';

const useStyles = makeStyles(theme => ({
  stack: { display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) },
  preview: { margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr' },
  row: { display: 'contents' },
  term: { color: theme.palette.text.secondary, paddingRight: theme.spacing(2) },
  value: { margin: 0, overflowWrap: 'anywhere' },
}));

function buttonLabel(state: StatuspagePublication, publishing: boolean) {
  if (publishing) return 'Publishing…';
  if (!state.published) return 'Publish to status page';
  return state.changedSincePublication
    ? 'Update status page'
    : 'Post message to status page';
}

function PublishedOn(props: { state: StatuspagePublication }) {
  const { state } = props;
  const page = state.page?.name ?? 'the status page';
  if (!state.published) {
    return (
      <Typography variant="body2">
        Not published on <strong>{page}</strong> yet.
      </Typography>
    );
  }
  return (
    <Typography variant="body2">
      Published on <strong>{page}</strong>
      {state.shortlink && (
        <>
          {' '}
          as <Link to={state.shortlink}>{state.shortlink}</Link>
        </>
      )}
      {state.publishedAt && (
        <>
          {' '}
          · <IncidentTime time={state.publishedAt} prefix="last" />
        </>
      )}
      {state.changedSincePublication && (
        <> · the incident changed since (was {state.publishedStatus})</>
      )}
    </Typography>
  );
}

/**
 * Publishes the incident to the Atlassian Statuspage page of its entities:
 * where it is published, what would be sent, the message to edit before
 * sending. Hidden when no configured page covers the incident's entities.
 */
export function IncidentStatuspageCard(props: {
  incident: Incident;
  /** Called after a publication or a failed attempt (both reach the timeline). */
  onPublished?: () => void;
}) {
  const { incident, onPublished } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getIncidentStatuspage(incident.id),
    [api, incident.id, incident.version],
  );
  // The person's text, kept while the template it started from is current.
  const [edited, setEdited] = useState<{ from: string; text: string }>();
  const [publishing, setPublishing] = useState(false);
  const [publishError, setPublishError] = useState<string>();

  if (value && !value.available) {
    return null;
  }
  let content;
  if (!value && loading) {
    content = <Progress />;
  } else if (!value) {
    content = (
      <Alert severity="error">
        Could not load the status page: {messageOf(error)}
      </Alert>
    );
  } else {
    const preview = value.preview!;
    const message =
      edited && edited.from === preview.message ? edited.text : preview.message;
    const publish = async () => {
      setPublishing(true);
      setPublishError(undefined);
      try {
        await api.publishIncidentStatuspage(
          incident.id,
          message === preview.message ? {} : { message },
        );
        setEdited(undefined);
      } catch (e) {
        setPublishError(messageOf(e));
      } finally {
        setPublishing(false);
        retry();
        onPublished?.();
      }
    };
    const rows: Array<[string, string]> = [
      ['Name', preview.name],
      ['Status', preview.status],
      ['Impact', preview.impact],
      [
        'Components',
        preview.componentIds.length
          ? `${preview.componentIds.join(', ')} → ${preview.componentStatus}`
          : 'none',
      ],
    ];
    content = (
      <div className={classes.stack}>
        <PublishedOn state={value} />
        {value.lastError && !publishError && (
          <Alert severity="warning">
            Last attempt failed: {value.lastError}
          </Alert>
        )}
        <dl className={classes.preview} aria-label="Status page preview">
          {rows.map(([term, text]) => (
            <div key={term} className={classes.row}>
              <dt className={classes.term}>{term}</dt>
              <dd className={classes.value}>{text}</dd>
            </div>
          ))}
        </dl>
        <TextField
          id={`statuspage-message-${incident.id}`}
          label="Message"
          multiline
          minRows={4}
          maxRows={14}
          variant="outlined"
          fullWidth
          value={message}
          onChange={e =>
            setEdited({ from: preview.message, text: e.target.value })
          }
          error={!message.trim()}
          helperText={
            message.trim()
              ? `From the runbook's ${preview.messageId} template; edit before sending.`
              : 'The message cannot be empty.'
          }
        />
        {publishError && (
          <Alert severity="error" role="alert">
            {publishError}
          </Alert>
        )}
        <div>
          <Button
            variant="contained"
            color="primary"
            onClick={publish}
            disabled={publishing || !message.trim()}
          >
            {buttonLabel(value, publishing)}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <InfoCard
      title="Status page"
      subheader={
        value?.page ? `Public communication on ${value.page.name}` : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
