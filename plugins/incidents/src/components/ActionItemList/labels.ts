import {
  ActionItemKind,
  ActionItemStatus,
} from '@bomizzel/plugin-incidents-common';

/** The runbook's words for the kinds of action items. */
export const ACTION_ITEM_KIND_LABELS: Record<ActionItemKind, string> = {
  immediate_fix: 'Immediate fix',
  long_term_improvement: 'Long-term improvement',
  process_change: 'Process change',
  monitoring_enhancement: 'Monitoring enhancement',
};

export const ACTION_ITEM_STATUS_LABELS: Record<ActionItemStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  wont_do: "Won't do",
};
