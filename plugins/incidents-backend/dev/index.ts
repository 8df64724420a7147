import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// A minimal backend for working on the plugin alone (`yarn start` in this
// folder). Auth is mocked so that the API can be called with curl:
//
//   curl http://localhost:7007/api/incidents/severities
const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('../src'));

backend.start();
