// @ts-check

/**
 * Who is loading a tool's live status right now: replicas that miss the
 * shared cache for the same key at once let one of them call the upstream
 * and wait for its answer in the cache (upstream APIs are rate limited).
 * A lease expires on its own, so a replica that dies while loading holds
 * nobody up for long.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incident_status_leases', table => {
    table.comment('Loads of live status in progress, one per cache key');
    table
      .string('lease_key', 128)
      .notNullable()
      .primary()
      .comment('The hashed cache key of the source and its parameters');
    table
      .string('holder', 64)
      .notNullable()
      .comment('The replica (process) loading it');
    table
      .bigInteger('expires_at')
      .notNullable()
      .comment('Epoch ms after which another replica may take over');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_status_leases');
};
