import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Incident,
  Postmortem,
  PostmortemSectionId,
  PostmortemStatus,
  SavePostmortemRequest,
} from '@bomizzel/plugin-incidents-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import Alert from '@material-ui/lab/Alert';
import { MouseEvent, useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { httpStatusOf, isStaleVersionError, messageOf } from '../../api/errors';
import { ACTION_ITEM_KIND_LABELS, ActionItemList } from '../ActionItemList';
import { SeverityChip } from '../SeverityChip';
import { useSeverities } from '../../hooks/useSeverities';
import {
  PostmortemSectionEditor,
  SectionPrompts,
} from './PostmortemSectionEditor';
import { PostmortemDue, PostmortemStatusChip } from '../PostmortemStatus';

const useStyles = makeStyles(theme => ({
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    marginBottom: theme.spacing(2),
  },
  header: {
    padding: theme.spacing(2, 3),
    marginBottom: theme.spacing(3),
    position: 'sticky',
    top: 0,
    zIndex: 2,
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1.5),
  },
  notice: { marginBottom: theme.spacing(2) },
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(3),
  },
}));

type Drafts = Partial<Record<PostmortemSectionId, string>>;

/** The status actions offered in each state: the runbook's review flow. */
const TRANSITIONS: Record<
  PostmortemStatus,
  Array<{ to: PostmortemStatus; label: string }>
> = {
  draft: [{ to: 'in_review', label: 'Submit for review' }],
  in_review: [
    { to: 'published', label: 'Publish' },
    { to: 'draft', label: 'Back to draft' },
  ],
  published: [{ to: 'draft', label: 'Back to draft' }],
};

const LEAVE_WARNING =
  'The post-mortem has unsaved changes. Leave and lose them?';

/** What the editor shows: the user's text, else the saved one. */
function textOf(
  postmortem: Postmortem,
  drafts: Drafts,
  id: PostmortemSectionId,
) {
  return (
    drafts[id] ?? postmortem.sections.find(s => s.id === id)?.markdown ?? ''
  );
}

/** The sections the user changed. */
function editedSections(saved: Postmortem, drafts: Drafts): Drafts {
  return Object.fromEntries(
    saved.sections
      .filter(s => drafts[s.id] !== undefined && drafts[s.id] !== s.markdown)
      .map(s => [s.id, drafts[s.id]]),
  );
}

/**
 * What a save sends: the edited sections; before the post-mortem exists,
 * every written one, so that the prefilled timeline is kept too.
 */
function sectionsToSend(saved: Postmortem, drafts: Drafts): Drafts {
  if (saved.exists) return editedSections(saved, drafts);
  return Object.fromEntries(
    saved.sections
      .map(s => [s.id, textOf(saved, drafts, s.id)] as const)
      .filter(([, text]) => text.trim()),
  );
}

/** The section a 400 names (`sections.rootCause: …` or its title), if any. */
function sectionNamedIn(
  message: string,
  postmortem: Postmortem,
): PostmortemSectionId | undefined {
  const byField = /sections[./](\w+)/.exec(message)?.[1];
  return (
    postmortem.sections.find(s => s.id === byField)?.id ??
    postmortem.sections.find(s => message.includes(s.title))?.id
  );
}

/** Properties of {@link PostmortemPage}. */
export interface PostmortemPageProps {
  /** `42` or `INC-42`; by default the route's `incidentId` parameter. */
  incidentId?: string;
}

/**
 * The post-mortem editor of an incident (`<incident>/postmortem`): one
 * markdown editor per section of the runbook's template with its questions,
 * who wrote each, save with the version last read (If-Match; on 412 the
 * user's text stays), the review flow, and the incident's action items.
 */
