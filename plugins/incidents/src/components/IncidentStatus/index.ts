export {
  IncidentStatus,
  STATUS_LABELS,
  STATUS_DESCRIPTIONS,
} from './IncidentStatus';
export { StatusLabel } from './StatusLabel';
export type { StatusTone } from './StatusLabel';
