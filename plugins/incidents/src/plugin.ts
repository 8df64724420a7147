import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { incidentsApiRef, IncidentsClient } from './api';
import type { EntityIncidentsCardProps } from './components/EntityIncidentsCard';
import type { EntityIncidentsContentProps } from './components/EntityIncidentsContent';
import type { EntityObservabilityCardProps } from './components/EntityObservabilityCard';
import type { EntityRunbooksContentProps } from './components/EntityRunbooksContent';
import {
  entityIncidentsRouteRef,
  entityRunbooksRouteRef,
  incidentsPageRouteRef,
  runbooksRouteRef,
} from './routes';

/**
 * The incidents plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const incidentsPlugin = createPlugin({
  id: 'incidents',
  apis: [
    createApiFactory({
      api: incidentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new IncidentsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: entityIncidentsRouteRef,
    entityRunbooks: entityRunbooksRouteRef,
    runbooks: runbooksRouteRef,
    incidentsPage: incidentsPageRouteRef,
  },
});

/**
 * The Incidents tab for entity pages (components, resources, systems and
 * groups), for example
 * `<EntityLayout.Route path="/incidents" title="Incidents"><EntityIncidentsContent /></EntityLayout.Route>`.
 *
 * @public
 */
export const EntityIncidentsContent: (
  props: EntityIncidentsContentProps,
) => JSX.Element = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'EntityIncidentsContent',
    component: () =>
      import('./components/EntityIncidentsContent').then(
        m => m.EntityIncidentsContent,
      ),
    mountPoint: entityIncidentsRouteRef,
  }),
);

/**
 * The incidents overview card for entity overview pages.
 *
 * @public
 */
export const EntityIncidentsCard: (
  props: EntityIncidentsCardProps,
) => JSX.Element = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityIncidentsCard',
    component: {
      lazy: () =>
        import('./components/EntityIncidentsCard').then(
          m => m.EntityIncidentsCard,
        ),
    },
  }),
);

/**
 * The observability card for entity overview pages: dashboards, traces,
 * status page and the runbook's other tools, with live badges.
 *
 * @public
 */
export const EntityObservabilityCard: (
  props: EntityObservabilityCardProps,
) => JSX.Element = incidentsPlugin.provide(
  createComponentExtension({
    name: 'EntityObservabilityCard',
    component: {
      lazy: () =>
        import('./components/EntityObservabilityCard').then(
          m => m.EntityObservabilityCard,
        ),
    },
  }),
);

/**
 * The Runbooks tab for entity pages: the entity's runbooks with a search, one
 * runbook below it, for example
 * `<EntityLayout.Route path="/runbooks" title="Runbooks"><EntityRunbooksContent /></EntityLayout.Route>`.
 *
 * @public
 */
export const EntityRunbooksContent: (
  props: EntityRunbooksContentProps,
) => JSX.Element = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'EntityRunbooksContent',
    component: () =>
      import('./components/EntityRunbooksContent').then(
        m => m.EntityRunbooksContent,
      ),
    mountPoint: entityRunbooksRouteRef,
  }),
);

/**
 * The portal's runbooks page, for example
 * `<Route path="/runbooks" element={<RunbooksPage />} />`: every runbook with
 * a search, and `/runbooks/<path>` for one runbook.
 *
 * @public
 */
export const RunbooksPage: () => JSX.Element = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'RunbooksPage',
    component: () =>
      import('./components/RunbooksPage').then(m => m.RunbooksPage),
    mountPoint: runbooksRouteRef,
  }),
);

/**
 * The portal's incidents page, for example
 * `<Route path="/incidents" element={<IncidentsPage />} />`: the active
 * incidents of the whole catalog and the monthly trend review, filtered to a
 * team or a system through the URL.
 *
 * @public
 */
export const IncidentsPage: () => JSX.Element = incidentsPlugin.provide(
  createRoutableExtension({
    name: 'IncidentsPage',
    component: () =>
      import('./components/IncidentsPage').then(m => m.IncidentsPage),
    mountPoint: incidentsPageRouteRef,
  }),
);
