import { RunbookHeading } from '@bomizzel/plugin-incidents-common';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    '& li': { margin: theme.spacing(0.5, 0) },
    '& a': {
      color: theme.palette.text.primary,
      textDecoration: 'none',
      '&:hover, &:focus': { textDecoration: 'underline' },
    },
  },
}));

/** Properties of {@link RunbookToc}. */
export interface RunbookTocProps {
  headings: RunbookHeading[];
  /** Deepest heading level listed; default 3. */
  maxDepth?: number;
}

/** The table of contents: links to the runbook's headings by their anchors. */
export function RunbookToc(props: RunbookTocProps) {
  const { headings, maxDepth = 3 } = props;
  const classes = useStyles();
  const listed = headings.filter(h => h.depth > 1 && h.depth <= maxDepth);
  if (!listed.length) return null;
  const top = Math.min(...listed.map(h => h.depth));
  return (
    <nav aria-labelledby="runbook-toc-title">
      <Typography variant="overline" component="h2" id="runbook-toc-title">
        Contents
      </Typography>
      <ul className={classes.list}>
        {listed.map(h => (
          <li key={h.slug} style={{ paddingLeft: (h.depth - top) * 12 }}>
            <Typography variant="body2" component="span">
              <a href={`#${h.slug}`}>{h.text}</a>
            </Typography>
          </li>
        ))}
      </ul>
    </nav>
  );
}
