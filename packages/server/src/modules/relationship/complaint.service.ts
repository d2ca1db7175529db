import { CHANNELS, type Channel } from '@trellis/core';
import {
  type ComplaintAction,
  type ComplaintActionInput,
  type ComplaintTargets,
  type CreateComplaint,
  complaintMachine,
  DEFAULT_COMPLAINT_TARGETS,
  type UpdateComplaint,
  type UpdateComplaintAction,
} from '@trellis/core/modules/relationship';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { isoPlus, nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { lockForChange } from '../../platform/db/dialect.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { authorize, can } from '../../platform/permissions/registry.js';
import {
  addLink,
  appendTimeline,
  applyTransition,
  changeState,
  createRecord,
  findRecordRow,
  loadForAction,
  loadVisibleRecord,
  updateRecord,
  type WorkRecord,
} from '../records/index.js';
import { complaintKind } from './complaint.kind.js';
import type { ComplaintDetailsTable } from './relationship.table.js';

/**
 * 投诉受理: complaints on the record core. Each has its own targets by severity (acknowledge,
 * respond, close; wall-clock hours, kept in the module's settings) stamped at creation, and a
 * periodic check escalates a missed target to the service manager (level 1), then to the
 * management (level 2: the close target missed, or any target missed by its own length again).
 */

export type ComplaintDetails = Selectable<ComplaintDetailsTable>;
const HOUR = 3_600_000;
const TARGETS_KEY = 'complaint_targets';
const LEVEL_OF = { high: 2, medium: 3, low: 4 } as const;

export async function complaintTargets(db: Db): Promise<ComplaintTargets> {
  const row = await db
    .selectFrom('relationship_settings')
    .select('value')
    .where('key', '=', TARGETS_KEY)
    .executeTakeFirst();
  return row ? (JSON.parse(row.value) as ComplaintTargets) : DEFAULT_COMPLAINT_TARGETS;
}

export async function saveComplaintTargets({ tx, targets }: { tx: Tx; targets: ComplaintTargets }) {
  authorize(tx.actor, 'complaint', 'manage');
  const before = await complaintTargets(tx.db);
  await tx.db
    .insertInto('relationship_settings')
    .values({ key: TARGETS_KEY, value: JSON.stringify(targets) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(targets) }))
    .execute();
  await audit(tx, {
    action: 'complaint.targets',
    entityType: 'settings',
    entityId: TARGETS_KEY,
    before,
    after: targets,
  });
  return targets;
}

export async function complaintDetails(db: Db, recordId: string): Promise<ComplaintDetails> {
  return db.selectFrom('complaint_details').selectAll().where('record_id', '=', recordId).executeTakeFirstOrThrow();
}

export async function createComplaint({
  tx,
  input,
  surveyResponseId,
}: {
  tx: Tx;
  input: z.infer<typeof CreateComplaint>;
  surveyResponseId?: string;
}): Promise<WorkRecord> {
  const actor = tx.actor!;
  authorize(actor, 'complaint', 'create');
  const onBehalf = input.complainantId !== undefined && input.complainantId !== actor.id;
  if (onBehalf || (isStaff(actor) && !input.complainantId)) authorize(actor, 'complaint', 'log');
  const complainantId = input.complainantId ?? actor.id;
  const complainant = await tx.db
    .selectFrom('users')
    .select(['id', 'organization_id', 'department_id'])
    .where('id', '=', complainantId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!complainant)
    throw new AppError('error.validation', {}, [{ path: ['complainantId'], message: 'no such active person' }]);
  let aboutRecord: WorkRecord | null = null;
  if (input.aboutRecord) aboutRecord = await findVisible(tx, actor, input.aboutRecord);
  const aboutPersonId = input.aboutPersonId ?? (input.about === 'record' ? (aboutRecord?.assignee_id ?? null) : null);
  if (aboutPersonId) {
    const person = await tx.db.selectFrom('users').select('id').where('id', '=', aboutPersonId).executeTakeFirst();
    if (!person) throw new AppError('error.validation', {}, [{ path: ['aboutPersonId'], message: 'no such person' }]);
  }
  const serviceId = input.aboutServiceId ?? aboutRecord?.service_id ?? null;
  const now = nowIso();
  const targets = (await complaintTargets(tx.db))[input.severity];
  const level = LEVEL_OF[input.severity];
  const channel: Channel = (CHANNELS as readonly string[]).includes(input.source)
    ? (input.source as Channel)
    : 'portal';
  const record = await createRecord(
    tx,
    'complaint',
    {
      kind: 'complaint',
      organization_id: complainant.organization_id,
      department_id: complainant.department_id,
      title: input.title,
      description: input.description,
      state: 'new',
      impact: level,
      urgency: level,
      level,
      channel,
      service_id: serviceId,
      requester_id: complainant.id,
      created_by: actor.id,
    },
    now,
  );
  await tx.db
    .insertInto('complaint_details')
    .values({
      record_id: record.id,
      source: input.source,
      about: input.about,
      about_record_id: aboutRecord?.id ?? null,
      about_service_id: serviceId,
      about_person_id: aboutPersonId,
      category: input.category,
      severity: input.severity,
      expectation: input.expectation,
      investigation: '',
      root_cause: '',
      problem_id: null,
      response: '',
      accepted: null,
      shared_with_subject: 0,
      survey_response_id: surveyResponseId ?? null,
      escalation: 0,
      acknowledge_due_at: isoPlus(now, targets.acknowledgeHours * HOUR),
      respond_due_at: isoPlus(now, targets.respondHours * HOUR),
      close_due_at: isoPlus(now, targets.closeHours * HOUR),
      acknowledged_at: null,
      responded_at: null,
      breached_at: null,
      hours_to_close: null,
    })
    .execute();
  if (aboutRecord) await addLink(tx, record, aboutRecord, 'relates_to');
  return record;
}

