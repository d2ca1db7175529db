import type { LinkKind, TimelineVisibility } from '@trellis/core';
import {
  type Channel,
  type CreateIncident,
  type Impact,
  type IncidentAction,
  type IncidentState,
  isStaffRole,
  levelFor,
  nextIncidentState,
  TERMINAL_INCIDENT_STATES,
  type Urgency,
} from '@trellis/core';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { canOnRecord, type RecordAction, type RecordSubject } from '../../platform/permissions/policy.js';
import { findCategory } from '../categories/index.js';
import { getGroups, getUser, loadActor } from '../directory/index.js';
import {
  addAttachment,
  addComment,
  addLink,
  addWatcher,
  appendTimeline,
  createRecord,
  findRecordRow,
  loadVisibleRecord,
  lockRecord,
  removeWatcher,
  updateRecord,
  type WorkRecord,
} from '../records/index.js';

export interface IncidentDetails {
  resolution_cause: string | null;
  resolution_solution: string | null;
  resolved_by: string | null;
  confirmed_at: string | null;
  rating: number | null;
  rating_comment: string | null;
  archived_at: string | null;
  hold_reason: string | null;
}

export async function incidentDetails(tx: Tx, recordId: string): Promise<IncidentDetails> {
  return tx.db.selectFrom('incident_details').selectAll().where('record_id', '=', recordId).executeTakeFirstOrThrow();
}

export function subjectOf(record: WorkRecord, details: Pick<IncidentDetails, 'confirmed_at'>): RecordSubject {
  return {
    organizationId: record.organization_id,
    departmentId: record.department_id,
    requesterId: record.requester_id,
    ownerId: record.owner_id,
    assigneeId: record.assignee_id,
    groupId: record.group_id,
    state: record.state as IncidentState,
    confirmed: details.confirmed_at !== null,
  };
}

/** Loads an incident for an action: visible, permitted, and legal in its state. */
async function prepare(tx: Tx, idOrNumber: string, action: RecordAction) {
  const actor = tx.actor!;
  const visible = await loadVisibleRecord(tx.db, actor, idOrNumber, 'incident');
  // Racing takes or a double-clicked confirm must see each other's result.
  const record = await lockRecord(tx, visible.id);
  const details = await incidentDetails(tx, record.id);
  const subject = subjectOf(record, details);
  if (!canOnRecord(actor, action, subject)) throw new AppError('error.forbidden');
  return { actor, record, details, subject };
}

function transition(
  subject: RecordSubject,
  action: IncidentAction,
  options?: { assigningPerson?: boolean },
): IncidentState {
  const result = nextIncidentState(
    { state: subject.state, hasAssignee: subject.assigneeId !== null, confirmed: subject.confirmed },
    action,
    options,
  );
  if (!result.ok) {
    throw new AppError(
      result.code,
      { state: `state.${subject.state}`, action: `action.${action}` },
      { state: subject.state, action },
    );
  }
  return result.state;
}

/** Archived and cancelled records are history: no attachments, watchers or links are added to them. */
function assertOpen(subject: RecordSubject) {
  if (TERMINAL_INCIDENT_STATES.includes(subject.state)) throw new AppError('error.conflict');
}

async function setDetails(tx: Tx, recordId: string, patch: Partial<IncidentDetails>) {
  await tx.db.updateTable('incident_details').set(patch).where('record_id', '=', recordId).execute();
}

/** Timeline entries read in the past tense; audit actions and events name the verb. */
const VERB_OF: Record<string, IncidentAction> = {
  held: 'hold',
  resumed: 'resume',
  resolved: 'resolve',
  reopened: 'reopen',
  archived: 'archive',
  cancelled: 'cancel',
};

async function stateChange(
  tx: Tx,
  record: WorkRecord,
  to: IncidentState,
  type: string,
  extra: { body?: string; data?: Record<string, unknown>; patch?: Partial<WorkRecord> } = {},
) {
  const from = record.state;
  const patch: Partial<WorkRecord> = { ...extra.patch, state: to };
  if (to === 'resolved') patch.resolved_at = nowIso();
  if (to === 'in_progress' && from === 'resolved') patch.resolved_at = null;
  if (to === 'archived' || to === 'cancelled') patch.closed_at = nowIso();
  const result = await updateRecord(tx, record, patch, `incident.${VERB_OF[type] ?? type}`);
  await appendTimeline(tx, record.id, {
    type,
    body: extra.body ?? null,
    data: { ...(from !== to ? { from, to } : {}), ...extra.data },
  });
  return result.record;
}

