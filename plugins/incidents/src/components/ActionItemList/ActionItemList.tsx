import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ACTION_ITEM_STATUSES,
  ActionItem,
  ActionItemStatus,
  CreateActionItemRequest,
  ListActionItemsRequest,
  UpdateActionItemRequest,
} from '@bomizzel/plugin-incidents-common';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import EditIcon from '@material-ui/icons/Edit';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { incidentsApiRef } from '../../api';
import { isStaleVersionError, messageOf } from '../../api/errors';
import { ActionItemDialog } from './ActionItemDialog';
import { ACTION_ITEM_KIND_LABELS, ACTION_ITEM_STATUS_LABELS } from './labels';
import { LoadErrorAlert } from '../LoadErrorAlert';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    justifyContent: 'flex-end',
    marginBottom: theme.spacing(1),
  },
  overdue: {
    color: theme.palette.error.main,
    fontWeight: 600,
  },
  select: {
    font: 'inherit',
    padding: theme.spacing(0.5),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
    background: theme.palette.background.paper,
    color: theme.palette.text.primary,
  },
  notice: { marginBottom: theme.spacing(1) },
  // The theme lets table cells break words anywhere, which squeezed short
  // columns to a letter per line: here words stay whole, and the padding is
  // narrower than MUI's so that every column fits a two-thirds-wide card.
  cell: {
    wordBreak: 'normal',
    padding: theme.spacing(0.75, 1),
    '&:first-child': { paddingLeft: theme.spacing(2) },
  },
  // Short values read across on one line.
  oneLine: { whiteSpace: 'nowrap' },
  // The title takes the room left; a long unbroken word in it may break.
  title: { minWidth: theme.spacing(20), overflowWrap: 'anywhere' },
  kind: { marginTop: theme.spacing(0.5) },
  scroll: { overflowX: 'auto' },
}));

/** `2026-03-12` as `12 Mar 2026`. */
function formatDueDate(date: string): string {
  return DateTime.fromISO(date).toLocaleString(DateTime.DATE_MED);
}

/** Properties of {@link ActionItemList}. */
export interface ActionItemListProps {
  /** Which items: an incident's, or those of entities or an owner. */
  request: ListActionItemsRequest;
  /** With an incident, items can be added to it. */
  incidentId?: number;
  /** Shows the incident of each item, linked relative to the current route. */
  showIncident?: boolean;
  /** Said when there are none. */
  emptyText?: string;
}

/**
 * Action items, overdue first (the server's order): their kind, owner, due
 * date, ticket, and a status that can be changed in place. Changes are sent
 * against the version on screen (If-Match).
 */