async function findVisible(tx: Tx, actor: Actor, idOrNumber: string): Promise<WorkRecord> {
  const row = await findRecordRow(tx.db, idOrNumber);
  if (!row) throw new AppError('error.validation', {}, [{ path: ['aboutRecord'], message: 'no such record' }]);
  return loadVisibleRecord(tx.db, actor, row.id, row.kind as never);
}

/** Handlers: the managers and the assignee (never the person complained about). */
function subjectOf(record: WorkRecord, d: ComplaintDetails) {
  return {
    assigneeId: record.assignee_id,
    aboutPersonId: d.about_person_id,
    sharedWithSubject: d.shared_with_subject === 1,
    requesterId: record.requester_id,
  };
}

/** The complainant speaks for themselves: they may withdraw, accept (close) or reject the response. */
const COMPLAINANT_ACTIONS: ComplaintAction[] = ['withdraw', 'close', 'reject_response'];

export function mayAct(
  actor: Actor,
  record: WorkRecord,
  d: ComplaintDetails,
  action: ComplaintAction | 'update',
): boolean {
  if (action !== 'update' && record.requester_id === actor.id && COMPLAINANT_ACTIONS.includes(action)) return true;
  return can(actor, 'complaint', 'handle', subjectOf(record, d));
}

async function openActions(db: Db, id: string) {
  const row = await db
    .selectFrom('complaint_actions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('complaint_id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const EVENT_OF = {
  acknowledge: 'complaint.acknowledged',
  investigate: 'complaint.investigating',
  respond: 'complaint.responded',
  reject_response: 'complaint.response_rejected',
  close: 'complaint.closed',
  withdraw: 'complaint.withdrawn',
} as const;

export async function transitionComplaint({
  tx,
  id,
  action,
  note,
  accepted,
}: {
  tx: Tx;
  id: string;
  action: ComplaintAction;
  note?: string;
  accepted?: boolean;
}) {
  const { actor, record } = await loadForAction(tx, complaintKind, id);
  const d = await complaintDetails(tx.db, record.id);
  if (!mayAct(actor, record, d, action)) throw new AppError('error.forbidden');
  const facts = {
    state: record.state as never,
    hasResponse: d.response.trim() !== '',
    openActions: await openActions(tx.db, record.id),
  };
  const { state } = applyTransition(complaintMachine, facts, action);
  const now = nowIso();
  const details: Partial<ComplaintDetails> = {};
  const patch: Partial<WorkRecord> = {};
  if (action === 'acknowledge') {
    details.acknowledged_at = now;
    if (!record.assignee_id && isStaff(actor)) patch.assignee_id = actor.id;
  }
  if (action === 'respond') details.responded_at = now;
  if (action === 'reject_response') details.accepted = 0;
  if (action === 'close') {
    // The complainant closing is their acceptance; a manager records what the complainant said.
    details.accepted = record.requester_id === actor.id ? 1 : accepted === undefined ? null : accepted ? 1 : 0;
    details.hours_to_close = Math.round(((Date.parse(now) - Date.parse(record.created_at)) / HOUR) * 100) / 100;
  }
  if (Object.keys(details).length)
    await tx.db.updateTable('complaint_details').set(details).where('record_id', '=', record.id).execute();
  const updated = await changeState(tx, record, state, {
    audit: `complaint.${action}`,
    timeline: {
      type: action === 'respond' ? 'complaint_responded' : `complaint_${action}`,
      body: action === 'respond' ? d.response : (note ?? null),
      data: action === 'close' ? { accepted: details.accepted ?? null } : {},
    },
    patch,
    event: EVENT_OF[action],
  });
  return updated;
}

export async function updateComplaint({
  tx,
  id,
  input,
}: {
  tx: Tx;
  id: string;
  input: z.infer<typeof UpdateComplaint>;
}) {
  const { actor, record } = await loadForAction(tx, complaintKind, id);
  const d = await complaintDetails(tx.db, record.id);
  if (!mayAct(actor, record, d, 'update')) throw new AppError('error.forbidden');
  // Sharing with the person complained about, and handing the complaint to someone, are the managers' decisions.
  if ((input.sharedWithSubject !== undefined || input.assigneeId !== undefined) && !can(actor, 'complaint', 'manage'))
    throw new AppError('error.forbidden');
  if (['closed', 'withdrawn'].includes(record.state)) throw new AppError('error.conflict');
  const details: Partial<ComplaintDetails> = {};
  if (input.category !== undefined) details.category = input.category;
  if (input.severity !== undefined) details.severity = input.severity;
  if (input.investigation !== undefined) details.investigation = input.investigation;
  if (input.rootCause !== undefined) details.root_cause = input.rootCause;
  if (input.response !== undefined) details.response = input.response;
  if (input.sharedWithSubject !== undefined) details.shared_with_subject = input.sharedWithSubject ? 1 : 0;
  if (input.problem !== undefined) {
    if (input.problem === null) details.problem_id = null;
    else {
      const problem = await findRecordRow(tx.db, input.problem);
      if (problem?.kind !== 'problem')
        throw new AppError('error.validation', {}, [{ path: ['problem'], message: 'no such problem' }]);
      details.problem_id = problem.id;
      await addLink(tx, record, problem, 'caused_by');
    }
  }
  if (input.assigneeId !== undefined && input.assigneeId !== null) {
    const assignee = await tx.db
      .selectFrom('users')
      .select(['id', 'role'])
      .where('id', '=', input.assigneeId)
      .executeTakeFirst();
    if (!assignee || assignee.role === 'requester' || assignee.id === d.about_person_id)
      throw new AppError('error.validation', {}, [{ path: ['assigneeId'], message: 'not a possible handler' }]);
  }
  if (Object.keys(details).length) {
    await tx.db.updateTable('complaint_details').set(details).where('record_id', '=', record.id).execute();
    await audit(tx, {
      action: 'complaint.update',
      entityType: 'complaint',
      entityId: record.id,
      organizationId: record.organization_id,
      before: Object.fromEntries(Object.keys(details).map((k) => [k, d[k as keyof ComplaintDetails]])),
      after: details,
    });
    const changed = Object.keys(details);
    await appendTimeline(tx, record.id, {
      type: 'complaint_updated',
      visibility: 'internal',
      data: { fields: changed },
    });
  }
  if (input.assigneeId !== undefined)
    return (await updateRecord(tx, record, { assignee_id: input.assigneeId }, 'complaint.assign', 'complaint.updated'))
      .record;
  return record;
}

export async function addComplaintAction({
  tx,
  id,
  input,
}: {
  tx: Tx;
  id: string;
  input: z.infer<typeof ComplaintActionInput>;
}) {
  const { actor, record } = await loadForAction(tx, complaintKind, id);
  const d = await complaintDetails(tx.db, record.id);
  if (!mayAct(actor, record, d, 'update')) throw new AppError('error.forbidden');
  if (['closed', 'withdrawn'].includes(record.state)) throw new AppError('error.conflict');
  const owner = await tx.db
    .selectFrom('users')
    .select('id')
    .where('id', '=', input.ownerId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!owner) throw new AppError('error.validation', {}, [{ path: ['ownerId'], message: 'no such active person' }]);
  const row = {
    id: newId(),
    complaint_id: record.id,
    title: input.title,
    owner_id: input.ownerId,
    due_date: input.dueDate,
    status: 'open' as const,
    created_at: nowIso(),
    completed_at: null,
  };
  await tx.db.insertInto('complaint_actions').values(row).execute();
  await appendTimeline(tx, record.id, { type: 'complaint_action_added', visibility: 'internal', body: input.title });
  await audit(tx, {
    action: 'complaint.action_add',
    entityType: 'complaint',
    entityId: record.id,
    organizationId: record.organization_id,
    after: row,
  });
  return row.id;
}

export async function updateComplaintAction({
  tx,
  id,
  actionId,
  input,
}: {
  tx: Tx;
  id: string;
  actionId: string;
  input: z.infer<typeof UpdateComplaintAction>;
}) {
  const { actor, record } = await loadForAction(tx, complaintKind, id);
  const d = await complaintDetails(tx.db, record.id);
  const row = await tx.db
    .selectFrom('complaint_actions')
    .selectAll()
    .where('id', '=', actionId)
    .where('complaint_id', '=', record.id)
    .executeTakeFirst();
  if (!row) throw notFound();
  // The owner of an action may report it done; everything else is the handlers'.
  const ownerOnlyDone = row.owner_id === actor.id && Object.keys(input).every((k) => k === 'status');
  if (!ownerOnlyDone && !mayAct(actor, record, d, 'update')) throw new AppError('error.forbidden');
  const patch = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.ownerId !== undefined ? { owner_id: input.ownerId } : {}),
    ...(input.dueDate !== undefined ? { due_date: input.dueDate } : {}),
    ...(input.status !== undefined
      ? { status: input.status, completed_at: input.status === 'open' ? null : nowIso() }
      : {}),
  };
  await tx.db.updateTable('complaint_actions').set(patch).where('id', '=', actionId).execute();
  if (input.status && input.status !== row.status)
    await appendTimeline(tx, record.id, {
      type: 'complaint_action_status',
      visibility: 'internal',
      body: row.title,
      data: { status: input.status },
    });
  await audit(tx, {
    action: 'complaint.action_update',
    entityType: 'complaint',
    entityId: record.id,
    organizationId: record.organization_id,
    before: row,
    after: patch,
  });
}

