import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import { ReactNode } from 'react';

/** What could not be loaded, with a Retry button beside it. */
export function LoadErrorAlert(props: {
  onRetry(): void;
  children: ReactNode;
}) {
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" onClick={props.onRetry}>
          Retry
        </Button>
      }
    >
      {props.children}
    </Alert>
  );
}
