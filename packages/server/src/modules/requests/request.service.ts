import {
  type Answers,
  type ApprovalMode,
  type ApprovalStep,
  type AttachmentAnswer,
  answerText,
  type CatalogItem,
  type Channel,
  type CreateServiceRequest,
  type FormField,
  isStaffRole,
  type Locale,
  type RequestAction,
  type RequestFacts,
  type RequestState,
  requestMachine,
  type TaskStage,
  type TimelineVisibility,
  translate,
  validateAnswers,
} from '@trellis/core';
import type { Selectable } from 'kysely';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { getItem, loadVisibleItem, offeredTo } from '../catalog/index.js';
import { getGroups, getUser } from '../directory/index.js';
import {
  type AttachmentSource,
  addAttachment,
  addComment,
  appendTimeline,
  applyTransition,
  assertNotTerminal,
  changeState,
  createRecord,
  loadForAction,
  selectRecordByIdOrNumber,
  updateRecord,
  type WorkRecord,
} from '../records/index.js';
import { findService } from '../services/index.js';
import { requestKind } from './request.kind.js';
import {
  canViewRequest,
  canWorkTask,
  type RequestRule,
  type RequestSubject,
  staffServing,
  visibleRequests,
} from './request.policy.js';
import type { RequestApprovalsTable, RequestDetailsTable, RequestTasksTable } from './request.table.js';

export type RequestDetails = Selectable<RequestDetailsTable>;
export type ApprovalRow = Selectable<RequestApprovalsTable>;
export type TaskRow = Selectable<RequestTasksTable>;

/** The item as it was at submission, with the approvers resolved to people. */
export interface RequestDefinition {
  serviceId: string;
  form: FormField[];
  approvals: { mode: ApprovalMode; approvers: { source: 'manager' | 'service_owner' | 'user'; userId: string }[] }[];
  stages: TaskStage[];
}

export const definitionOf = (details: RequestDetails) => JSON.parse(details.definition_json) as RequestDefinition;

// ---- loading

