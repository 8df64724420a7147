// @ts-check

/**
 * Post-mortems and action items of incidents.
 *
 * A post-mortem is one row per incident (the incident id is its key) with one
 * row per section, each recording who last wrote it; every write is also
 * appended to the revisions table, which is never updated. Times are epoch
 * milliseconds like the rest of the store. Action item due dates are calendar
 * dates kept as `YYYY-MM-DD` text: they compare correctly as strings on
 * SQLite and PostgreSQL alike and carry no time zone to shift.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incident_postmortems', table => {
    table.comment('The post-mortem of an incident');
    table
      .bigInteger('incident_id')
      .unsigned()
      .notNullable()
      .primary()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table
      .string('status', 16)
      .notNullable()
      .comment('draft, in_review, published');
    table.string('created_by', 255).notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.bigInteger('published_at').nullable();
    table.integer('version').notNullable().defaultTo(1);
    table.index(['status'], 'incident_postmortems_status_idx');
  });

  await knex.schema.createTable('incident_postmortem_sections', table => {
    table.comment('Markdown of each post-mortem section and its last author');
    table
      .bigInteger('incident_id')
      .unsigned()
      .notNullable()
      .references('incident_id')
      .inTable('incident_postmortems')
      .onDelete('CASCADE');
    table.string('section_id', 32).notNullable();
    table.text('markdown').notNullable();
    table
      .string('updated_by', 255)
      .nullable()
      .comment('Null while the section holds the prefilled template');
    table.bigInteger('updated_at').nullable();
    table.primary(['incident_id', 'section_id']);
  });

  await knex.schema.createTable('incident_postmortem_revisions', table => {
    table.comment('Append-only history of who wrote what in a post-mortem');
    table.bigIncrements('id').primary();
    table
      .bigInteger('incident_id')
      .unsigned()
      .notNullable()
      .references('incident_id')
      .inTable('incident_postmortems')
      .onDelete('CASCADE');
    table
      .integer('version')
      .notNullable()
      .comment('Post-mortem version written');
    table
      .string('section_id', 32)
      .nullable()
      .comment('Null for a status change');
    table.text('markdown').nullable();
    table.string('status', 16).nullable().comment('The status moved to');
    table.string('author', 255).notNullable();
    table.bigInteger('created_at').notNullable();
    table.index(['incident_id', 'id'], 'incident_postmortem_revisions_idx');
  });

  await knex.schema.createTable('incident_action_items', table => {
    table.comment('Follow-ups of incidents');
    table.bigIncrements('id').primary();
    table
      .bigInteger('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('title', 200).notNullable();
    table.string('kind', 32).notNullable();
    table
      .string('owner_ref', 255)
      .nullable()
      .comment('User or group entity ref');
    table.string('due_date', 10).nullable().comment('YYYY-MM-DD');
    table.string('status', 16).notNullable();
    table.string('ticket_url', 2000).nullable();
    table.string('created_by', 255).notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.integer('version').notNullable().defaultTo(1);
    table.index(['incident_id', 'id'], 'incident_action_items_incident_idx');
    table.index(['owner_ref', 'status'], 'incident_action_items_owner_idx');
    table.index(['status', 'due_date'], 'incident_action_items_due_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_action_items');
  await knex.schema.dropTable('incident_postmortem_revisions');
  await knex.schema.dropTable('incident_postmortem_sections');
  await knex.schema.dropTable('incident_postmortems');
};
