import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { incidentsApiRef, IncidentsClient } from '../api';
import { BACKEND_URL } from './fakeIncidentsBackend';

export const backendEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'bomizzel-backend',
    namespace: 'default',
    title: 'Bomizzel Backend API',
    links: [
      {
        url: 'https://example.com/runbooks/incident-response.md',
        title: 'Incident response runbook',
        type: 'runbook',
      },
    ],
  },
  spec: { type: 'service', owner: 'group:backend-team' },
};

export const catalogEntities: Entity[] = [
  backendEntity,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'bomizzel-postgres',
      namespace: 'default',
      title: 'Bomizzel PostgreSQL',
    },
    spec: { type: 'database' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'sam-rivera', namespace: 'default' },
    spec: { profile: { displayName: 'Sam Rivera' } },
  },
];

/**
 * Renders incident UI inside a test app, on an entity page route, with the
 * real client talking to the msw fake backend.
 */
export function renderIncidentsUi(
  element: JSX.Element,
  options: { entity?: Entity; mountPath?: string; path?: string } = {},
) {
  const entity = options.entity ?? backendEntity;
  const client = new IncidentsClient({
    discoveryApi: mockApis.discovery({ baseUrl: BACKEND_URL }),
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      apis: [
        [incidentsApiRef, client],
        catalogApiMock({ entities: catalogEntities }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      ...(options.mountPath ? { mountPath: options.mountPath } : {}),
      ...(options.path ? { initialRouteEntries: [options.path] } : {}),
    },
  );
}
