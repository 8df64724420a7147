-- Proposal: entity stats from counters maintained on write, percentiles by a
-- histogram-guided seek. A what-if on the benchmark database, run in one
-- transaction that is rolled back, so the plugin's schema is left as it is:
--
--   psql -h 127.0.0.1 -U postgres incidents_bench \
--     -v ref=component:default/service-00001 -f bench/incidents/proposals/stats-preaggregation.sql
--
-- Today (IncidentStore.stats, one entity) runs 8 statements, each scanning
-- all of the entity's rows of incident_entities (34,528 for the busiest):
-- counts by severity and status, the 12-month series (a bitmap heap scan:
-- severity is not in incident_entities_history_idx), count+avg of tta and of
-- ttr, and 4 percentile look-ups by OFFSET over the (entity_ref, tta_ms|ttr_ms)
-- indexes (offsets up to 31,000). ~75-90 ms of execution for the busiest.
--
-- Proposed: three small tables kept by IncidentStore#writeLinks in the same
-- transaction as the copies on incident_entities (for each link whose copies
-- change: add -1 for the old copy and +1 for the new one; see the upserts at
-- the end), and two statements per stats request:
--   1. every counter row of the entity (<= 16 + 48 + ~250 rows);
--   2. four index seeks, one per percentile, each starting at the lower bound
--      of the histogram bucket holding rank floor(p*(n-1)) with an OFFSET of
--      at most one bucket's size (~2.5% of n; 870 for the busiest), which
--      gives exactly today's percentile_cont values.
-- The multi-entity (system/group roll-up) path, which must count a shared
-- incident once, can keep today's statements.

\set ON_ERROR_STOP on
\if :{?ref}
\else
  \set ref component:default/service-00001
\endif
\timing on
begin;
set local work_mem = '256MB';

-- Bucket boundaries: 0 ms and 1 s * 2^(i/8) for i = 0..208 (8 buckets per
-- doubling, up to ~2 years). width_bucket(v, thresholds) gives the bucket of v
-- in SQL; the plugin keeps the same array in code (a binary search).
create temporary table thresholds as
select array(
  select v from (select 0::bigint as v union select round(1000 * power(2, i / 8.0))::bigint from generate_series(0, 208) i) t
  order by v
) as t;

create table incident_entity_counts (
  entity_ref varchar(255) not null,
  severity varchar(32) not null,
  status varchar(32) not null,
  n integer not null,
  tta_n integer not null,
  tta_sum bigint not null,
  ttr_n integer not null,
  ttr_sum bigint not null,
  primary key (entity_ref, severity, status)
);
create table incident_entity_months (
  entity_ref varchar(255) not null,
  month bigint not null, -- start of the UTC calendar month of created_at, epoch ms
  severity varchar(32) not null,
  n integer not null,
  primary key (entity_ref, month, severity)
);
create table incident_entity_duration_buckets (
  entity_ref varchar(255) not null,
  metric varchar(3) not null, -- 'tta' | 'ttr'
  bucket smallint not null,   -- width_bucket(ms, thresholds)
  n integer not null,
  primary key (entity_ref, metric, bucket)
);

-- Backfill (what the migration would do).
insert into incident_entity_counts
select entity_ref, severity, status, count(*), count(tta_ms), coalesce(sum(tta_ms), 0), count(ttr_ms), coalesce(sum(ttr_ms), 0)
  from incident_entities group by 1, 2, 3;
insert into incident_entity_months
select entity_ref, (extract(epoch from date_trunc('month', to_timestamp(created_at / 1000.0) at time zone 'UTC')) * 1000)::bigint,
       severity, count(*)
  from incident_entities group by 1, 2, 3;
insert into incident_entity_duration_buckets
select entity_ref, 'tta', width_bucket(tta_ms, (select t from thresholds)), count(*)
  from incident_entities where tta_ms is not null group by 1, 3
union all
select entity_ref, 'ttr', width_bucket(ttr_ms, (select t from thresholds)), count(*)
  from incident_entities where ttr_ms is not null group by 1, 3;
analyze incident_entity_counts;
analyze incident_entity_months;
analyze incident_entity_duration_buckets;

-- The 12 month boundaries, as IncidentService.stats computes them.
select (extract(epoch from date_trunc('month', now() at time zone 'UTC') - interval '11 months') * 1000)::bigint as from_ms,
       (extract(epoch from date_trunc('month', now() at time zone 'UTC') + interval '1 month') * 1000)::bigint as to_ms
\gset

\echo
\echo === statement 1: every counter of the entity (counts + sums; 12-month series; histograms)
explain (analyze, buffers)
select 'c' as kind, severity as a, status as b, n, tta_n, tta_sum, ttr_n, ttr_sum
  from incident_entity_counts where entity_ref = :'ref'
union all
select 'm', severity, month::text, n, null, null, null, null
  from incident_entity_months where entity_ref = :'ref' and month >= :from_ms and month < :to_ms
