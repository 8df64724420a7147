import {
  FormEvent,
  KeyboardEvent,
  RefObject,
  useEffect,
  useRef,
  useState,
} from 'react';

/** Options of {@link useFormDialog}. */
export interface FormDialogOptions {
  /** Whether the dialog is open. */
  open: boolean;
  /** Closes the dialog: Cancel, Escape and the backdrop, unless submitting. */
  onClose(): void;
  /**
   * Puts the form's own state back to its start: called on every opening,
   * and when `resetKey` changes while open.
   */
  onOpen?(): void;
  /** Starts the form afresh when it changes while open, e.g. the edited item. */
  resetKey?: unknown;
  /**
   * The client-side check before sending; false keeps the form from being
   * sent (the caller shows why).
   */
  validate?(): boolean;
  /** Sends the form; throws when the server refused it. */
  onSubmit(): Promise<void>;
  /**
   * Shows a refused submission in the form itself (a field's error, a
   * conflict with its own way out); return true when it did, else the
   * failure is kept as `error`.
   */
  onError?(error: unknown): boolean;
  /** The field that gets the focus once the dialog has opened. */
  initialFocus?: RefObject<HTMLElement>;
}

/** What {@link useFormDialog} gives a dialog. */
export interface FormDialog {
  /** A submission is on its way: the dialog stays open, its buttons disabled. */
  submitting: boolean;
  /** Why the last submission failed, unless `onError` showed it. */
  error: unknown;
  /**
   * The form's `onSubmit`, also callable without an event: validates, sends
   * once (a second submission while one is on its way is ignored) and keeps
   * the failure.
   */
  submit(event?: FormEvent): Promise<void>;
  /** Closes the dialog and forgets the failure, unless submitting. */
  close(): void;
  /**
   * Ctrl+Enter (Cmd+Enter) submits, for multi-line fields where Enter is a
   * new line. For the dialog's paper: an `onKeyDown` of the Dialog itself
   * replaces the Modal's own, and Escape would no longer close it.
   */
  submitOnCtrlEnter(event: KeyboardEvent): void;
  /** For the MUI `Dialog`: open, close, and the focus once it has opened. */
  dialogProps: {
    open: boolean;
    onClose(): void;
    TransitionProps: { onEntered(): void };
  };
}

/**
 * The plumbing of a dialog around a form: the busy flag while it is sent,
 * the failure, a start afresh on every opening, closing only when idle, and
 * the focus on the first field.
 */
export function useFormDialog(options: FormDialogOptions): FormDialog {
  const {
    open,
    onClose,
    onOpen,
    resetKey,
    validate,
    onSubmit,
    onError,
    initialFocus,
  } = options;
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>();
  // Synchronous, unlike the state: a double click sends once.
  const inFlight = useRef(false);

  useEffect(() => {
    if (open) {
      setError(undefined);
      onOpen?.();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, resetKey]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (inFlight.current) return;
    if (validate && !validate()) return;
    inFlight.current = true;
    setSubmitting(true);
    setError(undefined);
    try {
      await onSubmit();
    } catch (e) {
      if (!onError?.(e)) setError(e);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const close = () => {
    if (inFlight.current) return;
    setError(undefined);
    onClose();
  };

  const submitOnCtrlEnter = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  return {
    submitting,
    error,
    submit,
    close,
    submitOnCtrlEnter,
    dialogProps: {
      open,
      onClose: close,
      TransitionProps: { onEntered: () => initialFocus?.current?.focus() },
    },
  };
}
