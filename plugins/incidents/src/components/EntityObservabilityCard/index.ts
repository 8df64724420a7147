export {
  EntityObservabilityCard,
  OBSERVABILITY_DOCS_URL,
} from './EntityObservabilityCard';
export type { EntityObservabilityCardProps } from './EntityObservabilityCard';