/**
 * The escalation check (every minute): an open complaint that missed a target goes to level 1
 * (the service manager hears of it), a missed close target or a target missed by its own length
 * again goes to level 2 (the management). Each step once, recorded on the timeline.
 */
export async function escalateComplaints(tx: Tx): Promise<number> {
  const now = nowIso();
  const rows = await lockForChange(
    tx.dialect,
    tx.db
      .selectFrom('complaint_details as d')
      .innerJoin('work_records as r', 'r.id', 'd.record_id')
      .selectAll('d')
      .select(['r.state', 'r.created_at', 'r.organization_id'])
      .where('r.kind', '=', 'complaint')
      .where('r.state', 'in', ['new', 'acknowledged', 'investigating', 'responded'])
      .where('d.escalation', '<', 2),
  ).execute();
  let raised = 0;
  for (const d of rows) {
    const missed: { metric: string; due: string; twice: boolean }[] = [];
    const check = (metric: string, due: string | null, done: string | null) => {
      if (!due || done || due > now) return;
      const length = Date.parse(due) - Date.parse(d.created_at);
      missed.push({ metric, due, twice: Date.parse(now) - Date.parse(due) >= length });
    };
    check('acknowledge', d.acknowledge_due_at, d.acknowledged_at);
    check('respond', d.respond_due_at, d.responded_at);
    check('close', d.close_due_at, null);
    if (!missed.length) continue;
    const level = missed.some((m) => m.metric === 'close' || m.twice) ? 2 : 1;
    if (level <= d.escalation) continue;
    await tx.db
      .updateTable('complaint_details')
      .set({ escalation: level, breached_at: d.breached_at ?? now })
      .where('record_id', '=', d.record_id)
      .execute();
    const worst = missed.at(-1)!;
    await appendTimeline(tx, d.record_id, {
      type: 'complaint_escalated',
      visibility: 'internal',
      data: { level, metric: worst.metric, dueAt: worst.due },
    });
    tx.emit('complaint.escalated', {
      recordId: d.record_id,
      organizationId: d.organization_id,
      payload: { level, metric: worst.metric, dueAt: worst.due },
    });
    raised++;
  }
  return raised;
}