/** For reads: a request the actor may see, not locked. */
export async function loadVisibleRequest(db: Db, actor: Actor, idOrNumber: string): Promise<WorkRecord> {
  const row = await selectRecordByIdOrNumber(db, idOrNumber)
    .where('kind', '=', 'request')
    .where(visibleRequests(actor))
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function requestDetails(db: Db, recordId: string) {
  return db.selectFrom('request_details').selectAll().where('record_id', '=', recordId).executeTakeFirstOrThrow();
}
export async function approvalsOf(db: Db, recordId: string) {
  return db
    .selectFrom('request_approvals')
    .selectAll()
    .where('record_id', '=', recordId)
    .orderBy('step')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
export async function tasksOf(db: Db, recordId: string) {
  return db
    .selectFrom('request_tasks')
    .selectAll()
    .where('record_id', '=', recordId)
    .orderBy('stage')
    .orderBy('seq')
    .execute();
}

export function subjectFor(
  actor: Actor,
  record: WorkRecord,
  approvals: ApprovalRow[],
  tasks: TaskRow[],
): RequestSubject {
  return {
    record,
    isApprover: approvals.some((a) => a.approver_id === actor.id),
    inTaskGroup: tasks.some((t) => actor.groupIds.includes(t.group_id)),
  };
}

/** Loads a request for an action: visible and locked in one query, then permitted. */
async function prepare(tx: Tx, idOrNumber: string, rule?: RequestRule) {
  const { actor, record, details, subject } = await loadForAction(tx, requestKind, idOrNumber, rule);
  return { actor, record, ...details, definition: definitionOf(details.details), subject };
}

export function factsOf(record: WorkRecord, details: RequestDetails, tasks: TaskRow[]): RequestFacts {
  return {
    state: record.state as RequestState,
    approvalStepsLeft: definitionOf(details).approvals.length - details.approval_step,
    openTasks: tasks.filter((t) => t.state === 'open' || t.state === 'waiting').length,
  };
}

function transition(facts: RequestFacts, action: RequestAction) {
  return applyTransition(requestMachine, facts, action);
}

// ---- internal steps

async function setDetails(tx: Tx, recordId: string, patch: Partial<RequestDetails>) {
  await tx.db.updateTable('request_details').set(patch).where('record_id', '=', recordId).execute();
}

/** Opens an approval step: one pending row per approver, each told by an event. */
async function openApprovalStep(tx: Tx, record: WorkRecord, definition: RequestDefinition, step: number) {
  const def = definition.approvals[step]!;
  const now = nowIso();
  const names: string[] = [];
  for (const approver of def.approvers) {
    const id = newId();
    await tx.db
      .insertInto('request_approvals')
      .values({
        id,
        record_id: record.id,
        step,
        mode: def.mode,
        source: approver.source,
        approver_id: approver.userId,
        state: 'pending',
        comment: null,
        decided_at: null,
        created_at: now,
      })
      .execute();
    names.push((await getUser(tx.db, approver.userId)).name);
    tx.emit('request.approval_requested', {
      recordId: record.id,
      organizationId: record.organization_id,
      payload: { approvalId: id, approverId: approver.userId, step: step + 1, mode: def.mode },
    });
  }
  await setDetails(tx, record.id, { approval_step: step });
  await appendTimeline(tx, record.id, {
    type: 'approval_requested',
    data: { step: step + 1, mode: def.mode, target: names.join('、') },
  });
}

/** Opens a fulfilment stage: its tasks become workable by their groups. Returns the first task's group. */
async function openStage(tx: Tx, record: WorkRecord, stage: number): Promise<string | null> {
  const tasks = await tx.db
    .selectFrom('request_tasks')
    .selectAll()
    .where('record_id', '=', record.id)
    .where('stage', '=', stage)
    .where('state', 'in', ['waiting', 'done'])
    .orderBy('seq')
    .execute();
  if (tasks.length === 0) return null;
  await tx.db
    .updateTable('request_tasks')
    .set({ state: 'open', completed_by: null, completed_at: null })
    .where(
      'id',
      'in',
      tasks.map((t) => t.id),
    )
    .execute();
  await setDetails(tx, record.id, { task_stage: stage });
  const groups = new Map(
    (
      await getGroups(
        tx.db,
        tasks.map((t) => t.group_id),
      )
    ).map((g) => [g.id, g.name]),
  );
  for (const task of tasks) {
    await appendTimeline(tx, record.id, {
      type: 'task_opened',
      data: { taskId: task.id, name: task.title_zh, nameEn: task.title_en, target: groups.get(task.group_id) ?? '' },
    });
    tx.emit('request.task_assigned', {
      recordId: record.id,
      organizationId: record.organization_id,
      payload: {
        taskId: task.id,
        groupId: task.group_id,
        stage: stage + 1,
        name: task.title_zh,
        nameEn: task.title_en,
      },
    });
  }
  return tasks[0]!.group_id;
}

/** Resolves who approves each step for this requester; fails at submission rather than stalling later. */
function resolveApprovers(
  steps: ApprovalStep[],
  requester: { id: string; managerId: string | null },
  serviceOwnerId: string | null,
): RequestDefinition['approvals'] {
  return steps.map((step) => {
    const approvers: RequestDefinition['approvals'][number]['approvers'] = [];
    for (const a of step.approvers) {
      const userId =
        a.type === 'manager' ? requester.managerId : a.type === 'service_owner' ? serviceOwnerId : a.userId;
      if (!userId) throw new AppError(a.type === 'manager' ? 'request.no_manager' : 'request.no_service_owner');
      // The same person twice in one step approves once.
      if (!approvers.some((x) => x.userId === userId)) approvers.push({ source: a.type, userId });
    }
    return { mode: step.mode, approvers };
  });
}

function localizedLabel(field: FormField, locale: Locale) {
  return locale === 'en-US' ? field.labelEn : field.labelZh;
}

/** One line per answer, in Chinese: the record's description, which queues and search read. */
function describeAnswers(item: CatalogItem, answers: Answers, userNames: Map<string, string>): string {
  const lines = item.form
    .filter((f) => answers[f.key] !== undefined)
    .map((f) => {
      const value = answers[f.key]!;
      const text =
        f.type === 'choice'
          ? (f.options?.find((o) => o.value === value)?.labelZh ?? String(value))
          : f.type === 'user'
            ? (userNames.get(String(value)) ?? String(value))
            : answerText(value);
      return `${f.labelZh}：${text}`;
    });
  return lines.length ? lines.join('\n') : item.nameZh;
}

// ---- use cases, one per verb

/** A file of a submission with files: spooled to disk by the upload, in memory from elsewhere. */
export type UploadedFile = AttachmentSource & { field: string };

export async function submitRequest({
  tx,
  input,
  files = [],
  channel,
  maxBytes,
}: {
  tx: Tx;
  input: CreateServiceRequest;
  files?: UploadedFile[];
  channel?: Channel;
  maxBytes: number;
}) {
  const actor = tx.actor!;
  const staff = isStaffRole(actor.role);
  if (!staff && input.requesterId && input.requesterId !== actor.id) throw new AppError('error.forbidden');
  const requesterId = staff && input.requesterId ? input.requesterId : actor.id;
  const requester = await getUser(tx.db, requesterId).catch(() => null);
  if (!requester?.active)
    throw new AppError('error.validation', {}, [{ path: ['requesterId'], message: 'unknown requester' }]);
  const item = await loadVisibleItem(tx.db, actor, input.itemId);
  if (!offeredTo(item, requester.organizationId)) throw new AppError('catalog.item_not_found');
  if (requesterId !== actor.id && !staffServing(actor, { organization_id: requester.organizationId } as WorkRecord))
    throw new AppError('error.forbidden');

  // Files arrive as multipart parts named by their field; they answer attachment fields.
  const raw: Record<string, unknown> = { ...input.answers };
  for (const field of item.form.filter((f) => f.type === 'attachment')) {
    const mine = files.filter((f) => f.field === field.key);
    if (mine.length) raw[field.key] = mine.map((f) => ({ filename: f.filename }));
    else delete raw[field.key];
  }
  const { issues, answers } = validateAnswers(item.form, raw);
  const stray = files.filter((f) => !item.form.some((x) => x.type === 'attachment' && x.key === f.field));
  for (const f of stray) issues.push({ key: f.field, code: 'catalog.answer.unknown_field' });
  // Person fields name someone of the requester's organisation.
  const userNames = new Map<string, string>();
  for (const field of item.form.filter((f) => f.type === 'user' && typeof answers[f.key] === 'string')) {
    const person = await getUser(tx.db, answers[field.key] as string).catch(() => null);
    if (!person?.active || person.organizationId !== requester.organizationId)
      issues.push({ key: field.key, code: 'catalog.answer.unknown_user' });
    else userNames.set(person.id, person.name);
  }
  if (issues.length) {
    throw new AppError(
      'error.validation',
      {},
      issues.map((i) => {
        const field = item.form.find((f) => f.key === i.key);
        return {
          path: ['answers', i.key],
          message: translate(actor.locale, i.code, {
            field: field ? localizedLabel(field, actor.locale) : i.key,
            ...i.params,
          }),
        };
      }),
    );
  }

  const service = await findService(tx.db, item.serviceId);
  const approvals = resolveApprovers(
    item.approvals,
    { id: requester.id, managerId: requester.manager?.id ?? null },
    service?.owner?.id ?? null,
  );
  const definition: RequestDefinition = { serviceId: item.serviceId, form: item.form, approvals, stages: item.stages };
  const next = transition({ state: null, approvalStepsLeft: approvals.length, openTasks: 0 }, 'submit');

  const record = await createRecord(tx, 'request', {
    kind: 'request',
    organization_id: requester.organizationId,
    department_id: requester.departmentId,
    title: item.nameZh,
    description: describeAnswers(item, answers, userNames),
    state: next.state,
    // The seeds' level 4: a request, business running normally.
    impact: 4,
    urgency: 4,
    level: 4,
    service_id: item.serviceId,
    channel: (staff ? input.channel : undefined) ?? channel ?? (staff ? 'phone' : 'portal'),
    requester_id: requester.id,
    owner_id: null,
    contact: requester.phone ?? null,
    created_by: actor.id,
  });
  for (const file of files) {
    const row = await addAttachment(tx, record, file, maxBytes);
    const list = answers[file.field] as AttachmentAnswer;
    const entry = list.find((a) => a.filename === file.filename && !a.attachmentId);
    if (entry) {
      entry.attachmentId = row.id;
      entry.filename = row.filename;
    }
  }
  return openRequest(tx, record, item, definition, answers, next.state);
}

/** Files a new request's details and tasks, then opens its first approval step or task stage. */
async function openRequest(
  tx: Tx,
  record: WorkRecord,
  item: CatalogItem,
  definition: RequestDefinition,
  answers: Answers,
  state: RequestState,
) {
  await tx.db
    .insertInto('request_details')
    .values({
      record_id: record.id,
      item_id: item.id,
      item_name_zh: item.nameZh,
      item_name_en: item.nameEn,
      definition_json: JSON.stringify(definition),
      answers_json: JSON.stringify(answers),
      approval_step: 0,
      task_stage: 0,
      delivered_at: null,
      delivery_note: null,
      accepted_at: null,
      rework_reason: null,
    })
    .execute();
  const now = nowIso();
  for (const [stage, def] of definition.stages.entries()) {
    for (const [seq, task] of def.tasks.entries()) {
      await tx.db
        .insertInto('request_tasks')
        .values({
          id: newId(),
          record_id: record.id,
          stage,
          seq,
          title_zh: task.titleZh,
          title_en: task.titleEn,
          description: task.descriptionZh ?? null,
          group_id: task.groupId,
          state: 'waiting',
          note: null,
          completed_by: null,
          completed_at: null,
          created_at: now,
        })
        .execute();
    }
  }
  if (state === 'awaiting_approval') {
    await openApprovalStep(tx, record, definition, 0);
    return record;
  }
  const group = await openStage(tx, record, 0);
  if (group) return (await updateRecord(tx, record, { group_id: group }, 'request.routed', 'request.routed')).record;
  return record;
}

/**
 * A request the system raises on a catalogue item, such as a restock when stock falls to its
 * threshold: the item gives the service, approvals and task stages; the caller gives the facts,
 * as read-only fields and their answers. It goes through the same machine as a submitted one.
 */
export async function raiseRequest({
  tx,
  itemId,
  requesterId,
  organizationId,
  title,
  description,
  form,
  answers,
  channel,
}: {
  tx: Tx;
  itemId: string;
  requesterId: string;
  organizationId: string;
  title: string;
  description: string;
  form: FormField[];
  answers: Answers;
  channel: Channel;
}) {
  const item = await getItem(tx.db, itemId);
  if (!item) throw new AppError('catalog.item_not_found');
  const requester = await getUser(tx.db, requesterId);
  const service = await findService(tx.db, item.serviceId);
  const approvals = resolveApprovers(
    item.approvals,
    { id: requester.id, managerId: requester.manager?.id ?? null },
    service?.owner?.id ?? null,
  );
  const definition: RequestDefinition = { serviceId: item.serviceId, form, approvals, stages: item.stages };
  const next = transition({ state: null, approvalStepsLeft: approvals.length, openTasks: 0 }, 'submit');
  const record = await createRecord(tx, 'request', {
    kind: 'request',
    organization_id: organizationId,
    department_id: null,
    title,
    description,
    state: next.state,
    impact: 4,
    urgency: 4,
    level: 4,
    service_id: item.serviceId,
    channel,
    requester_id: requester.id,
    owner_id: null,
    contact: null,
    created_by: tx.actor?.id ?? requester.id,
  });
  return openRequest(tx, record, item, definition, answers, next.state);
}

export async function approveRequest({ tx, requestId, comment }: { tx: Tx; requestId: string; comment?: string }) {
  const { actor, record, details, approvals, tasks, definition } = await prepare(tx, requestId, 'view');
  const facts = factsOf(record, details, tasks);
  transition(facts, 'approve');
  const mine = approvals.find(
    (a) => a.step === details.approval_step && a.approver_id === actor.id && a.state === 'pending',
  );
  if (!mine) throw new AppError('request.not_approver');
  const now = nowIso();
  await tx.db
    .updateTable('request_approvals')
    .set({ state: 'approved', comment: comment ?? null, decided_at: now })
    .where('id', '=', mine.id)
    .execute();
  const othersPending = approvals.filter((a) => a.step === mine.step && a.id !== mine.id && a.state === 'pending');
  const stepComplete = mine.mode === 'any' || othersPending.length === 0;
  if (mine.mode === 'any' && othersPending.length) {
    // 或签: one approval settles the step; the others are no longer asked.
    await tx.db
      .updateTable('request_approvals')
      .set({ state: 'skipped', decided_at: now })
      .where(
        'id',
        'in',
        othersPending.map((a) => a.id),
      )
      .execute();
  }
  const next = transition({ ...facts, stepCompleteAfterDecision: stepComplete }, 'approve');
  await audit(tx, {
    action: 'request.approve',
    entityType: 'request',
    entityId: record.id,
    organizationId: record.organization_id,
    after: { approvalId: mine.id, step: mine.step + 1, comment },
  });
  await appendTimeline(tx, record.id, {
    type: 'approval_approved',
    body: comment ?? null,
    data: { step: mine.step + 1 },
  });
  tx.emit('request.approval_given', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { approvalId: mine.id, approverId: actor.id, step: mine.step + 1 },
  });
  if (next.state === 'awaiting_approval') {
    if (next.stepAdvanced) await openApprovalStep(tx, record, definition, details.approval_step + 1);
    return record;
  }
  const group = await openStage(tx, record, 0);
  return changeState(tx, record, next.state, {
    audit: 'request.approved',
    event: 'request.approved',
    timeline: { type: 'approved' },
    patch: group ? { group_id: group } : {},
  });
}

export async function rejectRequest({ tx, requestId, comment }: { tx: Tx; requestId: string; comment: string }) {
  const { actor, record, details, approvals, tasks } = await prepare(tx, requestId, 'view');
  const facts = factsOf(record, details, tasks);
  const next = transition(facts, 'reject');
  const mine = approvals.find(
    (a) => a.step === details.approval_step && a.approver_id === actor.id && a.state === 'pending',
  );
  if (!mine) throw new AppError('request.not_approver');
  const now = nowIso();
  await tx.db
    .updateTable('request_approvals')
    .set({ state: 'rejected', comment, decided_at: now })
    .where('id', '=', mine.id)
    .execute();
  await tx.db
    .updateTable('request_approvals')
    .set({ state: 'skipped', decided_at: now })
    .where('record_id', '=', record.id)
    .where('state', '=', 'pending')
    .execute();
  await tx.db
    .updateTable('request_tasks')
    .set({ state: 'cancelled' })
    .where('record_id', '=', record.id)
    .where('state', 'in', ['waiting', 'open'])
    .execute();
  return changeState(tx, record, next.state, {
    audit: 'request.rejected',
    event: 'request.rejected',
    timeline: { type: 'approval_rejected', body: comment, data: { step: mine.step + 1 } },
  });
}

export async function completeTask({
  tx,
  requestId,
  taskId,
  note,
}: {
  tx: Tx;
  requestId: string;
  taskId: string;
  note?: string;
}) {
  const { actor, record, details, tasks } = await prepare(tx, requestId, 'view');
  const task = tasks.find((t) => t.id === taskId);
  if (!task) throw notFound();
  const facts = factsOf(record, details, tasks);
  const next = transition(facts, 'complete_task');
  if (!canWorkTask(actor, task.group_id)) throw new AppError('request.not_task_group');
  if (task.state !== 'open') throw new AppError('request.task_not_open');
  const now = nowIso();
  await tx.db
    .updateTable('request_tasks')
    .set({ state: 'done', note: note ?? null, completed_by: actor.id, completed_at: now })
    .where('id', '=', task.id)
    .execute();
  await audit(tx, {
    action: 'request.complete_task',
    entityType: 'request',
    entityId: record.id,
    organizationId: record.organization_id,
    after: { taskId: task.id, note },
  });
  await appendTimeline(tx, record.id, {
    type: 'task_completed',
    body: note ?? null,
    data: { taskId: task.id, name: task.title_zh, nameEn: task.title_en },
  });
  tx.emit('request.task_completed', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { taskId: task.id, groupId: task.group_id },
  });
  if (next.state === 'delivered') {
    await setDetails(tx, record.id, { delivered_at: now, delivery_note: note ?? null });
    return changeState(tx, record, 'delivered', {
      audit: 'request.delivered',
      event: 'request.delivered',
      timeline: { type: 'delivered', body: note ?? null },
    });
  }
  const stageStillOpen = tasks.some((t) => t.id !== task.id && t.stage === task.stage && t.state === 'open');
  if (!stageStillOpen) {
    // Stages run in order: the next one starts when this one is done.
    const following = tasks.filter((t) => t.stage > task.stage && t.state === 'waiting').map((t) => t.stage);
    if (following.length) {
      const group = await openStage(tx, record, Math.min(...following));
      if (group)
        return (await updateRecord(tx, record, { group_id: group }, 'request.routed', 'request.routed')).record;
    }
  }
  return record;
}

