import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from './migrations';

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
});
