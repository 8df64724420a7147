import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Runbook } from '@bomizzel/plugin-incidents-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useSeverities } from '../../hooks/useSeverities';
import { SeverityChip } from '../SeverityChip';
import { formatReviewDate } from './formatReviewDate';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 3),
    margin: theme.spacing(0, 0, 2),
    padding: 0,
    '& > div': { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, display: 'flex', gap: theme.spacing(0.5) },
  },
  stale: { marginBottom: theme.spacing(2) },
}));

/**
 * The runbook's front matter as a header: owner (linked to the catalog),
 * last review, tags and severities, and a warning when it is stale.
 */
export function RunbookHeader(props: { runbook: Runbook }) {
  const { runbook } = props;
  const classes = useStyles();
  const { severities } = useSeverities();
  const hasTitleHeading = runbook.headings.some(h => h.depth === 1);
  return (
    <header>
      {!hasTitleHeading && (
        <Typography variant="h3" component="h1" gutterBottom>
          {runbook.title}
        </Typography>
      )}
      <dl className={classes.facts} aria-label="About this runbook">
        {runbook.owner && (
          <div>
            <dt>Owner</dt>
            <dd>
              <EntityRefLink entityRef={runbook.owner} defaultKind="group" />
            </dd>
          </div>
        )}
        <div>
          <dt>Last reviewed</dt>
          <dd>
            {runbook.lastReviewed
              ? formatReviewDate(runbook.lastReviewed)
              : 'never'}
          </dd>
        </div>
        {runbook.severities.length > 0 && (
          <div>
            <dt>Severities</dt>
            <dd>
              {runbook.severities.map(id => (
                <SeverityChip key={id} severity={id} severities={severities} />
              ))}
            </dd>
          </div>
        )}
        {runbook.tags.length > 0 && (
          <div>
            <dt>Tags</dt>
            <dd>
              {runbook.tags.map(tag => (
                <Chip key={tag} size="small" label={tag} variant="outlined" />
              ))}
            </dd>
          </div>
        )}
      </dl>
      {runbook.stale && (
        <Alert severity="warning" className={classes.stale}>
          {runbook.lastReviewed
            ? `This runbook was last reviewed on ${formatReviewDate(
                runbook.lastReviewed,
              )}, longer ago than the review threshold allows.`
            : 'This runbook has never been reviewed.'}{' '}
          Check its steps against the system before relying on them.
        </Alert>
      )}
    </header>
  );
}
