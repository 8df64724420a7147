import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { incidentsApiRef, IncidentsClient } from './api';
import { INCIDENT_ENTITY_KINDS } from './entityFilter';

const incidentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: incidentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new IncidentsClient({ discoveryApi, fetchApi }),
    }),
});

const entityFilter = { kind: { $in: [...INCIDENT_ENTITY_KINDS] } };

/** The Incidents tab; `incidents/INC-42` opens one incident. */
const incidentsEntityContent = EntityContentBlueprint.make({
  name: 'incidents',
  params: {
    path: 'incidents',
    title: 'Incidents',
    filter: entityFilter,
    loader: () =>
      import('./components/EntityIncidentsContent').then(m => (
        <m.EntityIncidentsContent />
      )),
  },
});

/** The overview card: open incidents, MTTA/MTTR and the 12-month trend. */
const incidentsEntityCard = EntityCardBlueprint.make({
  name: 'incidents',
  params: {
    // In the main column: the trend chart needs the width.
    type: 'content',
    filter: entityFilter,
    loader: () =>
      import('./components/EntityIncidentsCard').then(m => (
        <m.EntityIncidentsCard />
      )),
  },
});

/**
 * The incidents plugin for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'incidents',
  title: 'Incidents',
  info: { packageJson: () => import('../package.json') },
  extensions: [incidentsApi, incidentsEntityContent, incidentsEntityCard],
});
