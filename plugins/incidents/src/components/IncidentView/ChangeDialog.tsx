import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { ReactNode, RefObject, useState } from 'react';
import { isStaleVersionError, messageOf } from '../../api/errors';
import { useFormDialog } from '../../hooks/useFormDialog';
import { FormDialogActions } from '../FormDialogActions';

/** Properties of {@link ChangeDialog}. */
export interface ChangeDialogProps {
  id: string;
  title: string;
  open: boolean;
  submitLabel: string;
  /** The submit button's text while the change is being sent. */
  submittingLabel?: string;
  onClose(): void;
  /** Puts the fields back to their start on every opening. */
  onOpen?(): void;
  /** Sends the change; throws when the server refused it. */
  onSubmit(): Promise<void>;
  /** Client-side check; a message when the form cannot be sent yet. */
  validate?(): string | undefined;
  /** The field that gets the focus when the dialog opens. */
  initialFocus?: RefObject<HTMLElement>;
  /**
   * Shows a refused change in the form itself (a field's error, a conflict
   * with its own way out); return true when it did, else the dialog shows it.
   */
  onError?(error: unknown): boolean;
  children: ReactNode;
}

/**
 * A dialog around one change of an incident. Its fields are the children, so
 * they keep what the user typed when the server refuses the change: after a
 * conflict (412) the latest incident is loaded behind the dialog and the user
 * sends the same input again.
 */
export function ChangeDialog(props: ChangeDialogProps) {
  const {
    id,
    title,
    open,
    submitLabel,
    submittingLabel,
    onClose,
    onOpen,
    onSubmit,
    validate,
    initialFocus,
    onError,
    children,
  } = props;
  const [invalid, setInvalid] = useState<string>();
  const { submitting, error, submit, close, submitOnCtrlEnter, dialogProps } =
    useFormDialog({
      open,
      onClose: () => {
        setInvalid(undefined);
        onClose();
      },
      onOpen,
      validate: () => {
        const problem = validate?.();
        setInvalid(problem);
        return !problem;
      },
      onSubmit: async () => {
        await onSubmit();
        onClose();
      },
      onError,
      initialFocus,
    });

  return (
    <Dialog
      {...dialogProps}
      maxWidth="sm"
      fullWidth
      aria-labelledby={`${id}-title`}
      // Ctrl+Enter (Cmd+Enter) sends from a multi-line field, where Enter is
      // a new line.
      PaperProps={{ onKeyDown: submitOnCtrlEnter }}
    >
      {/* A flex column like the dialog's paper, so that the content scrolls
          and the actions stay in view. */}
      <form
        onSubmit={submit}
        noValidate
        style={{ display: 'flex', flexDirection: 'column', minHeight: 0 }}
      >
        <DialogTitle id={`${id}-title`}>{title}</DialogTitle>
        <DialogContent dividers>
          {isStaleVersionError(error) ? (
            <Alert severity="warning" role="alert" style={{ marginBottom: 16 }}>
              Someone else changed this incident while you were editing. The
              latest version is now shown behind this dialog; your input below
              is kept. Check it and send it again.
            </Alert>
          ) : (
            !!error && (
              <Alert severity="error" role="alert" style={{ marginBottom: 16 }}>
                {messageOf(error)}
              </Alert>
            )
          )}
          {invalid && (
            <Alert severity="error" role="alert" style={{ marginBottom: 16 }}>
              {invalid}
            </Alert>
          )}
          {children}
        </DialogContent>
        <FormDialogActions
          submitting={submitting}
          onCancel={close}
          submitLabel={submitLabel}
          submittingLabel={submittingLabel}
          showProgress
        />
      </form>
    </Dialog>
  );
}
