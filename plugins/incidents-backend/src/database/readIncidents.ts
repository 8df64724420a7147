import { Knex } from 'knex';
import { IncidentRecord, IncidentRow, num, toIncidentRecord } from './records';

/**
 * The incidents of `ids` that exist, in that order, with their entity refs,
 * on `db` or in a transaction; `lock` takes their row locks (PostgreSQL).
 */
export async function readIncidents(
  db: Knex,
  ids: number[],
  options?: { lock?: boolean },
): Promise<IncidentRecord[]> {
  if (ids.length === 0) {
    return [];
  }
  const query = db<IncidentRow>('incidents').whereIn('id', ids);
  const rows: IncidentRow[] = await (options?.lock ? query.forUpdate() : query);
  const byId = new Map(rows.map(r => [num(r.id), r]));
  return withEntityRefs(
    db,
    ids.map(id => byId.get(id)).filter((r): r is IncidentRow => Boolean(r)),
  );
}

async function withEntityRefs(
  db: Knex,
  rows: IncidentRow[],
): Promise<IncidentRecord[]> {
  const links: Array<{ incident_id: number | string; entity_ref: string }> =
    await db('incident_entities')
      .select('incident_id', 'entity_ref')
      .whereIn(
        'incident_id',
        rows.map(r => r.id),
      )
      .orderBy('entity_ref');
  const refs = new Map<number, string[]>();
  for (const link of links) {
    const id = num(link.incident_id);
    refs.set(id, [...(refs.get(id) ?? []), link.entity_ref]);
  }
  return rows.map(r => toIncidentRecord(r, refs.get(num(r.id)) ?? []));
}
