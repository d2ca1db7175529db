import { type IncidentSettings, isStaffRole, LEVELS, type Level } from '@trellis/core';
import { audit } from '../../platform/audit.js';
import { isoPlus, nowIso, nowMs } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { getGroups, getUser, loadActor } from '../directory/index.js';
import { addWatcher, appendTimeline, lockRecord, updateRecord, type WorkRecord } from '../records/index.js';
import { businessDeadlines } from '../sla/index.js';
import { incidentDetails, prepare, setDetails, transition } from './incident.core.js';
import { canOnRecord } from './incident.policy.js';
import { getIncidentSettings } from './incident.settings.js';

/**
 * Tiers (一线 → 二线 → 三线): functional escalation (transfer with a reason), hierarchical
 * escalation to the group's manager, collaborators, and the automatic escalation when a
 * level's time limit at one tier passes.
 */

/**
 * Starts a new stage: the record's limit counts from `startAt`. The token makes older jobs
 * for this record stale, so each stage escalates at most once.
 */
export async function scheduleEscalation(
  tx: Tx,
  record: Pick<WorkRecord, 'id' | 'level'>,
  settings: IncidentSettings,
  startAt = nowIso(),
) {
  await setDetails(tx, record.id, escalationStage(record, settings, startAt));
}

/** The stage's fields, for callers that write the details row themselves (a new record). */
export function escalationStage(record: Pick<WorkRecord, 'level'>, settings: IncidentSettings, startAt: string) {
  const minutes = settings.escalationMinutes[record.level as Level];
  return { stage_started_at: startAt, escalation_token: minutes == null ? null : newId() };
}

/**
 * The recurring job's query: open records whose stage has outlived its level's limit in business
 * time, on the calendar of the record's SLA (wall-clock where no SLA applies). Business time never
 * runs faster than the wall clock, so SQL first narrows to stages whose limit passed on the wall
 * clock, page by page, and the calendar decides among those. The job runs in one process at a time
 * (the runner claims it exclusively); each record is then re-checked under its lock, so a record
 * escalates once per stage even if two sweeps overlap.
 */
export async function dueEscalations(db: Db, settings: IncidentSettings, limit = 200) {
  const now = nowIso();
  const limits = LEVELS.flatMap((level) => {
    const minutes = settings.escalationMinutes[level];
    return minutes == null ? [] : [{ level, before: isoPlus(now, -minutes * 60_000) }];
  });
  if (limits.length === 0) return [];
  const due: { recordId: string; token: string | null }[] = [];
  let after: Cursor = null;
  while (due.length < limit) {
    const page = await escalationCandidates(db, limits, after);
    if (!page.length) break;
    const last = page[page.length - 1]!;
    after = { at: last.stageStartedAt!, id: last.recordId };
    const deadlines = await businessDeadlines(
      db,
      page.map((r) => ({
        recordId: r.recordId,
        startAt: r.stageStartedAt!,
        minutes: settings.escalationMinutes[r.level as Level]!,
      })),
    );
    for (const r of page) {
      const at = deadlines.get(r.recordId);
      if (at != null && at <= Date.parse(now)) due.push({ recordId: r.recordId, token: r.token });
    }
    if (page.length < 500) break;
  }
  return due.slice(0, limit);
}

type Cursor = { at: string; id: string } | null;

/** Stages whose limit passed on the wall clock, oldest first, 500 after `cursor`. */
function escalationCandidates(db: Db, limits: { level: Level; before: string }[], cursor: Cursor) {
  return db
    .selectFrom('incident_details')
    .innerJoin('work_records', 'work_records.id', 'incident_details.record_id')
    .select([
      'work_records.id as recordId',
      'work_records.level',
      'incident_details.escalation_token as token',
      'incident_details.stage_started_at as stageStartedAt',
    ])
    .where('incident_details.escalation_token', 'is not', null)
    .where('work_records.state', 'in', ['pending', 'in_progress'])
    .where((eb) =>
      eb.or(
        limits.map(({ level, before }) =>
          eb.and([eb('work_records.level', '=', level), eb('incident_details.stage_started_at', '<=', before)]),
        ),
      ),
    )
    .$if(cursor !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('incident_details.stage_started_at', '>', cursor!.at),
          eb.and([eb('incident_details.stage_started_at', '=', cursor!.at), eb('work_records.id', '>', cursor!.id)]),
        ]),
      ),
    )
    .orderBy('incident_details.stage_started_at')
    .orderBy('work_records.id')
    .limit(500)
    .execute();
}

