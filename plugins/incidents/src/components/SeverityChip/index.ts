export { SeverityChip } from './SeverityChip';
export type { SeverityChipProps } from './SeverityChip';
export { severityColors } from './severityColors';
export type { SeverityColors } from './severityColors';
