import type { HoldReason, LinkKind, TimelineVisibility } from '@trellis/core';
import { type Channel, type CreateIncident, type Impact, isStaffRole, levelFor, type Urgency } from '@trellis/core';
import { audit } from '../../platform/audit.js';
import { isoPlus, nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { isStaff, type RecordSubject } from '../../platform/permissions/policy.js';
import { nameAssetOnRecord } from '../assets/index.js';
import { findCategory } from '../categories/index.js';
import { getGroups, getUser, loadActor } from '../directory/index.js';
import {
  type AttachmentSource,
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
import { findService } from '../services/index.js';
import { logTime, totalMinutes } from '../time-tracking/index.js';
import {
  assertOpen,
  DAY_MS,
  incidentDetails,
  prepare,
  setDetails,
  stateChange,
  subjectOf,
  transition,
} from './incident.core.js';
import { canOnRecord } from './incident.policy.js';
import { getIncidentSettings, matrixOf } from './incident.settings.js';
import { escalationStage, scheduleEscalation, stopEscalation } from './incident.tiers.js';

export { type IncidentDetails, incidentDetails, subjectOf } from './incident.core.js';

// ---- use cases, one per verb

export async function reportIncident({ tx, input, channel }: { tx: Tx; input: CreateIncident; channel?: Channel }) {
  const actor = tx.actor!;
  const staff = isStaffRole(actor.role);
  // Staff may log a call on behalf of a requester (热线代录); requesters report for themselves.
  const requesterId = staff && input.requesterId ? input.requesterId : actor.id;
  if (!staff && input.requesterId && input.requesterId !== actor.id) throw new AppError('error.forbidden');
  // The priority matrix is the desk's: a requester who could name the impact could name the level.
  if (!staff && input.impact !== undefined) {
    throw new AppError('incident.impact_by_desk', {}, [{ path: ['impact'], message: 'set by the service desk' }]);
  }
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
  const category = input.categoryId ? await findCategory(tx.db, input.categoryId) : null;
  if (input.categoryId && !category) {
    throw new AppError('error.validation', {}, [{ path: ['categoryId'], message: 'unknown category' }]);
  }
  const settings = await getIncidentSettings(tx.db);
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
    level: levelFor(impact, urgency, matrixOf(settings)),
    category_id: input.categoryId ?? null,
    service_id: category?.serviceId ?? null,
    // Staff record how a call came in; a requester's own report comes from where they are.
    channel: (staff ? input.channel : undefined) ?? channel ?? (staff ? 'phone' : 'portal'),
    affected_scope: input.affectedScope ?? null,
    contact: input.contact ?? null,
    requester_id: requesterId,
    // The agent who takes the call is its first contact and owns it (首问负责制).
    owner_id: staff ? actor.id : null,
    created_by: actor.id,
  });
  // The first tier's clock starts at once: nobody taking it is exactly what escalation is for.
  const stage = escalationStage(record, settings, record.created_at);
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
      hold_kind: null,
      time_spent_minutes: null,
      knowledge_ref: null,
      ci_changed: 0,
      auto_confirmed: 0,
      callback_by: null,
      callback_at: null,
      callback_note: null,
      major: 0,
      major_at: null,
      major_by: null,
      merged_into_id: null,
      ...stage,
    })
    .execute();
  // The asset comes with the report, so a refused asset leaves no incident behind it.
  if (input.assetId) await nameAssetOnRecord({ tx, record, assetId: input.assetId });
  return record;
}

/** 首问负责制: the first agent to take an incident owns it for good; later takers only work on it. */
export async function takeIncident({ tx, incidentId }: { tx: Tx; incidentId: string }) {
  const { actor, record, subject } = await prepare(tx, incidentId, 'take');
  const state = transition(subject, 'take');
  if (record.assignee_id === actor.id) throw new AppError('error.conflict');
  // Taking claims an unclaimed record; moving one from a colleague is an assignment, said out loud.
  // The record is locked since loadForAction, so of two racing takers the second sees the first here.
  if (record.assignee_id) {
    const holder = await getUser(tx.db, record.assignee_id).catch(() => null);
    const name = holder?.name ?? '—';
    throw new AppError('incident.already_taken', { name }, { assignee: { id: record.assignee_id, name } });
  }
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
    'incident.taken',
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
  const { actor, record, subject, settings } = await prepare(tx, incidentId, 'assign');
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
    'incident.assigned',
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
  if (updated.group_id !== record.group_id) await scheduleEscalation(tx, updated, settings);
  return updated;
}

