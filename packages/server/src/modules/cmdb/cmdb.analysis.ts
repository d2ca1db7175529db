import type { CheckAuditItem, CreateBaseline, CreateCiAudit, ImpactQuery } from '@trellis/core';
import { sql } from 'kysely';
import type { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { chunks, type Edge, walk } from './cmdb.impact.js';
import { visibleCis } from './cmdb.policy.js';
import {
  type CiSnapshot,
  selectCiRefs,
  selectCis,
  snapshotDiff,
  snapshotOf,
  toCi,
  toCiRef,
} from './cmdb.repository.js';
import { ciVersions, loadVisibleCi, moveCi, toVersion, updateCi } from './cmdb.service.js';

// ---------- impact analysis ----------

type Direction = 'upstream' | 'downstream';

/**
 * The CIs within `depth - 1` steps of the origin, as a recursive common table expression `walk`:
 * one row per CI and distance (UNION drops repeats), so a cycle ends at the depth limit and a
 * diamond adds rows, not paths. The same query on both dialects.
 */
function withWalk(db: Db, originId: string, direction: Direction, depth: number) {
  const [near, far] = ends(direction);
  return db.withRecursive('walk(id, depth)', (qb) =>
    qb.selectNoFrom([sql<string>`cast(${originId} as text)`.as('id'), sql<number>`0`.as('depth')]).union(
      qb
        .selectFrom('walk')
        .innerJoin('ci_relations as e', `e.${near}`, 'walk.id')
        .select([`e.${far} as id`, sql<number>`walk.depth + 1`.as('depth')])
        .where('walk.depth', '<', depth - 1),
    ),
  );
}

/** `near` is the end a walk in this direction arrives at, `far` the end it goes on to. */
const ends = (direction: Direction) =>
  direction === 'downstream' ? (['target_id', 'source_id'] as const) : (['source_id', 'target_id'] as const);

/**
 * Every relation the breadth-first walk to `depth` looks at (those leaving a CI within
 * `depth - 1` steps), each with the CI it leads to, that CI's owner and whether the actor sees it;
 * and the users of the origin and of every CI reached. Two statements, whatever the depth.
 */
async function loadWithin(db: Db, actor: Actor, originId: string, direction: Direction, depth: number) {
  const [near, far] = ends(direction);
  const edges = await withWalk(db, originId, direction, depth)
    .selectFrom('ci_relations as r')
    .innerJoin('cis', 'cis.id', `r.${far}`)
    .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
    .leftJoin('users as o', 'o.id', 'cis.owner_id')
    .select((eb) => [
      'r.source_id',
      'r.target_id',
      'r.type',
      'cis.id',
      'cis.code',
      'cis.name',
      'cis.state',
      'k.code as class_code',
      'k.name_zh as class_name_zh',
      'k.name_en as class_name_en',
      'k.is_service',
      'o.id as owner_id',
      'o.name as owner_name',
      eb.case().when(visibleCis(actor)(eb)).then(1).else(0).end().as('visible'),
    ])
    .where(`r.${near}`, 'in', (qb) => qb.selectFrom('walk').select('walk.id'))
    .execute();
  const users = await withWalk(db, originId, direction, depth)
    .selectFrom('ci_users')
    .innerJoin('users', 'users.id', 'ci_users.user_id')
    .select(['ci_users.ci_id', 'users.id', 'users.name'])
    .where((eb) =>
      eb.or([
        eb('ci_users.ci_id', '=', originId),
        eb(
          'ci_users.ci_id',
          'in',
          eb
            .selectFrom('ci_relations as r')
            .select(`r.${far}`)
            .where(`r.${near}`, 'in', (qb) => qb.selectFrom('walk').select('walk.id')),
        ),
      ]),
    )
    .execute();
  return { edges, users };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Where a CI is one step from two CIs at the same distance, `via` is the smaller id: stable on both dialects. */
const byEdge = (a: Edge, b: Edge) => cmp(a.sourceId, b.sourceId) || cmp(a.targetId, b.targetId) || cmp(a.type, b.type);
/** The order `localeCompare` gives, without building a collator per comparison. */
const byText = new Intl.Collator().compare;

/** Services, CIs and people affected by (downstream) or needed by (upstream) one CI, to a depth. */
export async function impactOf(db: Db, actor: Actor, idOrCode: string, query: z.infer<typeof ImpactQuery>) {
  const origin = await loadVisibleCi(db, actor, idOrCode);
  const directions = query.direction === 'both' ? (['downstream', 'upstream'] as const) : ([query.direction] as const);
  type Row = Awaited<ReturnType<typeof loadWithin>>['edges'][number];
  const details = new Map<string, Row>();
  const people = new Map<string, string>();
  if (origin.owner_id) people.set(origin.owner_id, origin.owner_name ?? '');
  const cis = [];
  const edges: Edge[] = [];
  for (const direction of directions) {
    const loaded = await loadWithin(db, actor, origin.id, direction, query.depth);
    for (const row of loaded.edges) if (row.visible) details.set(row.id, row);
    const result = await walk(
      origin.id,
      direction,
      query.depth,
      walkLoadedEdges(
        direction,
        loaded.edges.map((r) => ({ sourceId: r.source_id, targetId: r.target_id, type: r.type })),
      ),
    );
    for (const f of result.reached) {
      const d = details.get(f.id);
      if (!d) continue;
      // Named fields, not a spread of toCiRef: a spread per CI cost more than the walk.
      cis.push({
        id: d.id,
        code: d.code,
        name: d.name,
        classCode: d.class_code,
        state: d.state,
        classNameZh: d.class_name_zh,
        classNameEn: d.class_name_en,
        isService: Boolean(d.is_service),
        depth: f.depth,
        direction,
        viaId: f.viaId,
        viaType: f.viaType,
      });
      if (d.owner_id) people.set(d.owner_id, d.owner_name ?? '');
    }
    edges.push(...result.edges);
    for (const u of loaded.users) if (u.ci_id === origin.id || details.has(u.ci_id)) people.set(u.id, u.name);
  }
  cis.sort((a, b) => a.depth - b.depth || byText(a.code, b.code));
  const visible = new Set([origin.id, ...details.keys()]);
  return {
    origin: toCiRef(origin),
    cis,
    services: cis.filter((c) => c.isService),
    users: [...people].map(([id, name]) => ({ id, name })).sort((a, b) => byText(a.name, b.name)),
    edges: edges.filter((e) => visible.has(e.sourceId) && visible.has(e.targetId)),
  };
}

/** The walk's `edgesFrom` over edges already loaded: each level's edges in `byEdge` order. */
function walkLoadedEdges(direction: Direction, loaded: Edge[]) {
  const byNear = new Map<string, Edge[]>();
  for (const e of loaded) {
    const near = direction === 'downstream' ? e.targetId : e.sourceId;
    const list = byNear.get(near);
    if (list) list.push(e);
    else byNear.set(near, [e]);
  }
  return async (frontier: string[]) => {
    const out: Edge[] = [];
    for (const id of frontier) for (const e of byNear.get(id) ?? []) out.push(e);
    return out.sort(byEdge);
  };
}

// ---------- baselines ----------

async function baselineRow(db: Db, id: string) {
  const row = await db
    .selectFrom('ci_baselines')
    .leftJoin('users', 'users.id', 'ci_baselines.created_by')
    .leftJoin('ci_baseline_items', 'ci_baseline_items.baseline_id', 'ci_baselines.id')
    .select([
      'ci_baselines.id',
      'ci_baselines.name',
      'ci_baselines.description',
      'ci_baselines.created_at',
      'ci_baselines.created_by',
      'users.name as creator',
    ])
    .select((eb) => eb.fn.count<number>('ci_baseline_items.ci_id').as('n'))
    .where('ci_baselines.id', '=', id)
    .groupBy([
      'ci_baselines.id',
      'ci_baselines.name',
      'ci_baselines.description',
      'ci_baselines.created_at',
      'ci_baselines.created_by',
      'users.name',
    ])
    .executeTakeFirst();
  if (!row) throw notFound();
  return toBaseline(row);
}

const toBaseline = (r: {
  id: string;
  name: string;
  description: string;
  created_at: string;
  created_by: string | null;
  creator: string | null;
  n: number | string;
}) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  createdAt: r.created_at,
  createdBy: r.created_by ? { id: r.created_by, name: r.creator ?? '' } : null,
  itemCount: Number(r.n),
});

