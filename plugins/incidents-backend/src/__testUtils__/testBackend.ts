import { ServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import type { SetupServer } from 'msw/node';
import request from 'supertest';
import { incidentsPlugin } from '../plugin';
import { BOMIZZEL_CATALOG } from './catalog';
import { clearIncidents } from './databases';

export const asSam = mockCredentials.user.header('user:default/sam-rivera');
export const asPriya = mockCredentials.user.header(
  'user:default/priya-natarajan',
);

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

/**
 * The plugin on the given database with the Bomizzel catalog, and helpers
 * that call its API as a user (Sam unless told otherwise).
 */
export async function startIncidentsApi(
  knex: Knex,
  extra: ServiceFactory[] = [],
  config: JsonObject = {},
) {
  const { server } = await startIncidentsBackend({
    knex,
    config,
    entities: BOMIZZEL_CATALOG,
    services: extra,
  });
  const api = (auth = asSam) => ({
    get: (path: string) =>
      request(server).get(`/api/incidents${path}`).set('Authorization', auth),
    post: (path: string, body: object) =>
      request(server)
        .post(`/api/incidents${path}`)
        .set('Authorization', auth)
        .send(body),
    put: (path: string, body: object, ifMatch?: string) => {
      const r = request(server)
        .put(`/api/incidents${path}`)
        .set('Authorization', auth);
      return (ifMatch === undefined ? r : r.set('If-Match', ifMatch)).send(
        body,
      );
    },
    patch: (path: string, body: object, ifMatch?: string) => {
      const r = request(server)
        .patch(`/api/incidents${path}`)
        .set('Authorization', auth);
      return (ifMatch === undefined ? r : r.set('If-Match', ifMatch)).send(
        body,
      );
    },
  });

  /** Declares an incident at the current (fake) time and moves it along. */
  async function incident(
    body: {
      title?: string;
      severity: string;
      entityRefs: string[];
      detectedAt?: string;
    },
    auth = asSam,
  ): Promise<{ id: number; ref: string }> {
    const res = await api(auth).post('/incidents', {
      title: 'Database unavailable',
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body;
  }
  async function event(id: number, body: object) {
    const res = await api().post(`/incidents/${id}/events`, body);
    expect(res.status).toBe(201);
  }
  return { server, api, incident, event };
}

/** The backend `startIncidentsApi` starts, with its request helpers. */
export type IncidentsApi = Awaited<ReturnType<typeof startIncidentsApi>>;

/**
 * Registers the hooks of a per-database describe block: starts the backend
 * on the database once, clears incidents (and fake timers) before each test.
 * `ready` receives the database and the backend when they are up.
 */
export function useIncidentsApi(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  ready: (knex: Knex, backend: IncidentsApi) => void,
) {
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(databaseId);
    ready(knex, await startIncidentsApi(knex));
  });
  beforeEach(async () => {
    jest.useRealTimers();
    await clearIncidents(knex);
  });
  afterAll(() => jest.useRealTimers());
}
