import {
  formatDuration,
  Incident,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import TextField from '@material-ui/core/TextField';
import { useEffect, useRef, useState } from 'react';
import { ChangeDialog } from './ChangeDialog';

function describeLevel(level: Severity) {
  return `${level.id} · ${level.name}: ${
    level.description
  } (respond within ${formatDuration(level.responseMinutes * 60_000)})`;
}

/** Raises or lowers an incident's severity, with an optional reason. */
export function ChangeSeverityDialog(props: {
  incident: Incident;
  severities: Severity[];
  open: boolean;
  onClose(): void;
  onSubmit(change: { severity: string; message?: string }): Promise<void>;
}) {
  const { incident, severities, open, onClose, onSubmit } = props;
  const [severity, setSeverity] = useState(incident.severity);
  const [message, setMessage] = useState('');
  const select = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    if (open) {
      setSeverity(incident.severity);
      setMessage('');
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const level = severities.find(s => s.id === severity);

  return (
    <ChangeDialog
      id="change-severity"
      title={`Change the severity of ${incident.ref}`}
      open={open}
      submitLabel="Change severity"
      onClose={onClose}
      initialFocus={select}
      validate={() =>
        severity === incident.severity
          ? `${incident.ref} is already ${severity}.`
          : undefined
      }
      onSubmit={() =>
        onSubmit({
          severity,
          ...(message.trim() ? { message: message.trim() } : {}),
        })
      }
    >
      <TextField
        id="change-severity-select"
        select
        label="Severity"
        value={severity}
        onChange={e => setSeverity(e.target.value)}
        SelectProps={{ native: true }}
        inputRef={select}
        fullWidth
        variant="outlined"
        margin="dense"
        helperText={
          level?.examples.length
            ? `For example: ${level.examples.join(', ')}`
            : undefined
        }
      >
        {severities.map(s => (
          <option key={s.id} value={s.id}>
            {describeLevel(s)}
            {s.id === incident.severity ? ' (current)' : ''}
          </option>
        ))}
      </TextField>
      <TextField
        id="change-severity-message"
        label="Reason (optional)"
        value={message}
        onChange={e => setMessage(e.target.value)}
        multiline
        minRows={2}
        maxRows={8}
        fullWidth
        variant="outlined"
        margin="dense"
        helperText="Recorded on the timeline. Ctrl+Enter sends."
      />
    </ChangeDialog>
  );
}
