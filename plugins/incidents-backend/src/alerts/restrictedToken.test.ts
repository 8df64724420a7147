import { resolve as resolvePath } from 'node:path';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { httpRouterServiceFactory } from '@backstage/backend-defaults/httpRouter';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigSources } from '@backstage/config-loader';
import { JsonObject } from '@backstage/types';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { incidentsPlugin } from '../plugin';

jest.setTimeout(120_000);

/**
 * Alertmanager's token as the example portal ships it: a static token
 * restricted to the incidents plugin. The backend runs Backstage's real
 * auth, credential checks and permissions and the real catalog backend over
 * the example catalog, so the plugin's own lookups go through the same
 * token checks as in the portal.
 */

const ROOT = resolvePath(__dirname, '../../../..');
const ALERTMANAGER_TOKEN = 'alertmanager-token-from-the-environment';
const OPERATOR_TOKEN = 'test-operator-token';
const CATALOG_ONLY_TOKEN = 'catalog-only-token';
const READ_ONLY_TOKEN = 'incidents-read-only-token';

/** `key` of the app config as the portal loads these files. */
async function shipped(files: string[], key: string) {
  const config = await ConfigSources.toConfig(
    ConfigSources.defaultForTargets({
      rootDir: ROOT,
      targets: files.map(f => ({ type: 'path', target: resolvePath(ROOT, f) })),
      substitutionFunc: async name =>
        name === 'ALERTMANAGER_TOKEN' ? ALERTMANAGER_TOKEN : undefined,
    }),
  );
  try {
    return config.get(key);
  } finally {
    config.close();
  }
}

/** The catalog config with its file targets made absolute. */
function inBackendFolder(catalog: JsonObject): JsonObject {
  const locations = (catalog.locations as JsonObject[]).map(location =>
    location.type === 'file'
      ? {
          ...location,
          target: resolvePath(
            ROOT,
            'packages/backend',
            String(location.target),
          ),
        }
      : location,
  );
  return { ...catalog, locations };
}

const payload = (groupKey: string) => ({
  version: '4',
  groupKey,
  status: 'firing',
  receiver: 'backstage',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: {
        alertname: 'HighErrorRate',
        service: 'bomizzel-backend',
        severity: 'critical',
      },
      annotations: { summary: '5xx above 5%' },
      startsAt: new Date().toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: `fp-${groupKey}`,
    },
  ],
});

describe.each(
  [['app-config.yaml'], ['app-config.yaml', 'app-config.production.yaml']].map(
    files => [files.join(' + '), files] as const,
  ),
)('the shipped Alertmanager token (%s)', (_, files) => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  let externalAccess: JsonObject[];

  beforeAll(async () => {
    externalAccess = (await shipped(
      files,
      'backend.auth.externalAccess',
    )) as JsonObject[];
    const staticToken = (
      token: string,
      subject: string,
      restrictions?: any,
    ) => ({
      type: 'static',
      options: { token, subject },
      ...(restrictions ? { accessRestrictions: restrictions } : {}),
    });
    ({ server } = await startTestBackend({
      features: [
        incidentsPlugin,
        catalogPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        httpRouterServiceFactory,
        permissionsServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              auth: {
                externalAccess: [
                  ...externalAccess,
                  // the test's own caller, to read what the deliveries did
                  staticToken(OPERATOR_TOKEN, 'test-operator'),
                  staticToken(CATALOG_ONLY_TOKEN, 'catalog-only', [
                    { plugin: 'catalog' },
                  ]),
                  staticToken(READ_ONLY_TOKEN, 'incidents-reader', [
                    { plugin: 'incidents', permission: 'incident.read' },
                  ]),
                ],
              },
            },
            // the development catalog, whose file targets are relative to
            // packages/backend (where the portal's backend runs)
            catalog: inBackendFolder(
              (await shipped(['app-config.yaml'], 'catalog')) as JsonObject,
            ),
            incidents: { escalation: { enabled: false } },
          },
        }),
      ],
    }));
    // the catalog ingests the example catalog in the background
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/bomizzel-backend')
        .set('Authorization', `Bearer ${OPERATOR_TOKEN}`);
      if (res.status === 200) break;
      if (Date.now() > deadline) {
        throw new Error(`the catalog did not ingest: ${res.status}`);
      }
      await new Promise(r => setTimeout(r, 250));
    }
  });

  const deliver = (token: string, groupKey: string) =>
    request(server)
      .post('/api/incidents/alerts/alertmanager')
      .set('Authorization', `Bearer ${token}`)
      .send(payload(groupKey));

  const incidentsOf = async () =>
    (
      await request(server)
        .get(
          '/api/incidents/incidents?entityRef=component:default/bomizzel-backend',
        )
        .set('Authorization', `Bearer ${OPERATOR_TOKEN}`)
        .expect(200)
    ).body.items as Array<{ id: number; title: string; reporter: string }>;

  it('is a static token restricted to the incidents plugin', () => {
    expect(externalAccess).toContainEqual(
      expect.objectContaining({
        options: expect.objectContaining({ token: ALERTMANAGER_TOKEN }),
        accessRestrictions: [{ plugin: 'incidents' }],
      }),
    );
  });

  it('opens an incident on the entity the alert names', async () => {
    const res = await deliver(
      ALERTMANAGER_TOKEN,
      `{}:{service="a-${files.length}"}`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      received: 1,
      unmapped: 0,
      incident: { created: true },
    });
    const incident = (await incidentsOf()).find(
      i => i.id === res.body.incident.id,
    );
    expect(incident).toMatchObject({
      reporter: 'service:alertmanager',
    });
  });

  it('refuses a token that may not reach the incidents plugin', async () => {
    const res = await deliver(CATALOG_ONLY_TOKEN, '{}:{service="b"}');
    expect(res.status).toBe(403);
  });

  it('refuses a token without the permission to declare, writing nothing', async () => {
    const before = await incidentsOf();
    const res = await deliver(READ_ONLY_TOKEN, '{}:{service="c"}');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/may not declare/);
    expect(await incidentsOf()).toEqual(before);
    // the token may still read, as its restriction allows
    const list = await request(server)
      .get('/api/incidents/incidents')
      .set('Authorization', `Bearer ${READ_ONLY_TOKEN}`);
    expect(list.status).toBe(200);
  });
});
