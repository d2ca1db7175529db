import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { JobRunner } from '../../platform/jobs.js';
import { inTransaction, type UnitOfWorkDeps } from '../../platform/unit-of-work.js';
import { appendTimeline, lockRecord } from '../records/index.js';
import { incidentDetails, setDetails } from './incident.core.js';
import { AUTO_CONFIRM_JOB, AUTO_CONFIRM_NOTICE_JOB } from './incident.service.js';
import { AUTO_ESCALATE_JOB, runAutoEscalation } from './incident.tiers.js';

interface ConfirmPayload {
  recordId: string;
  resolvedAt: string;
  confirmAt: string;
}

/** Still waiting for this very resolution? A reopen or a sign-off since makes the job moot. */
async function awaitingSignOff(tx: Tx, payload: ConfirmPayload) {
  const record = await lockRecord(tx, payload.recordId).catch(() => null);
  if (record?.state !== 'resolved' || record.resolved_at !== payload.resolvedAt) return null;
  const details = await incidentDetails(tx.db, record.id);
  return details.confirmed_at === null ? record : null;
}

export async function runAutoConfirmNotice(tx: Tx, payload: ConfirmPayload) {
  const record = await awaitingSignOff(tx, payload);
  if (!record) return;
  const already = await tx.db
    .selectFrom('record_timeline')
    .select('id')
    .where('record_id', '=', record.id)
    .where('type', '=', 'auto_confirm_notice')
    .where('at', '>=', payload.resolvedAt)
    .executeTakeFirst();
  if (already) return;
  await appendTimeline(tx, record.id, {
    type: 'auto_confirm_notice',
    data: { target: payload.confirmAt, confirmAt: payload.confirmAt },
  });
  tx.events.push({
    type: 'incident.auto_confirm_notice',
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { requesterId: record.requester_id, autoConfirmAt: payload.confirmAt },
  });
}

/** The requester stayed silent for the configured days: the resolution counts as confirmed, unrated. */
export async function runAutoConfirm(tx: Tx, payload: ConfirmPayload) {
  const record = await awaitingSignOff(tx, payload);
  if (!record) return;
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
  tx.events.push({
    type: 'incident.auto_confirmed',
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { requesterId: record.requester_id },
  });
}

/** Each job runs as the system, in its own transaction; its events go out after commit like any other. */
export function registerIncidentJobs(jobs: JobRunner, deps: UnitOfWorkDeps) {
  const asSystem =
    <P>(run: (tx: Tx, payload: P) => Promise<void>) =>
    (payload: Record<string, unknown>) =>
      inTransaction(deps, null, (tx) => run(tx, payload as P));
  jobs.register(AUTO_ESCALATE_JOB, asSystem(runAutoEscalation));
  jobs.register(AUTO_CONFIRM_JOB, asSystem(runAutoConfirm));
  jobs.register(AUTO_CONFIRM_NOTICE_JOB, asSystem(runAutoConfirmNotice));
}
