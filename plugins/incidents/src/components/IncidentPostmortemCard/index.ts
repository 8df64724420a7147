export {
  IncidentFollowUp,
  IncidentPostmortemCard,
} from './IncidentPostmortemCard';
