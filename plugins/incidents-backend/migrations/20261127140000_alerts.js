// @ts-check

/**
 * Alerts received from Alertmanager (and Grafana alerting, same payload).
 *
 * An Alertmanager group (its groupKey) opens at most one incident at a time:
 * deliveries of a group serialise on its `incident_alert_groups` row, and the
 * incident is created with an idempotency key made of the group and its
 * generation, so retries and concurrent deliveries create it once. Each
 * firing episode of an alert (fingerprint + startsAt) is one row; a
 * redelivered payload finds its rows unchanged and writes nothing.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incident_alert_groups', table => {
    table.comment('Alertmanager groups and the incident each has open');
    table
      .string('group_hash', 64)
      .primary()
      .comment('sha256 of receiver + groupKey');
    table.text('group_key').notNullable();
    table.string('receiver', 255).notNullable();
    table
      .integer('generation')
      .notNullable()
      .defaultTo(1)
      .comment('Bumped when the previous incident of the group is resolved');
    table
      .bigInteger('incident_id')
      .unsigned()
      .nullable()
      .references('id')
      .inTable('incidents')
      .onDelete('SET NULL');
    table
      .text('create_request')
      .nullable()
      .comment('JSON of the incident to create for this generation');
    table.bigInteger('created_at').notNullable();
    table.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('incident_alerts', table => {
    table.comment('Firing episodes of alerts; incident_id null = unmapped');
    table.bigIncrements('id').primary();
    table.string('group_hash', 64).notNullable();
    table
      .bigInteger('incident_id')
      .unsigned()
      .nullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('fingerprint', 64).notNullable();
    table.bigInteger('starts_at').notNullable();
    table.bigInteger('ends_at').nullable();
    table.string('status', 16).notNullable();
    table.string('alertname', 255).nullable();
    table.text('labels').notNullable();
    table.text('annotations').notNullable();
    table.text('generator_url').nullable();
    table.text('runbook_url').nullable();
    table.text('reason').nullable().comment('Why it could not be mapped');
    table.bigInteger('received_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.unique(['group_hash', 'fingerprint', 'starts_at'], {
      indexName: 'incident_alerts_episode_uq',
    });
    table.index(['incident_id'], 'incident_alerts_incident_idx');
    table.index(['received_at'], 'incident_alerts_received_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_alerts');
  await knex.schema.dropTable('incident_alert_groups');
};
