import {
  type CiAttributeDef,
  type CiDetail,
  type CiListQuery,
  type CiState,
  type CreateCi,
  type CreateCiClass,
  type CreateCiRelation,
  canMoveCi,
  checkCiAttributes,
  ciStatesAfter,
  type DomainEventType,
  type MoveCi,
  type UpdateCi,
  type UpdateCiClass,
} from '@trellis/core';
import type { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { containsInsensitive, isUniqueViolation, lockForChange } from '../../platform/db/dialect.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { nextNumber } from '../../platform/numbering.js';
import { can } from '../../platform/permissions/registry.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { findRecordKind } from '../../platform/record-kinds.js';
import { visibleCis } from './cmdb.policy.js';
import {
  type CiSnapshot,
  classById,
  selectCiRefs,
  selectCis,
  snapshotDiff,
  snapshotOf,
  toCi,
  toCiRef,
} from './cmdb.repository.js';

/** For kinds no module defines: states that read as finished. */
const CLOSED_STATES = ['resolved', 'archived', 'cancelled', 'closed', 'rejected', 'done'];
const isOpenRecord = (kind: string, state: string) => {
  const definition = findRecordKind(kind);
  return definition ? definition.states.open.includes(state) : !CLOSED_STATES.includes(state);
};

const invalid = (path: (string | number)[], message: string) =>
  new AppError('error.validation', {}, [{ path, message }]);

// ---------- classes ----------

export async function listClasses(db: Db) {
  const rows = await db
    .selectFrom('ci_classes')
    .leftJoin('cis', 'cis.class_id', 'ci_classes.id')
    .select([
      'ci_classes.id',
      'ci_classes.code',
      'ci_classes.name_zh',
      'ci_classes.name_en',
      'ci_classes.attributes_json',
      'ci_classes.is_service',
      'ci_classes.active',
      'ci_classes.created_at',
      (eb) => eb.fn.count<number>('cis.id').as('ci_count'),
    ])
    .groupBy([
      'ci_classes.id',
      'ci_classes.code',
      'ci_classes.name_zh',
      'ci_classes.name_en',
      'ci_classes.attributes_json',
      'ci_classes.is_service',
      'ci_classes.active',
      'ci_classes.created_at',
    ])
    .orderBy('ci_classes.created_at')
    .orderBy('ci_classes.code')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    attributes: JSON.parse(r.attributes_json) as CiAttributeDef[],
    isService: Boolean(r.is_service),
    active: Boolean(r.active),
    ciCount: Number(r.ci_count),
  }));
}

async function findClass(db: Db, id: string) {
  const found = (await listClasses(db)).find((c) => c.id === id);
  if (!found) throw notFound();
  return found;
}

export async function createClass({ tx, input }: { tx: Tx; input: z.infer<typeof CreateCiClass> }) {
  const taken = await tx.db.selectFrom('ci_classes').select('id').where('code', '=', input.code).executeTakeFirst();
  if (taken) throw new AppError('cmdb.class_code_taken');
  const row = {
    id: newId(),
    code: input.code,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    attributes_json: JSON.stringify(input.attributes),
    is_service: input.isService ? 1 : 0,
    builtin: 0,
    active: 1,
    created_at: nowIso(),
  };
  await tx.db.insertInto('ci_classes').values(row).execute();
  await audit(tx, { action: 'ci_class.create', entityType: 'ci_class', entityId: row.id, after: row });
  return findClass(tx.db, row.id);
}

