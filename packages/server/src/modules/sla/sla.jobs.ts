import { instantReaching, isPaused, type RecordKind } from '@trellis/core';
import { audit } from '../../platform/audit.js';
import { nowIso, nowMs } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import { lockForChange } from '../../platform/db/dialect.js';
import { newId } from '../../platform/ids.js';
import { inTransaction, type UnitOfWorkDeps } from '../../platform/unit-of-work.js';
import { businessCalendar, calendarsBehindClocks, enqueueRecompute } from '../calendars/index.js';
import { appendTimeline, updateRecord } from '../records/index.js';
import {
  armTimer,
  type ClockRow,
  historyOf,
  insertTimer,
  nextThreshold,
  persistClock,
  thresholdsOf,
} from './sla.clock.js';
import { enqueueRetarget, slasBehindClocks } from './sla.service.js';

/** A breach at 17:30:00 is still "inside working time" when its job runs a moment later. */
const GRACE_MS = 10 * 60_000;

/**
 * Fires a clock's next threshold: a warning (e.g. 75 %, 90 %) or the breach (100 %). Runs in one
 * transaction with the clock row locked, and the warning/breach rows are keyed by clock, so a
 * threshold fires once even if two processes were ever to run the same timer.
 */
export async function fireClockTimer(deps: UnitOfWorkDeps, clockId: string, workerId: string): Promise<void> {
  await inTransaction(deps, null, async (tx) => {
    const clock = await lockForChange(
      tx.dialect,
      tx.db.selectFrom('sla_clocks').selectAll().where('id', '=', clockId),
    ).executeTakeFirst();
    if (!clock || clock.stopped_at) return;
    const history = historyOf(clock);
    if (isPaused(history)) return;
    const thresholds = await thresholdsOf(tx.db, clock);
    const pct = nextThreshold(clock, thresholds);
    if (pct === null) return;
    const cal = await businessCalendar(tx.db, clock.calendar_id);
    const at = instantReaching(cal, history, (clock.target_minutes * 60_000 * pct) / 100);
    if (at === null) return;
    const now = nowMs();
    // Early (the clock was re-targeted since this job was queued): wait for the real instant.
    if (at > now + 1000) return insertTimer(tx.db, clock.id, new Date(at).toISOString());
    // Out of working time (a timer caught up after a restart at night): notices wait for the morning.
    const inHours = cal.always || cal.isWorkingAt(now) || (cal.isWorkingAt(at - 1) && now - at < GRACE_MS);
    if (!inHours) return insertTimer(tx.db, clock.id, new Date(cal.nextWorkingInstant(now)).toISOString());
    if (pct < 100) await warn(tx, clock, pct);
    else await recordBreach(tx, clock, workerId);
    const fresh = await tx.db.selectFrom('sla_clocks').selectAll().where('id', '=', clock.id).executeTakeFirstOrThrow();
    await armTimer(tx.db, fresh, cal, thresholds);
  });
}

async function warn(tx: Tx, clock: ClockRow, pct: number) {
  const inserted = await tx.db
    .insertInto('sla_warnings')
    .values({ clock_id: clock.id, threshold: pct, fired_at: nowIso() })
    .onConflict((oc) => oc.columns(['clock_id', 'threshold']).doNothing())
    .executeTakeFirst();
  const warned = [...new Set([...(JSON.parse(clock.warned_json) as number[]), pct])];
  await tx.db
    .updateTable('sla_clocks')
    .set({ warned_json: JSON.stringify(warned) })
    .where('id', '=', clock.id)
    .execute();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
  const record = await tx.db
    .selectFrom('work_records')
    .select(['organization_id'])
    .where('id', '=', clock.record_id)
    .executeTakeFirstOrThrow();
  tx.emit('sla.warned', {
    recordId: clock.record_id,
    organizationId: record.organization_id,
    payload: { recordId: clock.record_id, metric: clock.metric, threshold: pct, dueAt: clock.due_at },
  });
}

/**
 * A clock passed its due time: the breach row, the timeline, the audit trail and the event, then the
 * SLA's breach actions. A clock that stopped late (`escalate: false`) has nothing left to escalate:
 * the work it timed is done, so only the facts are recorded.
 */