export function PostmortemPage(props: PostmortemPageProps) {
  const params = useParams();
  const incidentId = props.incidentId ?? params.incidentId ?? '';
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const { severities } = useSeverities();
  const load = useAsyncRetry(
    async (): Promise<[Incident, Postmortem]> =>
      Promise.all([api.getIncident(incidentId), api.getPostmortem(incidentId)]),
    [api, incidentId],
  );
  const [latest, setSaved] = useState<Postmortem>();
  const saved = latest ?? load.value?.[1];
  const [drafts, setDrafts] = useState<Drafts>({});
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<string>();
  const [problem, setProblem] = useState<{
    text: string;
    section?: PostmortemSectionId;
  }>();
  const [notice, setNotice] = useState<string>();
  const [leaveTo, setLeaveTo] = useState<string>();
  const navigate = useNavigate();

  const dirty = saved
    ? Object.keys(editedSections(saved, drafts)).length > 0
    : false;

  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = LEAVE_WARNING;
      return LEAVE_WARNING;
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  /** Links away ask first while there are unsaved changes. */
  const confirmLeave = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!dirty) return;
    event.preventDefault();
    setLeaveTo(event.currentTarget.getAttribute('href') ?? undefined);
  };

  /** Loads the latest version; `keepMine` keeps the user's changed text. */
  const reload = useCallback(
    async (keepMine: boolean) => {
      setBusy(true);
      try {
        setSaved(await api.getPostmortem(incidentId));
        if (!keepMine) setDrafts({});
        setConflict(undefined);
        setProblem(undefined);
      } catch (error) {
        setProblem({ text: messageOf(error) });
      } finally {
        setBusy(false);
      }
    },
    [api, incidentId],
  );

  if (load.loading && !saved) {
    return <Progress />;
  }
  const incident = load.value?.[0];
  if (load.error || !incident || !saved) {
    return (
      <>
        <Link to={`../${incidentId}`} className={classes.back}>
          <ArrowBackIcon fontSize="small" /> Back to {incidentId}
        </Link>
        <ResponseErrorPanel
          error={load.error ?? new Error(`No post-mortem of ${incidentId}`)}
          title={
            httpStatusOf(load.error) === 404
              ? `There is no incident ${incidentId}`
              : undefined
          }
        />
      </>
    );
  }

  const save = async (status?: PostmortemStatus) => {
    const request: SavePostmortemRequest = {
      ...(dirty ? { sections: sectionsToSend(saved, drafts) } : {}),
      ...(status ? { status } : {}),
    };
    setBusy(true);
    setProblem(undefined);
    setNotice(undefined);
    try {
      const next = await api.savePostmortem(incident.id, request, {
        version: saved.version,
      });
      setSaved(next);
      // Keep only what was typed while the request was under way.
      setDrafts(d =>
        Object.fromEntries(
          Object.entries(d).filter(
            ([id, text]) =>
              text !== request.sections?.[id as PostmortemSectionId],
          ),
        ),
      );
      setConflict(undefined);
      setNotice(
        status ? `Post-mortem moved to ${status.replace('_', ' ')}.` : 'Saved.',
      );
    } catch (error) {
      if (isStaleVersionError(error)) {
        setConflict(messageOf(error));
      } else {
        const text = messageOf(error);
        setProblem({
          text,
          section:
            httpStatusOf(error) === 400
              ? sectionNamedIn(text, saved)
              : undefined,
        });
      }
    } finally {
      setBusy(false);
    }
  };

  const readOnly = saved.status === 'published';
  const status = saved.exists ? saved.status : 'missing';
  return (
    <>
      <Link
        to={`../${incident.ref}`}
        className={classes.back}
        onClick={confirmLeave}
      >
        <ArrowBackIcon fontSize="small" /> Back to {incident.ref}
      </Link>
      <Paper className={classes.header} component="header">
        <div className={classes.row}>
          <SeverityChip severity={incident.severity} severities={severities} />
          <Typography variant="h5" component="h1">
            Post-mortem of {incident.ref}: {incident.title}
          </Typography>
        </div>
        <div className={classes.row}>
          <PostmortemStatusChip status={status} />
          <Typography variant="body2" component="span">
            <PostmortemDue
              required={saved.required}
              dueAt={saved.dueAt}
              overdue={saved.overdue}
              status={status}
              severity={incident.severity}
            />
          </Typography>
          {dirty && (
            <Typography variant="body2" color="secondary" component="span">
              · Unsaved changes
            </Typography>
          )}
        </div>
        <div className={classes.actions}>
          {!readOnly && (
            <Button
              variant="contained"
              color="primary"
              disabled={busy || !dirty || !!conflict}
              onClick={() => save()}
            >
              Save
            </Button>
          )}
          {TRANSITIONS[saved.status].map(transition => (
            <Button
              key={transition.to}
              variant="outlined"
              color={transition.to === 'draft' ? 'default' : 'primary'}
              disabled={busy || !!conflict}
              onClick={() => save(transition.to)}
            >
              {transition.label}
            </Button>
          ))}
        </div>
      </Paper>
      {conflict && (
        <Alert
          severity="warning"
          role="alert"
          className={classes.notice}
          action={
            <>
              <Button
                color="inherit"
                size="small"
                disabled={busy}
                onClick={() => reload(true)}
              >
                Keep my text
              </Button>
              <Button
                color="inherit"
                size="small"
                disabled={busy}
                onClick={() => reload(false)}
              >
                Reload
              </Button>
            </>
          }
        >
          Someone else saved this post-mortem meanwhile: {conflict}. Your text
          is kept below and was not saved. Reload to see theirs (your changes
          are dropped), or keep your text to save it over the latest version.
        </Alert>
      )}
      {problem && (
        <Alert severity="error" role="alert" className={classes.notice}>
          {problem.text}
        </Alert>
      )}
      {notice && (
        <Alert
          severity="success"
          className={classes.notice}
          onClose={() => setNotice(undefined)}
        >
          {notice}
        </Alert>
      )}
      <div className={classes.stack}>
        {saved.sections.map((section, index) => (
          <PostmortemSectionEditor
            key={section.id}
            number={index + 1}
            section={section}
            value={textOf(saved, drafts, section.id)}
            onChange={text => setDrafts(d => ({ ...d, [section.id]: text }))}
            readOnly={readOnly}
            error={problem?.section === section.id ? problem.text : undefined}
            unwrittenText={
              !saved.exists && section.markdown
                ? "Prefilled from the incident's timeline; not saved yet"
                : undefined
            }
          />
        ))}
        <section aria-label="Action items">
          <InfoCard title={`${saved.sections.length + 1}. Action items`}>
            <SectionPrompts prompts={Object.values(ACTION_ITEM_KIND_LABELS)} />
            <ActionItemList
              request={{ incidentId: incident.id }}
              incidentId={incident.id}
            />
          </InfoCard>
        </section>
      </div>
      <Dialog
        open={!!leaveTo}
        onClose={() => setLeaveTo(undefined)}
        aria-labelledby="postmortem-leave-title"
      >
        <DialogTitle id="postmortem-leave-title">
          Leave without saving?
        </DialogTitle>
        <DialogContent>
          <DialogContentText>{LEAVE_WARNING}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button
            color="primary"
            variant="contained"
            onClick={() => setLeaveTo(undefined)}
          >
            Stay
          </Button>
          <Button onClick={() => navigate(leaveTo!)}>Leave</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
