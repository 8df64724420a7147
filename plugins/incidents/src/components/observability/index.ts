export {
  EntityObservabilityCard,
  OBSERVABILITY_DOCS_URL,
} from './EntityObservabilityCard';
export type { EntityObservabilityCardProps } from './EntityObservabilityCard';
export { IncidentObservabilityLinks } from './IncidentObservabilityLinks';
export type { IncidentObservabilityLinksProps } from './IncidentObservabilityLinks';
export {
  isObservabilityAvailable,
  OBSERVABILITY_ENTITY_KINDS,
} from './entityFilter';
