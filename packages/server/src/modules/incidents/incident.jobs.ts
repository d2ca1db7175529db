import type { IncidentSettings } from '@trellis/core';
import { audit } from '../../platform/audit.js';
import { isoPlus, nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { inTransaction, type UnitOfWorkDeps } from '../../platform/unit-of-work.js';
import { appendTimeline, lockRecord } from '../records/index.js';
import { DAY_MS, incidentDetails, setDetails } from './incident.core.js';
import { getIncidentSettings } from './incident.settings.js';
import { dueEscalations, runAutoEscalation } from './incident.tiers.js';

/**
 * The desk's timers as two recurring durable jobs. Each sweep finds what is due from the records
 * themselves (no job row per record), and acts on each record in its own transaction after
 * re-checking it under its lock: a record escalates once per stage and is confirmed once, even
 * when sweeps overlap or a process dies half-way.
 */
export const AUTO_ESCALATE_JOB = 'incident.auto_escalate';
export const AUTO_CONFIRM_JOB = 'incident.auto_confirm';
export const SWEEP_MS = 60_000;
const BATCH = 200;

const HOUR_MS = 3_600_000;
const confirmDeadline = (resolvedAt: string, s: IncidentSettings) => isoPlus(resolvedAt, s.autoConfirmDays * DAY_MS);

/** Resolved, unconfirmed records resolved before `before`, oldest first. */
function awaiting(db: Db, before: string) {
  return db
    .selectFrom('work_records')
    .innerJoin('incident_details', 'incident_details.record_id', 'work_records.id')
    .select(['work_records.id', 'work_records.resolved_at', 'incident_details.auto_confirm_notice_for'])
    .where('work_records.kind', '=', 'incident')
    .where('work_records.state', '=', 'resolved')
    .where('incident_details.confirmed_at', 'is', null)
    .where('work_records.resolved_at', '<=', before)
    .orderBy('work_records.resolved_at')
    .limit(BATCH);
}

/** Still waiting for this very resolution? A reopen or a sign-off since makes it moot. */
async function awaitingSignOff(tx: Tx, recordId: string, resolvedAt: string) {
  const record = await lockRecord(tx, recordId).catch(() => null);
  if (record?.state !== 'resolved' || record.resolved_at !== resolvedAt) return null;
  const details = await incidentDetails(tx.db, record.id);
  return details.confirmed_at === null ? { record, details } : null;
}

export async function sendAutoConfirmNotice(tx: Tx, recordId: string, resolvedAt: string, settings: IncidentSettings) {
  const found = await awaitingSignOff(tx, recordId, resolvedAt);
  if (!found || found.details.auto_confirm_notice_for === resolvedAt) return;
  const { record } = found;
  const confirmAt = confirmDeadline(resolvedAt, settings);
  await setDetails(tx, record.id, { auto_confirm_notice_for: resolvedAt });
  await appendTimeline(tx, record.id, { type: 'auto_confirm_notice', data: { confirmAt } });
  tx.emit('incident.auto_confirm_notified', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { requesterId: record.requester_id, autoConfirmAt: confirmAt },
  });
}

/** The requester stayed silent for the configured days: the resolution counts as confirmed, unrated. */
export async function autoConfirm(tx: Tx, recordId: string, resolvedAt: string) {
  const found = await awaitingSignOff(tx, recordId, resolvedAt);
  if (!found) return;
  const { record } = found;
  const now = nowIso();
  await setDetails(tx, record.id, { confirmed_at: now, auto_confirmed: 1 });
  await appendTimeline(tx, record.id, { type: 'auto_confirmed' });
  await audit(tx, {
    action: 'incident.auto_confirm',
    entityType: 'incident',
    entityId: record.id,
    organizationId: record.organization_id,
    after: { confirmed_at: now, auto: true },
  });
  tx.emit('incident.auto_confirmed', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { requesterId: record.requester_id },
  });
}

export async function sweepAutoConfirm(deps: UnitOfWorkDeps) {
  const settings = await getIncidentSettings(deps.db);
  const now = nowIso();
  const confirmBefore = isoPlus(now, -settings.autoConfirmDays * DAY_MS);
  for (const due of await awaiting(deps.db, confirmBefore).execute()) {
    await inTransaction(deps, null, (tx) => autoConfirm(tx, due.id, due.resolved_at!));
  }
  if (settings.autoConfirmNoticeHours === 0) return;
  const noticeBefore = isoPlus(confirmBefore, settings.autoConfirmNoticeHours * HOUR_MS);
  const notices = await awaiting(deps.db, noticeBefore)
    .where((eb) =>
      eb.or([
        eb('incident_details.auto_confirm_notice_for', 'is', null),
        eb('incident_details.auto_confirm_notice_for', '!=', eb.ref('work_records.resolved_at')),
      ]),
    )
    .execute();
  for (const due of notices) {
    await inTransaction(deps, null, (tx) => sendAutoConfirmNotice(tx, due.id, due.resolved_at!, settings));
  }
}

export async function sweepEscalations(deps: UnitOfWorkDeps) {
  const settings = await getIncidentSettings(deps.db);
  for (const due of await dueEscalations(deps.db, settings, BATCH)) {
    await inTransaction(deps, null, (tx) => runAutoEscalation(tx, { recordId: due.recordId, token: due.token! }));
  }
}