export async function updateClass({
  tx,
  classId,
  input,
}: {
  tx: Tx;
  classId: string;
  input: z.infer<typeof UpdateCiClass>;
}) {
  const before = await tx.db.selectFrom('ci_classes').selectAll().where('id', '=', classId).executeTakeFirst();
  if (!before) throw notFound();
  const patch = {
    ...(input.nameZh !== undefined ? { name_zh: input.nameZh } : {}),
    ...(input.nameEn !== undefined ? { name_en: input.nameEn } : {}),
    ...(input.attributes !== undefined ? { attributes_json: JSON.stringify(input.attributes) } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
  if (Object.keys(patch).length) {
    await tx.db.updateTable('ci_classes').set(patch).where('id', '=', classId).execute();
    await audit(tx, { action: 'ci_class.update', entityType: 'ci_class', entityId: classId, before, after: patch });
  }
  return findClass(tx.db, classId);
}

// ---------- reading CIs ----------

export async function listCis(db: Db, dialect: Tx['dialect'], actor: Actor, query: z.infer<typeof CiListQuery>) {
  let q = selectCis(db).where(visibleCis(actor));
  if (query.classId) q = q.where('cis.class_id', '=', query.classId);
  if (query.state) q = q.where('cis.state', '=', query.state);
  if (query.organizationId) q = q.where('cis.organization_id', '=', query.organizationId);
  if (query.unauthorized) q = q.where('cis.unauthorized', '=', query.unauthorized === 'true' ? 1 : 0);
  if (query.q) {
    const needle = query.q;
    q = q.where((eb) =>
      eb.or([
        containsInsensitive(dialect, eb.ref('cis.name'), needle),
        containsInsensitive(dialect, eb.ref('cis.code'), needle),
      ]),
    );
  }
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q.orderBy('cis.code').limit(query.limit).offset(query.offset).execute();
  return { items: rows.map(toCi), total: Number(total.n) };
}

export async function loadVisibleCi(db: Db, actor: Actor, idOrCode: string) {
  const row = await selectCis(db)
    .where((eb) => eb.or([eb('cis.id', '=', idOrCode), eb('cis.code', '=', idOrCode)]))
    .where(visibleCis(actor))
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** The records linked to a CI that the actor may see, open ones first. */
export async function recordsOfCi(db: Db, actor: Actor, ciId: string) {
  const rows = await db
    .selectFrom('record_cis')
    .innerJoin('work_records', 'work_records.id', 'record_cis.record_id')
    .select([
      'work_records.id',
      'work_records.number',
      'work_records.kind',
      'work_records.title',
      'work_records.state',
      'work_records.created_at',
    ])
    .where('record_cis.ci_id', '=', ciId)
    .where(visibleRecords(actor))
    .orderBy('work_records.created_at', 'desc')
    .limit(200)
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      number: r.number,
      kind: r.kind,
      title: r.title,
      state: r.state,
      open: isOpenRecord(r.kind, r.state),
    }))
    .sort((a, b) => Number(b.open) - Number(a.open));
}

export async function ciDetail(db: Db, actor: Actor, idOrCode: string): Promise<CiDetail> {
  const row = await loadVisibleCi(db, actor, idOrCode);
  const users = await db
    .selectFrom('ci_users')
    .innerJoin('users', 'users.id', 'ci_users.user_id')
    .select(['users.id', 'users.name'])
    .where('ci_users.ci_id', '=', row.id)
    .orderBy('users.name')
    .execute();
  const outgoing = await db
    .selectFrom('ci_relations')
    .innerJoin('cis', 'cis.id', 'ci_relations.target_id')
    .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
    .select([
      'ci_relations.id as rel_id',
      'ci_relations.type',
      'cis.id',
      'cis.code',
      'cis.name',
      'cis.state',
      'k.code as class_code',
    ])
    .where('ci_relations.source_id', '=', row.id)
    .execute();
  const incoming = await db
    .selectFrom('ci_relations')
    .innerJoin('cis', 'cis.id', 'ci_relations.source_id')
    .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
    .select([
      'ci_relations.id as rel_id',
      'ci_relations.type',
      'cis.id',
      'cis.code',
      'cis.name',
      'cis.state',
      'k.code as class_code',
    ])
    .where('ci_relations.target_id', '=', row.id)
    .execute();
  const manage = can(actor, 'cmdb', 'manage');
  return {
    ...toCi(row),
    users,
    relations: [
      ...outgoing.map((r) => ({ id: r.rel_id, type: r.type, direction: 'out' as const, other: toCiRef(r) })),
      ...incoming.map((r) => ({ id: r.rel_id, type: r.type, direction: 'in' as const, other: toCiRef(r) })),
    ],
    records: await recordsOfCi(db, actor, row.id),
    nextStates: [...ciStatesAfter(row.state)],
    abilities: { update: manage, relate: manage },
  };
}

export async function ciVersions(db: Db, ciId: string) {
  const rows = await db
    .selectFrom('ci_versions')
    .leftJoin('users', 'users.id', 'ci_versions.actor_id')
    .leftJoin('work_records', 'work_records.id', 'ci_versions.record_id')
    .selectAll('ci_versions')
    .select(['users.name as actor_name', 'work_records.number as record_number'])
    .where('ci_versions.ci_id', '=', ciId)
    .orderBy('ci_versions.version', 'desc')
    .execute();
  return rows.map(toVersion);
}