// ---- use cases, one per verb

export async function reportIncident({ tx, input, channel }: { tx: Tx; input: CreateIncident; channel?: Channel }) {
  const actor = tx.actor!;
  const staff = isStaffRole(actor.role);
  // Staff may log a call on behalf of a requester (热线代录); requesters report for themselves.
  const requesterId = staff && input.requesterId ? input.requesterId : actor.id;
  if (!staff && input.requesterId && input.requesterId !== actor.id) throw new AppError('error.forbidden');
  const requester =
    requesterId === actor.id
      ? null
      : await tx.db.selectFrom('users').selectAll().where('id', '=', requesterId).executeTakeFirst();
  if (requesterId !== actor.id && !requester?.active) {
    throw new AppError('error.validation', {}, [{ path: ['requesterId'], message: 'unknown requester' }]);
  }
  const organizationId = requester?.organization_id ?? actor.organizationId;
  const departmentId = requester ? requester.department_id : actor.departmentId;
  // Logging for someone else is only for the organisations the agent serves.
  if (requester && !canOnRecord(actor, 'take', { organizationId } as RecordSubject))
    throw new AppError('error.forbidden');
  if (input.categoryId && !(await findCategory(tx.db, input.categoryId))) {
    throw new AppError('error.validation', {}, [{ path: ['categoryId'], message: 'unknown category' }]);
  }
  const impact = (input.impact ?? 3) as Impact;
  const urgency = (input.urgency ?? 3) as Urgency;
  const record = await createRecord(tx, 'incident', {
    kind: 'incident',
    organization_id: organizationId,
    department_id: departmentId,
    title: input.title,
    description: input.description,
    state: 'pending',
    impact,
    urgency,
    level: levelFor(impact, urgency),
    category_id: input.categoryId ?? null,
    // Staff record how a call came in; a requester's own report comes from where they are.
    channel: (staff ? input.channel : undefined) ?? channel ?? (staff ? 'phone' : 'portal'),
    affected_scope: input.affectedScope ?? null,
    contact: input.contact ?? null,
    requester_id: requesterId,
    // The agent who takes the call is its first contact and owns it (首问负责制).
    owner_id: staff ? actor.id : null,
    created_by: actor.id,
  });
  await tx.db
    .insertInto('incident_details')
    .values({
      record_id: record.id,
      resolution_cause: null,
      resolution_solution: null,
      resolved_by: null,
      confirmed_at: null,
      rating: null,
      rating_comment: null,
      archived_at: null,
      hold_reason: null,
    })
    .execute();
  return record;
}

/** 首问负责制: the first agent to take an incident owns it for good; later takers only work on it. */
export async function takeIncident({ tx, incidentId }: { tx: Tx; incidentId: string }) {
  const { actor, record, subject } = await prepare(tx, incidentId, 'take');
  const state = transition(subject, 'take');
  if (record.assignee_id === actor.id) throw new AppError('error.conflict');
  // File it under one of the taker's groups that serves the record's organisation.
  const serving = (await getGroups(tx.db, actor.groupIds))
    .filter((g) => g.active && g.servedOrganizationIds.includes(record.organization_id))
    .map((g) => g.id);
  const group =
    record.group_id && serving.includes(record.group_id) ? record.group_id : (serving[0] ?? record.group_id);
  const { record: updated } = await updateRecord(
    tx,
    record,
    { owner_id: record.owner_id ?? actor.id, assignee_id: actor.id, group_id: group, state },
    'incident.take',
  );
  await appendTimeline(tx, record.id, {
    type: 'taken',
    data: { owner: record.owner_id === null, ...(record.state !== state ? { from: record.state, to: state } : {}) },
  });
  return updated;
}

