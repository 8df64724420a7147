/**
 * Incidents, runbooks and observability links on Backstage entity pages.
 *
 * Apps on the new frontend system install the default export of
 * `@bomizzel/plugin-incidents/alpha`; this entry point serves the legacy system.
 *
 * @packageDocumentation
 */

export {
  incidentsPlugin,
  EntityIncidentsContent,
  EntityIncidentsCard,
  EntityObservabilityCard,
  EntityRunbooksContent,
  RunbooksPage,
  IncidentsPage,
} from './plugin';
export {
  entityIncidentsRouteRef,
  entityRunbooksRouteRef,
  incidentsPageRouteRef,
  runbooksRouteRef,
} from './routes';
export {
  isIncidentsAvailable,
  INCIDENT_ENTITY_KINDS,
  isObservabilityAvailable,
  OBSERVABILITY_ENTITY_KINDS,
} from './entityFilter';
export * from './api';
export { DeclareIncidentDialog, IncidentView } from './lazyComponents';
export type { DeclareIncidentDialogProps } from './components/DeclareIncidentDialog';
export type { IncidentViewProps } from './components/IncidentView';
export type { EntityIncidentsContentProps } from './components/EntityIncidentsContent';
export type { EntityIncidentsCardProps } from './components/EntityIncidentsCard';
export type { EntityRunbooksContentProps } from './components/EntityRunbooksContent';
export type { EntityObservabilityCardProps } from './components/EntityObservabilityCard';
