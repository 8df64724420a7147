import { DatabaseService } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyDatabaseMigrations, MIGRATIONS_DIRECTORY } from './migrations';

const serviceOf = (knex: Knex): DatabaseService => ({
  getClient: async () => knex,
});

jest.setTimeout(60_000);

const TABLES = [
  'incidents',
  'incident_entities',
  'incident_events',
  'incident_idempotency_keys',
  'incident_entity_owners',
];

describe('migrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'run up, down and up again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const config = { directory: MIGRATIONS_DIRECTORY };

      await knex.migrate.latest(config);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }

      const [{ id }] = await knex('incidents')
        .insert({
          title: 'Database unavailable',
          severity: 'P0',
          status: 'INVESTIGATING',
          reporter: 'user:default/sam-rivera',
          detected_at: 1_700_000_000_000,
          created_at: 1_700_000_000_000,
          updated_at: 1_700_000_000_000,
        })
        .returning('id');
      await knex('incident_entities').insert({
        incident_id: id,
        entity_ref: 'resource:default/bomizzel-postgres',
        created_at: 1_700_000_000_000,
        severity: 'P0',
        status: 'INVESTIGATING',
      });
      await knex('incident_events').insert({
        incident_id: id,
        type: 'created',
        actor: 'user:default/sam-rivera',
        created_at: 1_700_000_000_000,
      });

      const row = await knex('incidents').where({ id }).first();
      expect(row).toMatchObject({
        title: 'Database unavailable',
        description: '',
        version: 1,
      });
      // bigint columns come back as strings from pg and numbers from SQLite
      expect(Number(row.detected_at)).toBe(1_700_000_000_000);

      // deleting an incident takes its entity links and timeline with it
      await knex('incidents').where({ id }).delete();
      for (const table of ['incident_entities', 'incident_events']) {
        const [{ n }] = await knex(table).count({ n: '*' });
        expect(Number(n)).toBe(0);
      }

      await knex.migrate.rollback(config, true);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }

      await knex.migrate.latest(config);
      expect(await knex.schema.hasTable('incidents')).toBe(true);
    },
  );

  const postgres = databases
    .eachSupportedId()
    .filter(([id]) => id.startsWith('POSTGRES'));

  it.each(postgres)(
    'lets replicas that start together on an empty %p database take turns',
    async databaseId => {
      const first = await databases.init(databaseId);
      // separate pools, as separate processes would have
      const replicas = [
        first,
        ...Array.from({ length: 5 }, () =>
          knexFactory({
            client: 'pg',
            connection: first.client.config.connection,
            pool: { min: 0, max: 2 },
          }),
        ),
      ];
      try {
        const results = await Promise.allSettled(
          replicas.map(knex => applyDatabaseMigrations(serviceOf(knex))),
        );
        expect(
          results.map(r => (r.status === 'rejected' ? String(r.reason) : 'ok')),
        ).toEqual(Array(6).fill('ok'));
        for (const table of TABLES) {
          expect(await first.schema.hasTable(table)).toBe(true);
        }
      } finally {
        await Promise.all(replicas.slice(1).map(k => k.destroy()));
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'waits while another process holds the migration lock on %p, and gives up naming it',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      await knex.migrate.rollback({ directory: MIGRATIONS_DIRECTORY }, true);
      // another replica is migrating (knex's lock taken outside a transaction)
      await knex('knex_migrations_lock').update({ is_locked: 1 });
      const release = new Promise(resolve => setTimeout(resolve, 1_500)).then(
        () => knex('knex_migrations_lock').update({ is_locked: 0 }),
      );
      await applyDatabaseMigrations(serviceOf(knex));
      await release;
      expect(await knex.schema.hasTable('incidents')).toBe(true);

      // a lock nobody releases: start-up fails, saying what to do
      await knex.migrate.rollback({ directory: MIGRATIONS_DIRECTORY }, true);
      await knex('knex_migrations_lock').update({ is_locked: 1 });
      await expect(
        applyDatabaseMigrations(serviceOf(knex), { waitMs: 1_000 }),
      ).rejects.toThrow(/stayed locked .*knex_migrations_lock/);
      await knex('knex_migrations_lock').update({ is_locked: 0 });
    },
  );
});
