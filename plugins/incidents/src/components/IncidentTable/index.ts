export { IncidentTable } from './IncidentTable';
export type { IncidentTableProps } from './IncidentTable';
