import { mockCredentials } from '@backstage/backend-test-utils';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { startIncidentsBackend } from '../__testUtils__/testBackend';
import { entity } from '../__testUtils__/catalog';

/**
 * The real peer: Debian's prometheus-alertmanager, with a webhook receiver
 * pointed at a test backend. Alerts are posted to Alertmanager's own API and
 * reach the plugin the way they would in production.
 */
const ALERTMANAGER =
  process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';
const available = existsSync(ALERTMANAGER);
if (!available && process.env.CI) {
  throw new Error(
    `${ALERTMANAGER} is missing: CI installs Debian's prometheus-alertmanager (scripts/test.sh)`,
  );
}

jest.setTimeout(120_000);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last}` : ''}`);
}

(available ? describe : describe.skip)(
  'Alertmanager → incidents, with a real Alertmanager',
  () => {
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startIncidentsBackend>>;
    let alertmanager: ChildProcess;
    let amUrl: string;
    let dir: string;
    const output: string[] = [];

    beforeAll(async () => {
      knex = knexFactory({
        client: 'better-sqlite3',
        connection: ':memory:',
        useNullAsDefault: true,
      });
      backend = await startIncidentsBackend({
        knex,
        config: { escalation: { enabled: false } },
        entities: [
          entity('Component', 'bomizzel-backend', {
            annotations: {
              'prometheus.io/service-name': 'bomizzel-api',
            },
            spec: { owner: 'backend-team' },
          }),
        ],
      });
      const backendPort = (backend.server.address() as AddressInfo).port;
      const amPort = await freePort();
      amUrl = `http://127.0.0.1:${amPort}`;
      dir = mkdtempSync(join(tmpdir(), 'alertmanager-'));
      const token = mockCredentials.service.token({
        onBehalfOf: mockCredentials.service('external:alertmanager'),
        targetPluginId: 'incidents',
      });
      writeFileSync(
        join(dir, 'alertmanager.yml'),
        `route:
  receiver: backstage
  group_by: [service]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: backstage
    webhook_configs:
      - url: http://127.0.0.1:${backendPort}/api/incidents/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${JSON.stringify(token)}
`,
      );
      alertmanager = spawn(
        ALERTMANAGER,
        [
          `--config.file=${join(dir, 'alertmanager.yml')}`,
          `--storage.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${amPort}`,
          '--cluster.listen-address=',
          '--log.level=debug',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      alertmanager.stdout!.on('data', d => output.push(String(d)));
      alertmanager.stderr!.on('data', d => output.push(String(d)));
      await until('Alertmanager to be ready', async () => {
        const res = await fetch(`${amUrl}/-/ready`);
        return res.ok ? true : undefined;
      });
    });

    afterAll(async () => {
      alertmanager?.kill('SIGTERM');
      await backend?.stop();
      await knex?.destroy();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const post = async (alerts: object[]) => {
      const res = await fetch(`${amUrl}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      expect(res.status).toBe(200);
    };

    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const highErrorRate = {
      labels: {
        alertname: 'HighErrorRate',
        service: 'bomizzel-api',
        severity: 'critical',
      },
      annotations: {
        summary: 'More than 5% of API requests fail',
        runbook_url: 'https://runbooks.example.com/backend-service.md',
      },
      startsAt,
      generatorURL: 'http://prometheus:9090/graph?g0.expr=errors',
    };

    it('opens an incident, adds nothing for a repeat, and resolves it', async () => {
      try {
        await post([highErrorRate]);
        const incident = await until('the incident', async () =>
          knex('incidents').first(),
        );
        expect(incident).toMatchObject({
          title: 'HighErrorRate on component:default/bomizzel-backend',
          severity: 'P0',
          status: 'INVESTIGATING',
          reporter: 'service:external:alertmanager',
        });
        const alerts = await knex('incident_alerts');
        expect(alerts).toHaveLength(1);
        expect(alerts[0]).toMatchObject({
          incident_id: incident.id,
          status: 'firing',
          runbook_url: 'https://runbooks.example.com/backend-service.md',
        });

        // The same alert again (Prometheus re-sends firing alerts): no new
        // incident, no new timeline entry.
        await post([highErrorRate]);
        await new Promise(r => setTimeout(r, 3000));
        expect(await knex('incidents')).toHaveLength(1);
        expect(
          await knex('incident_events').where({ type: 'alert' }),
        ).toHaveLength(1);

        // Resolved: Alertmanager sends the resolution, the incident moves on.
        await post([
          {
            ...highErrorRate,
            endsAt: new Date(Date.now() - 1000).toISOString(),
          },
        ]);
        const resolved = await until('the resolution', async () => {
          const row = await knex('incidents').first();
          return row.status === 'RESOLVING' ? row : undefined;
        });
        expect(resolved.id).toBe(incident.id);
        expect(
          (await knex('incident_events').where({ type: 'alert' })).map(
            e => e.message,
          ),
        ).toEqual([
          'HighErrorRate firing: More than 5% of API requests fail',
          'HighErrorRate resolved: More than 5% of API requests fail',
        ]);
        expect(await knex('incidents')).toHaveLength(1);
      } catch (error) {
        // What Alertmanager said helps more than a timeout.
        // eslint-disable-next-line no-console
        console.log(output.join('').slice(-4000));
        throw error;
      }
    });
  },
);
