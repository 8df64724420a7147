import {
  ACTION_ITEM_KINDS,
  ActionItem,
  ActionItemKind,
  CreateActionItemRequest,
  UpdateActionItemRequest,
} from '@bomizzel/plugin-incidents-common';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { useRef, useState } from 'react';
import { messageOf } from '../../api/errors';
import { useFormDialog } from '../../hooks/useFormDialog';
import { FormDialogActions } from '../FormDialogActions';
import { CatalogEntityPicker } from '../CatalogEntityPicker';
import { TITLE_MAX } from '../../formFields';
import { ACTION_ITEM_KIND_LABELS } from './labels';

/** Who can own an action item. */
const OWNER_KINDS = ['User', 'Group'];

interface Draft {
  title: string;
  kind: ActionItemKind;
  owner: string | null;
  dueDate: string;
  ticketUrl: string;
}

function draftOf(item?: ActionItem): Draft {
  return {
    title: item?.title ?? '',
    kind: item?.kind ?? 'immediate_fix',
    owner: item?.owner ?? null,
    dueDate: item?.dueDate ?? '',
    ticketUrl: item?.ticketUrl ?? '',
  };
}

/** Why the ticket link cannot be sent, if it cannot: only http(s) links. */
export function ticketUrlProblem(value: string): string | undefined {
  if (!value.trim()) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'Not a URL: enter the full link, for example https://jira.example.com/browse/OPS-1';
  }
  return url.protocol === 'http:' || url.protocol === 'https:'
    ? undefined
    : 'Only http and https links are allowed';
}

function titleProblem(value: string): string | undefined {
  const title = value.trim();
  if (!title) return 'Say what is to be done';
  return title.length > TITLE_MAX
    ? `At most ${TITLE_MAX} characters`
    : undefined;
}

function problemsOf(draft: Draft) {
  return {
    title: titleProblem(draft.title),
    ticketUrl: ticketUrlProblem(draft.ticketUrl),
  };
}

/** The request creating the drafted item. */
function createRequestOf(draft: Draft): CreateActionItemRequest {
  return {
    title: draft.title.trim(),
    kind: draft.kind,
    ...(draft.owner ? { owner: draft.owner } : {}),
    ...(draft.dueDate ? { dueDate: draft.dueDate } : {}),
    ...(draft.ticketUrl.trim() ? { ticketUrl: draft.ticketUrl.trim() } : {}),
  };
}

/** Only what changed; cleared fields are sent as `null`. */
function updateRequestOf(item: ActionItem, draft: Draft) {
  const before = draftOf(item);
  const changes: UpdateActionItemRequest = {};
  if (draft.title.trim() !== before.title) changes.title = draft.title.trim();
  if (draft.kind !== before.kind) changes.kind = draft.kind;
  if (draft.owner !== before.owner) changes.owner = draft.owner || null;
  if (draft.dueDate !== before.dueDate) changes.dueDate = draft.dueDate || null;
  if (draft.ticketUrl.trim() !== before.ticketUrl) {
    changes.ticketUrl = draft.ticketUrl.trim() || null;
  }
  return changes;
}

/** Properties of {@link ActionItemDialog}. */
export type ActionItemDialogProps = {
  open: boolean;
  onClose(): void;
} & (
  | {
      /** Adds a new item. */
      item?: undefined;
      onSubmit(request: CreateActionItemRequest): Promise<void>;
    }
  | {
      /** Changes this item. */
      item: ActionItem;
      onSubmit(request: UpdateActionItemRequest): Promise<void>;
    }
);

/**
 * Adds or edits an action item: what, which kind of the runbook's, who owns
 * it (a user or a team of the catalog), by when, and the external ticket.
 */
export function ActionItemDialog(props: ActionItemDialogProps) {
  const { open, onClose, item } = props;
  const [draft, setDraft] = useState<Draft>(() => draftOf(item));
  const [validate, setValidate] = useState(false);
  const titleInput = useRef<HTMLInputElement>(null);

  const problems = problemsOf(draft);
  const update = (changes: Partial<Draft>) =>
    setDraft(d => ({ ...d, ...changes }));

  const { submitting, error, submit, close, dialogProps } = useFormDialog({
    open,
    onClose,
    onOpen: () => {
      setDraft(draftOf(item));
      setValidate(false);
    },
    resetKey: item,
    validate: () => {
      setValidate(true);
      return !problems.title && !problems.ticketUrl;
    },
    onSubmit: async () => {
      if (props.item) {
        await props.onSubmit(updateRequestOf(props.item, draft));
      } else {
        await props.onSubmit(createRequestOf(draft));
      }
      onClose();
    },
    initialFocus: titleInput,
  });

  const dialogTitle = item ? 'Edit action item' : 'Add action item';
  return (
    <Dialog
      {...dialogProps}
      aria-labelledby="action-item-dialog-title"
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id="action-item-dialog-title">{dialogTitle}</DialogTitle>
        <DialogContent>
          {!!error && (
            <Alert severity="error" role="alert">
              {messageOf(error)}
            </Alert>
          )}
          <TextField
            id="action-item-title"
            label="Title"
            placeholder="What is to be done"
            value={draft.title}
            onChange={e => update({ title: e.target.value })}
            inputRef={titleInput}
            required
            fullWidth
            variant="outlined"
            margin="dense"
            error={validate && !!problems.title}
            helperText={validate ? problems.title : undefined}
          />
          <TextField
            id="action-item-kind"
            label="Kind"
            select
            SelectProps={{ native: true }}
            value={draft.kind}
            onChange={e => update({ kind: e.target.value as ActionItemKind })}
            fullWidth
            variant="outlined"
            margin="dense"
          >
            {ACTION_ITEM_KINDS.map(kind => (
              <option key={kind} value={kind}>
                {ACTION_ITEM_KIND_LABELS[kind]}
              </option>
            ))}
          </TextField>
          <CatalogEntityPicker
            id="action-item-owner"
            label="Owner (optional)"
            kinds={OWNER_KINDS}
            value={draft.owner}
            onChange={owner => update({ owner })}
            helperText="A person or a team of the catalog"
          />
          <TextField
            id="action-item-due"
            label="Due date (optional)"
            type="date"
            value={draft.dueDate}
            onChange={e => update({ dueDate: e.target.value })}
            fullWidth
            variant="outlined"
            margin="dense"
            InputLabelProps={{ shrink: true }}
          />
          <TextField
            id="action-item-ticket"
            label="Ticket URL (optional)"
            placeholder="https://jira.example.com/browse/OPS-1"
            value={draft.ticketUrl}
            onChange={e => update({ ticketUrl: e.target.value })}
            fullWidth
            variant="outlined"
            margin="dense"
            error={validate && !!problems.ticketUrl}
            helperText={
              validate && problems.ticketUrl
                ? problems.ticketUrl
                : 'The issue tracker ticket, if there is one'
            }
          />
        </DialogContent>
        <FormDialogActions
          submitting={submitting}
          onCancel={close}
          submitLabel={item ? 'Save' : 'Add'}
        />
      </form>
    </Dialog>
  );
}
