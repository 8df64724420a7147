export { PostmortemDue, PostmortemStatusChip } from './PostmortemStatus';
export type { PostmortemDueProps } from './PostmortemStatus';