export async function classifyIncident({
  tx,
  incidentId,
  categoryId,
  serviceId,
  impact,
  urgency,
}: {
  tx: Tx;
  incidentId: string;
  categoryId?: string | null;
  serviceId?: string | null;
  impact?: Impact;
  urgency?: Urgency;
}) {
  const { record, subject, details, settings } = await prepare(tx, incidentId, 'classify');
  transition(subject, 'classify');
  const category = categoryId ? await findCategory(tx.db, categoryId) : null;
  if (categoryId && !category) {
    throw new AppError('error.validation', {}, [{ path: ['categoryId'], message: 'unknown category' }]);
  }
  if (serviceId && !(await findService(tx.db, serviceId))?.active) {
    throw new AppError('error.validation', {}, [{ path: ['serviceId'], message: 'unknown service' }]);
  }
  // Not naming a service takes the one the chosen category belongs to, if any.
  const newService = serviceId !== undefined ? serviceId : category?.serviceId ? category.serviceId : record.service_id;
  const newImpact = impact ?? (record.impact as Impact);
  const newUrgency = urgency ?? (record.urgency as Urgency);
  const { record: updated, changes } = await updateRecord(
    tx,
    record,
    {
      category_id: categoryId === undefined ? record.category_id : categoryId,
      service_id: newService,
      impact: newImpact,
      urgency: newUrgency,
      level: levelFor(newImpact, newUrgency, matrixOf(settings)),
    },
    'incident.classify',
    'incident.classified',
  );
  // A new level means a new time limit for the stage already under way.
  if (updated.level !== record.level && details.escalation_token !== null) {
    await scheduleEscalation(tx, updated, settings, details.stage_started_at ?? nowIso());
  }
  if (Object.keys(changes.after).length) {
    const before = changes.before as Record<string, unknown>;
    const after = changes.after as Record<string, unknown>;
    const fieldChanges = Object.fromEntries(
      Object.keys(after).map((k) => [
        k === 'category_id' ? 'category' : k === 'service_id' ? 'service' : k,
        { from: before[k], to: after[k] },
      ]),
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

/** 挂起: waiting for the requester, a supplier or a change (or another stated reason). */
export async function holdIncident({
  tx,
  incidentId,
  kind,
  reason,
}: {
  tx: Tx;
  incidentId: string;
  kind: HoldReason;
  reason?: string;
}) {
  const { record, subject } = await prepare(tx, incidentId, 'hold');
  const state = transition(subject, 'hold');
  await setDetails(tx, record.id, { hold_kind: kind, hold_reason: reason || null });
  await stopEscalation(tx, record.id);
  return stateChange(tx, record, state, 'held', { body: reason || null, data: { kind } });
}

export async function resumeIncident({ tx, incidentId }: { tx: Tx; incidentId: string }) {
  const { record, subject, settings } = await prepare(tx, incidentId, 'resume');
  const state = transition(subject, 'resume');
  await setDetails(tx, record.id, { hold_reason: null, hold_kind: null });
  const updated = await stateChange(tx, record, state, 'resumed');
  // Time on hold does not count against the tier: the stage starts again.
  await scheduleEscalation(tx, updated, settings);
  return updated;
}

export interface HandlingRecord {
  cause: string;
  solution: string;
  /** Minutes spent in all; what the time log lacks is logged for the resolver. */
  timeSpentMinutes: number;
  knowledgeRef?: string;
  ciChanged?: boolean;
}

/** Until when a silent requester has to confirm; the recurring auto-confirm job acts after that. */
const autoConfirmAt = (record: WorkRecord, settings: { autoConfirmDays: number }) =>
  isoPlus(record.resolved_at!, settings.autoConfirmDays * DAY_MS);

async function writeHandlingRecord(tx: Tx, record: WorkRecord, handling: HandlingRecord, resolvedBy: string) {
  await setDetails(tx, record.id, {
    resolution_cause: handling.cause,
    resolution_solution: handling.solution,
    resolved_by: resolvedBy,
    time_spent_minutes: handling.timeSpentMinutes,
    knowledge_ref: handling.knowledgeRef || null,
    ci_changed: handling.ciChanged ? 1 : 0,
    hold_reason: null,
    hold_kind: null,
    confirmed_at: null,
  });
  await stopEscalation(tx, record.id);
  await audit(tx, {
    action: 'incident.handling_record',
    entityType: 'incident',
    entityId: record.id,
    organizationId: record.organization_id,
    after: handling,
  });
}

/** Resolution requires the handling record (事件处理单): cause, solution, time spent, knowledge, CI change. */
export async function resolveIncident({
  tx,
  incidentId,
  resolveChildren,
  ...handling
}: {
  tx: Tx;
  incidentId: string;
  resolveChildren?: boolean;
} & HandlingRecord) {
  const { actor, record, subject, settings } = await prepare(tx, incidentId, 'resolve');
  const state = transition(subject, 'resolve');
  if (!handling.cause.trim() || !handling.solution.trim()) throw new AppError('incident.resolution_required');
  if (!(handling.timeSpentMinutes > 0)) throw new AppError('incident.resolution_required');
  const logged = await totalMinutes(tx.db, record.id);
  if (handling.timeSpentMinutes > logged) {
    await logTime(tx, record, { userId: actor.id, minutes: handling.timeSpentMinutes - logged, note: null });
  }
  const spent = Math.max(handling.timeSpentMinutes, logged);
  const filled = { ...handling, timeSpentMinutes: spent };
  await writeHandlingRecord(tx, record, filled, actor.id);
  // Whoever resolves an unowned incident has, in effect, taken it first.
  const resolved = await stateChange(tx, record, state, 'resolved', {
    data: { cause: filled.cause, solution: filled.solution, timeSpentMinutes: spent, ciChanged: !!filled.ciChanged },
    patch: { owner_id: record.owner_id ?? actor.id },
  });
  const confirmAt = autoConfirmAt(resolved, settings);
  tx.emit('incident.resolved', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { resolvedBy: actor.id, requesterId: record.requester_id, autoConfirmAt: confirmAt },
  });
  if (resolveChildren) await resolveChildrenOf(tx, resolved, filled, settings);
  return resolved;
}

/** One outage, many reports: the parent's handling record closes its open children too. */
async function resolveChildrenOf(
  tx: Tx,
  parent: WorkRecord,
  handling: HandlingRecord,
  settings: { autoConfirmDays: number; autoConfirmNoticeHours: number },
) {
  const actor = tx.actor!;
  const children = await tx.db
    .selectFrom('record_links')
    .innerJoin('work_records', 'work_records.id', 'record_links.to_id')
    .select('work_records.id')
    .where('record_links.from_id', '=', parent.id)
    .where('record_links.kind', '=', 'parent_of')
    .where('work_records.kind', '=', 'incident')
    .where('work_records.state', 'in', ['pending', 'in_progress', 'on_hold'])
    .execute();
  for (const { id } of children) {
    const child = await lockRecord(tx, id);
    const details = await incidentDetails(tx.db, id);
    if (!canOnRecord(actor, 'resolve', subjectOf(child, details))) continue;
    // A child nobody took yet is resolved all the same: the outage behind it is over.
    await writeHandlingRecord(tx, child, { ...handling, timeSpentMinutes: 0 }, actor.id);
    const resolved = await stateChange(tx, child, 'resolved', 'resolved', {
      data: { cause: handling.cause, solution: handling.solution, target: parent.number, parentId: parent.id },
      patch: { owner_id: child.owner_id ?? actor.id },
    });
    const confirmAt = autoConfirmAt(resolved, settings);
    tx.emit('incident.resolved', {
      recordId: child.id,
      organizationId: child.organization_id,
      payload: { resolvedBy: actor.id, requesterId: child.requester_id, autoConfirmAt: confirmAt, parentId: parent.id },
    });
  }
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
  tx.emit('incident.confirmed', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { rating },
  });
  if (rating <= 2) await openFollowup(tx, record, rating, comment ?? null);
  return record;
}

/** A rating of 2 or less goes to the service manager (the service's owner when there is one). */
async function openFollowup(tx: Tx, record: WorkRecord, rating: number, comment: string | null) {
  const service = record.service_id ? await findService(tx.db, record.service_id) : null;
  const row = {
    id: newId(),
    record_id: record.id,
    organization_id: record.organization_id,
    rating,
    comment,
    owner_id: service?.owner?.id ?? null,
    state: 'open' as const,
    created_at: nowIso(),
    closed_at: null,
    closed_by: null,
    note: null,
  };
  await tx.db.insertInto('incident_followups').values(row).execute();
  await appendTimeline(tx, record.id, { type: 'followup_opened', visibility: 'internal', data: { rating } });
  await audit(tx, {
    action: 'incident.followup_open',
    entityType: 'incident',
    entityId: record.id,
    organizationId: record.organization_id,
    after: row,
  });
  tx.emit('incident.followup_opened', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { followupId: row.id, rating, ownerId: row.owner_id },
  });
}

