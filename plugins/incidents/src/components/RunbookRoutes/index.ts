export { RunbookRoutes } from './RunbookRoutes';
export type { RunbookRoutesProps } from './RunbookRoutes';
