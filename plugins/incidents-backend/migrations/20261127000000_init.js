// @ts-check

/**
 * The incident store.
 *
 * Timestamps are epoch milliseconds (bigint) so that durations such as
 * time-to-acknowledge are plain subtractions on SQLite and PostgreSQL alike.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incidents', table => {
    table.comment('Incidents; the human reference is INC-<id>');
    table.bigIncrements('id').primary();
    table.string('title', 255).notNullable();
    table.text('description').notNullable().defaultTo('');
    table.string('severity', 32).notNullable();
    table.string('status', 32).notNullable();
    table.string('commander', 255).nullable().comment('User entity ref');
    table
      .string('reporter', 255)
      .notNullable()
      .comment('Entity ref of the caller that declared it');
    table.bigInteger('started_at').nullable().comment('Impact start');
    table.bigInteger('detected_at').notNullable();
    table.bigInteger('acknowledged_at').nullable();
    table.bigInteger('identified_at').nullable();
    table.bigInteger('resolved_at').nullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('Optimistic concurrency');
    table
      .boolean('demo')
      .notNullable()
      .defaultTo(false)
      .comment('Seeded example data');
    table.index(['created_at', 'id'], 'incidents_created_idx');
  });

  // The incident's created_at is copied here so that one entity's history is a
  // single index range scan in newest-first order (see shared PERFORMANCE.md).
  await knex.schema.createTable('incident_entities', table => {
    table.comment('Affected entities of each incident');
    table
      .bigInteger('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.bigInteger('created_at').notNullable();
    table.primary(['incident_id', 'entity_ref']);
    table.index(
      ['entity_ref', 'created_at', 'incident_id'],
      'incident_entities_history_idx',
    );
  });

  await knex.schema.createTable('incident_events', table => {
    table.comment('Append-only timeline of each incident');
    table.bigIncrements('id').primary();
    table
      .bigInteger('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('type', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.bigInteger('created_at').notNullable();
    table.text('message').nullable();
    table.text('data').nullable().comment('JSON details of the change');
    table.index(['incident_id', 'id'], 'incident_events_incident_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_events');
  await knex.schema.dropTable('incident_entities');
  await knex.schema.dropTable('incidents');
};
