import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { incidentsApiRef } from '../../api';
import { RunbookHeader } from './RunbookHeader';
import { RunbookMarkdown } from './RunbookMarkdown';
import { RunbookToc } from './RunbookToc';

const useStyles = makeStyles(theme => ({
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    marginBottom: theme.spacing(2),
  },
  body: { padding: theme.spacing(2, 3) },
  toc: {
    padding: theme.spacing(2),
    [theme.breakpoints.up('md')]: {
      position: 'sticky',
      top: theme.spacing(2),
      maxHeight: `calc(100vh - ${theme.spacing(4)}px)`,
      overflowY: 'auto',
    },
  },
}));

/** Properties of {@link RunbookViewer}. */
export interface RunbookViewerProps {
  /** The runbook's path under its root, `runbooks/database.md`. */
  path: string;
  /** Where runbooks open here, for links between runbooks (`/runbooks`). */
  basePath: string;
  /** The list this runbook was opened from. */
  back?: { to: string; title: string };
}

/**
 * One runbook: its front matter as a header, its markdown, and a table of
 * contents beside it (above it on narrow screens). A `#heading` in the URL
 * scrolls to that heading once the runbook is shown.
 */
export function RunbookViewer(props: RunbookViewerProps) {
  const { path, basePath, back } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const { hash } = useLocation();
  const {
    value: runbook,
    loading,
    error,
  } = useAsync(() => api.getRunbook(path), [api, path]);

  useEffect(() => {
    if (!runbook || !hash) return;
    let id = hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // A malformed escape: look the id up as it is.
    }
    document.getElementById(id)?.scrollIntoView?.();
  }, [runbook, hash]);

  const backLink = back && (
    <Link to={back.to} className={classes.back}>
      <ArrowBackIcon fontSize="small" /> {back.title}
    </Link>
  );
  if (loading) return <Progress />;
  if (error || !runbook) {
    return (
      <>
        {backLink}
        <ResponseErrorPanel
          title={`Could not load the runbook ${path}`}
          error={error ?? new Error('No runbook')}
        />
      </>
    );
  }
  return (
    <>
      {backLink}
      <Grid container spacing={3}>
        <Grid item xs={12} md={3}>
          <Paper className={classes.toc}>
            <RunbookToc headings={runbook.headings} />
          </Paper>
        </Grid>
        <Grid item xs={12} md={9}>
          <Paper
            className={classes.body}
            component="article"
            aria-label={runbook.title}
          >
            <RunbookHeader runbook={runbook} />
            <RunbookMarkdown
              markdown={runbook.markdown}
              path={runbook.path}
              basePath={basePath}
            />
          </Paper>
        </Grid>
      </Grid>
    </>
  );
}
