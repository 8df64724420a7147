// @ts-check

/**
 * The incident store.
 *
 * Timestamps are epoch milliseconds (bigint), so that durations such as
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
    table
      .bigInteger('resolved_at')
      .nullable()
      .comment('Latest resolution; cleared on reopen');
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
    table.index(['status', 'created_at'], 'incidents_status_idx');
  });

  // One row per affected entity. The incident's sort key, severity, status and
  // durations are copied here so that an entity's history page and its
  // statistics read this table's indexes alone, whatever the entity's size
  // (see PERFORMANCE.md: a join to incidents for ordering costs 250 ms).
  await knex.schema.createTable('incident_entities', table => {
    table.comment('Affected entities of each incident, with copies for reads');
    table
      .bigInteger('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.string('entity_ref', 255).notNullable();
    table.bigInteger('created_at').notNullable();
    table.string('severity', 32).notNullable();
    table.string('status', 32).notNullable();
    table
      .bigInteger('tta_ms')
      .nullable()
      .comment('acknowledged_at - detected_at');
    table
      .bigInteger('ttr_ms')
      .nullable()
      .comment('resolved_at - coalesce(started_at, detected_at)');
    table.primary(['incident_id', 'entity_ref']);
    table.index(
      ['entity_ref', 'created_at', 'incident_id'],
      'incident_entities_history_idx',
    );
    table.index(
      ['entity_ref', 'severity', 'status'],
      'incident_entities_counts_idx',
    );
    table.index(['entity_ref', 'tta_ms'], 'incident_entities_tta_idx');
    table.index(['entity_ref', 'ttr_ms'], 'incident_entities_ttr_idx');
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
    table.text('data').notNullable().defaultTo('{}').comment('JSON details');
    table.index(['incident_id', 'id'], 'incident_events_incident_idx');
  });

  await knex.schema.createTable('incident_idempotency_keys', table => {
    table.comment('Idempotency-Key of incident creations, per caller');
    table.string('principal', 255).notNullable();
    table.string('idempotency_key', 200).notNullable();
    table
      .string('request_hash', 64)
      .notNullable()
      .comment('sha256 of the request body');
    table
      .bigInteger('incident_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('incidents')
      .onDelete('CASCADE');
    table.bigInteger('created_at').notNullable();
    table.primary(['principal', 'idempotency_key']);
  });

  // Owners of the affected entities, copied from the catalog (on every write
  // and by a scheduled refresh) so that the permission rule "owner of an
  // affected entity" is a SQL condition.
  await knex.schema.createTable('incident_entity_owners', table => {
    table.comment(
      'Owner refs of entities that have incidents, from the catalog',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('owner_ref', 255).notNullable();
    table.primary(['entity_ref', 'owner_ref']);
    table.index(
      ['owner_ref', 'entity_ref'],
      'incident_entity_owners_owner_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_entity_owners');
  await knex.schema.dropTable('incident_idempotency_keys');
  await knex.schema.dropTable('incident_events');
  await knex.schema.dropTable('incident_entities');
  await knex.schema.dropTable('incidents');
};
