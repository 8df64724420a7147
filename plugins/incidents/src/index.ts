/**
 * Incidents, runbooks and observability links on Backstage entity pages.
 *
 * Apps on the new frontend system install the default export of
 * `@bomizzel/plugin-incidents/alpha`; this entry point serves the legacy system.
 *
 * @packageDocumentation
 */

export { incidentsPlugin } from './plugin';
export * from './api';
