// @ts-check

/**
 * Publication of incidents to an Atlassian Statuspage page: one row per
 * incident, written in the same transaction as the timeline event of each
 * publication or failed attempt. The page's API key is never stored here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incident_statuspage', table => {
    table.comment('Where an incident is published on a status page');
    table
      .bigInteger('incident_id')
      .unsigned()
      .notNullable()
      .primary()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table
      .string('page_name', 64)
      .notNullable()
      .comment('Name of the configured page (incidents.links.statuspage)');
    table
      .string('statuspage_incident_id', 64)
      .nullable()
      .comment('Null until the first publication succeeded');
    table.text('shortlink').nullable();
    table
      .string('published_status', 16)
      .nullable()
      .comment('Our lifecycle status at the last publication');
    table.string('published_severity', 16).nullable();
    table.bigInteger('published_at').nullable();
    table.string('published_by', 255).nullable();
    table.text('last_error').nullable().comment('Why the last attempt failed');
    table.bigInteger('last_attempt_at').notNullable();
    table
      .bigInteger('publishing_until')
      .nullable()
      .comment('Lease of the publication in progress: one at a time');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_statuspage');
};
