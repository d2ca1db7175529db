import { levelFor, type RecordChangeEvent } from '@trellis/core';
import {
  type AssessChange,
  type ChangeAction,
  type ChangeFacts,
  type ChangeReview,
  type ChangeState,
  CI_WRITE_STATES,
  type CreateChange,
  type CreateChangeTask,
  changeMachine,
  DEFAULT_APPROVAL_LEVELS,
  fitsInside,
  overlapsAny,
  type RiskLevel,
  scoreRisk,
  tallyLevel,
  type UpdateChange,
  type UpdateChangeTask,
  type WindowDef,
} from '@trellis/core/modules/changes';
import type { z } from 'zod';
import { nowIso, nowMs } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { authorize, can } from '../../platform/permissions/registry.js';
import type { CiWrite, KindRecord } from '../../platform/record-kinds.js';
import { assertReferences } from '../../platform/references.js';
import { changeImpact, ciCreatedUnder, linkRecordToCi, recordsOnCis } from '../cmdb/index.js';
import { usersWithCapability } from '../directory/index.js';
import { actionFollowsChange, linkActionToChange } from '../problems/index.js';
import {
  addLink,
  appendTimeline,
  applyTransition,
  changeState,
  createRecord,
  loadForAction,
  selectRecordByIdOrNumber,
  updateRecord,
  type WorkRecord,
} from '../records/index.js';
import { changeKind } from './change.kind.js';
import { visibleChanges } from './change.policy.js';
import type { ChangeDetailsTable } from './change.table.js';

type Details = ChangeDetailsTable;

const json = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

// ---------- reading ----------

export async function changeDetails(db: Db, recordId: string): Promise<Details> {
  return db.selectFrom('change_details').selectAll().where('record_id', '=', recordId).executeTakeFirstOrThrow();
}

export async function changeCiIds(db: Db, changeId: string): Promise<string[]> {
  const rows = await db.selectFrom('change_cis').select('ci_id').where('change_id', '=', changeId).execute();
  return rows.map((r) => r.ci_id);
}

export async function changeServiceIds(db: Db, changeId: string): Promise<string[]> {
  const rows = await db.selectFrom('change_services').select('service_id').where('change_id', '=', changeId).execute();
  return rows.map((r) => r.service_id);
}

export async function tasksOf(db: Db, changeId: string) {
  return db.selectFrom('change_tasks').selectAll().where('change_id', '=', changeId).orderBy('seq').execute();
}

