-- Proposal: one statement per history page instead of three.
--
--   psql -h 127.0.0.1 -U postgres incidents_bench \
--     -v ref=component:default/service-00001 -f bench/incidents/proposals/history-one-statement.sql
--
-- Today a page is IncidentStore#listIdsForEntities, then #hydrate (incidents
-- by id) and #hydrateRows (the entity refs of those incidents): three
-- statements, three round trips, three knex builds and pool checkouts. Each
-- is cheap in PostgreSQL (0.3-0.5 ms of execution for the three together,
-- whatever the entity's size: the plans below are an index-only backward scan
-- of incident_entities_history_idx for 21 entries, then primary-key lookups);
-- the cost of a page is in the round trips and in Node. Measured from a
-- node-postgres client on this machine, 1,500 pages over mixed entities:
-- three statements p50 1.9-2.0 ms, p95 2.3-2.8 ms; this statement p50
-- 1.2-1.3 ms, p95 1.5-1.7 ms.
--
-- For one entity and no other filter the plugin could send (keyset cursor:
-- add `and (ie.created_at, ie.incident_id) < ($3, $4)` to the inner query):

\set ON_ERROR_STOP on
\if :{?ref}
\else
  \set ref component:default/service-00001
\endif
\timing on

\echo === today: the three statements
explain (analyze, buffers)
select "ie"."incident_id", "ie"."created_at" from "incident_entities" as "ie"
 where "ie"."entity_ref" in (:'ref') order by "ie"."created_at" desc, "ie"."incident_id" desc limit 21;
select array_agg(incident_id) as ids from (
  select incident_id from incident_entities where entity_ref = :'ref' order by created_at desc, incident_id desc limit 20
) t \gset
explain (analyze, buffers) select * from "incidents" where "id" = any(:'ids'::bigint[]);
explain (analyze, buffers)
select "incident_id", "entity_ref" from "incident_entities" where "incident_id" = any(:'ids'::bigint[]) order by "entity_ref" asc;

\echo === proposed: one statement
explain (analyze, buffers)
select i.*,
       array(select e.entity_ref from incident_entities e where e.incident_id = i.id order by e.entity_ref) as entity_refs
  from (select ie.incident_id, ie.created_at
          from incident_entities ie
         where ie.entity_ref = :'ref'
         order by ie.created_at desc, ie.incident_id desc
         limit 21) p
  join incidents i on i.id = p.incident_id
 order by p.created_at desc, p.incident_id desc;