export async function listBaselines(db: Db) {
  const rows = await db
    .selectFrom('ci_baselines')
    .leftJoin('users', 'users.id', 'ci_baselines.created_by')
    .leftJoin('ci_baseline_items', 'ci_baseline_items.baseline_id', 'ci_baselines.id')
    .select([
      'ci_baselines.id',
      'ci_baselines.name',
      'ci_baselines.description',
      'ci_baselines.created_at',
      'ci_baselines.created_by',
      'users.name as creator',
    ])
    .select((eb) => eb.fn.count<number>('ci_baseline_items.ci_id').as('n'))
    .groupBy([
      'ci_baselines.id',
      'ci_baselines.name',
      'ci_baselines.description',
      'ci_baselines.created_at',
      'ci_baselines.created_by',
      'users.name',
    ])
    .orderBy('ci_baselines.created_at', 'desc')
    .execute();
  return rows.map(toBaseline);
}

async function chosenCis(tx: Tx, actor: Actor, input: { ciIds?: string[]; classId?: string }) {
  let q = tx.db.selectFrom('cis').select('cis.id').where(visibleCis(actor)).where('cis.state', 'not in', ['cancelled']);
  if (input.ciIds?.length) q = q.where('cis.id', 'in', input.ciIds);
  if (input.classId) q = q.where('cis.class_id', '=', input.classId);
  const ids = (await q.execute()).map((r) => r.id);
  if (input.ciIds?.length && ids.length !== new Set(input.ciIds).size)
    throw new AppError('error.validation', {}, [{ path: ['ciIds'], message: 'unknown CI' }]);
  return ids;
}

