import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CreateIncidentRequest,
  formatDuration,
  Incident,
} from '@bomizzel/plugin-incidents-common';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { useRef, useState } from 'react';
import { incidentsApiRef } from '../../api';
import { useFormDialog } from '../../hooks/useFormDialog';
import { FormDialogActions } from '../FormDialogActions';
import { useSeverities } from '../../hooks/useSeverities';
import { SeverityChip } from '../SeverityChip';
import { CatalogEntityPicker } from '../CatalogEntityPicker';
import { AFFECTED_KINDS, TITLE_MAX, USER_KINDS } from '../../formFields';
import { newIdempotencyKey } from './idempotencyKey';
import {
  checkIncidentTimes,
  fromLocalInput,
  localZoneLabel,
  toLocalInput,
} from './incidentTimes';
import { MarkdownField } from '../MarkdownField';
import { messageOf } from '../../api/errors';

const useStyles = makeStyles(theme => ({
  severityOption: {
    alignItems: 'flex-start',
    marginBottom: theme.spacing(1),
    marginRight: 0,
  },
  severityLabel: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.25),
    paddingTop: theme.spacing(0.75),
  },
  severityHeading: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  section: {
    marginTop: theme.spacing(2),
  },
  form: {
    // A flex column like the dialog's paper, so that the content scrolls and
    // the actions stay in view.
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
  },
  times: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))',
    columnGap: theme.spacing(2),
  },
}));

/**
 * Properties of {@link DeclareIncidentDialog}.
 *
 * @public
 */
export interface DeclareIncidentDialogProps {
  open: boolean;
  onClose(): void;
  /** Called with the new incident, for example to open it. */
  onDeclared(incident: Incident): void;
  /** Entities affected to start with, usually the entity whose page this is. */
  initialEntityRefs?: string[];
}

interface Draft {
  title: string;
  severity: string;
  entityRefs: string[];
  description: string;
  commander: string | null;
  /** `datetime-local` values; an empty impact start means "when detected". */
  startedAt: string;
  detectedAt: string;
}

/**
 * The form to declare an incident: title, severity (each level with its
 * meaning and response target), affected entities from the catalog, a
 * markdown description and an optional commander.
 *
 * Every submission of the same form content carries the same
 * Idempotency-Key, so a double click or a retry after a network error creates
 * one incident.
 */