/** A change the actor may see, for reads; anything else is "not found". */
export async function loadChange(db: Db, actor: Actor, idOrNumber: string): Promise<WorkRecord> {
  if (!can(actor, 'change', 'list')) throw notFound();
  const row = await selectRecordByIdOrNumber(db, idOrNumber)
    .where('kind', '=', 'change')
    .where(visibleChanges(actor))
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

// ---------- windows ----------

export interface ApplicableWindows {
  maintenance: (WindowDef & { id: string; name: string })[];
  blackout: (WindowDef & { id: string; name: string })[];
}

/**
 * The windows that apply to a change: general ones, those of its services and those of its CIs'
 * classes. A blackout of one service only freezes that service's changes.
 */
export async function windowsFor(
  db: Db,
  serviceIds: readonly string[],
  classIds: readonly string[],
): Promise<ApplicableWindows> {
  const rows = await db
    .selectFrom('change_windows')
    .selectAll()
    .where('active', '=', 1)
    .where((eb) =>
      eb.and([
        serviceIds.length
          ? eb.or([eb('service_id', 'is', null), eb('service_id', 'in', serviceIds)])
          : eb('service_id', 'is', null),
        classIds.length
          ? eb.or([eb('ci_class_id', 'is', null), eb('ci_class_id', 'in', classIds)])
          : eb('ci_class_id', 'is', null),
      ]),
    )
    .execute();
  const out: ApplicableWindows = { maintenance: [], blackout: [] };
  for (const r of rows)
    out[r.kind].push({
      id: r.id,
      name: r.name,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      recurrence: r.recurrence,
      until: r.until,
    });
  return out;
}

export async function windowFit(db: Db, changeId: string, d: Details) {
  if (!d.planned_start || !d.planned_end) return { fits: false, inMaintenance: false, blackouts: [] as string[] };
  const ciIds = await changeCiIds(db, changeId);
  const impact = ciIds.length ? await changeImpact(db, ciIds, 0) : { classIds: [] as string[] };
  const windows = await windowsFor(db, await changeServiceIds(db, changeId), impact.classIds);
  const start = Date.parse(d.planned_start);
  const end = Date.parse(d.planned_end);
  const inMaintenance = fitsInside(windows.maintenance, start, end);
  const blackouts = windows.blackout.filter((w) => overlapsAny([w], start, end)).map((w) => w.name);
  return { fits: inMaintenance && blackouts.length === 0, inMaintenance, blackouts };
}

// ---------- facts and the machine ----------

async function openApproval(db: Db, changeId: string, round: number) {
  return db
    .selectFrom('change_approvals')
    .selectAll()
    .where('change_id', '=', changeId)
    .where('round', '=', round)
    .where('state', 'in', ['pending', 'waiting'])
    .orderBy('seq')
    .execute();
}

export async function changeFacts(db: Db, record: KindRecord, d: Details): Promise<ChangeFacts> {
  const tasks = await tasksOf(db, record.id);
  const now = nowMs();
  const fit = await windowFit(db, record.id, d);
  const retrospectivePending =
    d.retrospective === 1 && d.approved_at === null && (await openApproval(db, record.id, d.approval_round)).length > 0;
  return {
    state: record.state as ChangeState,
    type: d.type,
    hasRiskLevel: d.risk_level !== null,
    hasPlannedWindow: Boolean(d.planned_start && d.planned_end),
    fitsWindow: fit.fits,
    nowInPlannedWindow:
      Boolean(d.planned_start && d.planned_end) &&
      Date.parse(d.planned_start!) <= now &&
      now <= Date.parse(d.planned_end!),
    hasOverrideReason: d.override_reason.trim().length > 0,
    openTasks: tasks.filter((t) => t.state === 'open' || t.state === 'in_progress').length,
    verified: d.verified_at !== null,
    pirDone: d.pir_done_at !== null,
    retrospectivePending,
    hasBackoutNote: d.failure_note.trim().length > 0,
  };
}

/** Loads a change to act on: visible, locked, the policy's action allowed, with its details. */
async function prepare(tx: Tx, idOrNumber: string, action: 'view' | 'edit' | 'manage' | 'implement') {
  const { record, details } = await loadForAction(tx, changeKind, idOrNumber, action);
  return { record, details: details.details };
}

const EVENT_OF: Partial<Record<ChangeAction, RecordChangeEvent>> = {
  submit: 'change.submitted',
  assess: 'change.assessed',
  approve: 'change.approved',
  reject: 'change.rejected',
  start: 'change.implementation_started',
  complete: 'change.implemented',
  fail: 'change.failed',
  review: 'change.review_started',
  close: 'change.closed',
  cancel: 'change.cancelled',
} as Partial<Record<ChangeAction, RecordChangeEvent>>;

async function move(
  tx: Tx,
  record: WorkRecord,
  d: Details,
  action: ChangeAction,
  detailPatch: Partial<Details> = {},
  body: string | null = null,
) {
  const facts = await changeFacts(tx.db, record, { ...d, ...detailPatch });
  const { state } = applyTransition(changeMachine, facts, action);
  if (Object.keys(detailPatch).length)
    await tx.db.updateTable('change_details').set(detailPatch).where('record_id', '=', record.id).execute();
  return changeState(tx, record, state, {
    audit: `change.${action}`,
    timeline: { type: `change.${action}`, body, visibility: 'public' },
    event: EVENT_OF[action] ?? 'change.updated',
  });
}

// ---------- raising and editing ----------

async function setCis(tx: Tx, changeId: string, ciIds: readonly string[]) {
  await assertReferences(tx.db, [{ table: 'cis', path: ['ciIds'], ids: ciIds }]);
  const before = new Set(await changeCiIds(tx.db, changeId));
  await tx.db.deleteFrom('change_cis').where('change_id', '=', changeId).execute();
  for (const ciId of new Set(ciIds)) {
    await tx.db.insertInto('change_cis').values({ change_id: changeId, ci_id: ciId }).execute();
    // The CI's page shows the change among its records.
    if (!before.has(ciId)) await linkRecordToCi(tx, changeId, ciId);
  }
}

async function setServices(tx: Tx, changeId: string, serviceIds: readonly string[]) {
  await assertReferences(tx.db, [{ table: 'services', path: ['serviceIds'], ids: serviceIds }]);
  await tx.db.deleteFrom('change_services').where('change_id', '=', changeId).execute();
  for (const serviceId of new Set(serviceIds))
    await tx.db.insertInto('change_services').values({ change_id: changeId, service_id: serviceId }).execute();
}

async function insertTask(
  tx: Tx,
  changeId: string,
  input: { title: string; description?: string; assigneeId?: string | null; groupId?: string | null },
) {
  await assertReferences(tx.db, [
    { table: 'users', path: ['assigneeId'], ids: input.assigneeId },
    { table: 'support_groups', path: ['groupId'], ids: input.groupId },
  ]);
  const last = await tx.db
    .selectFrom('change_tasks')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('change_id', '=', changeId)
    .executeTakeFirst();
  const id = newId();
  await tx.db
    .insertInto('change_tasks')
    .values({
      id,
      change_id: changeId,
      seq: Number(last?.seq ?? 0) + 1,
      title: input.title,
      description: input.description ?? '',
      assignee_id: input.assigneeId ?? null,
      group_id: input.groupId ?? null,
      state: 'open',
      note: '',
      started_at: null,
      completed_at: null,
      completed_by: null,
      created_at: nowIso(),
    })
    .execute();
  return id;
}

export async function createChange({ tx, input }: { tx: Tx; input: z.infer<typeof CreateChange> }) {
  const actor = tx.actor!;
  authorize(actor, 'change', 'create');
  const staff = isStaff(actor);
  let type = input.type;
  let template: Awaited<ReturnType<typeof loadTemplate>> | null = null;
  if (input.templateId) {
    template = await loadTemplate(tx.db, input.templateId);
    type = 'standard';
  } else if (type === 'standard') {
    throw new AppError('error.validation', {}, [
      { path: ['templateId'], message: 'a standard change needs its template' },
    ]);
  }
  // Customers raise normal changes; emergencies are the provider's call.
  if (!staff && type === 'emergency') throw new AppError('error.forbidden');
  await assertReferences(tx.db, [
    { table: 'support_groups', path: ['groupId'], ids: input.groupId },
    { table: 'users', path: ['assigneeId'], ids: input.assigneeId },
  ]);
  const serviceIds = input.serviceIds.length ? input.serviceIds : template?.service_id ? [template.service_id] : [];
  const record = await createRecord(tx, 'change', {
    kind: 'change',
    organization_id: actor.organizationId,
    department_id: staff ? null : actor.departmentId,
    title: input.title,
    description: input.description || template?.description || '',
    state: 'draft',
    impact: 3,
    urgency: type === 'emergency' ? 1 : 3,
    level: levelFor(3, type === 'emergency' ? 1 : 3),
    service_id: serviceIds[0] ?? null,
    channel: staff ? 'walk_in' : 'portal',
    requester_id: actor.id,
    owner_id: staff ? actor.id : null,
    assignee_id: staff ? (input.assigneeId ?? null) : null,
    group_id: staff ? (input.groupId ?? null) : null,
    created_by: actor.id,
  });
  await tx.db
    .insertInto('change_details')
    .values({
      record_id: record.id,
      type,
      template_id: template?.id ?? null,
      purpose: input.purpose,
      content: input.content || template?.content || '',
      reason: input.reason,
      plan_json: JSON.stringify(input.plan.length ? input.plan : json(template?.plan_json ?? null, [])),
      backout_plan: input.backoutPlan || template?.backout_plan || '',
      test_plan: input.testPlan || template?.test_plan || '',
      planned_start: input.plannedStart ?? null,
      planned_end: input.plannedEnd ?? null,
      actual_start: null,
      actual_end: null,
      lead_hours: null,
      estimated_cost: input.estimatedCost ?? null,
      estimated_effort_hours: input.estimatedEffortHours ?? null,
      initiator_kind: staff ? 'internal' : 'customer',
      initiator_department: input.initiatorDepartment ?? '',
      references_json: JSON.stringify(input.references),
      // A standard change's risk is fixed by its template.
      risk_score: null,
      risk_level: template?.risk_level ?? null,
      assessment_json: '{}',
      override_reason: input.overrideReason ?? '',
      retrospective: 0,
      approval_round: 0,
      approved_at: null,
      verified_at: null,
      verified_by: null,
      verification_note: '',
      outcome_note: '',
      failure_note: '',
      pir_json: null,
      pir_done_at: null,
      problem_action_id: input.problemActionId ?? null,
      notice_sent_at: null,
    })
    .execute();
  await setServices(tx, record.id, serviceIds);
  await setCis(tx, record.id, input.ciIds);
  for (const task of json<{ title: string; groupId?: string | null }[]>(template?.tasks_json ?? null, []))
    await insertTask(tx, record.id, { title: task.title, groupId: task.groupId ?? null });
  for (const id of input.linkedRecordIds) {
    const other = await selectRecordByIdOrNumber(tx.db, id).executeTakeFirst();
    if (!other)
      throw new AppError('error.validation', {}, [{ path: ['linkedRecordIds'], message: `not found: ${id}` }]);
    await addLink(tx, record, other, 'relates_to');
  }
  if (input.problemActionId) {
    // A problem's corrective action carried out by this change (the problem module owns the action).
    if (!(await linkActionToChange(tx, input.problemActionId, record.number)))
      throw new AppError('change.problem_action_unknown');
  }
  return record;
}

async function loadTemplate(db: Db, id: string) {
  const template = await db.selectFrom('change_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!template) throw new AppError('error.validation', {}, [{ path: ['templateId'], message: `not found: ${id}` }]);
  if (!template.active) throw new AppError('change.template_inactive');
  return template;
}

const EDITABLE: readonly ChangeState[] = ['draft', 'submitted', 'assessing'];

export async function updateChange({ tx, changeId, input }: { tx: Tx; changeId: string; input: UpdateChange }) {
  const { record, details } = await prepare(tx, changeId, 'edit');
  // The window may still move while scheduling (before implementation); the request itself is frozen once approval is asked.
  const windowOnly = Object.keys(input).every((k) => ['plannedStart', 'plannedEnd', 'overrideReason'].includes(k));
  const editable = EDITABLE.includes(record.state as ChangeState) || (windowOnly && record.state === 'scheduled');
  if (!editable) throw new AppError('change.not_editable');
  const start = input.plannedStart !== undefined ? input.plannedStart : details.planned_start;
  const end = input.plannedEnd !== undefined ? input.plannedEnd : details.planned_end;
  if (start && end && Date.parse(end) <= Date.parse(start))
    throw new AppError('error.validation', {}, [{ path: ['plannedEnd'], message: 'change.end_before_start' }]);
  const patch: Partial<Details> = {};
  if (input.purpose !== undefined) patch.purpose = input.purpose;
  if (input.content !== undefined) patch.content = input.content;
  if (input.reason !== undefined) patch.reason = input.reason;
  if (input.plan !== undefined) patch.plan_json = JSON.stringify(input.plan);
  if (input.backoutPlan !== undefined) patch.backout_plan = input.backoutPlan;
  if (input.testPlan !== undefined) patch.test_plan = input.testPlan;
  if (input.plannedStart !== undefined) patch.planned_start = input.plannedStart ?? null;
  if (input.plannedEnd !== undefined) patch.planned_end = input.plannedEnd ?? null;
  if (input.estimatedCost !== undefined) patch.estimated_cost = input.estimatedCost ?? null;
  if (input.estimatedEffortHours !== undefined) patch.estimated_effort_hours = input.estimatedEffortHours ?? null;
  if (input.initiatorDepartment !== undefined) patch.initiator_department = input.initiatorDepartment;
  if (input.overrideReason !== undefined) patch.override_reason = input.overrideReason;
  if (Object.keys(patch).length) {
    await tx.db.updateTable('change_details').set(patch).where('record_id', '=', record.id).execute();
    await appendTimeline(tx, record.id, {
      type: 'change.edited',
      visibility: 'internal',
      data: { fields: Object.keys(patch) },
    });
  }
  if (input.serviceIds !== undefined) await setServices(tx, record.id, input.serviceIds);
  if (input.ciIds !== undefined) await setCis(tx, record.id, input.ciIds);
  await assertReferences(tx.db, [
    { table: 'support_groups', path: ['groupId'], ids: input.groupId },
    { table: 'users', path: ['assigneeId'], ids: input.assigneeId },
  ]);
  const core: Partial<WorkRecord> = {};
  if (input.title !== undefined) core.title = input.title;
  if (input.description !== undefined) core.description = input.description;
  if (input.serviceIds !== undefined) core.service_id = input.serviceIds[0] ?? null;
  if (input.groupId !== undefined) core.group_id = input.groupId ?? null;
  if (input.assigneeId !== undefined) core.assignee_id = input.assigneeId ?? null;
  await updateRecord(tx, record, core, 'change.update', 'change.updated');
  return record.id;
}

// ---------- the life cycle ----------

export async function submitChange({ tx, changeId }: { tx: Tx; changeId: string }) {
  const { record, details } = await prepare(tx, changeId, 'edit');
  const moved = await move(tx, record, details, 'submit');
  if (moved.state === 'scheduled') {
    // A standard change is pre-approved by its template: no assessment, no CAB.
    await tx.db
      .updateTable('change_details')
      .set({ approved_at: nowIso() })
      .where('record_id', '=', record.id)
      .execute();
    await appendTimeline(tx, record.id, { type: 'change.preapproved', data: { templateId: details.template_id } });
  }
  return moved;
}

export async function startAssessment({ tx, changeId }: { tx: Tx; changeId: string }) {
  const { record, details } = await prepare(tx, changeId, 'manage');
  return move(tx, record, details, 'assess');
}

/**
 * The risk assessment: the questionnaire's answers, weighted, plus the CMDB impact of the affected
 * CIs (business services and people downstream), give the score and the level 低/中/高/重大.
 */
export async function assessRisk({ tx, changeId, input }: { tx: Tx; changeId: string; input: AssessChange }) {
  const { record, details } = await prepare(tx, changeId, 'manage');
  if (!['assessing', 'implementing', 'submitted'].includes(record.state) || details.type === 'standard')
    throw new AppError('change.illegal_transition', {
      state: changeMachine.stateLabel(record.state),
      action: changeMachine.actionLabel('assess'),
    });
  const questions = await tx.db.selectFrom('change_risk_questions').selectAll().where('active', '=', 1).execute();
  const byId = new Map(questions.map((q) => [q.id, q]));
  const answers = input.answers.map((a, i) => {
    const q = byId.get(a.questionId);
    const options = q ? json<{ score: number }[]>(q.answers_json, []) : [];
    if (!q || a.answer >= options.length)
      throw new AppError('error.validation', {}, [{ path: ['answers', i], message: 'unknown question or answer' }]);
    return { questionId: q.id, answer: a.answer, weight: Number(q.weight) * options[a.answer]!.score };
  });
  const settings = await changeSettings(tx.db);
  const ciIds = await changeCiIds(tx.db, record.id);
  const impact = ciIds.length
    ? await changeImpact(tx.db, ciIds, settings.conflict_depth)
    : { serviceCiIds: [], userIds: [], ciCount: 0, classIds: [] };
  const services = new Set([...impact.serviceCiIds, ...(await changeServiceIds(tx.db, record.id))]);
  const result = scoreRisk(answers, { services: services.size, users: impact.userIds.length });
  const assessment = {
    answers,
    necessity: input.necessity,
    feasibility: input.feasibility,
    impact: { services: services.size, users: impact.userIds.length, cis: impact.ciCount },
    ...result,
    assessedBy: tx.actor!.id,
    assessedAt: nowIso(),
  };
  await tx.db
    .updateTable('change_details')
    .set({ risk_score: result.score, risk_level: result.level, assessment_json: JSON.stringify(assessment) })
    .where('record_id', '=', record.id)
    .execute();
  await appendTimeline(tx, record.id, {
    type: 'change.risk_assessed',
    data: { score: result.score, level: result.level },
  });
  await updateRecord(tx, record, {}, 'change.assess', null);
  tx.emit('change.assessed', { recordId: record.id, organizationId: record.organization_id, payload: assessment });
  return assessment;
}

/** Who approves at a level: the change managers, the CAB, the business owners of the affected services, or named people. */
async function approversOf(tx: Tx, record: WorkRecord, source: string, userIds: readonly string[]) {
  switch (source) {
    case 'change_managers':
      return usersWithCapability(tx.db, 'change_manager');
    case 'cab':
      return usersWithCapability(tx.db, 'cab_member');
    case 'service_owners': {
      const ids = await changeServiceIds(tx.db, record.id);
      if (!ids.length) return [];
      const rows = await tx.db.selectFrom('services').select('owner_id').where('id', 'in', ids).execute();
      return [...new Set(rows.map((r) => r.owner_id).filter((id): id is string => Boolean(id)))];
    }
    default:
      return [...userIds];
  }
}

export async function approvalLevelsFor(db: Db, risk: RiskLevel) {
  const configured = await db
    .selectFrom('change_approval_levels')
    .selectAll()
    .where('risk_level', '=', risk)
    .where('active', '=', 1)
    .orderBy('seq')
    .execute();
  if (configured.length)
    return configured.map((l) => ({
      name: l.name,
      rule: l.rule,
      source: l.source as string,
      userIds: json<string[]>(l.user_ids_json, []),
    }));
  return DEFAULT_APPROVAL_LEVELS[risk].map((l) => ({ ...l, source: l.source as string, userIds: [] as string[] }));
}

/** Opens an approval round at the levels the risk calls for; the first level's approvers are asked. */
async function openRound(tx: Tx, record: WorkRecord, d: Details, risk: RiskLevel) {
  const round = d.approval_round + 1;
  const levels = await approvalLevelsFor(tx.db, risk);
  const rows = [];
  for (const level of levels) {
    const approvers = await approversOf(tx, record, level.source, level.userIds);
    // Business owners of the affected services: a change that names no service has none to ask.
    if (
      approvers.length === 0 &&
      level.source === 'service_owners' &&
      !(await changeServiceIds(tx.db, record.id)).length
    )
      continue;
    if (approvers.length === 0) throw new AppError('change.no_approvers', { level: level.name, risk });
    rows.push({
      id: newId(),
      change_id: record.id,
      round,
      seq: rows.length + 1,
      name: level.name,
      rule: level.rule,
      source: level.source,
      approver_ids_json: JSON.stringify(approvers),
      state: rows.length === 0 ? ('pending' as const) : ('waiting' as const),
      decided_at: null,
      created_at: nowIso(),
    });
  }
  for (const row of rows) await tx.db.insertInto('change_approvals').values(row).execute();
  await tx.db.updateTable('change_details').set({ approval_round: round }).where('record_id', '=', record.id).execute();
  if (rows[0]) askApprovers(tx, record, rows[0]);
  return round;
}

function askApprovers(tx: Tx, record: WorkRecord, level: { id: string; seq: number; approver_ids_json: string }) {
  for (const approverId of json<string[]>(level.approver_ids_json, []))
    tx.emit('change.approval_requested', {
      recordId: record.id,
      organizationId: record.organization_id,
      payload: { approvalId: level.id, approverId, step: level.seq },
    });
}

export async function requestApproval({ tx, changeId }: { tx: Tx; changeId: string }) {
  const { record, details } = await prepare(tx, changeId, 'manage');
  const facts = await changeFacts(tx.db, record, details);
  applyTransition(changeMachine, facts, 'request_approval');
  await openRound(tx, record, details, details.risk_level!);
  return changeState(tx, record, 'pending_approval', {
    audit: 'change.request_approval',
    timeline: { type: 'change.request_approval', data: { risk: details.risk_level } },
    event: 'change.updated',
  });
}

/**
 * One approver's vote at the level under way. The level is tallied by its rule; an approved level
 * opens the next; the last approves the change; a rejection that decides the level ends the round.
 */
export async function castVote({
  tx,
  changeId,
  vote,
  reason,
  conditions,
  voterId,
  meetingId,
}: {
  tx: Tx;
  changeId: string;
  vote: 'approve' | 'reject';
  reason: string;
  conditions: string;
  /** Recorded by the CAB chair for a member at a meeting; default: the actor. */
  voterId?: string;
  meetingId?: string | null;
}) {
  const { record, details } = await prepare(tx, changeId, 'view');
  const voter = voterId ?? tx.actor!.id;
  if (vote === 'reject' && !reason.trim())
    throw new AppError('error.validation', {}, [{ path: ['reason'], message: 'change.reason_required' }]);
  const open = await openApproval(tx.db, record.id, details.approval_round);
  const level = open.find((l) => l.state === 'pending');
  const approvers = level ? json<string[]>(level.approver_ids_json, []) : [];
  if (!level || !approvers.includes(voter)) throw new AppError('change.not_an_approver');
  const already = await tx.db
    .selectFrom('change_votes')
    .select('id')
    .where('approval_id', '=', level.id)
    .where('voter_id', '=', voter)
    .executeTakeFirst();
  if (already) throw new AppError('change.not_an_approver');
  const at = nowIso();
  await tx.db
    .insertInto('change_votes')
    .values({
      id: newId(),
      approval_id: level.id,
      change_id: record.id,
      voter_id: voter,
      vote,
      reason,
      conditions,
      meeting_id: meetingId ?? null,
      at,
    })
    .execute();
  await appendTimeline(tx, record.id, {
    type: 'change.vote',
    body: reason || conditions || null,
    data: { level: level.name, vote, voterId: voter, conditions, meetingId: meetingId ?? null },
  });
  tx.emit('change.vote_cast', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { approvalId: level.id, voterId: voter, vote },
  });
  const votes = await tx.db.selectFrom('change_votes').select('vote').where('approval_id', '=', level.id).execute();
  const outcome = tallyLevel(
    level.rule,
    approvers.length,
    votes.filter((v) => v.vote === 'approve').length,
    votes.filter((v) => v.vote === 'reject').length,
  );
  if (outcome === 'pending') return { level: level.name, outcome, state: record.state };
  await tx.db
    .updateTable('change_approvals')
    .set({ state: outcome, decided_at: at })
    .where('id', '=', level.id)
    .execute();
  const retrospective = details.retrospective === 1;
  if (outcome === 'rejected') {
    await tx.db
      .updateTable('change_approvals')
      .set({ state: 'cancelled', decided_at: at })
      .where('change_id', '=', record.id)
      .where('round', '=', details.approval_round)
      .where('state', '=', 'waiting')
      .execute();
    if (retrospective) {
      // Already implemented: the rejection is recorded and the review must deal with it.
      await appendTimeline(tx, record.id, { type: 'change.retrospectively_rejected', body: reason });
      await updateRecord(tx, record, {}, 'change.reject', null);
      tx.emit('change.rejected', { recordId: record.id, organizationId: record.organization_id, payload: { reason } });
      return { level: level.name, outcome, state: record.state };
    }
    const moved = await move(tx, record, details, 'reject', {}, reason);
    await followOutcome(tx, details, 'cancelled', record.number);
    return { level: level.name, outcome, state: moved.state };
  }
  const next = open.find((l) => l.state === 'waiting');
  if (next) {
    await tx.db.updateTable('change_approvals').set({ state: 'pending' }).where('id', '=', next.id).execute();
    askApprovers(tx, record, next);
    await updateRecord(tx, record, {}, 'change.approve_level', null);
    return { level: level.name, outcome, state: record.state };
  }
  if (retrospective) {
    await tx.db.updateTable('change_details').set({ approved_at: at }).where('record_id', '=', record.id).execute();
    await appendTimeline(tx, record.id, { type: 'change.retrospectively_approved' });
    await updateRecord(tx, record, {}, 'change.approve', null);
    tx.emit('change.approved', { recordId: record.id, organizationId: record.organization_id, payload: {} });
    return { level: level.name, outcome, state: record.state };
  }
  const moved = await move(tx, record, details, 'approve', { approved_at: at });
  return { level: level.name, outcome, state: moved.state };
}

export async function startImplementation({ tx, changeId }: { tx: Tx; changeId: string }) {
  const { record, details } = await prepare(tx, changeId, 'implement');
  const early = record.state !== 'scheduled';
  const now = nowIso();
  const moved = await move(
    tx,
    record,
    details,
    'start',
    {
      actual_start: now,
      lead_hours: Math.round(((Date.parse(now) - Date.parse(record.created_at)) / 3_600_000) * 100) / 100,
      ...(early ? { retrospective: 1 } : {}),
    },
    early ? details.override_reason : null,
  );
  if (early) {
    // An emergency implemented first: its approval is retrospective, by the emergency CAB (the
    // levels of its risk, high when not yet assessed), and it will always be reviewed.
    await tx.db
      .updateTable('change_approvals')
      .set({ state: 'cancelled', decided_at: now })
      .where('change_id', '=', record.id)
      .where('state', 'in', ['pending', 'waiting'])
      .execute();
    await openRound(tx, moved, { ...details, approval_round: details.approval_round }, details.risk_level ?? 'high');
    await appendTimeline(tx, record.id, { type: 'change.retrospective_approval_requested' });
  }
  return moved;
}

export async function completeImplementation({ tx, changeId, note }: { tx: Tx; changeId: string; note: string }) {
  const { record, details } = await prepare(tx, changeId, 'implement');
  return move(tx, record, details, 'complete', { actual_end: nowIso(), outcome_note: note }, note || null);
}

export async function failChange({ tx, changeId, note }: { tx: Tx; changeId: string; note: string }) {
  const { record, details } = await prepare(tx, changeId, 'implement');
  const moved = await move(
    tx,
    record,
    details,
    'fail',
    { actual_end: details.actual_end ?? nowIso(), failure_note: note },
    note,
  );
  await followOutcome(tx, details, 'failed', record.number);
  return moved;
}

/** Records who checked what after implementation (needed before review and closing). */
export async function verifyChange({ tx, changeId, note }: { tx: Tx; changeId: string; note: string }) {
  const { record } = await prepare(tx, changeId, 'implement');
  // After implementation, or after a back-out (someone checks the old state is restored).
  if (!['implemented', 'failed', 'reviewing'].includes(record.state)) throw new AppError('change.not_verifiable');
  const at = nowIso();
  await tx.db
    .updateTable('change_details')
    .set({ verified_at: at, verified_by: tx.actor!.id, verification_note: note })
    .where('record_id', '=', record.id)
    .execute();
  await appendTimeline(tx, record.id, { type: 'change.verified', body: note });
  await updateRecord(tx, record, {}, 'change.verify', null);
  tx.emit('change.verified', { recordId: record.id, organizationId: record.organization_id, payload: { note } });
  return record.id;
}

export async function startReview({ tx, changeId }: { tx: Tx; changeId: string }) {
  const { record, details } = await prepare(tx, changeId, 'manage');
  return move(tx, record, details, 'review');
}

/**
 * Incidents that the change may have caused: linked to it, or to one of its CIs, and raised from
 * its implementation's start until some days after its end.
 */
export async function pirCandidates(db: Db, record: WorkRecord, d: Details) {
  if (!d.actual_start) return [];
  const settings = await changeSettings(db);
  const from = d.actual_start;
  const to = new Date(Date.parse(d.actual_end ?? nowIso()) + settings.pir_incident_days * 86_400_000).toISOString();
  const ciIds = await changeCiIds(db, record.id);
  const onCis = ciIds.length ? await recordsOnCis(db, ciIds) : [];
  const rows = await db
    .selectFrom('work_records')
    .select(['id', 'number', 'title', 'state', 'created_at'])
    .where('kind', '=', 'incident')
    .where('created_at', '>=', from)
    .where('created_at', '<=', to)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('record_links')
            .select('record_links.id')
            .where((l) =>
              l.or([
                l.and([
                  l('record_links.from_id', '=', l.ref('work_records.id')),
                  l('record_links.to_id', '=', record.id),
                ]),
                l.and([
                  l('record_links.to_id', '=', l.ref('work_records.id')),
                  l('record_links.from_id', '=', record.id),
                ]),
              ]),
            ),
        ),
        ...(onCis.length ? [eb('id', 'in', onCis)] : []),
      ]),
    )
    .orderBy('created_at')
    .execute();
  return rows;
}

