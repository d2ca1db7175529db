import type { Db } from '../../platform/db/database.js';
import { chunks } from './cmdb.impact.js';
import { toVersion } from './cmdb.service.js';

/**
 * What change management asks the CMDB (issue 13), so the change module never reads CMDB tables:
 * CIs related to a set of CIs through the relations, what a change's impact is, which CI versions a
 * change produced, and whether a CI was created under a change.
 */

/**
 * CIs reachable from `ciIds` through the relations in either direction (what depends on them and
 * what they depend on), to `depth` levels: id → the level at which it was first reached. The
 * origins themselves are not in the answer.
 */
export async function relatedCis(db: Db, ciIds: readonly string[], depth: number): Promise<Map<string, number>> {
  const seen = new Set(ciIds);
  const out = new Map<string, number>();
  let frontier = [...seen];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const part of chunks(frontier, 1000)) {
      const rows = await db
        .selectFrom('ci_relations')
        .select(['source_id', 'target_id'])
        .where((eb) => eb.or([eb('source_id', 'in', part), eb('target_id', 'in', part)]))
        .execute();
      const inPart = new Set(part);
      for (const r of rows)
        for (const id of [r.source_id, r.target_id]) {
          if (seen.has(id)) continue;
          // Only the far end of an edge that touches the frontier.
          if (!inPart.has(r.source_id) && !inPart.has(r.target_id)) continue;
          seen.add(id);
          out.set(id, level);
          next.push(id);
        }
    }
    frontier = next;
  }
  return out;
}

/**
 * The impact of changing these CIs: the business services and the people (users and owners)
 * downstream of them (who depends on them), to `depth` levels, the CIs themselves included.
 */
export async function changeImpact(db: Db, ciIds: readonly string[], depth: number) {
  const all = new Set(ciIds);
  let frontier = [...all];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const part of chunks(frontier, 1000)) {
      // Downstream: whoever points at a CI depends on it.
      const rows = await db.selectFrom('ci_relations').select('source_id').where('target_id', 'in', part).execute();
      for (const r of rows)
        if (!all.has(r.source_id)) {
          all.add(r.source_id);
          next.push(r.source_id);
        }
    }
    frontier = next;
  }
  const services = new Set<string>();
  const people = new Set<string>();
  const classIds = new Set<string>();
  for (const part of chunks([...all], 1000)) {
    const cis = await db
      .selectFrom('cis')
      .innerJoin('ci_classes', 'ci_classes.id', 'cis.class_id')
      .select(['cis.id', 'cis.owner_id', 'cis.class_id', 'ci_classes.is_service'])
      .where('cis.id', 'in', part)
      .execute();
    for (const c of cis) {
      if (c.is_service) services.add(c.id);
      if (c.owner_id) people.add(c.owner_id);
      if (ciIds.includes(c.id)) classIds.add(c.class_id);
    }
    const users = await db.selectFrom('ci_users').select('user_id').where('ci_id', 'in', part).execute();
    for (const u of users) people.add(u.user_id);
  }
  return {
    ciCount: all.size,
    serviceCiIds: [...services],
    userIds: [...people],
    /** Classes of the changed CIs themselves (maintenance windows may be per CI class). */
    classIds: [...classIds],
  };
}

/** The classes of these CIs. */
export async function classesOfCis(db: Db, ciIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks([...ciIds], 1000)) {
    const rows = await db.selectFrom('cis').select(['id', 'class_id']).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, r.class_id);
  }
  return out;
}

/** The CI versions written under a change (named by its id or its number), newest first, with the CI. */
export async function versionsUnderChange(db: Db, change: { id: string; number: string }) {
  const rows = await db
    .selectFrom('ci_versions')
    .innerJoin('cis', 'cis.id', 'ci_versions.ci_id')
    .leftJoin('users', 'users.id', 'ci_versions.actor_id')
    .leftJoin('work_records', 'work_records.id', 'ci_versions.record_id')
    .selectAll('ci_versions')
    .select(['users.name as actor_name', 'work_records.number as record_number', 'cis.code', 'cis.name'])
    .where((eb) =>
      eb.or([
        eb('ci_versions.record_id', '=', change.id),
        eb('ci_versions.change_ref', '=', change.number),
        eb('ci_versions.change_ref', '=', change.id),
      ]),
    )
    .orderBy('ci_versions.at', 'desc')
    .orderBy('ci_versions.version', 'desc')
    .execute();
  return rows.map((r) => ({ ...toVersion(r), ci: { id: r.ci_id, code: r.code, name: r.name } }));
}

/** Whether the CI's first version was written under the change (a new CI created under it). */
export async function ciCreatedUnder(db: Db, ciId: string, change: { id: string; number: string }): Promise<boolean> {
  const row = await db
    .selectFrom('ci_versions')
    .select('id')
    .where('ci_id', '=', ciId)
    .where('action', '=', 'create')
    .where((eb) =>
      eb.or([eb('record_id', '=', change.id), eb('change_ref', '=', change.number), eb('change_ref', '=', change.id)]),
    )
    .executeTakeFirst();
  return Boolean(row);
}

/** Records linked to any of these CIs (incidents a change on them may have caused). */
export async function recordsOnCis(db: Db, ciIds: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const part of chunks([...ciIds], 1000)) {
    const rows = await db.selectFrom('record_cis').select('record_id').where('ci_id', 'in', part).execute();
    for (const r of rows) out.add(r.record_id);
  }
  return [...out];
}

/** CI ids by exact name (demo data picks the CIs its changes touch). */
export async function ciIdsByName(db: Db, names: readonly string[]): Promise<Map<string, string>> {
  if (!names.length) return new Map();
  const rows = await db
    .selectFrom('cis')
    .select(['id', 'name'])
    .where('name', 'in', [...names])
    .execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}
