export { IncidentAlertsCard } from './IncidentAlertsCard';
export { UnmappedAlerts } from './UnmappedAlerts';