export const toVersion = (r: {
  version: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  before_json: string;
  after_json: string;
  record_id: string | null;
  record_number: string | null;
  change_ref: string | null;
  unauthorized: number;
}) => ({
  version: Number(r.version),
  at: r.at,
  actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
  action: r.action,
  before: JSON.parse(r.before_json) as Record<string, unknown>,
  after: JSON.parse(r.after_json) as Record<string, unknown>,
  record: r.record_id ? { id: r.record_id, number: r.record_number ?? '' } : null,
  changeRef: r.change_ref,
  unauthorized: Boolean(r.unauthorized),
});

// ---------- writing CIs ----------

interface Through {
  recordId?: string | null;
  changeRef?: string | null;
}

/**
 * Decides whether a write is covered by a change (004 §8.1.4). The initial load (no actor: set-up
 * and demo data) is the 初始化表单 and counts as authorised; everything else needs a change record,
 * named by id or number, that the change kind says authorises this CI's write (`authorizesCiWrite`:
 * the change module owns which states and CIs qualify, not this file).
 */
async function authorization(tx: Tx, through: Through, write: { ciId: string; created: boolean }) {
  let recordId: string | null = null;
  let changeRef = through.changeRef ?? null;
  if (through.recordId) {
    const record = await tx.db
      .selectFrom('work_records')
      .select(['id', 'kind', 'number', 'state'])
      .where('id', '=', through.recordId)
      .executeTakeFirst();
    if (!record) throw invalid(['recordId'], 'unknown record');
    recordId = record.id;
    if (record.kind === 'change') changeRef ??= record.number;
  }
  let approved = tx.actor === null;
  if (changeRef) {
    const change = await tx.db
      .selectFrom('work_records')
      .selectAll()
      .where('kind', '=', 'change')
      .where((eb) => eb.or([eb('number', '=', changeRef.trim().toUpperCase()), eb('id', '=', changeRef)]))
      .executeTakeFirst();
    const gate = findRecordKind('change')?.authorizesCiWrite;
    approved ||= Boolean(change && gate && (await gate(tx.db, change, write)));
  }
  return { recordId, changeRef, unauthorized: approved ? 0 : 1 };
}

/** The event each kind of CI version announces. */
const CI_EVENT = {
  create: 'ci.created',
  update: 'ci.updated',
  audit: 'ci.audited',
  state: 'ci.state_changed',
  relate: 'ci.related',
  unrelate: 'ci.unrelated',
} as const satisfies Record<string, DomainEventType>;

async function writeVersion(
  tx: Tx,
  ciId: string,
  action: keyof typeof CI_EVENT,
  before: Partial<CiSnapshot>,
  after: Partial<CiSnapshot>,
  through: Through,
  organizationId: string,
) {
  const changes = snapshotDiff(before, after);
  if (changes.length === 0 && action !== 'create') return null;
  const auth = await authorization(tx, through, { ciId, created: action === 'create' });
  const current = await tx.db.selectFrom('cis').select('version').where('id', '=', ciId).executeTakeFirstOrThrow();
  const version = action === 'create' ? 1 : Number(current.version) + 1;
  const at = nowIso();
  await tx.db
    .insertInto('ci_versions')
    .values({
      id: newId(),
      ci_id: ciId,
      version,
      at,
      actor_id: tx.actor?.id ?? null,
      action,
      before_json: JSON.stringify(Object.fromEntries(changes.map((c) => [c.field, c.before]))),
      after_json: JSON.stringify(Object.fromEntries(changes.map((c) => [c.field, c.after]))),
      record_id: auth.recordId,
      change_ref: auth.changeRef,
      unauthorized: auth.unauthorized,
    })
    .execute();
  await tx.db
    .updateTable('cis')
    .set({ version, updated_at: at, unauthorized: auth.unauthorized })
    .where('id', '=', ciId)
    .execute();
  await audit(tx, { action: `ci.${action}`, entityType: 'ci', entityId: ciId, organizationId, before, after });
  tx.emit(CI_EVENT[action], { organizationId, payload: { ciId, version, recordId: auth.recordId } });
  if (auth.unauthorized && tx.actor) {
    tx.emit('ci.unauthorized_change_detected', {
      organizationId,
      payload: { ciId, version, actorId: tx.actor.id },
    });
  }
  return version;
}