export async function createBaseline({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: z.infer<typeof CreateBaseline>;
}) {
  const ids = await chosenCis(tx, actor, input);
  const id = newId();
  await tx.db
    .insertInto('ci_baselines')
    .values({ id, name: input.name, description: input.description ?? '', created_by: actor.id, created_at: nowIso() })
    .execute();
  for (const ciId of ids) {
    const ci = await tx.db.selectFrom('cis').select('version').where('id', '=', ciId).executeTakeFirstOrThrow();
    await tx.db
      .insertInto('ci_baseline_items')
      .values({
        baseline_id: id,
        ci_id: ciId,
        version: Number(ci.version),
        snapshot_json: JSON.stringify(await snapshotOf(tx.db, ciId)),
      })
      .execute();
  }
  await audit(tx, {
    action: 'ci_baseline.create',
    entityType: 'ci_baseline',
    entityId: id,
    after: { name: input.name, count: ids.length },
  });
  return baselineRow(tx.db, id);
}

/** A baseline against now: CIs added to its class since, removed (cancelled or gone), and changed field by field. */
export async function diffBaseline(db: Db, actor: Actor, baselineId: string) {
  const baseline = await baselineRow(db, baselineId);
  const items = await db.selectFrom('ci_baseline_items').selectAll().where('baseline_id', '=', baselineId).execute();
  const refs = new Map<string, Awaited<ReturnType<typeof selectCisForDiff>>[number]>();
  for (const r of await selectCisForDiff(
    db,
    actor,
    items.map((i) => i.ci_id),
  ))
    refs.set(r.id, r);
  const changed = [];
  const removed = [];
  let unchanged = 0;
  for (const item of items) {
    const ref = refs.get(item.ci_id);
    if (!ref) continue;
    if (ref.state === 'cancelled' || ref.state === 'removed') {
      removed.push(toCiRef(ref));
      continue;
    }
    if (Number(ref.version) === Number(item.version)) {
      unchanged++;
      continue;
    }
    const fields = snapshotDiff(JSON.parse(item.snapshot_json) as CiSnapshot, await snapshotOf(db, item.ci_id));
    if (fields.length === 0) unchanged++;
    else
      changed.push({
        ci: toCiRef(ref),
        fromVersion: Number(item.version),
        toVersion: Number(ref.version),
        fields: fields.map((f) => ({ field: f.field, baseline: f.before, current: f.after })),
      });
  }
  // Added: CIs of the classes the baseline covers, created after it and still live.
  const classIds = [...new Set([...refs.values()].map((r) => r.class_id))];
  const added = classIds.length
    ? (
        await selectCiRefs(db)
          .select('cis.created_at')
          .where('cis.class_id', 'in', classIds)
          .where('cis.created_at', '>', baseline.createdAt)
          .where('cis.state', 'not in', ['cancelled', 'removed'])
          .where(visibleCis(actor))
          .orderBy('cis.code')
          .limit(500)
          .execute()
      ).map(toCiRef)
    : [];
  return { baseline, added, removed, changed, unchanged };
}