export async function assignIncident({
  tx,
  incidentId,
  groupId,
  assigneeId,
  note,
}: {
  tx: Tx;
  incidentId: string;
  groupId?: string | null;
  assigneeId?: string | null;
  note?: string;
}) {
  const { actor, record, subject } = await prepare(tx, incidentId, 'assign');
  const targetGroupId = groupId ?? record.group_id;
  const group = targetGroupId ? (await getGroups(tx.db, [targetGroupId]))[0] : undefined;
  if (targetGroupId && !group?.active)
    throw new AppError('error.validation', {}, [{ path: ['groupId'], message: 'unknown group' }]);
  if (group && !group.servedOrganizationIds.includes(record.organization_id)) throw new AppError('incident.not_served');
  let assignee: { id: string; name: string } | null = null;
  if (assigneeId) {
    const user = await getUser(tx.db, assigneeId).catch(() => null);
    if (!user?.active || !isStaffRole(user.role))
      throw new AppError('error.validation', {}, [{ path: ['assigneeId'], message: 'unknown assignee' }]);
    if (group && !group.memberIds.includes(user.id)) throw new AppError('incident.assignee_not_in_group');
    // The assignee must be able to see and work on the record, not merely exist.
    const assigneeActor = await loadActor(tx.db, user.id);
    if (!assigneeActor || !canOnRecord(assigneeActor, 'take', subject)) throw new AppError('incident.not_served');
    assignee = { id: user.id, name: user.name };
  }
  const state = transition(subject, 'assign', { assigningPerson: assignee !== null });
  // A new group without a named person leaves the record to that group's queue.
  const newAssignee = assignee ? assignee.id : groupId && groupId !== record.group_id ? null : record.assignee_id;
  const { record: updated } = await updateRecord(
    tx,
    record,
    {
      group_id: targetGroupId,
      assignee_id: newAssignee,
      owner_id: record.owner_id ?? (assignee ? actor.id : null),
      state,
    },
    'incident.assign',
  );
  const target = [group?.name, assignee?.name].filter(Boolean).join(' / ');
  await appendTimeline(tx, record.id, {
    type: 'assigned',
    body: note ?? null,
    data: {
      target,
      groupId: targetGroupId,
      assigneeId: newAssignee,
      tier: group?.tier,
      ...(record.state !== state ? { from: record.state, to: state } : {}),
    },
  });
  return updated;
}

export async function classifyIncident({
  tx,
  incidentId,
  categoryId,
  impact,
  urgency,
}: {
  tx: Tx;
  incidentId: string;
  categoryId?: string | null;
  impact?: Impact;
  urgency?: Urgency;
}) {
  const { record, subject } = await prepare(tx, incidentId, 'classify');
  transition(subject, 'classify');
  if (categoryId && !(await findCategory(tx.db, categoryId))) {
    throw new AppError('error.validation', {}, [{ path: ['categoryId'], message: 'unknown category' }]);
  }
  const newImpact = impact ?? (record.impact as Impact);
  const newUrgency = urgency ?? (record.urgency as Urgency);
  const { record: updated, changes } = await updateRecord(
    tx,
    record,
    {
      category_id: categoryId === undefined ? record.category_id : categoryId,
      impact: newImpact,
      urgency: newUrgency,
      level: levelFor(newImpact, newUrgency),
    },
    'incident.classify',
  );
  if (Object.keys(changes.after).length) {
    const before = changes.before as Record<string, unknown>;
    const after = changes.after as Record<string, unknown>;
    const fieldChanges = Object.fromEntries(
      Object.keys(after).map((k) => [k === 'category_id' ? 'category' : k, { from: before[k], to: after[k] }]),
    );
    await appendTimeline(tx, record.id, { type: 'classified', data: { changes: fieldChanges } });
  }
  return updated;
}

export async function commentOnIncident({
  tx,
  incidentId,
  body,
  visibility,
}: {
  tx: Tx;
  incidentId: string;
  body: string;
  visibility: TimelineVisibility;
}) {
  const { record, subject } = await prepare(tx, incidentId, visibility === 'internal' ? 'commentInternal' : 'comment');
  transition(subject, 'comment');
  await addComment(tx, record, body, visibility);
  return record;
}

export async function holdIncident({ tx, incidentId, reason }: { tx: Tx; incidentId: string; reason: string }) {
  const { record, subject } = await prepare(tx, incidentId, 'hold');
  const state = transition(subject, 'hold');
  await setDetails(tx, record.id, { hold_reason: reason });
  return stateChange(tx, record, state, 'held', { body: reason });
}

export async function resumeIncident({ tx, incidentId }: { tx: Tx; incidentId: string }) {
  const { record, subject } = await prepare(tx, incidentId, 'resume');
  const state = transition(subject, 'resume');
  await setDetails(tx, record.id, { hold_reason: null });
  return stateChange(tx, record, state, 'resumed');
}