async function assertRefs(
  tx: Tx,
  input: { organizationId?: string; ownerId?: string | null; locationId?: string | null; userIds?: string[] },
  selfId?: string,
) {
  if (input.organizationId) {
    const org = await tx.db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', input.organizationId)
      .executeTakeFirst();
    if (!org) throw invalid(['organizationId'], 'unknown organization');
    if (tx.actor && !can(tx.actor, 'ci', 'view', { organizationId: input.organizationId }))
      throw invalid(['organizationId'], 'not served');
  }
  const userIds = [...(input.ownerId ? [input.ownerId] : []), ...(input.userIds ?? [])];
  if (userIds.length) {
    const found = await tx.db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', [...new Set(userIds)])
      .execute();
    if (found.length !== new Set(userIds).size) throw invalid([input.ownerId ? 'ownerId' : 'userIds'], 'unknown user');
  }
  if (input.locationId) {
    const loc = await tx.db
      .selectFrom('cis')
      .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
      .select(['cis.id', 'k.code'])
      .where('cis.id', '=', input.locationId)
      .executeTakeFirst();
    if (loc?.code !== 'location' || loc.id === selfId) throw new AppError('cmdb.not_a_location');
  }
}

async function setUniqueValues(
  tx: Tx,
  classId: string,
  defs: CiAttributeDef[],
  ciId: string,
  values: Record<string, unknown>,
) {
  await tx.db.deleteFrom('ci_unique_values').where('ci_id', '=', ciId).execute();
  for (const def of defs.filter((d) => d.unique)) {
    const value = values[def.key];
    if (value === undefined || value === null || value === '') continue;
    const text = String(value);
    const taken = await tx.db
      .selectFrom('ci_unique_values')
      .select('ci_id')
      .where('class_id', '=', classId)
      .where('attr_key', '=', def.key)
      .where('value', '=', text)
      .executeTakeFirst();
    if (taken)
      throw new AppError('cmdb.unique_taken', { attribute: def.nameZh, value: text }, [
        { path: ['attributes', def.key], message: 'taken' },
      ]);
    await tx.db
      .insertInto('ci_unique_values')
      .values({ class_id: classId, attr_key: def.key, value: text, ci_id: ciId })
      .execute();
  }
}

const CODE_PREFIX: Record<string, string> = {
  business_service: 'SVC',
  application: 'APP',
  database: 'DB',
  server: 'SRV',
  virtual_machine: 'VM',
  pc: 'PC',
  laptop: 'NB',
  printer: 'PRN',
  network_device: 'NET',
  storage: 'STO',
  software: 'SW',
  licence: 'LIC',
  location: 'LOC',
};

async function nextCiCode(tx: Tx, classCode: string) {
  const prefix = CODE_PREFIX[classCode] ?? classCode.toUpperCase().slice(0, 8);
  return `${prefix}-${String(await nextNumber(tx, `ci:${prefix}`)).padStart(5, '0')}`;
}