async function selectCisForDiff(db: Db, actor: Actor, ids: string[]) {
  const rows = [];
  for (const part of chunks(ids, 2000)) {
    rows.push(
      ...(await selectCiRefs(db)
        .select(['cis.version', 'cis.class_id'])
        .where('cis.id', 'in', part)
        .where(visibleCis(actor))
        .execute()),
    );
  }
  return rows;
}

// ---------- audits (配置审核) ----------

function recordedOf(s: CiSnapshot) {
  return { state: s.state, locationId: s.locationId, ownerId: s.ownerId, attributes: s.attributes };
}

export async function createAudit({
  tx,
  actor,
  input,
}: {
  tx: Tx;
  actor: Actor;
  input: z.infer<typeof CreateCiAudit>;
}) {
  const ids = await chosenCis(tx, actor, input);
  const id = newId();
  await tx.db
    .insertInto('ci_audits')
    .values({
      id,
      name: input.name,
      state: 'open',
      created_by: actor.id,
      created_at: nowIso(),
      closed_at: null,
      record_id: null,
    })
    .execute();
  for (const ciId of ids) {
    await tx.db
      .insertInto('ci_audit_items')
      .values({
        id: newId(),
        audit_id: id,
        ci_id: ciId,
        recorded_json: JSON.stringify(recordedOf(await snapshotOf(tx.db, ciId))),
        observed_json: null,
        result: 'pending',
        note: '',
        checked_by: null,
        checked_at: null,
      })
      .execute();
  }
  await audit(tx, {
    action: 'ci_audit.create',
    entityType: 'ci_audit',
    entityId: id,
    after: { name: input.name, count: ids.length },
  });
  return id;
}

export async function listAudits(db: Db) {
  const rows = await db.selectFrom('ci_audits').select('id').orderBy('created_at', 'desc').limit(200).execute();
  return Promise.all(rows.map((r) => auditDetail(db, r.id)));
}