/** Whether the stage's limit has passed in the record's business time. */
async function stageOutlived(db: Db, recordId: string, stageStartedAt: string, minutes: number) {
  const at = (await businessDeadlines(db, [{ recordId, startAt: stageStartedAt, minutes }])).get(recordId);
  return at != null && at <= nowMs();
}

/** No automatic escalation while nobody is expected to work on it (on hold, resolved, closed). */
export async function stopEscalation(tx: Tx, recordId: string) {
  await setDetails(tx, recordId, { escalation_token: null });
}

const tierOf = async (tx: Tx, groupId: string | null) =>
  groupId ? ((await getGroups(tx.db, [groupId]))[0] ?? null) : null;

async function moveToGroup(
  tx: Tx,
  record: WorkRecord,
  target: { id: string; name: string; tier: number },
  assignee: { id: string; name: string } | null,
  state: WorkRecord['state'],
  action: string,
) {
  const from = await tierOf(tx, record.group_id);
  const { record: updated } = await updateRecord(
    tx,
    record,
    { group_id: target.id, assignee_id: assignee?.id ?? null, state },
    action,
    null, // the caller emits incident.transferred or incident.escalated
  );
  return { updated, from };
}

/** Functional escalation: hand the record to another group or tier, always with a reason. */
export async function transferIncident({
  tx,
  incidentId,
  groupId,
  assigneeId,
  reason,
}: {
  tx: Tx;
  incidentId: string;
  groupId: string;
  assigneeId?: string | null;
  reason: string;
}) {
  const { actor, record, subject, settings } = await prepare(tx, incidentId, 'transfer');
  const group = (await getGroups(tx.db, [groupId]))[0];
  if (!group?.active) throw new AppError('error.validation', {}, [{ path: ['groupId'], message: 'unknown group' }]);
  if (group.id === record.group_id && !assigneeId) throw new AppError('incident.transfer_same_group');
  if (!group.servedOrganizationIds.includes(record.organization_id)) throw new AppError('incident.not_served');
  let assignee: { id: string; name: string } | null = null;
  if (assigneeId) {
    const user = await getUser(tx.db, assigneeId).catch(() => null);
    if (!user?.active || !isStaffRole(user.role))
      throw new AppError('error.validation', {}, [{ path: ['assigneeId'], message: 'unknown assignee' }]);
    if (!group.memberIds.includes(user.id)) throw new AppError('incident.assignee_not_in_group');
    assignee = { id: user.id, name: user.name };
  }
  const state = transition(subject, 'transfer', { assigningPerson: assignee !== null });
  const { updated, from } = await moveToGroup(tx, record, group, assignee, state, 'incident.transfer');
  // Whoever hands it on first has, in effect, taken it (首问负责制).
  const owned =
    record.owner_id === null
      ? (await updateRecord(tx, updated, { owner_id: actor.id }, 'incident.transfer', null)).record
      : updated;
  const target = [group.name, assignee?.name].filter(Boolean).join(' / ');
  await appendTimeline(tx, record.id, {
    type: 'transferred',
    body: reason,
    data: {
      target,
      groupId: group.id,
      assigneeId: assignee?.id ?? null,
      fromGroup: from?.name ?? null,
      fromTier: from?.tier ?? null,
      toTier: group.tier,
      ...(record.state !== state ? { from: record.state, to: state } : {}),
    },
  });
  tx.emit('incident.transferred', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { fromGroupId: record.group_id, toGroupId: group.id, assigneeId: assignee?.id ?? null, reason },
  });
  await scheduleEscalation(tx, owned, settings);
  return owned;
}

/** Hierarchical escalation: the group's manager is told and watches the record from now on. */
export async function escalateIncident({ tx, incidentId, reason }: { tx: Tx; incidentId: string; reason: string }) {
  const { record, subject } = await prepare(tx, incidentId, 'escalate');
  transition(subject, 'escalate');
  const group = await tierOf(tx, record.group_id);
  if (!group) throw new AppError('incident.no_group');
  if (!group.managerId) throw new AppError('incident.no_manager');
  await escalateToManager(tx, record, { id: group.managerId, name: group.managerName ?? '' }, reason, false);
  return record;
}