export async function writeReview({
  tx,
  changeId,
  input,
}: {
  tx: Tx;
  changeId: string;
  input: z.infer<typeof ChangeReview>;
}) {
  const { record, details } = await prepare(tx, changeId, 'manage');
  if (record.state !== 'reviewing') throw new AppError('change.not_reviewing');
  const candidates = await pirCandidates(tx.db, record, details);
  const known = new Set(candidates.map((c) => c.id));
  for (const [i, id] of input.incidentIds.entries())
    if (!known.has(id))
      throw new AppError('error.validation', {}, [
        { path: ['incidentIds', i], message: 'not a candidate of this change' },
      ]);
  for (const id of input.incidentIds) {
    const incident = await selectRecordByIdOrNumber(tx.db, id).executeTakeFirstOrThrow();
    // The incident was caused by the change: incident → change.
    await addLink(tx, incident, record, 'caused_by');
  }
  const pir = { ...input, reviewerId: tx.actor!.id, at: nowIso() };
  await tx.db
    .updateTable('change_details')
    .set({ pir_json: JSON.stringify(pir), pir_done_at: pir.at })
    .where('record_id', '=', record.id)
    .execute();
  await appendTimeline(tx, record.id, {
    type: 'change.reviewed',
    body: input.lessons || null,
    data: { objectivesMet: input.objectivesMet, incidents: input.incidentIds.length },
  });
  await updateRecord(tx, record, {}, 'change.review_written', null);
  tx.emit('change.reviewed', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { objectivesMet: input.objectivesMet, incidents: input.incidentIds },
  });
  return pir;
}