export async function auditDetail(db: Db, auditId: string) {
  const a = await db
    .selectFrom('ci_audits')
    .leftJoin('users', 'users.id', 'ci_audits.created_by')
    .leftJoin('work_records', 'work_records.id', 'ci_audits.record_id')
    .selectAll('ci_audits')
    .select(['users.name as creator', 'work_records.number as record_number'])
    .where('ci_audits.id', '=', auditId)
    .executeTakeFirst();
  if (!a) throw notFound();
  const items = await db
    .selectFrom('ci_audit_items')
    .innerJoin('cis', 'cis.id', 'ci_audit_items.ci_id')
    .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
    .leftJoin('users', 'users.id', 'ci_audit_items.checked_by')
    .selectAll('ci_audit_items')
    .select(['cis.code', 'cis.name', 'cis.state', 'k.code as class_code', 'users.name as checker'])
    .where('ci_audit_items.audit_id', '=', auditId)
    .orderBy('cis.code')
    .execute();
  const counts = { pending: 0, match: 0, discrepancy: 0, corrected: 0 };
  for (const i of items) counts[i.result]++;
  return {
    id: a.id,
    name: a.name,
    state: a.state,
    createdAt: a.created_at,
    createdBy: a.created_by ? { id: a.created_by, name: a.creator ?? '' } : null,
    record: a.record_id ? { id: a.record_id, number: a.record_number ?? '' } : null,
    counts,
    items: items.map((i) => ({
      id: i.id,
      ci: toCiRef({ id: i.ci_id, code: i.code, name: i.name, state: i.state, class_code: i.class_code }),
      recorded: JSON.parse(i.recorded_json) as Record<string, unknown>,
      observed: i.observed_json ? (JSON.parse(i.observed_json) as Record<string, unknown>) : null,
      result: i.result,
      note: i.note,
      checkedBy: i.checked_by ? { id: i.checked_by, name: i.checker ?? '' } : null,
      checkedAt: i.checked_at,
    })),
  };
}

export async function checkAuditItem({
  tx,
  auditId,
  itemId,
  input,
}: {
  tx: Tx;
  auditId: string;
  itemId: string;
  input: z.infer<typeof CheckAuditItem>;
}) {
  const a = await tx.db.selectFrom('ci_audits').select('state').where('id', '=', auditId).executeTakeFirst();
  if (!a) throw notFound();
  if (a.state === 'closed') throw new AppError('cmdb.audit_closed');
  const item = await tx.db
    .selectFrom('ci_audit_items')
    .selectAll()
    .where('id', '=', itemId)
    .where('audit_id', '=', auditId)
    .executeTakeFirst();
  if (!item) throw notFound();
  if (input.result === 'discrepancy' && !input.observed)
    throw new AppError('error.validation', {}, [{ path: ['observed'], message: 'what was observed' }]);
  await tx.db
    .updateTable('ci_audit_items')
    .set({
      result: input.result,
      observed_json: input.observed ? JSON.stringify(input.observed) : null,
      note: input.note ?? '',
      checked_by: tx.actor?.id ?? null,
      checked_at: nowIso(),
    })
    .where('id', '=', itemId)
    .execute();
  await audit(tx, { action: 'ci_audit.check', entityType: 'ci_audit', entityId: auditId, after: { itemId, ...input } });
}

/**
 * Corrects every discrepancy through one work record (004 §8.1.7, §8.1.11): the CI takes the
 * observed values, its version names the record, and the audit closes once nothing is pending.
 */
export async function correctAudit({
  tx,
  auditId,
  recordId,
  changeRef,
}: {
  tx: Tx;
  auditId: string;
  recordId: string;
  changeRef?: string | null;
}) {
  const a = await tx.db.selectFrom('ci_audits').selectAll().where('id', '=', auditId).executeTakeFirst();
  if (!a) throw notFound();
  if (a.state === 'closed') throw new AppError('cmdb.audit_closed');
  const items = await tx.db
    .selectFrom('ci_audit_items')
    .selectAll()
    .where('audit_id', '=', auditId)
    .where('result', '=', 'discrepancy')
    .execute();
  for (const item of items) {
    const observed = JSON.parse(item.observed_json ?? '{}') as {
      state?: string;
      locationId?: string | null;
      ownerId?: string | null;
      attributes?: Record<string, unknown>;
    };
    const through = { recordId, changeRef };
    await updateCi({
      tx,
      ciId: item.ci_id,
      input: {
        ...(observed.locationId !== undefined ? { locationId: observed.locationId } : {}),
        ...(observed.ownerId !== undefined ? { ownerId: observed.ownerId } : {}),
        ...(observed.attributes ? { attributes: observed.attributes } : {}),
        ...through,
      },
    });
    if (observed.state)
      await moveCi({
        tx,
        ciId: item.ci_id,
        input: { state: observed.state as CiSnapshot['state'], ...through },
        observed: true,
      });
    await tx.db.updateTable('ci_audit_items').set({ result: 'corrected' }).where('id', '=', item.id).execute();
  }
  const pending = await tx.db
    .selectFrom('ci_audit_items')
    .select('id')
    .where('audit_id', '=', auditId)
    .where('result', '=', 'pending')
    .executeTakeFirst();
  await tx.db
    .updateTable('ci_audits')
    .set({ record_id: recordId, ...(pending ? {} : { state: 'closed' as const, closed_at: nowIso() }) })
    .where('id', '=', auditId)
    .execute();
  await audit(tx, {
    action: 'ci_audit.correct',
    entityType: 'ci_audit',
    entityId: auditId,
    after: { recordId, corrected: items.length },
  });
  return items.length;
}

