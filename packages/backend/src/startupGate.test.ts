import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enterStartupGate } from './startupGate';

/**
 * Replicas of the portal start one after the other on one PostgreSQL
 * (the machine's, as the database tests use it).
 */

const url = new URL(
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
    'postgresql://postgres@127.0.0.1:5432',
);

const dir = mkdtempSync(join(tmpdir(), 'startup-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function argvFor(name: string, database: object) {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, JSON.stringify({ backend: { database } }));
  return ['node', 'backend', '--config', file];
}

const postgres = argvFor('pg', {
  client: 'pg',
  connection: {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password) || undefined,
  },
});

it('lets a second replica start only when the first has started', async () => {
  const first = await enterStartupGate({ argv: postgres });
  let secondEntered = false;
  const second = enterStartupGate({ argv: postgres }).then(gate => {
    secondEntered = true;
    return gate;
  });
  await new Promise(r => setTimeout(r, 500));
  expect(secondEntered).toBe(false);
  await first.release();
  const gate = await second;
  expect(secondEntered).toBe(true);
  await gate.release();
  await gate.release(); // twice is harmless
});

it('does not wait on SQLite', async () => {
  const started = Date.now();
  const gate = await enterStartupGate({
    argv: argvFor('sqlite', {
      client: 'better-sqlite3',
      connection: ':memory:',
    }),
  });
  await gate.release();
  expect(Date.now() - started).toBeLessThan(1_000);
});

it('starts without the gate when PostgreSQL cannot be reached', async () => {
  const lines: string[] = [];
  const gate = await enterStartupGate({
    argv: argvFor('down', {
      client: 'pg',
      connection: { host: '127.0.0.1', port: 1, user: 'postgres' },
    }),
    log: line => lines.push(line),
  });
  await gate.release();
  expect(lines.join('\n')).toMatch(/Starting without the start-up lock/);
});

it('gives up waiting after its deadline', async () => {
  const holder = await enterStartupGate({ argv: postgres });
  const lines: string[] = [];
  const started = Date.now();
  const gate = await enterStartupGate({
    argv: postgres,
    waitMs: 500,
    log: line => lines.push(line),
  });
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(lines.join('\n')).toMatch(/lock timeout/);
  await gate.release();
  await holder.release();
});
