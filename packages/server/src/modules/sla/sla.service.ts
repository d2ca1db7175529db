import {
  type CreateSla,
  type Locale,
  type MessageKey,
  type RecordSla,
  type Sla,
  type SlaBreach,
  type SlaReportQuery,
  type SlaReportRow,
  translate,
  type UpdateSla,
} from '@trellis/core';
import type { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { nowIso, nowMs } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueueJob } from '../../platform/jobs.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { recordKinds } from '../../platform/record-kinds.js';
import { checkReferences } from '../../platform/references.js';
import { inTransaction, type UnitOfWorkDeps } from '../../platform/unit-of-work.js';
import { calendarExists, calendarNames, calendarWithCoverage } from '../calendars/index.js';
import { lockRecord } from '../records/index.js';
import { clockView, syncSlaClocks } from './sla.clock.js';

// ---- definitions

async function assertCalendars(db: Db, ids: string[]) {
  for (const id of new Set(ids)) {
    if (!(await calendarExists(db, id)))
      throw new AppError('error.validation', {}, [{ path: ['calendarId'], message: 'unknown calendar' }]);
  }
}

export async function listSlas(db: Db): Promise<Sla[]> {
  const rows = await db.selectFrom('slas').selectAll().orderBy('is_default', 'desc').orderBy('name').execute();
  const targets = await db.selectFrom('sla_targets').selectAll().orderBy('level').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    serviceId: r.service_id,
    organizationId: r.organization_id,
    isDefault: Boolean(r.is_default),
    pauseStates: JSON.parse(r.pause_states_json),
    thresholds: JSON.parse(r.thresholds_json),
    breachActions: JSON.parse(r.breach_actions_json),
    active: Boolean(r.active),
    recomputing: r.clocks_version < r.version,
    targets: targets
      .filter((t) => t.sla_id === r.id)
      .map((t) => ({
        level: t.level,
        responseMinutes: t.response_minutes,
        resolutionMinutes: t.resolution_minutes,
        calendarId: t.calendar_id,
      })),
  }));
}

async function getSla(db: Db, id: string): Promise<Sla> {
  const sla = (await listSlas(db)).find((s) => s.id === id);
  if (!sla) throw notFound();
  return sla;
}

async function writeTargets(tx: Tx, slaId: string, targets: z.infer<typeof CreateSla>['targets']) {
  if (new Set(targets.map((t) => t.level)).size !== targets.length)
    throw new AppError('error.validation', {}, [{ path: ['targets'], message: 'one target per level' }]);
  await assertCalendars(
    tx.db,
    targets.map((t) => t.calendarId),
  );
  await tx.db.deleteFrom('sla_targets').where('sla_id', '=', slaId).execute();
  await tx.db
    .insertInto('sla_targets')
    .values(
      targets.map((t) => ({
        sla_id: slaId,
        level: t.level,
        response_minutes: t.responseMinutes,
        resolution_minutes: t.resolutionMinutes,
        calendar_id: t.calendarId,
      })),
    )
    .execute();
}

/** The scope an SLA applies to names a service and an organisation that must exist. */
const SLA_REFS = { serviceId: { table: 'services' }, organizationId: { table: 'organizations' } } as const;

