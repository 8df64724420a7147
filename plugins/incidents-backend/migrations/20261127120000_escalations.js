// @ts-check

/**
 * Escalation levels fired per incident. The primary key makes firing a level
 * exactly-once across backend replicas: a replica fires a level only if it
 * inserted its row, in the same transaction as the timeline event.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incident_escalations', table => {
    table.comment('Escalation levels fired for each incident');
    table
      .bigInteger('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('level_id', 64).notNullable();
    table.bigInteger('fired_at').notNullable();
    table
      .text('recipients')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of user entity refs at the level when it fired');
    table.primary(['incident_id', 'level_id']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_escalations');
};