union all
select 'h', metric, bucket::text, n, null, null, null, null
  from incident_entity_duration_buckets where entity_ref = :'ref';

\echo
\echo === statement 2: the four percentile seeks (the plugin computes bucket and offset from statement 1;
\echo === here a CTE does it, so that the result can be checked against percentile_cont)
create temporary view seeks as
with h as (
  select metric, bucket, n,
         sum(n) over (partition by metric order by bucket) - n as before,
         sum(n) over (partition by metric) as total
    from incident_entity_duration_buckets where entity_ref = :'ref'
), want as (
  select distinct h.metric, h.total, p.p, floor(p.p * (h.total - 1))::bigint as pos
    from h cross join (values (0.5), (0.9)) as p(p)
), loc as (
  select w.metric, w.p, w.pos, w.total,
         coalesce((select t from thresholds)[h.bucket], -9223372036854775808) as lo,
         w.pos - h.before as off
    from want w join h on h.metric = w.metric and w.pos >= h.before and w.pos < h.before + h.n
)
select loc.metric, loc.p, loc.total, loc.lo, loc.off, v.vals,
       round(v.vals[1] + (coalesce(v.vals[2], v.vals[1]) - v.vals[1]) * (loc.p * (loc.total - 1) - loc.pos)) as value
  from loc cross join lateral (
    select array(select tta_ms from incident_entities
                  where entity_ref = :'ref' and tta_ms >= loc.lo order by tta_ms offset loc.off limit 2)
     where loc.metric = 'tta'
    union all
    select array(select ttr_ms from incident_entities
                  where entity_ref = :'ref' and ttr_ms >= loc.lo order by ttr_ms offset loc.off limit 2)
     where loc.metric = 'ttr'
  ) as v(vals);
explain (analyze, buffers) select * from seeks;
select metric, p, total as n, off as "offset in bucket", value from seeks order by metric, p;
select max(lo) filter (where metric = 'tta' and p = 0.5) as tta50_lo, max(off) filter (where metric = 'tta' and p = 0.5) as tta50_off,
       max(lo) filter (where metric = 'tta' and p = 0.9) as tta90_lo, max(off) filter (where metric = 'tta' and p = 0.9) as tta90_off,
       max(lo) filter (where metric = 'ttr' and p = 0.5) as ttr50_lo, max(off) filter (where metric = 'ttr' and p = 0.5) as ttr50_off,
       max(lo) filter (where metric = 'ttr' and p = 0.9) as ttr90_lo, max(off) filter (where metric = 'ttr' and p = 0.9) as ttr90_off
  from seeks
\gset
\echo
\echo === statement 2 as the plugin would send it (bounds and offsets computed in code from statement 1)
explain (analyze, buffers)
select array(select tta_ms from incident_entities where entity_ref = :'ref' and tta_ms >= :tta50_lo order by tta_ms offset :tta50_off limit 2) as tta_p50,
       array(select tta_ms from incident_entities where entity_ref = :'ref' and tta_ms >= :tta90_lo order by tta_ms offset :tta90_off limit 2) as tta_p90,
       array(select ttr_ms from incident_entities where entity_ref = :'ref' and ttr_ms >= :ttr50_lo order by ttr_ms offset :ttr50_off limit 2) as ttr_p50,
       array(select ttr_ms from incident_entities where entity_ref = :'ref' and ttr_ms >= :ttr90_lo order by ttr_ms offset :ttr90_off limit 2) as ttr_p90;

\echo
\echo === check: percentile_cont over all rows of the entity, which is what the plugin returns today
select 'tta' as metric, round(percentile_cont(0.5) within group (order by tta_ms)) as p50,
       round(percentile_cont(0.9) within group (order by tta_ms)) as p90
  from incident_entities where entity_ref = :'ref'
union all
select 'ttr', round(percentile_cont(0.5) within group (order by ttr_ms)),
       round(percentile_cont(0.9) within group (order by ttr_ms))
  from incident_entities where entity_ref = :'ref';

\echo
\echo === write path: what #writeLinks adds per changed link (d = +1 new copy, -1 old copy), e.g. one new link:
explain (analyze)
insert into incident_entity_counts as c values (:'ref', 'P2', 'INVESTIGATING', 1, 1, 60000, 0, 0)
on conflict (entity_ref, severity, status) do update
  set n = c.n + excluded.n, tta_n = c.tta_n + excluded.tta_n, tta_sum = c.tta_sum + excluded.tta_sum,
      ttr_n = c.ttr_n + excluded.ttr_n, ttr_sum = c.ttr_sum + excluded.ttr_sum;
explain (analyze)
insert into incident_entity_months as m values (:'ref', :to_ms - 1, 'P2', 1)
on conflict (entity_ref, month, severity) do update set n = m.n + excluded.n;
explain (analyze)
insert into incident_entity_duration_buckets as b values (:'ref', 'tta', width_bucket(60000, (select t from thresholds)), 1)
on conflict (entity_ref, metric, bucket) do update set n = b.n + excluded.n;

rollback;