export async function createCi({ tx, input }: { tx: Tx; input: z.infer<typeof CreateCi> }) {
  const klass = await classById(tx.db, input.classId);
  if (!klass?.active) throw invalid(['classId'], 'unknown class');
  const checked = checkCiAttributes(klass.attributes, input.attributes);
  if (checked.issues.length)
    throw new AppError(
      'error.validation',
      {},
      checked.issues.map((i) => ({ path: ['attributes', i.key], message: i.reason })),
    );
  await assertRefs(tx, input);
  const code = input.code ?? (await nextCiCode(tx, klass.code));
  const taken = await tx.db.selectFrom('cis').select('id').where('code', '=', code).executeTakeFirst();
  if (taken) throw new AppError('cmdb.ci_code_taken');
  const now = nowIso();
  const id = newId();
  await tx.db
    .insertInto('cis')
    .values({
      id,
      class_id: klass.id,
      code,
      name: input.name,
      organization_id: input.organizationId,
      owner_id: input.ownerId ?? null,
      location_id: input.locationId ?? null,
      state: input.state,
      attributes_json: JSON.stringify(checked.values),
      version: 1,
      unauthorized: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await setUniqueValues(tx, klass.id, klass.attributes, id, checked.values);
  for (const userId of new Set(input.userIds ?? []))
    await tx.db.insertInto('ci_users').values({ ci_id: id, user_id: userId }).execute();
  await writeVersion(tx, id, 'create', {}, await snapshotOf(tx.db, id), input, input.organizationId);
  return id;
}

async function lockCi(tx: Tx, actor: Actor | null, ciId: string) {
  // Writers to one CI take turns, so versions stay gapless.
  const row = await lockForChange(
    tx.dialect,
    tx.db.selectFrom('cis').selectAll().where('id', '=', ciId),
  ).executeTakeFirst();
  if (!row || (actor && !can(actor, 'ci', 'view', { organizationId: row.organization_id }))) throw notFound();
  return row;
}

export async function updateCi({ tx, ciId, input }: { tx: Tx; ciId: string; input: z.input<typeof UpdateCi> }) {
  const row = await lockCi(tx, tx.actor, ciId);
  const klass = (await classById(tx.db, row.class_id))!;
  await assertRefs(tx, input, ciId);
  const before = await snapshotOf(tx.db, ciId);
  const patch: Record<string, unknown> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.ownerId !== undefined) patch.owner_id = input.ownerId ?? null;
  if (input.locationId !== undefined) patch.location_id = input.locationId ?? null;
  if (input.organizationId !== undefined) patch.organization_id = input.organizationId;
  if (input.attributes !== undefined) {
    const merged = { ...before.attributes, ...input.attributes };
    for (const [k, v] of Object.entries(merged)) if (v === null || v === '') delete merged[k];
    const checked = checkCiAttributes(klass.attributes, merged);
    if (checked.issues.length)
      throw new AppError(
        'error.validation',
        {},
        checked.issues.map((i) => ({ path: ['attributes', i.key], message: i.reason })),
      );
    patch.attributes_json = JSON.stringify(checked.values);
    await setUniqueValues(tx, klass.id, klass.attributes, ciId, checked.values);
  }
  if (Object.keys(patch).length) await tx.db.updateTable('cis').set(patch).where('id', '=', ciId).execute();
  if (input.userIds !== undefined) {
    await tx.db.deleteFrom('ci_users').where('ci_id', '=', ciId).execute();
    for (const userId of new Set(input.userIds))
      await tx.db.insertInto('ci_users').values({ ci_id: ciId, user_id: userId }).execute();
  }
  await writeVersion(tx, ciId, 'update', before, await snapshotOf(tx.db, ciId), input, row.organization_id);
}

/** `observed`: an audit found the CI in this state; a fact is recorded even where the life cycle would not step. */
export async function moveCi({
  tx,
  ciId,
  input,
  observed = false,
}: {
  tx: Tx;
  ciId: string;
  input: z.input<typeof MoveCi>;
  observed?: boolean;
}) {
  const row = await lockCi(tx, tx.actor, ciId);
  if (row.state === input.state) return;
  if (!observed && !canMoveCi(row.state, input.state))
    throw new AppError('cmdb.illegal_state', { from: `cmdb.state.${row.state}`, to: `cmdb.state.${input.state}` });
  const before = await snapshotOf(tx.db, ciId);
  await tx.db
    .updateTable('cis')
    .set({ state: input.state as CiState })
    .where('id', '=', ciId)
    .execute();
  await writeVersion(
    tx,
    ciId,
    observed ? 'audit' : 'state',
    before,
    { ...before, state: input.state },
    input,
    row.organization_id,
  );
}

/**
 * The CI of something taken out of service (an asset disposed of): 拆卸 when it has been in use,
 * 取消 when it never was; a CI already out of service stays as it is. A version records why.
 */
export async function retireCi({ tx, ciId, note }: { tx: Tx; ciId: string; note?: string }) {
  const row = await lockCi(tx, null, ciId);
  const state = (['removed', 'cancelled'] as const).find((s) => canMoveCi(row.state, s));
  if (!state || row.state === 'removed' || row.state === 'cancelled') return;
  await moveCi({ tx, ciId, input: { state, note } });
}

export async function addRelation({
  tx,
  ciId,
  input,
}: {
  tx: Tx;
  ciId: string;
  input: z.infer<typeof CreateCiRelation>;
}) {
  if (input.targetId === ciId) throw new AppError('cmdb.relation_self');
  const row = await lockCi(tx, tx.actor, ciId);
  const target = await tx.db
    .selectFrom('cis')
    .select(['id', 'organization_id'])
    .where('id', '=', input.targetId)
    .executeTakeFirst();
  if (!target || (tx.actor && !can(tx.actor, 'ci', 'view', { organizationId: target.organization_id })))
    throw invalid(['targetId'], 'unknown CI');
  const before = await snapshotOf(tx.db, ciId);
  const id = newId();
  try {
    await tx.db
      .insertInto('ci_relations')
      .values({
        id,
        type: input.type,
        source_id: ciId,
        target_id: input.targetId,
        created_by: tx.actor?.id ?? null,
        created_at: nowIso(),
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('error.conflict');
    throw error;
  }
  await writeVersion(tx, ciId, 'relate', before, await snapshotOf(tx.db, ciId), input, row.organization_id);
  return id;
}

export async function removeRelation({
  tx,
  ciId,
  relationId,
  through,
}: {
  tx: Tx;
  ciId: string;
  relationId: string;
  through: Through;
}) {
  const row = await lockCi(tx, tx.actor, ciId);
  const rel = await tx.db.selectFrom('ci_relations').selectAll().where('id', '=', relationId).executeTakeFirst();
  if (!rel || (rel.source_id !== ciId && rel.target_id !== ciId)) throw notFound();
  const owner = rel.source_id;
  const before = await snapshotOf(tx.db, owner);
  await tx.db.deleteFrom('ci_relations').where('id', '=', relationId).execute();
  await writeVersion(tx, owner, 'unrelate', before, await snapshotOf(tx.db, owner), through, row.organization_id);
}

// ---------- record links ----------

export async function linkRecordToCi(tx: Tx, recordId: string, ciId: string) {
  await tx.db
    .insertInto('record_cis')
    .values({ record_id: recordId, ci_id: ciId, created_by: tx.actor?.id ?? null, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['record_id', 'ci_id']).doNothing())
    .execute();
  await audit(tx, { action: 'record.ci_link', entityType: 'record', entityId: recordId, after: { ciId } });
  tx.emit('record.ci_linked', { recordId, payload: { ciId } });
}

/** The CIs each record is linked to (for recurring-incident detection, which groups by shared CI). */
export async function cisOfRecords(db: Db, recordIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  // Chunked: detection asks about thousands of incidents, beyond a statement's parameter limit.
  for (let i = 0; i < recordIds.length; i += 1000) {
    const rows = await db
      .selectFrom('record_cis')
      .select(['record_id', 'ci_id'])
      .where('record_id', 'in', recordIds.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.set(r.record_id, [...(out.get(r.record_id) ?? []), r.ci_id]);
  }
  return out;
}

export async function unlinkRecordFromCi(tx: Tx, recordId: string, ciId: string) {
  await tx.db.deleteFrom('record_cis').where('record_id', '=', recordId).where('ci_id', '=', ciId).execute();
  await audit(tx, { action: 'record.ci_unlink', entityType: 'record', entityId: recordId, before: { ciId } });
}

export async function cisOfRecord(db: Db, actor: Actor, recordId: string) {
  const rows = await selectCis(db)
    .innerJoin('record_cis', 'record_cis.ci_id', 'cis.id')
    .where('record_cis.record_id', '=', recordId)
    .where(visibleCis(actor))
    .orderBy('record_cis.created_at')
    .execute();
  return rows.map(toCi);
}

/** Names of CIs by id, for other modules (assets show location names). */
export async function ciNames(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await selectCiRefs(db)
    .where('cis.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function ciExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('cis').select('id').where('id', '=', id).executeTakeFirst());
}

/** A CI's name and owning organisation, for sentences about it (a stock location's alert). */
export async function ciLabel(db: Db, id: string) {
  return db.selectFrom('cis').select(['name', 'organization_id']).where('id', '=', id).executeTakeFirst();
}

export async function isLocationCi(db: Db, id: string) {
  const row = await selectCiRefs(db).where('cis.id', '=', id).executeTakeFirst();
  return row?.class_code === 'location';
}

export async function findLocationByName(db: Db, name: string) {
  return selectCiRefs(db).where('cis.name', '=', name).where('k.code', '=', 'location').executeTakeFirst();
}

export async function listLocations(db: Db) {
  return selectCiRefs(db).where('k.code', '=', 'location').orderBy('cis.name').execute();
}