// ---------- configuration report (004 §8.1.8) ----------

export async function configurationReport(db: Db, actor: Actor) {
  const cis = await selectCis(db)
    .where(visibleCis(actor))
    .where('cis.state', '!=', 'cancelled')
    .orderBy('k.code')
    .orderBy('cis.code')
    .limit(2000)
    .execute();
  const ids = cis.map((c) => c.id);
  const deps = new Map<string, { type: Edge['type']; name: string }[]>();
  const changes = new Map<string, number>();
  for (const part of chunks(ids, 1000)) {
    for (const r of await db
      .selectFrom('ci_relations')
      .innerJoin('cis as t', 't.id', 'ci_relations.target_id')
      .select(['ci_relations.source_id', 'ci_relations.type', 't.name'])
      .where('ci_relations.source_id', 'in', part)
      .execute()) {
      deps.set(r.source_id, [...(deps.get(r.source_id) ?? []), { type: r.type, name: r.name }]);
    }
    for (const r of await db
      .selectFrom('ci_versions')
      .select(['ci_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('ci_id', 'in', part)
      .groupBy('ci_id')
      .execute()) {
      changes.set(r.ci_id, Number(r.n));
    }
  }
  const byClass = new Map<string, { code: string; nameZh: string; nameEn: string; count: number }>();
  const byState = new Map<string, number>();
  let unauthorized = 0;
  for (const c of cis) {
    const k = byClass.get(c.class_code) ?? {
      code: c.class_code,
      nameZh: c.class_name_zh,
      nameEn: c.class_name_en,
      count: 0,
    };
    k.count++;
    byClass.set(c.class_code, k);
    byState.set(c.state, (byState.get(c.state) ?? 0) + 1);
    if (c.unauthorized) unauthorized++;
  }
  const relations = await db
    .selectFrom('ci_relations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const recent = await db
    .selectFrom('ci_versions')
    .innerJoin('cis', 'cis.id', 'ci_versions.ci_id')
    .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
    .leftJoin('users', 'users.id', 'ci_versions.actor_id')
    .leftJoin('work_records', 'work_records.id', 'ci_versions.record_id')
    .selectAll('ci_versions')
    .select([
      'users.name as actor_name',
      'work_records.number as record_number',
      'cis.code',
      'cis.name',
      'cis.state',
      'k.code as class_code',
    ])
    .where(visibleCis(actor))
    .orderBy('ci_versions.at', 'desc')
    .limit(100)
    .execute();
  return {
    generatedAt: nowIso(),
    totals: { cis: cis.length, relations: Number(relations.n), unauthorized },
    byClass: [...byClass.values()],
    byState: [...byState].map(([state, count]) => ({ state: state as CiSnapshot['state'], count })),
    items: cis.map((c) => ({
      ...toCi(c),
      dependsOn: deps.get(c.id) ?? [],
      changes: changes.get(c.id) ?? 0,
      lastChangedAt: c.updated_at,
    })),
    recentChanges: recent.map((r) => ({
      ...toVersion(r),
      ci: toCiRef({ id: r.ci_id, code: r.code, name: r.name, state: r.state, class_code: r.class_code }),
    })),
  };
}

export { ciVersions };
