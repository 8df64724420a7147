export { ActionItemList } from './ActionItemList';
export type { ActionItemListProps } from './ActionItemList';
export { ACTION_ITEM_KIND_LABELS } from './labels';
