export { PostmortemPage } from './PostmortemPage';
export type { PostmortemPageProps } from './PostmortemPage';
