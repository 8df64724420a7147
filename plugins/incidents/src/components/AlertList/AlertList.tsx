import { Link } from '@backstage/core-components';
import { ReceivedAlert } from '@bomizzel/plugin-incidents-common';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { IncidentTime } from '../IncidentTime';

const useStyles = makeStyles(theme => ({
  firing: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  resolved: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  heading: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  links: {
    display: 'flex',
    gap: theme.spacing(2),
    marginTop: theme.spacing(0.5),
  },
  labels: {
    fontFamily: 'monospace',
    fontSize: theme.typography.caption.fontSize,
    overflowWrap: 'anywhere',
  },
}));

/** Alerts with their state, summary, runbook and source links. */
export function AlertList(props: {
  alerts: ReceivedAlert[];
  /** Show each alert's labels and why it has no entity. */
  showReason?: boolean;
}) {
  const classes = useStyles();
  return (
    <List dense disablePadding>
      {props.alerts.map(alert => (
        <ListItem key={alert.id} disableGutters divider>
          <ListItemText
            disableTypography
            primary={
              <div className={classes.heading}>
                <Chip
                  size="small"
                  label={alert.status}
                  className={
                    alert.status === 'firing'
                      ? classes.firing
                      : classes.resolved
                  }
                />
                <Typography variant="body2" component="span">
                  <strong>{alert.alertname ?? alert.fingerprint}</strong>
                </Typography>
                <Typography variant="body2" color="textSecondary">
                  <IncidentTime time={alert.startsAt} prefix="since" />
                </Typography>
              </div>
            }
            secondary={
              <>
                {alert.annotations.summary && (
                  <Typography variant="body2">
                    {alert.annotations.summary}
                  </Typography>
                )}
                {props.showReason && (
                  <>
                    <Typography variant="body2" color="textSecondary">
                      {alert.reason}
                    </Typography>
                    <div className={classes.labels}>
                      {Object.entries(alert.labels)
                        .map(([k, v]) => `${k}="${v}"`)
                        .join(' ')}
                    </div>
                  </>
                )}
                <div className={classes.links}>
                  {alert.runbookUrl && (
                    <Link to={alert.runbookUrl}>Runbook</Link>
                  )}
                  {alert.generatorUrl && (
                    <Link to={alert.generatorUrl}>Source</Link>
                  )}
                </div>
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