export async function deliverRequest({ tx, requestId, note }: { tx: Tx; requestId: string; note?: string }) {
  const { record, details, tasks } = await prepare(tx, requestId, 'deliver');
  const next = transition(factsOf(record, details, tasks), 'deliver');
  await setDetails(tx, record.id, { delivered_at: nowIso(), delivery_note: note ?? null });
  return changeState(tx, record, next.state, {
    audit: 'request.delivered',
    event: 'request.delivered',
    timeline: { type: 'delivered', body: note ?? null },
  });
}

/** 验收通过: the requester accepts what was delivered; the request closes. */
export async function acceptRequest({ tx, requestId, comment }: { tx: Tx; requestId: string; comment?: string }) {
  const { record, details, tasks } = await prepare(tx, requestId, 'accept');
  const next = transition(factsOf(record, details, tasks), 'accept');
  await setDetails(tx, record.id, { accepted_at: nowIso() });
  return changeState(tx, record, next.state, {
    audit: 'request.accepted',
    event: 'request.accepted',
    timeline: { type: 'accepted', body: comment ?? null },
  });
}

/** 验收不通过: back to fulfilment with the reason; the last stage's tasks open again for rework. */
export async function rejectDelivery({ tx, requestId, reason }: { tx: Tx; requestId: string; reason: string }) {
  const { record, details, tasks } = await prepare(tx, requestId, 'rejectDelivery');
  const next = transition(factsOf(record, details, tasks), 'reject_delivery');
  await setDetails(tx, record.id, { rework_reason: reason, delivered_at: null, delivery_note: null });
  const done = tasks.filter((t) => t.state === 'done');
  const lastStage = done.length ? Math.max(...done.map((t) => t.stage)) : null;
  const updated = await changeState(tx, record, next.state, {
    audit: 'request.delivery_rejected',
    event: 'request.delivery_rejected',
    timeline: { type: 'delivery_rejected', body: reason },
  });
  if (lastStage !== null) await openStage(tx, updated, lastStage);
  return updated;
}

