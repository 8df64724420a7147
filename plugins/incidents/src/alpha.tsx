import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import MenuBookIcon from '@material-ui/icons/MenuBook';
import WhatshotIcon from '@material-ui/icons/Whatshot';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { incidentsApiRef, IncidentsClient } from './api';
import {
  INCIDENT_ENTITY_KINDS,
  OBSERVABILITY_ENTITY_KINDS,
} from './entityFilter';
import { prefetchIncidentsTab } from './prefetch';

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
      import('./components/EntityIncidentsCard').then(m => {
        prefetchIncidentsTab();
        return <m.EntityIncidentsCard />;
      }),
  },
});

/** The overview card of the entity's dashboards, traces and status page. */
const observabilityEntityCard = EntityCardBlueprint.make({
  name: 'observability',
  params: {
    type: 'info',
    filter: { kind: { $in: [...OBSERVABILITY_ENTITY_KINDS] } },
    loader: () =>
      import('./components/EntityObservabilityCard').then(m => (
        <m.EntityObservabilityCard />
      )),
  },
});

/** The Runbooks tab; `runbooks/<path>` opens one runbook inside it. */
const runbooksEntityContent = EntityContentBlueprint.make({
  name: 'runbooks',
  params: {
    path: 'runbooks',
    title: 'Runbooks',
    filter: entityFilter,
    loader: () =>
      import('./components/EntityRunbooksContent').then(m => (
        <m.EntityRunbooksContent />
      )),
  },
});

/** The portal's incidents: what is active now, and the monthly trends. */
const incidentsPageRouteRef = createRouteRef();

const incidentsPage = PageBlueprint.make({
  name: 'incidents',
  params: {
    path: '/incidents',
    // A route ref gives the page its sidebar entry.
    routeRef: incidentsPageRouteRef,
    title: 'Incidents',
    icon: <WhatshotIcon />,
    loader: () =>
      import('./components/IncidentsPage').then(m => (
        <m.IncidentsPageContent />
      )),
  },
});

// A page gets a sidebar item only with a route ref.
const runbooksPageRouteRef = createRouteRef();

/** The portal's runbooks at `/runbooks`, one runbook at `/runbooks/<path>`. */
const runbooksPage = PageBlueprint.make({
  name: 'runbooks',
  params: {
    path: '/runbooks',
    routeRef: runbooksPageRouteRef,
    title: 'Runbooks',
    icon: <MenuBookIcon />,
    loader: () =>
      import('./components/RunbooksPage').then(m => <m.RunbooksPageContent />),
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
  routes: { runbooks: runbooksPageRouteRef, incidents: incidentsPageRouteRef },
  extensions: [
    incidentsApi,
    incidentsEntityContent,
    incidentsEntityCard,
    runbooksEntityContent,
    runbooksPage,
    incidentsPage,
    observabilityEntityCard,
  ],
});
