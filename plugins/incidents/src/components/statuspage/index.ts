export { IncidentStatuspageCard } from './IncidentStatuspageCard';