export async function createSla(tx: Tx, input: z.infer<typeof CreateSla>): Promise<Sla> {
  await checkReferences(tx.db, input, SLA_REFS);
  const now = nowIso();
  const id = newId();
  await tx.db
    .insertInto('slas')
    .values({
      id,
      name: input.name,
      service_id: input.serviceId ?? null,
      organization_id: input.organizationId ?? null,
      is_default: Number(input.isDefault),
      pause_states_json: JSON.stringify(input.pauseStates),
      thresholds_json: JSON.stringify([...new Set(input.thresholds)].sort((a, b) => a - b)),
      breach_actions_json: JSON.stringify(input.breachActions),
      active: 1,
      // Version 1 with clocks at 0: the open records it may apply to are re-targeted by the job.
      version: 1,
      clocks_version: 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await writeTargets(tx, id, input.targets);
  await audit(tx, { action: 'sla.create', entityType: 'sla', entityId: id, after: input });
  await enqueueRetarget(tx.db);
  return getSla(tx.db, id);
}

export async function updateSla(tx: Tx, id: string, input: z.infer<typeof UpdateSla>): Promise<Sla> {
  const before = await getSla(tx.db, id);
  await checkReferences(tx.db, input, SLA_REFS);
  const set: Record<string, unknown> = { updated_at: nowIso() };
  if (input.name !== undefined) set.name = input.name;
  if (input.serviceId !== undefined) set.service_id = input.serviceId;
  if (input.organizationId !== undefined) set.organization_id = input.organizationId;
  if (input.isDefault !== undefined) set.is_default = Number(input.isDefault);
  if (input.pauseStates !== undefined) set.pause_states_json = JSON.stringify(input.pauseStates);
  if (input.thresholds !== undefined)
    set.thresholds_json = JSON.stringify([...new Set(input.thresholds)].sort((a, b) => a - b));
  if (input.breachActions !== undefined) set.breach_actions_json = JSON.stringify(input.breachActions);
  if (input.active !== undefined) set.active = Number(input.active);
  await tx.db
    .updateTable('slas')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
  if (input.targets) await writeTargets(tx, id, input.targets);
  await audit(tx, { action: 'sla.update', entityType: 'sla', entityId: id, before, after: input });
  await enqueueRetarget(tx.db);
  return getSla(tx.db, id);
}

// ---- re-targeting open records after an edit

/** The job that gives every open record the SLA and targets that now apply. */
export const RETARGET_JOB = 'sla.retarget';
const RETARGET_CHUNK = 200;

/**
 * Queued in the edit's transaction. One key for all SLAs: an edit may change which SLA applies
 * to any record, so edits made while the job waits coalesce into one walk over the open records.
 */
export async function enqueueRetarget(db: Db): Promise<void> {
  await enqueueJob(db, { type: RETARGET_JOB, payload: {}, uniqueKey: RETARGET_JOB, maxAttempts: 20 });
}

/** SLAs edited since the open records were last re-targeted. */
export async function slasBehindClocks(db: Db): Promise<{ id: string; version: number }[]> {
  return db.selectFrom('slas').select(['id', 'version']).whereRef('clocks_version', '<', 'version').execute();
}

/**
 * The job: walks the open records of clocked kinds a chunk at a time, each chunk one transaction
 * in which every record is locked and read again, so a record worked on meanwhile is re-targeted
 * from what was committed, not from a stale copy. Its clock history stays; only the yardstick and
 * the due time change. Loops until the SLAs' versions it saw are caught up, so an edit that lands
 * while it runs (and found this job's key taken) is not lost.
 */
export async function retargetOpenRecords(deps: UnitOfWorkDeps): Promise<{ records: number }> {
  const kinds = recordKinds()
    .filter((k) => k.clocked)
    .map((k) => k.kind);
  let records = 0;
  for (let round = 0; round < 10; round++) {
    const behind = await slasBehindClocks(deps.db);
    if (!behind.length || !kinds.length) break;
    let after = '';
    for (;;) {
      const ids = (
        await deps.db
          .selectFrom('work_records')
          .select('id')
          .where('kind', 'in', kinds)
          .where('resolved_at', 'is', null)
          .where('closed_at', 'is', null)
          .where('id', '>', after)
          .orderBy('id')
          .limit(RETARGET_CHUNK)
          .execute()
      ).map((r) => r.id);
      if (!ids.length) break;
      after = ids[ids.length - 1]!;
      await inTransaction(deps, null, async (tx) => {
        for (const id of ids) {
          const record = await lockRecord(tx, id);
          if (record.resolved_at || record.closed_at) continue;
          // A synthetic "before" whose level differs forces a re-evaluation of this record.
          await syncSlaClocks(tx, { ...record, level: -1 }, record);
          records++;
        }
      });
    }
    for (const sla of behind)
      await deps.db
        .updateTable('slas')
        .set({ clocks_version: sla.version })
        .where('id', '=', sla.id)
        .where('clocks_version', '<', sla.version)
        .execute();
  }
  return { records };
}

// ---- clocks and breaches as the API shows them

/** Clocks of the records the actor can see; invisible ids are simply absent. */
export async function clocksForRecords(db: Db, actor: Actor, ids: string[]): Promise<RecordSla[]> {
  if (!ids.length) return [];
  const visible = await db
    .selectFrom('work_records')
    .select('id')
    .where('id', 'in', ids)
    .where(visibleRecords(actor))
    .execute();
  const visibleIds = visible.map((v) => v.id);
  if (!visibleIds.length) return [];
  const clocks = await db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('record_id', 'in', visibleIds)
    // response, resolution, then the OLA clocks in the order the groups held the record
    .orderBy('metric', 'desc')
    .orderBy('created_at')
    .execute();
  const breaches = await breachRows(db).where('sla_breaches.record_id', 'in', visibleIds).execute();
  const names = await calendarNames(db);
  const now = nowMs();
  const out: RecordSla[] = [];
  for (const id of visibleIds) {
    const views = [];
    for (const c of clocks.filter((c) => c.record_id === id)) {
      views.push(clockView(await calendarWithCoverage(db, c.calendar_id), c, names.get(c.calendar_id) ?? '', now));
    }
    out.push({ recordId: id, clocks: views, breaches: breaches.filter((b) => b.record_id === id).map(toBreach) });
  }
  return out;
}

const breachRows = (db: Db) =>
  db
    .selectFrom('sla_breaches')
    .innerJoin('work_records', 'work_records.id', 'sla_breaches.record_id')
    .selectAll('sla_breaches')
    .select(['work_records.number', 'work_records.title']);

type BreachRow = Awaited<ReturnType<ReturnType<typeof breachRows>['execute']>>[number];
const toBreach = (b: BreachRow): SlaBreach => ({
  id: b.id,
  recordId: b.record_id,
  recordNumber: b.number,
  recordTitle: b.title,
  metric: b.metric,
  dueAt: b.due_at,
  breachedAt: b.breached_at,
  reason: b.reason,
  level: b.level,
  organizationId: b.organization_id,
  serviceId: b.service_id,
  groupId: b.group_id,
});

export async function listBreaches(db: Db, actor: Actor, range: { from?: string; to?: string }, limit = 500) {
  let query = breachRows(db).where(visibleRecords(actor)).orderBy('sla_breaches.breached_at', 'desc').limit(limit);
  if (range.from) query = query.where('sla_breaches.breached_at', '>=', range.from);
  if (range.to) query = query.where('sla_breaches.breached_at', '<', range.to);
  return (await query.execute()).map(toBreach);
}

// ---- compliance figures

const stats = (values: number[]) => {
  if (!values.length) return { mean: null, median: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { mean: round(values.reduce((a, b) => a + b, 0) / values.length), median: round(median) };
};

/**
 * Compliance of the records created in [from, to), grouped by one dimension: % responded and
 * % resolved within target, mean and median in business and in wall-clock minutes. Labels are in
 * the reader's language (a service's English name, 三级 / Level 3).
 */
export async function slaReport(
  db: Db,
  actor: Actor,
  q: z.infer<typeof SlaReportQuery>,
  locale: Locale,
): Promise<SlaReportRow[]> {
  const rows = await db
    .selectFrom('sla_clocks')
    .innerJoin('work_records', 'work_records.id', 'sla_clocks.record_id')
    .leftJoin('services', 'services.id', 'work_records.service_id')
    .leftJoin('organizations', 'organizations.id', 'work_records.organization_id')
    .leftJoin('support_groups', 'support_groups.id', 'work_records.group_id')
    .select([
      'sla_clocks.record_id',
      'sla_clocks.metric',
      'sla_clocks.target_minutes',
      'sla_clocks.elapsed_ms',
      'sla_clocks.started_at',
      'sla_clocks.stopped_at',
      'sla_clocks.stop_reason',
      'sla_clocks.breached_at',
      'work_records.level',
      'work_records.created_at',
      'work_records.service_id',
      'services.name_zh as service_name',
      'services.name_en as service_name_en',
      'work_records.organization_id',
      'organizations.name as organization_name',
      'work_records.group_id',
      'support_groups.name as group_name',
    ])
    .where('sla_clocks.metric', 'in', ['response', 'resolution'])
    .where('work_records.created_at', '>=', new Date(q.from).toISOString())
    .where('work_records.created_at', '<', new Date(q.to).toISOString())
    .where(visibleRecords(actor))
    .execute();
  const keyOf = (r: (typeof rows)[number]): [string | null, string] => {
    switch (q.groupBy) {
      case 'service':
        return [r.service_id, (locale === 'en-US' ? r.service_name_en || r.service_name : r.service_name) ?? '—'];
      case 'organization':
        return [r.organization_id, r.organization_name ?? '—'];
      case 'group':
        return [r.group_id, r.group_name ?? '—'];
      case 'month':
        return [r.created_at.slice(0, 7), r.created_at.slice(0, 7)];
      default:
        return [String(r.level), translate(locale, `level.${r.level}` as MessageKey)];
    }
  };
  const groups = new Map<string, { key: string | null; label: string; rows: typeof rows }>();
  for (const r of rows) {
    const [key, label] = keyOf(r);
    const g = groups.get(String(key)) ?? { key, label, rows: [] };
    g.rows.push(r);
    groups.set(String(key), g);
  }
  const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);
  return [...groups.values()]
    .sort((a, b) => a.label.localeCompare(b.label))
    .map((g) => {
      const done = (m: string) => g.rows.filter((r) => r.metric === m && r.stopped_at && r.stop_reason === 'met');
      const inTarget = (list: typeof rows) =>
        list.filter((r) => r.breached_at === null && r.elapsed_ms <= r.target_minutes * 60_000).length;
      const responded = done('response');
      const resolved = done('resolution');
      const wall = (list: typeof rows) =>
        list.map((r) => (Date.parse(r.stopped_at!) - Date.parse(r.started_at)) / 60_000);
      const business = (list: typeof rows) => list.map((r) => r.elapsed_ms / 60_000);
      return {
        key: g.key,
        label: g.label,
        records: new Set(g.rows.map((r) => r.record_id)).size,
        responded: responded.length,
        respondedInTarget: inTarget(responded),
        responsePercent: pct(inTarget(responded), responded.length),
        resolved: resolved.length,
        resolvedInTarget: inTarget(resolved),
        resolutionPercent: pct(inTarget(resolved), resolved.length),
        responseBusinessMinutes: stats(business(responded)),
        responseWallMinutes: stats(wall(responded)),
        resolutionBusinessMinutes: stats(business(resolved)),
        resolutionWallMinutes: stats(wall(resolved)),
      };
    });
}
