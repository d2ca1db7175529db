import type { Ci, CiAttributeDef, CiRef } from '@trellis/core';
import type { Db } from '../../platform/db/database.js';

/** Queries of the CMDB, nothing else. */
export function selectCis(db: Db) {
  return db
    .selectFrom('cis')
    .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
    .innerJoin('organizations as o', 'o.id', 'cis.organization_id')
    .leftJoin('users as u', 'u.id', 'cis.owner_id')
    .leftJoin('cis as loc', 'loc.id', 'cis.location_id')
    .selectAll('cis')
    .select([
      'k.code as class_code',
      'k.name_zh as class_name_zh',
      'k.name_en as class_name_en',
      'k.is_service as class_is_service',
      'o.name as org_name',
      'u.name as owner_name',
      'loc.name as location_name',
    ]);
}
export type CiRow = Awaited<ReturnType<ReturnType<typeof selectCis>['executeTakeFirstOrThrow']>>;

export const toCi = (r: CiRow): Ci => ({
  id: r.id,
  code: r.code,
  name: r.name,
  class: {
    id: r.class_id,
    code: r.class_code,
    nameZh: r.class_name_zh,
    nameEn: r.class_name_en,
    isService: Boolean(r.class_is_service),
  },
  state: r.state,
  organization: { id: r.organization_id, name: r.org_name },
  owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
  location: r.location_id ? { id: r.location_id, name: r.location_name ?? '' } : null,
  attributes: JSON.parse(r.attributes_json),
  version: Number(r.version),
  unauthorized: Boolean(r.unauthorized),
  updatedAt: r.updated_at,
});

export const toCiRef = (r: { id: string; code: string; name: string; class_code: string; state: string }): CiRef => ({
  id: r.id,
  code: r.code,
  name: r.name,
  classCode: r.class_code,
  state: r.state as CiRef['state'],
});

export function selectCiRefs(db: Db) {
  return db
    .selectFrom('cis')
    .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
    .select(['cis.id', 'cis.code', 'cis.name', 'cis.state', 'k.code as class_code']);
}

export async function classById(db: Db, id: string) {
  const row = await db.selectFrom('ci_classes').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...row, attributes: JSON.parse(row.attributes_json) as CiAttributeDef[] } : null;
}

/** What a version or a baseline remembers of a CI: every field a person changes. */
export async function snapshotOf(db: Db, ciId: string) {
  const ci = await db.selectFrom('cis').selectAll().where('id', '=', ciId).executeTakeFirstOrThrow();
  const users = await db.selectFrom('ci_users').select('user_id').where('ci_id', '=', ciId).execute();
  const relations = await db
    .selectFrom('ci_relations')
    .innerJoin('cis as t', 't.id', 'ci_relations.target_id')
    .select(['ci_relations.type', 't.code'])
    .where('ci_relations.source_id', '=', ciId)
    .execute();
  return {
    name: ci.name,
    state: ci.state,
    organizationId: ci.organization_id,
    ownerId: ci.owner_id,
    locationId: ci.location_id,
    attributes: JSON.parse(ci.attributes_json) as Record<string, unknown>,
    userIds: users.map((u) => u.user_id).sort(),
    relations: relations.map((r) => `${r.type}:${r.code}`).sort(),
  };
}
export type CiSnapshot = Awaited<ReturnType<typeof snapshotOf>>;

/** Field-level differences between two snapshots; attributes compared key by key. */
export function snapshotDiff(before: Partial<CiSnapshot>, after: Partial<CiSnapshot>) {
  const out: { field: string; before: unknown; after: unknown }[] = [];
  const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  for (const key of ['name', 'state', 'organizationId', 'ownerId', 'locationId', 'userIds', 'relations'] as const) {
    if (!same(before[key], after[key]))
      out.push({ field: key, before: before[key] ?? null, after: after[key] ?? null });
  }
  const a = before.attributes ?? {};
  const b = after.attributes ?? {};
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (!same(a[key], b[key])) out.push({ field: `attributes.${key}`, before: a[key] ?? null, after: b[key] ?? null });
  }
  return out;
}
