import {
  Incident,
  INCIDENT_STATUSES,
  IncidentStatus,
} from '@bomizzel/plugin-incidents-common';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useRef, useState } from 'react';
import { STATUS_DESCRIPTIONS, STATUS_LABELS } from '../IncidentStatus';
import { ChangeDialog } from './ChangeDialog';

function nextStatus(current: IncidentStatus): IncidentStatus {
  const index = INCIDENT_STATUSES.indexOf(current);
  return INCIDENT_STATUSES[Math.min(index + 1, INCIDENT_STATUSES.length - 1)];
}

/** Moves an incident along the runbook's lifecycle, with a required message. */
export function ChangeStatusDialog(props: {
  incident: Incident;
  open: boolean;
  onClose(): void;
  onSubmit(change: { status: IncidentStatus; message: string }): Promise<void>;
}) {
  const { incident, open, onClose, onSubmit } = props;
  const [status, setStatus] = useState<IncidentStatus>(
    nextStatus(incident.status),
  );
  const [message, setMessage] = useState('');
  const messageInput = useRef<HTMLTextAreaElement>(null);

  // A new opening starts from the step after the current one; while open, a
  // reload after a conflict must not overwrite what the user chose.
  useEffect(() => {
    if (open) {
      setStatus(nextStatus(incident.status));
      setMessage('');
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const reopening = incident.status === 'RESOLVED' && status !== 'RESOLVED';

  return (
    <ChangeDialog
      id="change-status"
      title={`Change the status of ${incident.ref}`}
      open={open}
      submitLabel="Change status"
      onClose={onClose}
      initialFocus={messageInput}
      validate={() => {
        if (status === incident.status) {
          return `${incident.ref} is already ${STATUS_LABELS[status]}.`;
        }
        return message.trim() ? undefined : 'Say what happened.';
      }}
      onSubmit={() => onSubmit({ status, message: message.trim() })}
    >
      <Stepper
        activeStep={INCIDENT_STATUSES.indexOf(status)}
        alternativeLabel
        aria-label="Lifecycle"
        style={{ padding: '8px 0 16px' }}
      >
        {INCIDENT_STATUSES.map(step => (
          <Step key={step} completed={false}>
            <StepLabel
              optional={
                step === incident.status ? (
                  <Typography variant="caption" display="block" align="center">
                    current
                  </Typography>
                ) : undefined
              }
            >
              {STATUS_LABELS[step]}
            </StepLabel>
          </Step>
        ))}
      </Stepper>
      <TextField
        id="change-status-select"
        select
        label="New status"
        value={status}
        onChange={e => setStatus(e.target.value as IncidentStatus)}
        SelectProps={{ native: true }}
        fullWidth
        variant="outlined"
        margin="dense"
        helperText={
          reopening
            ? 'Leaving Resolved reopens the incident.'
            : STATUS_DESCRIPTIONS[status]
        }
      >
        {INCIDENT_STATUSES.map((step, index) => (
          <option key={step} value={step} disabled={step === incident.status}>
            {`${index + 1}. ${STATUS_LABELS[step]}`}
            {step === incident.status ? ' (current)' : ''}
          </option>
        ))}
      </TextField>
      <TextField
        id="change-status-message"
        label="Message"
        placeholder={
          status === 'RESOLVED'
            ? 'What was done to fix it'
            : 'What you found, what happens next'
        }
        helperText="Recorded on the timeline and used in the status messages. Ctrl+Enter sends."
        value={message}
        onChange={e => setMessage(e.target.value)}
        required
        inputRef={messageInput}
        multiline
        minRows={3}
        maxRows={10}
        fullWidth
        variant="outlined"
        margin="dense"
      />
    </ChangeDialog>
  );
}
