// @ts-check

/**
 * 0 for everything under one second (negative durations included), then
 * 8 buckets per doubling from 1 s to ~2 years (the last is open-ended).
 */
const BOUNDS = [
  Number.MIN_SAFE_INTEGER,
  ...Array.from({ length: 209 }, (_, i) => Math.round(1000 * 2 ** (i / 8))),
];

/**
 * Per-entity statistics kept on write, so that one entity's stats read a few
 * hundred small rows instead of all of its incidents (PERFORMANCE.md: 400 ms
 * live for the busiest entity at a million incidents).
 *
 * IncidentStore adds the change of every write to these counters in the same
 * transaction as the copies on incident_entities (which they summarise):
 * one link row counts once in each table.
 *
 * Percentiles stay exact: the duration histogram tells which bucket holds the
 * k-th value and how many values lie below it; an index seek on
 * incident_entities from the bucket's lower bound, with an offset inside the
 * bucket, reads the value itself.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incident_duration_bounds', table => {
    table.comment(
      'Histogram buckets of durations: bucket i holds lower_ms(i) <= ms < lower_ms(i+1)',
    );
    table.smallint('bucket').notNullable();
    table.bigInteger('lower_ms').notNullable().primary();
    table.unique(['bucket'], { indexName: 'incident_duration_bounds_bucket' });
  });
  await knex('incident_duration_bounds').insert(
    BOUNDS.map((lowerMs, bucket) => ({ bucket, lower_ms: lowerMs })),
  );

  await knex.schema.createTable('incident_entity_counts', table => {
    table.comment(
      'Per entity, severity and status: links, and count and sum of tta_ms and ttr_ms',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('severity', 32).notNullable();
    table.string('status', 32).notNullable();
    table.integer('n').notNullable();
    table.integer('tta_n').notNullable();
    table.bigInteger('tta_sum').notNullable();
    table.integer('ttr_n').notNullable();
    table.bigInteger('ttr_sum').notNullable();
    table.primary(['entity_ref', 'severity', 'status']);
  });

  await knex.schema.createTable('incident_entity_months', table => {
    table.comment('Per entity, UTC calendar month of created_at and severity');
    table.string('entity_ref', 255).notNullable();
    table.bigInteger('month').notNullable().comment('Start of month, epoch ms');
    table.string('severity', 32).notNullable();
    table.integer('n').notNullable();
    table.primary(['entity_ref', 'month', 'severity']);
  });

  await knex.schema.createTable('incident_entity_durations', table => {
    table.comment(
      'Per entity: histogram of tta_ms and ttr_ms over incident_duration_bounds',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('metric', 3).notNullable().comment("'tta' or 'ttr'");
    table.smallint('bucket').notNullable();
    table.integer('n').notNullable();
    table.primary(['entity_ref', 'metric', 'bucket']);
  });

  await backfill(knex);
};

/**
 * Recomputes every counter from incident_entities (SQLite and PostgreSQL).
 * Exported for bulk loads, such as the benchmark's seeder.
 *
 * @param {import('knex').Knex} knex
 */
async function backfill(knex) {
  const month =
    knex.client.config.client === 'pg'
      ? `(extract(epoch from date_trunc('month', to_timestamp(created_at / 1000.0) at time zone 'UTC')) * 1000)::bigint`
      : `cast(strftime('%s', created_at / 1000, 'unixepoch', 'start of month') as integer) * 1000`;
  /** @param {string} column */
  const bucket = column =>
    `(select b.bucket from incident_duration_bounds b where b.lower_ms <= ie.${column} order by b.lower_ms desc limit 1)`;
  await knex.transaction(async trx => {
    for (const table of [
      'incident_entity_counts',
      'incident_entity_months',
      'incident_entity_durations',
    ]) {
      await trx(table).delete();
    }
    await trx.raw(
      `insert into incident_entity_counts (entity_ref, severity, status, n, tta_n, tta_sum, ttr_n, ttr_sum)
       select entity_ref, severity, status, count(*), count(tta_ms), coalesce(sum(tta_ms), 0), count(ttr_ms), coalesce(sum(ttr_ms), 0)
         from incident_entities group by entity_ref, severity, status`,
    );
    await trx.raw(
      `insert into incident_entity_months (entity_ref, month, severity, n)
       select entity_ref, ${month}, severity, count(*) from incident_entities group by 1, 2, 3`,
    );
    for (const metric of ['tta', 'ttr']) {
      await trx.raw(
        `insert into incident_entity_durations (entity_ref, metric, bucket, n)
         select entity_ref, '${metric}', bucket, count(*)
           from (select ie.entity_ref, ${bucket(`${metric}_ms`)} as bucket
                   from incident_entities ie where ie.${metric}_ms is not null) s
          group by entity_ref, bucket`,
      );
    }
  });
}
exports.backfill = backfill;

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('incident_entity_durations');
  await knex.schema.dropTable('incident_entity_months');
  await knex.schema.dropTable('incident_entity_counts');
  await knex.schema.dropTable('incident_duration_bounds');
};
