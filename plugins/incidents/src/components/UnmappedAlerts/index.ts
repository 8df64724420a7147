export { UnmappedAlerts } from './UnmappedAlerts';
