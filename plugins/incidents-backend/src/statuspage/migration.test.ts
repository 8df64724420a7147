import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../database/migrations';

jest.setTimeout(60_000);

const MIGRATION = '20261127150000_statuspage.js';

describe('status page migration', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'runs down and up again with incidents kept, and cascades deletes, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const config = { directory: MIGRATIONS_DIRECTORY };
      await knex.migrate.latest(config);
      const [{ id }] = await knex('incidents')
        .insert({
          title: 'Checkout down',
          severity: 'P0',
          status: 'INVESTIGATING',
          reporter: 'user:default/sam-rivera',
          detected_at: 1_700_000_000_000,
          created_at: 1_700_000_000_000,
          updated_at: 1_700_000_000_000,
        })
        .returning('id');
      const publication = {
        incident_id: id,
        page_name: 'bomizzel',
        statuspage_incident_id: 'p31zjtct2jer',
        shortlink: 'https://stspg.io/p31zjtct2jer',
        published_status: 'INVESTIGATING',
        published_severity: 'P0',
        published_at: 1_700_000_000_000,
        published_by: 'user:default/sam-rivera',
        last_attempt_at: 1_700_000_000_000,
      };
      await knex('incident_statuspage').insert(publication);

      await knex.migrate.down({ ...config, name: MIGRATION });
      expect(await knex.schema.hasTable('incident_statuspage')).toBe(false);
      expect(await knex('incidents').where({ id }).first()).toBeTruthy();

      await knex.migrate.up({ ...config, name: MIGRATION });
      await knex('incident_statuspage').insert(publication);
      await knex('incidents').where({ id }).delete();
      const [{ n }] = await knex('incident_statuspage').count({ n: '*' });
      expect(Number(n)).toBe(0);
    },
  );
});