export function DeclareIncidentDialog(props: DeclareIncidentDialogProps) {
  const { open, onClose, onDeclared, initialEntityRefs } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const {
    severities,
    loading: severitiesLoading,
    error: severitiesError,
  } = useSeverities();

  const emptyDraft = (): Draft => ({
    title: '',
    severity: '',
    entityRefs: initialEntityRefs ?? [],
    description: '',
    commander: null,
    startedAt: '',
    detectedAt: toLocalInput(Date.now()),
  });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [validate, setValidate] = useState(false);
  // Sent only when the user changed it; otherwise the server stamps the moment of declaring.
  const [openedAt, setOpenedAt] = useState(() => emptyDraft().detectedAt);
  const idempotency = useRef<{ key: string; body: string }>();
  // Once declared, a late second click must not send the form again.
  const declared = useRef(false);
  const titleInput = useRef<HTMLInputElement>(null);

  let titleError: string | undefined;
  if (!draft.title.trim()) {
    titleError = 'Say in a few words what is wrong';
  } else if (draft.title.length > TITLE_MAX) {
    titleError = `At most ${TITLE_MAX} characters`;
  }
  // Shown as soon as they are typed: the defaults are valid.
  const timeErrors = checkIncidentTimes(draft, Date.now());
  const errors = {
    ...timeErrors,
    title: titleError,
    severity: draft.severity ? undefined : 'Choose a severity',
    entityRefs: draft.entityRefs.length
      ? undefined
      : 'Name at least one affected entity',
  };
  const valid = Object.values(errors).every(e => !e);

  const update = (changes: Partial<Draft>) =>
    setDraft(d => ({ ...d, ...changes }));

  const declare = async () => {
    const request: CreateIncidentRequest = {
      title: draft.title.trim(),
      severity: draft.severity,
      entityRefs: draft.entityRefs,
      ...(draft.description.trim() ? { description: draft.description } : {}),
      ...(draft.commander ? { commander: draft.commander } : {}),
      ...(draft.startedAt
        ? { startedAt: fromLocalInput(draft.startedAt) }
        : {}),
      ...(draft.detectedAt !== openedAt
        ? { detectedAt: fromLocalInput(draft.detectedAt) }
        : {}),
    };
    const body = JSON.stringify(request);
    // The same content reuses the key; changed content is a new request.
    if (idempotency.current?.body !== body) {
      idempotency.current = { key: newIdempotencyKey(), body };
    }
    const incident = await api.createIncident(request, {
      idempotencyKey: idempotency.current.key,
    });
    declared.current = true;
    onDeclared(incident);
  };

  const { submitting, error, submit, close, dialogProps } = useFormDialog({
    open,
    onClose,
    // A fresh form (and so a fresh Idempotency-Key) for every opening.
    onOpen: () => {
      const fresh = emptyDraft();
      setDraft(fresh);
      setOpenedAt(fresh.detectedAt);
      setValidate(false);
      idempotency.current = undefined;
      declared.current = false;
    },
    validate: () => {
      setValidate(true);
      if (!valid) {
        if (errors.title) titleInput.current?.focus();
        return false;
      }
      return !declared.current;
    },
    onSubmit: declare,
    // Focus the title once the dialog is in place (autoFocus would fire
    // before the dialog's own focus handling and lose).
    initialFocus: titleInput,
  });

  return (
    <Dialog
      {...dialogProps}
      maxWidth="sm"
      fullWidth
      aria-labelledby="declare-incident-title"
    >
      <form onSubmit={submit} noValidate className={classes.form}>
        <DialogTitle id="declare-incident-title">Declare incident</DialogTitle>
        <DialogContent dividers>
          {!!error && (
            <Alert severity="error" role="alert">
              The incident was not declared: {messageOf(error)}
            </Alert>
          )}
          <TextField
            id="declare-incident-title-field"
            label="Title"
            placeholder="What is broken, for whom"
            value={draft.title}
            onChange={e => update({ title: e.target.value })}
            inputRef={titleInput}
            required
            fullWidth
            variant="outlined"
            margin="dense"
            inputProps={{ maxLength: TITLE_MAX + 1 }}
            error={validate && !!errors.title}
            helperText={validate ? errors.title : undefined}
          />

          <FormControl
            component="fieldset"
            className={classes.section}
            required
            error={validate && !!errors.severity}
            fullWidth
          >
            <FormLabel component="legend">Severity</FormLabel>
            {severitiesLoading && <Progress />}
            {severitiesError && (
              <Alert severity="error">
                Could not load the severities: {messageOf(severitiesError)}
              </Alert>
            )}
            <RadioGroup
              aria-label="Severity"
              name="severity"
              value={draft.severity}
              onChange={e => update({ severity: e.target.value })}
            >
              {severities.map(level => (
                <FormControlLabel
                  key={level.id}
                  value={level.id}
                  className={classes.severityOption}
                  control={<Radio color="primary" />}
                  label={
                    <span className={classes.severityLabel}>
                      <span className={classes.severityHeading}>
                        <SeverityChip
                          severity={level.id}
                          severities={severities}
                        />
                        <Typography variant="body1" component="span">
                          {level.name}: {level.description}
                        </Typography>
                      </span>
                      <Typography
                        variant="body2"
                        color="textSecondary"
                        component="span"
                      >
                        Respond within{' '}
                        {formatDuration(level.responseMinutes * 60_000)}
                        {level.examples.length > 0 &&
                          ` · e.g. ${level.examples.join(', ')}`}
                      </Typography>
                    </span>
                  }
                />
              ))}
            </RadioGroup>
            {validate && errors.severity && (
              <FormHelperText>{errors.severity}</FormHelperText>
            )}
          </FormControl>

          <div className={classes.section}>
            <CatalogEntityPicker
              id="declare-incident-entities"
              label="Affected entities"
              kinds={AFFECTED_KINDS}
              multiple
              required
              value={draft.entityRefs}
              onChange={entityRefs => update({ entityRefs })}
              error={validate && !!errors.entityRefs}
              helperText={
                validate && errors.entityRefs
                  ? errors.entityRefs
                  : 'Components, resources, systems and APIs of the catalog'
              }
            />
          </div>

          <div className={classes.section}>
            <MarkdownField
              id="declare-incident-description"
              label="Description"
              placeholder="Impact on users, what you have seen so far, links"
              value={draft.description}
              onChange={description => update({ description })}
              resetKey={open}
            />
          </div>

          <div className={`${classes.section} ${classes.times}`}>
            <TextField
              id="declare-incident-detected-at"
              label="Detected at"
              type="datetime-local"
              value={draft.detectedAt}
              onChange={e => update({ detectedAt: e.target.value })}
              required
              variant="outlined"
              margin="dense"
              InputLabelProps={{ shrink: true }}
              inputProps={{ max: toLocalInput(Date.now()) }}
              error={!!errors.detectedAt}
              helperText={
                errors.detectedAt
                  ? errors.detectedAt
                  : `Now, unless noticed earlier. ${localZoneLabel()}`
              }
            />
            <TextField
              id="declare-incident-started-at"
              label="Impact started (optional)"
              type="datetime-local"
              value={draft.startedAt}
              onChange={e => update({ startedAt: e.target.value })}
              variant="outlined"
              margin="dense"
              InputLabelProps={{ shrink: true }}
              inputProps={{ max: draft.detectedAt || undefined }}
              error={!!errors.startedAt}
              helperText={
                errors.startedAt
                  ? errors.startedAt
                  : 'Empty: when it was detected'
              }
            />
          </div>

          <div className={classes.section}>
            <CatalogEntityPicker
              id="declare-incident-commander"
              label="Incident commander (optional)"
              kinds={USER_KINDS}
              value={draft.commander}
              onChange={commander => update({ commander })}
              helperText="Who coordinates the response"
            />
          </div>
        </DialogContent>
        <FormDialogActions
          submitting={submitting}
          onCancel={close}
          submitLabel="Declare"
          submittingLabel="Declaring…"
        />
      </form>
    </Dialog>
  );
}