/** Resolution requires the handling record (事件处理单): what caused it and what fixed it. */
export async function resolveIncident({
  tx,
  incidentId,
  cause,
  solution,
}: {
  tx: Tx;
  incidentId: string;
  cause: string;
  solution: string;
}) {
  const { actor, record, subject } = await prepare(tx, incidentId, 'resolve');
  const state = transition(subject, 'resolve');
  if (!cause.trim() || !solution.trim()) throw new AppError('incident.resolution_required');
  await setDetails(tx, record.id, {
    resolution_cause: cause,
    resolution_solution: solution,
    resolved_by: actor.id,
    hold_reason: null,
    confirmed_at: null,
  });
  await audit(tx, {
    action: 'incident.handling_record',
    entityType: 'incident',
    entityId: record.id,
    organizationId: record.organization_id,
    after: { cause, solution },
  });
  // Whoever resolves an unowned incident has, in effect, taken it first.
  return stateChange(tx, record, state, 'resolved', {
    data: { cause, solution },
    patch: { owner_id: record.owner_id ?? actor.id },
  });
}

/** 签字确认: the requester accepts the resolution and rates the service. */
export async function confirmIncident({
  tx,
  incidentId,
  rating,
  comment,
}: {
  tx: Tx;
  incidentId: string;
  rating: number;
  comment?: string;
}) {
  const { record, subject } = await prepare(tx, incidentId, 'confirm');
  transition(subject, 'confirm');
  const now = nowIso();
  await setDetails(tx, record.id, { confirmed_at: now, rating, rating_comment: comment ?? null });
  await audit(tx, {
    action: 'incident.confirm',
    entityType: 'incident',
    entityId: record.id,
    organizationId: record.organization_id,
    after: { confirmed_at: now, rating, comment },
  });
  await appendTimeline(tx, record.id, { type: 'confirmed', body: comment ?? null, data: { rating } });
  tx.events.push({
    type: 'incident.confirmed',
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { rating },
  });
  return record;
}

export async function reopenIncident({ tx, incidentId, reason }: { tx: Tx; incidentId: string; reason: string }) {
  const { record, subject } = await prepare(tx, incidentId, 'reopen');
  const state = transition(subject, 'reopen');
  return stateChange(tx, record, state, 'reopened', { body: reason });
}

export async function archiveIncident({ tx, incidentId }: { tx: Tx; incidentId: string }) {
  const { record, subject } = await prepare(tx, incidentId, 'archive');
  const state = transition(subject, 'archive');
  await setDetails(tx, record.id, { archived_at: nowIso() });
  return stateChange(tx, record, state, 'archived');
}

export async function cancelIncident({ tx, incidentId, reason }: { tx: Tx; incidentId: string; reason: string }) {
  const { record, subject } = await prepare(tx, incidentId, 'cancel');
  const state = transition(subject, 'cancel');
  return stateChange(tx, record, state, 'cancelled', { body: reason });
}

export async function attachToIncident({
  tx,
  incidentId,
  file,
  maxBytes,
}: {
  tx: Tx;
  incidentId: string;
  file: { filename: string; content: Buffer };
  maxBytes: number;
}) {
  const { record, subject } = await prepare(tx, incidentId, 'attach');
  assertOpen(subject);
  return addAttachment(tx, record, file, maxBytes);
}

export async function watchIncident({
  tx,
  incidentId,
  userId,
  remove,
}: {
  tx: Tx;
  incidentId: string;
  userId: string;
  remove?: boolean;
}) {
  const { record, subject } = await prepare(tx, incidentId, 'watch');
  assertOpen(subject);
  const user = await getUser(tx.db, userId).catch(() => null);
  if (!user) throw new AppError('error.validation', {}, [{ path: ['userId'], message: 'unknown user' }]);
  if (remove) {
    await removeWatcher(tx, record, user);
    return record;
  }
  // A watcher hears about the record, so must be someone allowed to see it.
  const watcher = await loadActor(tx.db, user.id);
  if (!watcher || !canOnRecord(watcher, 'view', subject))
    throw new AppError('error.validation', {}, [{ path: ['userId'], message: 'this person cannot see the record' }]);
  await addWatcher(tx, record, user);
  return record;
}

export async function linkIncident({
  tx,
  incidentId,
  target,
  kind,
}: {
  tx: Tx;
  incidentId: string;
  target: string;
  kind: LinkKind;
}) {
  const { actor, record, subject } = await prepare(tx, incidentId, 'link');
  assertOpen(subject);
  const other = await findRecordRow(tx.db, target);
  if (!other) throw notFound();
  // Linking reveals a record's number and title: the actor must be able to see it.
  await loadVisibleRecord(tx.db, actor, other.id, other.kind);
  await addLink(tx, record, other, kind);
  return record;
}
