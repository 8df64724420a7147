export { IncidentTrendChart } from './IncidentTrendChart';
