import { useApi } from '@backstage/core-plugin-api';
import { Incident } from '@bomizzel/plugin-incidents-common';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useRef, useState } from 'react';
import { incidentsApiRef } from '../../api';
import { isStaleVersionError, messageOf } from '../../api/errors';
import { CatalogEntityPicker } from '../CatalogEntityPicker';
import { MarkdownField } from '../MarkdownField';
import { AFFECTED_KINDS, TITLE_MAX, USER_KINDS } from '../../formFields';
import { ChangeDialog } from './ChangeDialog';
import {
  changedFields,
  draftOf,
  EDIT_FIELD_LABELS,
  EditField,
  editRequest,
  fieldErrorOf,
  IncidentEditDraft,
  rebaseDraft,
} from './incidentEdits';

const useStyles = makeStyles(theme => ({
  notice: {
    marginBottom: theme.spacing(2),
  },
  section: {
    marginTop: theme.spacing(2),
  },
}));

/** Properties of {@link EditIncidentDialog}. */
export interface EditIncidentDialogProps {
  incident: Incident;
  open: boolean;
  onClose(): void;
  /** Called with the incident as saved, or as reloaded after a conflict. */
  onChanged(incident: Incident): Promise<void>;
}

interface Base {
  draft: IncidentEditDraft;
  version: number;
}

/**
 * Edits an incident's title, description, commander and affected entities.
 *
 * The change is sent with the version the form started from (If-Match) and
 * holds only the fields the user changed. When someone else changed the
 * incident meanwhile (412) the input stays in the form; "Reload and re-apply"
 * puts it on top of the latest version, naming the fields both changed.
 */
