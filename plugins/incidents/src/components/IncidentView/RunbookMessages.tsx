import { CopyTextButton, Progress } from '@backstage/core-components';
import { IncidentMessage } from '@bomizzel/plugin-incidents-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { messageOf } from '../../api/errors';

const useStyles = makeStyles(theme => ({
  message: {
    '& + &': {
      marginTop: theme.spacing(2),
    },
  },
  heading: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
  },
  text: {
    margin: theme.spacing(0.5, 0, 0),
    padding: theme.spacing(1.5),
    maxHeight: theme.spacing(30),
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: theme.typography.fontFamily,
    fontSize: theme.typography.body2.fontSize,
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

/**
 * The runbook's communication templates (initial alert, status update,
 * resolution) filled in from the incident, each ready to copy into chat or the
 * status page.
 */
export function RunbookMessages(props: {
  messages?: IncidentMessage[];
  loading: boolean;
  error?: Error;
}) {
  const { messages, loading, error } = props;
  const classes = useStyles();
  if (error) {
    return (
      <Alert severity="error">
        Could not render the messages: {messageOf(error)}
      </Alert>
    );
  }
  if (!messages) {
    return loading ? <Progress /> : null;
  }
  return (
    <>
      {messages.map(message => (
        <section
          key={message.id}
          className={classes.message}
          aria-labelledby={`message-${message.id}`}
        >
          <div className={classes.heading}>
            <Typography
              variant="subtitle2"
              component="h3"
              id={`message-${message.id}`}
            >
              {message.title}
            </Typography>
            <CopyTextButton
              text={message.text}
              aria-label={`Copy the ${message.title.toLocaleLowerCase(
                'en-US',
              )}`}
              tooltipText="Copied to the clipboard"
              tooltipDelay={2000}
              variant="secondary"
            />
          </div>
          <pre className={classes.text}>{message.text}</pre>
        </section>
      ))}
    </>
  );
}
