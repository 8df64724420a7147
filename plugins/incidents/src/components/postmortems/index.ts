export { EntityFollowUps } from './EntityFollowUps';
export {
  IncidentFollowUp,
  IncidentPostmortemCard,
} from './IncidentPostmortemCard';
export { PostmortemPage } from './PostmortemPage';
export type { PostmortemPageProps } from './PostmortemPage';
