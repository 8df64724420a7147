import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { incidentsApiRef, IncidentsClient } from './api';
import { entityIncidentsRouteRef } from './routes';

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
  },
});

/**
 * The Incidents tab for entity pages (components, resources, systems and
 * groups), for example
 * `<EntityLayout.Route path="/incidents" title="Incidents"><EntityIncidentsContent /></EntityLayout.Route>`.
 *
 * @public
 */
export const EntityIncidentsContent = incidentsPlugin.provide(
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
export const EntityIncidentsCard = incidentsPlugin.provide(
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
