/**
 * The impact analysis as it was before the recursive query: a breadth-first walk issuing one
 * `IN (frontier)` query per level, then the same detail and people look-ups. Kept only as the
 * reference the API tests and `npm run bench:cmdb` compare the recursive query against.
 * The one change from the original: each level's edges are sorted (source, target, type), so that
 * where a CI is reached from two CIs at the same distance (a diamond) the one recorded as `via` no
 * longer depends on the database's row order.
 */
import type { ImpactQuery } from '@trellis/core';
import type { z } from 'zod';
import { chunks, type Edge, walk } from '../../src/modules/cmdb/cmdb.impact.js';
import { visibleCis } from '../../src/modules/cmdb/cmdb.policy.js';
import { toCiRef } from '../../src/modules/cmdb/cmdb.repository.js';
import { loadVisibleCi } from '../../src/modules/cmdb/cmdb.service.js';
import type { Actor } from '../../src/platform/context.js';
import type { Db } from '../../src/platform/db/database.js';

async function edgesFrom(db: Db, frontier: string[], direction: 'upstream' | 'downstream'): Promise<Edge[]> {
  const out: Edge[] = [];
  const column = direction === 'downstream' ? 'target_id' : 'source_id';
  for (const part of chunks(frontier, 2000)) {
    const rows = await db
      .selectFrom('ci_relations')
      .select(['source_id', 'target_id', 'type'])
      .where(column, 'in', part)
      .execute();
    for (const r of rows) out.push({ sourceId: r.source_id, targetId: r.target_id, type: r.type });
  }
  return out.sort(byEdge);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byEdge = (a: Edge, b: Edge) => cmp(a.sourceId, b.sourceId) || cmp(a.targetId, b.targetId) || cmp(a.type, b.type);

export async function legacyImpactOf(db: Db, actor: Actor, idOrCode: string, query: z.infer<typeof ImpactQuery>) {
  const origin = await loadVisibleCi(db, actor, idOrCode);
  const directions = query.direction === 'both' ? (['downstream', 'upstream'] as const) : ([query.direction] as const);
  const found: {
    id: string;
    depth: number;
    viaId: string;
    viaType: Edge['type'];
    direction: 'upstream' | 'downstream';
  }[] = [];
  const edges: Edge[] = [];
  for (const direction of directions) {
    const result = await walk(origin.id, direction, query.depth, (frontier, d) => edgesFrom(db, frontier, d));
    found.push(...result.reached.map((r) => ({ ...r, direction })));
    edges.push(...result.edges);
  }
  const ids = [...new Set(found.map((f) => f.id))];
  const details = new Map<string, Awaited<ReturnType<typeof ciRowsByIds>>[number]>();
  for (const row of await ciRowsByIds(db, actor, ids)) details.set(row.id, row);
  const cis = found
    .filter((f) => details.has(f.id))
    .map((f) => {
      const d = details.get(f.id)!;
      return {
        ...toCiRef(d),
        classNameZh: d.class_name_zh,
        classNameEn: d.class_name_en,
        isService: Boolean(d.is_service),
        depth: f.depth,
        direction: f.direction,
        viaId: f.viaId,
        viaType: f.viaType,
      };
    })
    .sort((a, b) => a.depth - b.depth || a.code.localeCompare(b.code));
  const people = new Map<string, string>();
  const affected = [origin.id, ...cis.map((c) => c.id)];
  for (const part of chunks(affected, 2000)) {
    const owners = await db
      .selectFrom('cis')
      .innerJoin('users', 'users.id', 'cis.owner_id')
      .select(['users.id', 'users.name'])
      .where('cis.id', 'in', part)
      .execute();
    const users = await db
      .selectFrom('ci_users')
      .innerJoin('users', 'users.id', 'ci_users.user_id')
      .select(['users.id', 'users.name'])
      .where('ci_users.ci_id', 'in', part)
      .execute();
    for (const u of [...owners, ...users]) people.set(u.id, u.name);
  }
  const visible = new Set([origin.id, ...details.keys()]);
  return {
    origin: toCiRef(origin),
    cis,
    services: cis.filter((c) => c.isService),
    users: [...people].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    edges: edges.filter((e) => visible.has(e.sourceId) && visible.has(e.targetId)),
  };
}

async function ciRowsByIds(db: Db, actor: Actor, ids: string[]) {
  const rows = [];
  for (const part of chunks(ids, 2000)) {
    rows.push(
      ...(await db
        .selectFrom('cis')
        .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
        .select([
          'cis.id',
          'cis.code',
          'cis.name',
          'cis.state',
          'k.code as class_code',
          'k.name_zh as class_name_zh',
          'k.name_en as class_name_en',
          'k.is_service',
        ])
        .where('cis.id', 'in', part)
        .where(visibleCis(actor))
        .execute()),
    );
  }
  return rows;
}