export async function cancelRequest({ tx, requestId, reason }: { tx: Tx; requestId: string; reason: string }) {
  const { record, details, tasks } = await prepare(tx, requestId, 'cancel');
  const next = transition(factsOf(record, details, tasks), 'cancel');
  const now = nowIso();
  await tx.db
    .updateTable('request_approvals')
    .set({ state: 'skipped', decided_at: now })
    .where('record_id', '=', record.id)
    .where('state', '=', 'pending')
    .execute();
  await tx.db
    .updateTable('request_tasks')
    .set({ state: 'cancelled' })
    .where('record_id', '=', record.id)
    .where('state', 'in', ['waiting', 'open'])
    .execute();
  return changeState(tx, record, next.state, {
    audit: 'request.cancelled',
    event: 'request.cancelled',
    timeline: { type: 'cancelled', body: reason },
  });
}

export async function commentOnRequest({
  tx,
  requestId,
  body,
  visibility,
}: {
  tx: Tx;
  requestId: string;
  body: string;
  visibility: TimelineVisibility;
}) {
  const { record, details, tasks } = await prepare(
    tx,
    requestId,
    visibility === 'internal' ? 'commentInternal' : 'comment',
  );
  transition(factsOf(record, details, tasks), 'comment');
  await addComment(tx, record, body, visibility);
  return record;
}

export async function attachToRequest({
  tx,
  requestId,
  file,
  maxBytes,
}: {
  tx: Tx;
  requestId: string;
  file: AttachmentSource;
  maxBytes: number;
}) {
  const { record, subject, actor } = await prepare(tx, requestId, 'attach');
  if (!canViewRequest(actor, subject)) throw new AppError('error.conflict');
  assertNotTerminal(record);
  return addAttachment(tx, record, file, maxBytes);
}