export async function closeChange({ tx, changeId }: { tx: Tx; changeId: string }) {
  const { record, details } = await prepare(tx, changeId, 'manage');
  const moved = await move(tx, record, details, 'close');
  const pir = json<{ objectivesMet?: boolean } | null>(details.pir_json, null);
  const failed =
    (await tx.db
      .selectFrom('record_timeline')
      .select('id')
      .where('record_id', '=', record.id)
      .where('type', '=', 'change.fail')
      .executeTakeFirst()) !== undefined;
  await followOutcome(tx, details, failed || pir?.objectivesMet === false ? 'failed' : 'done', record.number);
  return moved;
}

export async function cancelChange({ tx, changeId, note }: { tx: Tx; changeId: string; note: string }) {
  const { record, details } = await prepare(tx, changeId, 'edit');
  const moved = await move(tx, record, details, 'cancel', {}, note || null);
  await tx.db
    .updateTable('change_approvals')
    .set({ state: 'cancelled', decided_at: nowIso() })
    .where('change_id', '=', record.id)
    .where('state', 'in', ['pending', 'waiting'])
    .execute();
  await followOutcome(tx, details, 'cancelled', record.number);
  return moved;
}

async function followOutcome(tx: Tx, d: Details, outcome: 'done' | 'failed' | 'cancelled', number: string) {
  if (!d.problem_action_id) return;
  await actionFollowsChange(tx, d.problem_action_id, outcome, number);
}