/** The requester may reopen within the configured period after resolution; staff before sign-off. */
export async function reopenIncident({ tx, incidentId, reason }: { tx: Tx; incidentId: string; reason: string }) {
  const { actor, record, subject, settings } = await prepare(tx, incidentId, 'reopen');
  const state = transition(subject, 'reopen', { staff: isStaff(actor), reopenDays: settings.reopenDays });
  const updated = await stateChange(tx, record, state, 'reopened', { body: reason });
  await scheduleEscalation(tx, updated, settings);
  return updated;
}

/** 归档: the callback (回访) is recorded, the survey goes out, the record becomes history. */
export async function archiveIncident({
  tx,
  incidentId,
  callbackNote,
  callbackAt,
}: {
  tx: Tx;
  incidentId: string;
  callbackNote: string;
  callbackAt?: string;
}) {
  const { actor, record, subject } = await prepare(tx, incidentId, 'archive');
  const state = transition(subject, 'archive');
  const now = nowIso();
  const at = callbackAt && !Number.isNaN(Date.parse(callbackAt)) ? new Date(callbackAt).toISOString() : now;
  await setDetails(tx, record.id, {
    archived_at: now,
    callback_by: actor.id,
    callback_at: at,
    callback_note: callbackNote,
  });
  const archived = await stateChange(tx, record, state, 'archived', { data: { callbackNote, callbackAt: at } });
  tx.emit('incident.survey_requested', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { requesterId: record.requester_id },
  });
  return archived;
}

export async function cancelIncident({ tx, incidentId, reason }: { tx: Tx; incidentId: string; reason: string }) {
  const { record, subject } = await prepare(tx, incidentId, 'cancel');
  const state = transition(subject, 'cancel');
  await stopEscalation(tx, record.id);
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
  file: AttachmentSource;
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

/** 工时: minutes on this record by the actor, on a given day. */
export async function logTimeOnIncident({
  tx,
  incidentId,
  minutes,
  workDate,
  note,
}: {
  tx: Tx;
  incidentId: string;
  minutes: number;
  workDate?: string;
  note?: string;
}) {
  const { actor, record, subject } = await prepare(tx, incidentId, 'logTime');
  transition(subject, 'logTime');
  const entry = await logTime(tx, record, { userId: actor.id, minutes, workDate, note: note || null });
  await appendTimeline(tx, record.id, {
    type: 'time_logged',
    visibility: 'internal',
    body: note || null,
    data: { minutes, workDate: entry.work_date },
  });
  return record;
}
