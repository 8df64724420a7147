import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { RunbookListItem } from '@bomizzel/plugin-incidents-common';
import Chip from '@material-ui/core/Chip';
import InputAdornment from '@material-ui/core/InputAdornment';
import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import SearchIcon from '@material-ui/icons/Search';
import { useId, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { incidentsApiRef } from '../../api';
import { formatReviewDate } from './formatReviewDate';
import { runbookHref } from '../../runbookHref';

const useStyles = makeStyles(theme => ({
  search: { marginBottom: theme.spacing(2) },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(2),
    marginBottom: theme.spacing(1.5),
  },
  titleRow: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  facts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    color: theme.palette.text.secondary,
    marginTop: theme.spacing(0.5),
  },
  headings: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 1.5),
    listStyle: 'none',
    margin: theme.spacing(1, 0, 0),
    padding: 0,
  },
  stale: {
    backgroundColor: theme.palette.warning.light,
    color: theme.palette.getContrastText(theme.palette.warning.light),
  },
  snippet: { fontStyle: 'italic', marginTop: theme.spacing(0.5) },
}));

/** How long typing pauses before the search is sent. */
const SEARCH_DEBOUNCE_MS = 300;
/** Section headings shown per runbook, as deep links. */
const HEADINGS_SHOWN = 6;

/** Properties of {@link RunbookList}. */
export interface RunbookListProps {
  /** Only this entity's runbooks; all runbooks without it. */
  entityRef?: string;
  /** Where a runbook opens: `${basePath}/<path>`. */
  basePath: string;
  /** What the empty list is about, `Bomizzel Backend API`. */
  subject?: string;
}

/**
 * Runbooks with a search over their titles, headings and text (best matches
 * first): title, summary, owner, last review, a stale chip and the sections,
 * each a deep link.
 */
export function RunbookList(props: RunbookListProps) {
  const { entityRef, basePath, subject } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const searchId = useId();
  const [input, setInput] = useState('');
  const [q, setQ] = useState('');
  useDebounce(() => setQ(input.trim()), SEARCH_DEBOUNCE_MS, [input]);

  const { value, loading, error } = useAsync(
    () => api.listRunbooks({ ...(entityRef ? { entityRef } : {}), q }),
    [api, entityRef, q],
  );

  let body: JSX.Element;
  if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (loading || !value) {
    body = <Progress />;
  } else if (!value.items.length) {
    body = q ? (
      <EmptyState
        missing="data"
        title={`No runbook matches “${q}”`}
        description="Search looks at titles, section headings and text. Try fewer or other words."
      />
    ) : (
      <EmptyState
        missing="content"
        title={subject ? `No runbooks for ${subject}` : 'No runbooks yet'}
        description={
          subject
            ? 'List this entity in a runbook’s front matter (entities), name runbooks in its bomizzel.com/runbooks annotation, or add a metadata link of type runbook.'
            : 'Runbooks are the markdown files under the configured runbook folders (docs/ by default).'
        }
      />
    );
  } else {
    body = (
      <ul className={classes.list} aria-label="Runbooks">
        {value.items.map(item => (
          <RunbookItem key={item.path} item={item} basePath={basePath} />
        ))}
      </ul>
    );
  }

  return (
    <>
      <TextField
        className={classes.search}
        id={searchId}
        type="search"
        label="Search runbooks"
        placeholder="Titles, sections and text"
        variant="outlined"
        size="small"
        fullWidth
        value={input}
        onChange={e => setInput(e.target.value)}
        InputProps={{
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon />
            </InputAdornment>
          ),
        }}
      />
      {body}
    </>
  );
}

function RunbookItem(props: { item: RunbookListItem; basePath: string }) {
  const { item, basePath } = props;
  const classes = useStyles();
  const sections = item.headings
    .filter(h => h.depth === 2)
    .slice(0, HEADINGS_SHOWN);
  return (
    <Paper component="li" className={classes.item} aria-label={item.title}>
      <div className={classes.titleRow}>
        <Typography variant="h6" component="h3">
          <Link to={runbookHref(basePath, item.path)}>{item.title}</Link>
        </Typography>
        {item.stale && (
          <Chip
            size="small"
            label="Stale"
            title="Not reviewed within the review threshold"
            className={classes.stale}
          />
        )}
      </div>
      <Typography variant="body2" className={classes.facts} component="div">
        <span>{item.path}</span>
        {item.owner && (
          <span>
            Owner <EntityRefLink entityRef={item.owner} defaultKind="group" />
          </span>
        )}
        <span>
          Last reviewed{' '}
          {item.lastReviewed ? formatReviewDate(item.lastReviewed) : 'never'}
        </span>
      </Typography>
      {item.summary && (
        <Typography variant="body2" style={{ marginTop: 4 }}>
          {item.summary}
        </Typography>
      )}
      {item.snippet && item.snippet !== item.summary && (
        <Typography variant="body2" className={classes.snippet}>
          {item.snippet}
        </Typography>
      )}
      {sections.length > 0 && (
        <ul
          className={classes.headings}
          aria-label={`Sections of ${item.title}`}
        >
          {sections.map(h => (
            <li key={h.slug}>
              <Typography variant="body2" component="span">
                <Link to={runbookHref(basePath, item.path, `#${h.slug}`)}>
                  {h.text}
                </Link>
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Paper>
  );
}
