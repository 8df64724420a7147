import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

/** The tones of the portal's status palette. */
export type StatusTone = 'ok' | 'warning' | 'error' | 'running';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
  },
  icon: {
    fontSize: '1.1em',
  },
  ok: { color: theme.palette.status.ok },
  warning: { color: theme.palette.status.warning },
  error: { color: theme.palette.status.error },
  running: { color: theme.palette.status.running },
}));

/**
 * A coloured icon with a text. Unlike the core `Status*` components, which
 * hide themselves from assistive technology, the text stays readable.
 */
export function StatusLabel(props: {
  tone: StatusTone;
  icon: (props: { className?: string; 'aria-hidden'?: boolean }) => ReactNode;
  children: ReactNode;
}) {
  const { tone, icon: Icon, children } = props;
  const classes = useStyles();
  return (
    <span className={classes.root}>
      <span className={classes[tone]}>
        <Icon className={classes.icon} aria-hidden />
      </span>
      <span>{children}</span>
    </span>
  );
}
