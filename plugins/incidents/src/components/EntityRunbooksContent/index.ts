export { EntityRunbooksContent } from './EntityRunbooksContent';
export type { EntityRunbooksContentProps } from './EntityRunbooksContent';
