import {
  InfoCard,
  Link,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { UpdateIncidentRequest } from '@bomizzel/plugin-incidents-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import Alert from '@material-ui/lab/Alert';
import { ReactNode, useState } from 'react';
import { incidentsApiRef } from '../../api';
import { httpStatusOf, isStaleVersionError, messageOf } from '../../api/errors';
import { useSeverities } from '../../hooks/useSeverities';
import { ChangeSeverityDialog } from './ChangeSeverityDialog';
import { ChangeStatusDialog } from './ChangeStatusDialog';
import { EditIncidentDialog } from './EditIncidentDialog';
import { IncidentHeader } from './IncidentHeader';
import { IncidentTimeline } from './IncidentTimeline';
import { NoteForm } from './NoteForm';
import { IncidentObservabilityLinks } from '../IncidentObservabilityLinks';
import { IncidentEscalationCard } from '../IncidentEscalationCard';
import { IncidentAlertsCard } from '../IncidentAlertsCard';
import { IncidentFollowUp } from '../IncidentPostmortemCard';
import { IncidentStatuspageCard } from '../IncidentStatuspageCard';
import { RunbookMessages } from './RunbookMessages';
import { useIncident } from './useIncident';

const useStyles = makeStyles(theme => ({
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    marginBottom: theme.spacing(2),
  },
  header: {
    padding: theme.spacing(3),
  },
  notice: {
    marginBottom: theme.spacing(2),
  },
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(3),
  },
}));

/**
 * Properties of {@link IncidentView}.
 *
 * @public
 */
export interface IncidentViewProps {
  /** The incident's number or reference (`42`, `INC-42`). */
  incidentId: string;
  /** Where "All incidents" leads; by default the list route above this one. */
  backTo?: string;
  /**
   * hook: links to follow while responding. The entity's runbook links go
   * here today; the runbooks tab and the observability links (dashboards,
   * traces, status page) will be passed in here too.
   */
  relatedLinks?: ReactNode;
}

/**
 * One incident: its header and milestones, the description, the timeline,
 * the runbook's messages to copy, and the actions of the lifecycle.
 *
 * Changes are sent with the version last read (If-Match). When someone else
 * changed the incident meanwhile (412), the latest version is loaded and the
 * user's unsent input is kept to send again.
 */
export function IncidentView(props: IncidentViewProps) {
  const { incidentId, backTo = '..', relatedLinks } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const { severities } = useSeverities();
  const state = useIncident(incidentId);
  const { incident, events, messages, reload, applyChange } = state;
  const [dialog, setDialog] = useState<'status' | 'severity' | 'edit'>();
  const [notice, setNotice] = useState<{
    severity: 'warning' | 'error' | 'info';
    text: string;
  }>();
  const [acknowledging, setAcknowledging] = useState(false);

  if (state.loading) {
    return <Progress />;
  }
  if (state.error || !incident) {
    return (
      <>
        <Link to={backTo} className={classes.back}>
          <ArrowBackIcon fontSize="small" /> All incidents
        </Link>
        <ResponseErrorPanel
          error={state.error ?? new Error(`No incident ${incidentId}`)}
          title={
            httpStatusOf(state.error) === 404
              ? `There is no incident ${incidentId}`
              : undefined
          }
        />
      </>
    );
  }

  /** Sends a change made against the version on screen. */
  const update = async (changes: UpdateIncidentRequest) => {
    try {
      await applyChange(
        await api.updateIncident(incident.id, changes, {
          version: incident.version,
        }),
      );
      setNotice(undefined);
    } catch (error) {
      if (isStaleVersionError(error) || httpStatusOf(error) === 409) {
        await reload().catch(() => undefined);
      }
      throw error;
    }
  };

  const acknowledge = async () => {
    setAcknowledging(true);
    try {
      await update({ acknowledge: true });
    } catch (error) {
      if (isStaleVersionError(error)) {
        setNotice({
          severity: 'warning',
          text: `Someone else changed ${incident.ref} meanwhile. The latest version is shown; acknowledge again if it still needs it.`,
        });
      } else if (httpStatusOf(error) === 409) {
        setNotice({ severity: 'info', text: messageOf(error) });
      } else {
        setNotice({ severity: 'error', text: messageOf(error) });
      }
    } finally {
      setAcknowledging(false);
    }
  };

  const addNote = async (message: string) => {
    const result = await api.createIncidentEvent(incident.id, {
      type: 'note',
      message,
    });
    await applyChange(result.incident);
  };

  const actions = (
    <>
      {!incident.acknowledgedAt && (
        <Button
          variant="contained"
          color="primary"
          onClick={acknowledge}
          disabled={acknowledging}
        >
          Acknowledge
        </Button>
      )}
      <Button
        variant="outlined"
        color="primary"
        onClick={() => setDialog('status')}
      >
        Change status
      </Button>
      <Button variant="outlined" onClick={() => setDialog('severity')}>
        Change severity
      </Button>
      <Button variant="outlined" onClick={() => setDialog('edit')}>
        Edit
      </Button>
    </>
  );

  return (
    <>
      <Link to={backTo} className={classes.back}>
        <ArrowBackIcon fontSize="small" /> All incidents
      </Link>
      {notice && (
        <Alert
          severity={notice.severity}
          className={classes.notice}
          role="alert"
          onClose={() => setNotice(undefined)}
        >
          {notice.text}
        </Alert>
      )}
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <Paper
            className={classes.header}
            component="section"
            aria-label={`Summary of ${incident.ref}`}
          >
            <IncidentHeader
              incident={incident}
              severities={severities}
              actions={actions}
              onAssignCommander={() => setDialog('edit')}
            />
          </Paper>
        </Grid>
        <Grid item xs={12} md={8}>
          <div className={classes.stack}>
            <InfoCard title="Description">
              {incident.description.trim() ? (
                <MarkdownContent content={incident.description} />
              ) : (
                <Typography color="textSecondary">No description.</Typography>
              )}
            </InfoCard>
            <InfoCard title="Timeline">
              <IncidentTimeline events={events} severities={severities} />
              <NoteForm onSubmit={addNote} />
            </InfoCard>
            <IncidentFollowUp incident={incident} />
          </div>
        </Grid>
        <Grid item xs={12} md={4}>
          <div className={classes.stack}>
            {incident.status !== 'RESOLVED' && (
              <IncidentEscalationCard
                incident={incident}
                escalatedEvents={
                  events.filter(e => e.type === 'escalated').length
                }
                onEscalated={reload}
              />
            )}
            <IncidentAlertsCard incident={incident} />
            {relatedLinks && (
              <InfoCard title="Runbooks and links">{relatedLinks}</InfoCard>
            )}
            <IncidentObservabilityLinks incident={incident} />
            <IncidentStatuspageCard incident={incident} onPublished={reload} />
            <InfoCard
              title="Status messages"
              subheader="The runbook's templates, filled in from this incident"
            >
              <RunbookMessages
                messages={messages.value}
                loading={messages.loading}
                error={messages.error}
              />
            </InfoCard>
          </div>
        </Grid>
      </Grid>
      <ChangeStatusDialog
        incident={incident}
        open={dialog === 'status'}
        onClose={() => setDialog(undefined)}
        onSubmit={update}
      />
      <ChangeSeverityDialog
        incident={incident}
        severities={severities}
        open={dialog === 'severity'}
        onClose={() => setDialog(undefined)}
        onSubmit={update}
      />
      <EditIncidentDialog
        incident={incident}
        open={dialog === 'edit'}
        onClose={() => setDialog(undefined)}
        onChanged={applyChange}
      />
    </>
  );
}
