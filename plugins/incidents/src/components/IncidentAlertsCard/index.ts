export { IncidentAlertsCard } from './IncidentAlertsCard';