export function EditIncidentDialog(props: EditIncidentDialogProps) {
  const { incident, open, onClose, onChanged } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const [base, setBase] = useState<Base>(() => ({
    draft: draftOf(incident),
    version: incident.version,
  }));
  const [draft, setDraft] = useState<IncidentEditDraft>(base.draft);
  const [showErrors, setShowErrors] = useState(false);
  const [serverError, setServerError] = useState<{
    field: EditField;
    reason: string;
  }>();
  const [conflict, setConflict] = useState(false);
  const [rebased, setRebased] = useState<{
    version: number;
    alsoChanged: EditField[];
  }>();
  const [reloading, setReloading] = useState(false);
  const [reloadError, setReloadError] = useState<unknown>();
  const [lastEntityKept, setLastEntityKept] = useState(false);
  const titleInput = useRef<HTMLInputElement>(null);

  // Every opening starts from the incident as shown; while open, the form
  // keeps its base version, so that a save never overwrites unseen changes.
  const start = () => {
    const fresh = { draft: draftOf(incident), version: incident.version };
    setBase(fresh);
    setDraft(fresh.draft);
    setShowErrors(false);
    setServerError(undefined);
    setConflict(false);
    setRebased(undefined);
    setReloadError(undefined);
    setLastEntityKept(false);
  };

  const update = (changes: Partial<IncidentEditDraft>) => {
    setDraft(d => ({ ...d, ...changes }));
    if (serverError && serverError.field in changes) {
      setServerError(undefined);
    }
  };

  let titleProblem: string | undefined;
  if (!draft.title.trim()) titleProblem = 'Say in a few words what is wrong';
  else if (draft.title.trim().length > TITLE_MAX) {
    titleProblem = `At most ${TITLE_MAX} characters`;
  }
  const errorOf = (field: EditField, client?: string) =>
    (showErrors ? client : undefined) ??
    (serverError?.field === field ? serverError.reason : undefined);

  const reloadAndReapply = async () => {
    setReloading(true);
    setReloadError(undefined);
    try {
      const latest = await api.getIncident(incident.id);
      const next = rebaseDraft(base.draft, draft, draftOf(latest));
      setBase({ draft: draftOf(latest), version: latest.version });
      setDraft(next.draft);
      setConflict(false);
      setRebased({ version: latest.version, alsoChanged: next.alsoChanged });
      await onChanged(latest);
    } catch (error) {
      setReloadError(error);
    } finally {
      setReloading(false);
    }
  };

  const alsoChanged = rebased?.alsoChanged
    .map(field => EDIT_FIELD_LABELS[field].toLocaleLowerCase('en-US'))
    .join(', ');

  return (
    <ChangeDialog
      id="edit-incident"
      title={`Edit ${incident.ref}`}
      open={open}
      submitLabel="Save changes"
      submittingLabel="Saving…"
      onClose={onClose}
      onOpen={start}
      initialFocus={titleInput}
      validate={() => {
        setShowErrors(true);
        if (titleProblem) return 'Check the marked fields.';
        if (conflict) {
          return 'Reload the latest version first: your input is kept.';
        }
        return changedFields(base.draft, draft).length
          ? undefined
          : 'Nothing changed yet.';
      }}
      onSubmit={async () => {
        const saved = await api.updateIncident(
          incident.id,
          editRequest(base.draft, draft),
          { version: base.version },
        );
        await onChanged(saved);
      }}
      onError={error => {
        if (isStaleVersionError(error)) {
          setConflict(true);
          setRebased(undefined);
          return true;
        }
        const fieldError = fieldErrorOf(error);
        setServerError(fieldError);
        return !!fieldError;
      }}
    >
      {conflict && (
        <Alert
          severity="warning"
          role="alert"
          className={classes.notice}
          action={
            <Button
              color="inherit"
              size="small"
              onClick={reloadAndReapply}
              disabled={reloading}
            >
              {reloading ? 'Reloading…' : 'Reload and re-apply'}
            </Button>
          }
        >
          Someone else changed {incident.ref} while you were editing, so nothing
          was saved. Your input below is kept.
          {!!reloadError && ` Reloading failed: ${messageOf(reloadError)}`}
        </Alert>
      )}
      {rebased && (
        <Alert severity="info" role="status" className={classes.notice}>
          Your changes are now on top of the latest version ({rebased.version}
          ).
          {alsoChanged
            ? ` Someone else also changed the ${alsoChanged}: check them, then save.`
            : ' Check them, then save.'}
        </Alert>
      )}
      <TextField
        id="edit-incident-title-field"
        label="Title"
        value={draft.title}
        onChange={e => update({ title: e.target.value })}
        inputRef={titleInput}
        required
        fullWidth
        variant="outlined"
        margin="dense"
        inputProps={{ maxLength: TITLE_MAX + 1 }}
        error={!!errorOf('title', titleProblem)}
        helperText={errorOf('title', titleProblem) ?? 'Enter saves'}
      />
      <div className={classes.section}>
        <CatalogEntityPicker
          id="edit-incident-entities"
          label="Affected entities"
          kinds={AFFECTED_KINDS}
          multiple
          required
          value={draft.entityRefs}
          onChange={entityRefs => {
            // An incident always affects something: the last one stays.
            setLastEntityKept(entityRefs.length === 0);
            if (entityRefs.length) update({ entityRefs });
          }}
          error={lastEntityKept || !!errorOf('entityRefs')}
          helperText={
            (lastEntityKept
              ? 'At least one affected entity must remain: add another before removing this one'
              : undefined) ??
            errorOf('entityRefs') ??
            'Components, resources, systems and APIs of the catalog'
          }
        />
      </div>
      <div className={classes.section}>
        <CatalogEntityPicker
          id="edit-incident-commander"
          label="Incident commander"
          kinds={USER_KINDS}
          value={draft.commander}
          onChange={commander => update({ commander })}
          error={!!errorOf('commander')}
          helperText={
            errorOf('commander') ?? 'Who coordinates the response; empty: none'
          }
        />
      </div>
      <div className={classes.section}>
        <MarkdownField
          id="edit-incident-description"
          label="Description"
          placeholder="Impact on users, what you have seen so far, links"
          value={draft.description}
          onChange={description => update({ description })}
          resetKey={open}
          error={!!errorOf('description')}
          helperText={errorOf('description') ?? 'Ctrl+Enter saves'}
        />
      </div>
    </ChangeDialog>
  );
}
