export { IncidentView } from './IncidentView';
export type { IncidentViewProps } from './IncidentView';
