import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import DialogActions from '@material-ui/core/DialogActions';

/** Properties of {@link FormDialogActions}. */
export interface FormDialogActionsProps {
  /** While the form is sent (`useFormDialog`), both buttons are disabled. */
  submitting: boolean;
  /** Cancel: `close` of `useFormDialog`. */
  onCancel(): void;
  submitLabel: string;
  /** The submit button's text while the form is being sent. */
  submittingLabel?: string;
  /** A spinner in the submit button, and `aria-busy` on it, while sending. */
  showProgress?: boolean;
}

/** Cancel and submit at the foot of a form dialog. */
export function FormDialogActions(props: FormDialogActionsProps) {
  const {
    submitting,
    onCancel,
    submitLabel,
    submittingLabel = submitLabel,
    showProgress = false,
  } = props;
  return (
    <DialogActions>
      <Button onClick={onCancel} disabled={submitting}>
        Cancel
      </Button>
      <Button
        type="submit"
        color="primary"
        variant="contained"
        disabled={submitting}
        {...(showProgress
          ? {
              'aria-busy': submitting,
              startIcon: submitting ? (
                <CircularProgress size={16} color="inherit" />
              ) : undefined,
            }
          : {})}
      >
        {submitting ? submittingLabel : submitLabel}
      </Button>
    </DialogActions>
  );
}
