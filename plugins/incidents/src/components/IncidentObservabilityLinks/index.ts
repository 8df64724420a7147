export { IncidentObservabilityLinks } from './IncidentObservabilityLinks';
export type { IncidentObservabilityLinksProps } from './IncidentObservabilityLinks';
