export { IncidentTime, formatAbsoluteTime } from './IncidentTime';
export type { IncidentTimeProps } from './IncidentTime';
export { formatDuration } from './formatDuration';