// ---------- tasks ----------

export async function addTask({
  tx,
  changeId,
  input,
}: {
  tx: Tx;
  changeId: string;
  input: z.infer<typeof CreateChangeTask>;
}) {
  const { record } = await prepare(tx, changeId, 'manage');
  if ((changeKind.states.terminal as readonly string[]).includes(record.state)) throw new AppError('error.conflict');
  const id = await insertTask(tx, record.id, input);
  await appendTimeline(tx, record.id, {
    type: 'change.task_added',
    visibility: 'internal',
    data: { taskId: id, title: input.title },
  });
  await updateRecord(tx, record, {}, 'change.task_add', null);
  return id;
}

export async function updateTask({
  tx,
  changeId,
  taskId,
  input,
}: {
  tx: Tx;
  changeId: string;
  taskId: string;
  input: z.infer<typeof UpdateChangeTask>;
}) {
  const { record } = await prepare(tx, changeId, 'implement');
  const task = await tx.db
    .selectFrom('change_tasks')
    .selectAll()
    .where('id', '=', taskId)
    .where('change_id', '=', record.id)
    .executeTakeFirst();
  if (!task) throw notFound();
  if (task.state === 'done' || task.state === 'cancelled') throw new AppError('change.task_closed');
  // Tasks are worked while the change is being implemented.
  if (input.state && input.state !== 'open' && record.state !== 'implementing')
    throw new AppError('change.illegal_transition', {
      state: changeMachine.stateLabel(record.state),
      action: changeMachine.actionLabel('complete'),
    });
  await assertReferences(tx.db, [{ table: 'users', path: ['assigneeId'], ids: input.assigneeId }]);
  const now = nowIso();
  const patch: Partial<typeof task> = {};
  if (input.note !== undefined) patch.note = input.note;
  if (input.assigneeId !== undefined) patch.assignee_id = input.assigneeId ?? null;
  if (input.state !== undefined) {
    patch.state = input.state;
    if (input.state === 'in_progress' && !task.started_at) patch.started_at = now;
    if (input.state === 'done' || input.state === 'cancelled') {
      patch.completed_at = now;
      patch.completed_by = tx.actor!.id;
      patch.started_at = task.started_at ?? now;
    }
  }
  await tx.db.updateTable('change_tasks').set(patch).where('id', '=', task.id).execute();
  await appendTimeline(tx, record.id, {
    type: 'change.task_updated',
    visibility: 'internal',
    body: input.note ?? null,
    data: { taskId: task.id, title: task.title, state: input.state ?? task.state },
  });
  await updateRecord(tx, record, {}, 'change.task_update', null);
  return task.id;
}

// ---------- the CMDB gate ----------

/**
 * Whether a CI write naming this change is authorised: the change is being implemented (实施中)
 * and the CI is one of its affected CIs, or is new (created under it, or created by this write).
 */
export async function authorizesCiWrite(db: Db, change: KindRecord, write: CiWrite): Promise<boolean> {
  if (!(CI_WRITE_STATES as readonly string[]).includes(change.state)) return false;
  if (write.created) return true;
  const listed = await db
    .selectFrom('change_cis')
    .select('ci_id')
    .where('change_id', '=', change.id)
    .where('ci_id', '=', write.ciId)
    .executeTakeFirst();
  return Boolean(listed) || (await ciCreatedUnder(db, write.ciId, change));
}

// ---------- settings ----------

export async function changeSettings(db: Db) {
  return (
    (await db.selectFrom('change_settings').selectAll().where('id', '=', 'default').executeTakeFirst()) ?? {
      id: 'default',
      conflict_depth: 3,
      notice_lead_hours: 48,
      pir_incident_days: 7,
    }
  );
}
