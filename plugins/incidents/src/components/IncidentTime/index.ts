export { IncidentTime, formatAbsoluteTime } from './IncidentTime';
export type { IncidentTimeProps } from './IncidentTime';