export function ActionItemList(props: ActionItemListProps) {
  const {
    request,
    incidentId,
    showIncident,
    emptyText = 'No action items yet.',
  } = props;
  const classes = useStyles();
  const api = useApi(incidentsApiRef);
  const requestKey = JSON.stringify(request);
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (await api.listActionItems(request)).items,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, requestKey],
  );
  // Changes made here, over the list as last loaded.
  const [local, setLocal] = useState<{
    loaded: ActionItem[];
    items: ActionItem[];
  }>();
  const items = local && local.loaded === value ? local.items : value;
  const setItems = (change: (list: ActionItem[]) => ActionItem[]) =>
    setLocal(prev => ({
      loaded: value!,
      items: change(prev && prev.loaded === value ? prev.items : value ?? []),
    }));
  const [dialog, setDialog] = useState<{ item?: ActionItem }>();
  const [notice, setNotice] = useState<{
    severity: 'warning' | 'error';
    text: string;
  }>();

  const replace = (changed: ActionItem) =>
    setItems(list => list.map(i => (i.id === changed.id ? changed : i)));

  const update = async (item: ActionItem, changes: UpdateActionItemRequest) => {
    try {
      replace(
        await api.updateActionItem(item.id, changes, { version: item.version }),
      );
      setNotice(undefined);
    } catch (e) {
      if (isStaleVersionError(e)) {
        retry();
        setNotice({
          severity: 'warning',
          text: `Someone else changed "${item.title}" meanwhile. The latest version is shown; change it again if it still needs it.`,
        });
        return;
      }
      throw e;
    }
  };

  const changeStatus = (item: ActionItem, status: ActionItemStatus) =>
    update(item, { status }).catch(e =>
      setNotice({ severity: 'error', text: messageOf(e) }),
    );

  const create = async (body: CreateActionItemRequest) => {
    const created = await api.createActionItem(incidentId!, body);
    setItems(list => [...list, created]);
  };

  let content;
  if (!items && loading) {
    content = <Progress />;
  } else if (!items) {
    content = (
      <LoadErrorAlert onRetry={retry}>
        Could not load the action items: {messageOf(error)}
      </LoadErrorAlert>
    );
  } else if (!items.length) {
    content = <Typography color="textSecondary">{emptyText}</Typography>;
  } else {
    content = (
      <div className={classes.scroll}>
        <Table size="small" aria-label="Action items">
          <TableHead>
            <TableRow>
              <TableCell className={classes.cell}>Action item</TableCell>
              {showIncident && (
                <TableCell className={classes.cell}>Incident</TableCell>
              )}
              <TableCell className={classes.cell}>Owner</TableCell>
              <TableCell className={classes.cell}>Due</TableCell>
              <TableCell className={classes.cell}>Status</TableCell>
              <TableCell className={classes.cell}>Ticket</TableCell>
              <TableCell padding="checkbox" />
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(item => (
              <TableRow key={item.id}>
                <TableCell className={`${classes.cell} ${classes.title}`}>
                  <div>{item.title}</div>
                  <Chip
                    size="small"
                    variant="outlined"
                    className={classes.kind}
                    label={ACTION_ITEM_KIND_LABELS[item.kind]}
                  />
                </TableCell>
                {showIncident && (
                  <TableCell className={`${classes.cell} ${classes.oneLine}`}>
                    <Link to={item.incidentRef}>{item.incidentRef}</Link>
                  </TableCell>
                )}
                <TableCell className={classes.cell}>
                  {item.owner ? (
                    <EntityRefLink entityRef={item.owner} defaultKind="user" />
                  ) : (
                    <Typography variant="body2" color="textSecondary">
                      Nobody
                    </Typography>
                  )}
                </TableCell>
                <TableCell className={classes.cell}>
                  {item.dueDate ? (
                    // "Overdue" goes under the date when the column is narrow.
                    <span
                      className={item.overdue ? classes.overdue : undefined}
                    >
                      <span className={classes.oneLine}>
                        {formatDueDate(item.dueDate)}
                        {item.overdue && '\u00a0·'}
                      </span>
                      {item.overdue && ' Overdue'}
                    </span>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell className={`${classes.cell} ${classes.oneLine}`}>
                  <select
                    className={classes.select}
                    aria-label={`Status of ${item.title}`}
                    value={item.status}
                    onChange={e =>
                      changeStatus(item, e.target.value as ActionItemStatus)
                    }
                  >
                    {ACTION_ITEM_STATUSES.map(status => (
                      <option key={status} value={status}>
                        {ACTION_ITEM_STATUS_LABELS[status]}
                      </option>
                    ))}
                  </select>
                </TableCell>
                <TableCell className={`${classes.cell} ${classes.oneLine}`}>
                  {item.ticketUrl ? (
                    <Link to={item.ticketUrl} target="_blank" rel="noopener">
                      Ticket <OpenInNewIcon fontSize="inherit" />
                    </Link>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell padding="checkbox">
                  <IconButton
                    size="small"
                    aria-label={`Edit ${item.title}`}
                    onClick={() => setDialog({ item })}
                  >
                    <EditIcon fontSize="small" />
                  </IconButton>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    );
  }

  return (
    <>
      {incidentId !== undefined && (
        <div className={classes.toolbar}>
          <Button
            variant="outlined"
            color="primary"
            startIcon={<AddIcon />}
            onClick={() => setDialog({})}
          >
            Add action item
          </Button>
        </div>
      )}
      {notice && (
        <Alert
          severity={notice.severity}
          className={classes.notice}
          role="alert"
          onClose={() => setNotice(undefined)}
        >
          {notice.text}
        </Alert>
      )}
      {content}
      {dialog?.item ? (
        <ActionItemDialog
          open
          item={dialog.item}
          onClose={() => setDialog(undefined)}
          onSubmit={changes => update(dialog.item!, changes)}
        />
      ) : (
        <ActionItemDialog
          open={!!dialog}
          onClose={() => setDialog(undefined)}
          onSubmit={create}
        />
      )}
    </>
  );
}
