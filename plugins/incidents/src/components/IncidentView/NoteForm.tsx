import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { FormEvent, KeyboardEvent, useState } from 'react';
import { messageOf } from '../../api/errors';

/** Adds a note to the timeline; Ctrl+Enter sends. */
export function NoteForm(props: { onSubmit(message: string): Promise<void> }) {
  const { onSubmit } = props;
  const [message, setMessage] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<Error>();

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!message.trim() || sending) return;
    setSending(true);
    setError(undefined);
    try {
      await onSubmit(message.trim());
      setMessage('');
    } catch (e) {
      setError(e as Error);
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      {error && (
        <Alert severity="error" role="alert">
          The note was not added: {messageOf(error)}
        </Alert>
      )}
      <TextField
        id="incident-note"
        label="Add a note"
        placeholder="What you see, what you try"
        value={message}
        onChange={e => setMessage(e.target.value)}
        onKeyDown={onKeyDown}
        multiline
        minRows={2}
        maxRows={10}
        fullWidth
        variant="outlined"
        margin="dense"
        helperText="Ctrl+Enter sends"
      />
      <Button
        type="submit"
        variant="outlined"
        color="primary"
        disabled={sending || !message.trim()}
      >
        Add note
      </Button>
    </form>
  );
}
