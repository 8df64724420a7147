import { ServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import type { SetupServer } from 'msw/node';
import { incidentsPlugin } from '../plugin';

/** What {@link startIncidentsBackend} runs the plugin with. */
export interface IncidentsTestBackendOptions {
  /** The database, usually one of `createTestDatabases()`; none: the mock's own. */
  knex?: Knex;
  /** The `incidents` section of the app config; none: an empty config. */
  config?: JsonObject;
  /** The catalog's entities; none: no catalog mock. */
  entities?: Entity[];
  /**
   * A request without Authorization is anonymous, as in a real backend,
   * rather than the mock user that backend-test-utils assumes.
   */
  anonymous?: boolean;
  /** More service factories (permissions, notifications, …). */
  services?: ServiceFactory[];
}

/** The HTTP server of a started test backend, for supertest. */
export type TestServer = Awaited<ReturnType<typeof startTestBackend>>['server'];

/**
 * The incidents plugin in a test backend (`startTestBackend`), with mock
 * services for what the test names; the backend stops after the test file.
 */
export function startIncidentsBackend(
  options: IncidentsTestBackendOptions = {},
) {
  const { knex, config, entities, anonymous, services = [] } = options;
  return startTestBackend({
    features: [
      incidentsPlugin,
      ...(knex ? [mockServices.database.factory({ knex })] : []),
      ...(config
        ? [mockServices.rootConfig.factory({ data: { incidents: config } })]
        : []),
      ...(anonymous
        ? [
            mockServices.httpAuth.factory({
              defaultCredentials: mockCredentials.none(),
            }),
          ]
        : []),
      ...(entities ? [catalogServiceMock.factory({ entities })] : []),
      ...services,
    ],
  });
}

/** Fakes Date only: supertest and the database keep their real timers. */
export function fakeClock(now: number) {
  jest.useFakeTimers({
    doNotFake: [
      'nextTick',
      'setImmediate',
      'setTimeout',
      'setInterval',
      'clearTimeout',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
  jest.setSystemTime(now);
}

/**
 * Lets `upstream` (msw) answer the plugin's outbound requests during the test
 * file: supertest talks to the test backend on localhost, anything else
 * without a handler is an error. Its handlers go back to the initial ones
 * after each test.
 */
export function fakeUpstreams(upstream: SetupServer) {
  beforeAll(() =>
    upstream.listen({
      onUnhandledRequest: (req, print) => {
        if (
          !['127.0.0.1', 'localhost', '::1'].includes(new URL(req.url).hostname)
        ) {
          print.error();
        }
      },
    }),
  );
  afterEach(() => upstream.resetHandlers());
  afterAll(() => upstream.close());
}