async function escalateToManager(
  tx: Tx,
  record: WorkRecord,
  manager: { id: string; name: string },
  reason: string | null,
  automatic: boolean,
) {
  await addWatcher(tx, record, manager);
  await appendTimeline(tx, record.id, {
    type: automatic ? 'auto_escalated' : 'escalated',
    visibility: 'internal',
    body: reason,
    data: { target: manager.name, managerId: manager.id, manager: true },
  });
  await audit(tx, {
    action: 'incident.escalate',
    entityType: 'incident',
    entityId: record.id,
    organizationId: record.organization_id,
    after: { managerId: manager.id, reason, automatic },
  });
  tx.emit('incident.escalated', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { mode: 'hierarchical', managerId: manager.id, groupId: record.group_id, reason, automatic },
  });
}

/** 协调相应人员共同解决: an invited colleague watches, sees and notes internally. */
export async function inviteCollaborator({
  tx,
  incidentId,
  userId,
  note,
}: {
  tx: Tx;
  incidentId: string;
  userId: string;
  note?: string;
}) {
  const { actor, record, subject } = await prepare(tx, incidentId, 'invite');
  transition(subject, 'invite');
  const user = await getUser(tx.db, userId).catch(() => null);
  const invitee = user?.active && isStaffRole(user.role) ? await loadActor(tx.db, user.id) : null;
  // A specialist from a group that does not serve the customer may still be asked to help.
  if (!user || !invitee) throw new AppError('incident.collaborator_invalid');
  const inserted = await tx.db
    .insertInto('incident_collaborators')
    .values({ record_id: record.id, user_id: user.id, invited_by: actor.id, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['record_id', 'user_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return record;
  await addWatcher(tx, record, user);
  await appendTimeline(tx, record.id, {
    type: 'collaborator_invited',
    visibility: 'internal',
    body: note ?? null,
    data: { target: user.name, userId: user.id, servesOrganization: canOnRecord(invitee, 'take', subject) },
  });
  tx.emit('incident.collaborator_invited', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { userId: user.id, note: note ?? null },
  });
  return record;
}

/**
 * When the stage's token is still current, the record still open and the limit passed:
 * escalate once, to the next tier's group serving the organisation, else to the manager.
 */
export async function runAutoEscalation(tx: Tx, payload: { recordId: string; token: string }) {
  const record = await lockRecord(tx, payload.recordId).catch(() => null);
  if (!record) return;
  const details = await incidentDetails(tx.db, record.id);
  if (details.escalation_token !== payload.token) return;
  if (!['pending', 'in_progress'].includes(record.state)) return;
  const settings = await getIncidentSettings(tx.db);
  const limit = settings.escalationMinutes[record.level as Level];
  if (limit == null || !details.stage_started_at) return;
  if (!(await stageOutlived(tx.db, record.id, details.stage_started_at, limit))) return;
  const current = await tierOf(tx, record.group_id);
  const currentTier = current?.tier ?? 1;
  const next = (await getGroups(tx.db))
    .filter((g) => g.active && g.tier > currentTier && g.servedOrganizationIds.includes(record.organization_id))
    .sort((a, b) => a.tier - b.tier || a.name.localeCompare(b.name))[0];
  const minutes = settings.escalationMinutes[record.level as Level];
  if (next) {
    const { updated } = await moveToGroup(tx, record, next, null, record.state, 'incident.auto_escalate');
    await appendTimeline(tx, record.id, {
      type: 'auto_escalated',
      data: {
        target: next.name,
        groupId: next.id,
        fromGroup: current?.name ?? null,
        fromTier: current?.tier ?? null,
        toTier: next.tier,
        limitMinutes: minutes,
      },
    });
    tx.emit('incident.escalated', {
      recordId: record.id,
      organizationId: record.organization_id,
      payload: { mode: 'functional', fromGroupId: record.group_id, toGroupId: next.id, automatic: true },
    });
    await scheduleEscalation(tx, updated, settings);
    return;
  }
  await stopEscalation(tx, record.id);
  if (current?.managerId) {
    await escalateToManager(tx, record, { id: current.managerId, name: current.managerName ?? '' }, null, true);
  }
}
