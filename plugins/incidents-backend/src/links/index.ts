/**
 * What other features may use of links/: the configured tool instances (the
 * Statuspage pages that statuspage/ publishes to), the entity annotations
 * that name them, and the bounded outbound call to a tool.
 */
export {
  annotationOf,
  ANNOTATIONS,
  parseStatuspageComponents,
} from './annotations';
export { readLinksConfig } from './config';
export type { StatuspageInstance } from './config';
export { fetchUpstreamJson, UpstreamError } from './upstream';
