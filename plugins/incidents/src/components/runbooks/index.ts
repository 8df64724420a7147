export { EntityRunbooksContent } from './EntityRunbooksContent';
export type { EntityRunbooksContentProps } from './EntityRunbooksContent';
export { RunbooksPage, RunbooksPageContent } from './RunbooksPage';
export { RunbookViewer } from './RunbookViewer';
export type { RunbookViewerProps } from './RunbookViewer';
export { RunbookList } from './RunbookList';
export type { RunbookListProps } from './RunbookList';
export { runbookHref } from './runbookHref';