export async function recordBreach(tx: Tx, clock: ClockRow, workerId: string, options: { escalate?: boolean } = {}) {
  const record = await tx.db
    .selectFrom('work_records')
    .selectAll()
    .where('id', '=', clock.record_id)
    .executeTakeFirstOrThrow();
  const dueAt = clock.due_at ?? nowIso();
  const reason =
    clock.metric === 'ola'
      ? 'ola.exceeded'
      : clock.metric === 'response'
        ? 'sla.response_not_in_target'
        : 'sla.resolution_not_in_target';
  const inserted = await tx.db
    .insertInto('sla_breaches')
    .values({
      id: newId(),
      clock_id: clock.id,
      record_id: clock.record_id,
      metric: clock.metric,
      due_at: dueAt,
      breached_at: dueAt,
      reason,
      level: clock.level,
      organization_id: record.organization_id,
      service_id: record.service_id,
      group_id: clock.group_id ?? record.group_id,
      sla_id: clock.sla_id,
      fired_by: workerId,
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.column('clock_id').doNothing())
    .executeTakeFirst();
  await tx.db.updateTable('sla_clocks').set({ breached_at: dueAt }).where('id', '=', clock.id).execute();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;

  const actions: string[] = clock.sla_id
    ? JSON.parse(
        (await tx.db.selectFrom('slas').select('breach_actions_json').where('id', '=', clock.sla_id).executeTakeFirst())
          ?.breach_actions_json ?? '[]',
      )
    : ['notify_group', 'notify_manager'];
  const group = record.group_id
    ? await tx.db.selectFrom('support_groups').selectAll().where('id', '=', record.group_id).executeTakeFirst()
    : undefined;
  const notify = [
    ...(actions.includes('notify_owner') && record.owner_id ? [record.owner_id] : []),
    ...(actions.includes('notify_owner') && record.assignee_id ? [record.assignee_id] : []),
    ...(actions.includes('notify_manager') && group?.manager_id ? [group.manager_id] : []),
  ];
  // Timer transactions have no user: the timeline and the audit trail show the actor as 系统 / System.
  // Each entry type has its own sentence, so nothing untranslated (a reason code) reaches the reader.
  await appendTimeline(tx, record.id, {
    type: `sla_breached_${clock.metric}`,
    visibility: 'internal',
    data: { metric: clock.metric, dueAt, breachReason: reason },
  });
  await audit(tx, {
    action: 'sla.breach',
    entityType: record.kind,
    entityId: record.id,
    organizationId: record.organization_id,
    after: { clockId: clock.id, metric: clock.metric, dueAt, reason },
  });
  tx.emit('sla.breached', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: {
      recordId: record.id,
      metric: clock.metric,
      threshold: 100,
      dueAt,
      reason,
      notifyUserIds: [...new Set(notify)],
      notifyGroupId: actions.includes('notify_group') ? record.group_id : null,
    },
  });
  if (options.escalate === false || record.resolved_at || record.closed_at) return;
  let current = record;
  if (actions.includes('escalate') && group) {
    const next = await tx.db
      .selectFrom('support_groups')
      .innerJoin('group_organizations', 'group_organizations.group_id', 'support_groups.id')
      .select(['support_groups.id', 'support_groups.name', 'support_groups.tier'])
      .where('group_organizations.organization_id', '=', record.organization_id)
      .where('support_groups.active', '=', 1)
      .where('support_groups.tier', '>', group.tier)
      .orderBy('support_groups.tier')
      .orderBy('support_groups.name')
      .executeTakeFirst();
    if (next) {
      current = (
        await updateRecord(
          tx,
          current,
          { group_id: next.id, assignee_id: null },
          `${record.kind}.sla_escalate`,
          `${record.kind as RecordKind}.sla_escalated`,
        )
      ).record;
      await appendTimeline(tx, record.id, {
        type: 'sla_escalated',
        visibility: 'internal',
        data: { target: next.name, groupId: next.id, tier: next.tier, metric: clock.metric },
      });
    }
  }
  if (actions.includes('raise_level') && current.level > 1) {
    await updateRecord(
      tx,
      current,
      { level: current.level - 1 },
      `${record.kind}.sla_raise_level`,
      `${record.kind as RecordKind}.level_raised`,
    );
    await appendTimeline(tx, record.id, {
      type: `sla_raised_to_${current.level - 1}`,
      visibility: 'internal',
      data: { level: { from: current.level, to: current.level - 1 }, metric: clock.metric },
    });
  }
}

/** Calendars and SLAs whose open clocks are behind their latest edit get their job again (idempotent). */
export async function sweepStaleCalendars(db: UnitOfWorkDeps['db']) {
  for (const id of await calendarsBehindClocks(db)) await enqueueRecompute(db, id);
  if ((await slasBehindClocks(db)).length) await enqueueRetarget(db);
}

export { persistClock };
