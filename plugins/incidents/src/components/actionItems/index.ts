export { ActionItemList } from './ActionItemList';
export type { ActionItemListProps } from './ActionItemList';
export { ActionItemDialog } from './ActionItemDialog';
