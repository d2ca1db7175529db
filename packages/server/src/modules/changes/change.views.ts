import {
  type ChangeListQuery,
  changeMachine,
  occurrences,
  type RiskLevel,
  SCHEDULED_CHANGE_STATES,
} from '@trellis/core/modules/changes';
import type { z } from 'zod';
import type { Actor } from '../../platform/context.js';
import type { Db, DialectName } from '../../platform/db/database.js';
import { containsInsensitive } from '../../platform/db/dialect.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { ciNames, versionsUnderChange } from '../cmdb/index.js';
import { abilitiesOf, timelineOf, type WorkRecord } from '../records/index.js';
import { findConflicts } from './change.conflicts.js';
import { changeKind } from './change.kind.js';
import { visibleChanges } from './change.policy.js';
import {
  changeCiIds,
  changeDetails,
  changeFacts,
  changeServiceIds,
  changeSettings,
  pirCandidates,
  tasksOf,
  windowFit,
} from './change.service.js';

const json = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

async function names(db: Db, table: 'users' | 'support_groups', ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function serviceRefs(db: Db, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('services')
    .select(['id', 'code', 'name_zh', 'name_en', 'owner_id'])
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, ownerId: r.owner_id }));
}

/** A change as the change page shows it: the RFC, risk, approvals, tasks, window fit and what the actor may do. */
export async function changeView(db: Db, actor: Actor, record: WorkRecord) {
  const d = await changeDetails(db, record.id);
  const [tasks, ciIds, serviceIds, facts, fit] = await Promise.all([
    tasksOf(db, record.id),
    changeCiIds(db, record.id),
    changeServiceIds(db, record.id),
    changeFacts(db, record, d),
    windowFit(db, record.id, d),
  ]);
  const approvals = await db
    .selectFrom('change_approvals')
    .selectAll()
    .where('change_id', '=', record.id)
    .orderBy('round')
    .orderBy('seq')
    .execute();
  const votes = await db
    .selectFrom('change_votes')
    .selectAll()
    .where('change_id', '=', record.id)
    .orderBy('at')
    .execute();
  const people = await names(db, 'users', [
    record.requester_id,
    record.assignee_id,
    d.verified_by,
    ...tasks.map((t) => t.assignee_id),
    ...votes.map((v) => v.voter_id),
    ...approvals.flatMap((a) => json<string[]>(a.approver_ids_json, [])),
  ]);
  const groups = await names(db, 'support_groups', [record.group_id, ...tasks.map((t) => t.group_id)]);
  const cis = await ciNames(db, ciIds);
  const subject = changeKind.subject!(actor, record, { details: d, tasks });
  const abilities = abilitiesOf(changeKind, actor, subject, facts, {
    edit: { rule: 'edit', when: ['draft', 'submitted', 'assessing', 'scheduled'].includes(record.state) },
    submit: { rule: 'edit', when: 'submit' },
    assess: { rule: 'manage', when: 'assess' },
    assessRisk: {
      rule: 'manage',
      when: d.type !== 'standard' && ['submitted', 'assessing', 'implementing'].includes(record.state),
    },
    requestApproval: { rule: 'manage', when: 'request_approval' },
    start: { rule: 'implement', when: 'start' },
    complete: { rule: 'implement', when: 'complete' },
    fail: { rule: 'implement', when: record.state === 'implementing' || record.state === 'implemented' },
    verify: {
      rule: 'implement',
      when: ['implemented', 'failed', 'reviewing'].includes(record.state) && d.verified_at === null,
    },
    review: { rule: 'manage', when: 'review' },
    writeReview: { rule: 'manage', when: record.state === 'reviewing' },
    close: { rule: 'manage', when: 'close' },
    cancel: { rule: 'edit', when: 'cancel' },
    addTask: { rule: 'manage', when: !(changeKind.states.terminal as readonly string[]).includes(record.state) },
    workTasks: { rule: 'implement', when: record.state === 'implementing' },
  });
  const pendingLevel = approvals.find((a) => a.round === d.approval_round && a.state === 'pending');
  const canVote =
    !!pendingLevel &&
    json<string[]>(pendingLevel.approver_ids_json, []).includes(actor.id) &&
    !votes.some((v) => v.approval_id === pendingLevel.id && v.voter_id === actor.id);
  const services = await serviceRefs(db, serviceIds);
  const timeline = await timelineOf(db, record.id, isStaff(actor));
  return {
    id: record.id,
    number: record.number,
    title: record.title,
    description: record.description,
    state: record.state,
    stateLabel: changeMachine.stateLabel(record.state),
    type: d.type,
    organizationId: record.organization_id,
    requester: { id: record.requester_id, name: people.get(record.requester_id) ?? '' },
    assignee: record.assignee_id ? { id: record.assignee_id, name: people.get(record.assignee_id) ?? '' } : null,
    group: record.group_id ? { id: record.group_id, name: groups.get(record.group_id) ?? '' } : null,
    templateId: d.template_id,
    purpose: d.purpose,
    content: d.content,
    reason: d.reason,
    plan: json<{ title: string; detail: string }[]>(d.plan_json, []),
    backoutPlan: d.backout_plan,
    testPlan: d.test_plan,
    plannedStart: d.planned_start,
    plannedEnd: d.planned_end,
    actualStart: d.actual_start,
    actualEnd: d.actual_end,
    estimatedCost: d.estimated_cost,
    estimatedEffortHours: d.estimated_effort_hours,
    initiatorKind: d.initiator_kind,
    initiatorDepartment: d.initiator_department,
    references: json<string[]>(d.references_json, []),
    services,
    cis: ciIds.map((id) => ({ id, name: cis.get(id) ?? '' })),
    riskScore: d.risk_score,
    riskLevel: d.risk_level,
    assessment: json<Record<string, unknown>>(d.assessment_json, {}),
    overrideReason: d.override_reason,
    retrospective: d.retrospective === 1,
    approvalRound: d.approval_round,
    approvedAt: d.approved_at,
    approvals: approvals.map((a) => ({
      id: a.id,
      round: a.round,
      seq: a.seq,
      name: a.name,
      rule: a.rule,
      source: a.source,
      state: a.state,
      decidedAt: a.decided_at,
      approvers: json<string[]>(a.approver_ids_json, []).map((id) => ({ id, name: people.get(id) ?? '' })),
      votes: votes
        .filter((v) => v.approval_id === a.id)
        .map((v) => ({
          voter: { id: v.voter_id, name: people.get(v.voter_id) ?? '' },
          vote: v.vote,
          reason: v.reason,
          conditions: v.conditions,
          meetingId: v.meeting_id,
          at: v.at,
        })),
    })),
    canVote,
    tasks: tasks.map((t) => ({
      id: t.id,
      seq: t.seq,
      title: t.title,
      description: t.description,
      state: t.state,
      note: t.note,
      assignee: t.assignee_id ? { id: t.assignee_id, name: people.get(t.assignee_id) ?? '' } : null,
      group: t.group_id ? { id: t.group_id, name: groups.get(t.group_id) ?? '' } : null,
      startedAt: t.started_at,
      completedAt: t.completed_at,
    })),
    window: fit,
    verification: d.verified_at
      ? {
          at: d.verified_at,
          by: { id: d.verified_by!, name: people.get(d.verified_by!) ?? '' },
          note: d.verification_note,
        }
      : null,
    outcomeNote: d.outcome_note,
    failureNote: d.failure_note,
    pir: json<Record<string, unknown> | null>(d.pir_json, null),
    problemActionId: d.problem_action_id,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
    closedAt: record.closed_at,
    version: record.version,
    timeline: timeline.map((e) => ({
      id: e.id,
      at: e.at,
      type: e.type,
      body: e.body,
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name ?? '' } : null,
      data: JSON.parse(e.data_json) as Record<string, unknown>,
    })),
    abilities: { ...abilities, vote: canVote },
    allowedActions: changeMachine.allowed(facts),
  };
}

export async function listChanges(db: Db, dialect: DialectName, actor: Actor, query: z.infer<typeof ChangeListQuery>) {
  let q = db
    .selectFrom('work_records')
    .innerJoin('change_details', 'change_details.record_id', 'work_records.id')
    .select([
      'work_records.id',
      'work_records.number',
      'work_records.title',
      'work_records.state',
      'work_records.organization_id',
      'work_records.created_at',
      'change_details.type',
      'change_details.risk_level',
      'change_details.planned_start',
      'change_details.planned_end',
    ])
    .where('work_records.kind', '=', 'change')
    .where(visibleChanges(actor));
  if (query.state) q = q.where('work_records.state', '=', query.state);
  if (query.type) q = q.where('change_details.type', '=', query.type);
  if (query.riskLevel) q = q.where('change_details.risk_level', '=', query.riskLevel);
  if (query.serviceId) {
    const serviceId = query.serviceId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('change_services')
          .select('change_services.change_id')
          .whereRef('change_services.change_id', '=', 'work_records.id')
          .where('change_services.service_id', '=', serviceId),
      ),
    );
  }
  if (query.q) {
    const text = query.q;
    q = q.where((eb) =>
      eb.or([
        containsInsensitive(dialect, eb.ref('work_records.title'), text),
        eb('work_records.number', '=', text.toUpperCase()),
      ]),
    );
  }
  const rows = await q.orderBy('work_records.created_at', 'desc').limit(query.limit).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      state: r.state,
      type: r.type,
      riskLevel: r.risk_level,
      plannedStart: r.planned_start,
      plannedEnd: r.planned_end,
      createdAt: r.created_at,
    })),
  };
}

export async function conflictsOfChange(db: Db, record: WorkRecord, depth?: number) {
  const d = await changeDetails(db, record.id);
  const settings = await changeSettings(db);
  const ciIds = await changeCiIds(db, record.id);
  const conflicts = await findConflicts(
    db,
    {
      id: record.id,
      type: d.type,
      start: d.planned_start,
      end: d.planned_end,
      ciIds,
      serviceIds: await changeServiceIds(db, record.id),
    },
    depth ?? settings.conflict_depth,
  );
  const ciLabel = await ciNames(
    db,
    conflicts.map((c) => c.ci?.id).filter((id): id is string => Boolean(id)),
  );
  const services = await serviceRefs(
    db,
    conflicts.map((c) => c.serviceId).filter((id): id is string => Boolean(id)),
  );
  return conflicts.map((c) => ({
    ...c,
    ci: c.ci ? { ...c.ci, name: ciLabel.get(c.ci.id) ?? '' } : null,
    service: c.serviceId ? (services.find((s) => s.id === c.serviceId) ?? null) : null,
    message: `change.conflict.${c.kind}`,
  }));
}

export async function ciVersionsOfChange(db: Db, record: WorkRecord) {
  return versionsUnderChange(db, record);
}

export async function pirCandidatesOf(db: Db, record: WorkRecord) {
  return pirCandidates(db, record, await changeDetails(db, record.id));
}

/**
 * The change calendar: scheduled changes overlapping [from, to) the actor may see, filtered by
 * service, CI, group and risk, with the maintenance windows and blackouts in the range.
 */
export async function changeCalendar(
  db: Db,
  actor: Actor,
  query: { from: string; to: string; serviceId?: string; ciId?: string; groupId?: string; riskLevel?: RiskLevel },
) {
  const from = new Date(query.from).toISOString();
  const to = new Date(query.to).toISOString();
  let q = db
    .selectFrom('work_records')
    .innerJoin('change_details', 'change_details.record_id', 'work_records.id')
    .select([
      'work_records.id',
      'work_records.number',
      'work_records.title',
      'work_records.state',
      'work_records.group_id',
      'change_details.type',
      'change_details.risk_level',
      'change_details.planned_start',
      'change_details.planned_end',
    ])
    .where('work_records.kind', '=', 'change')
    .where(visibleChanges(actor))
    .where('change_details.planned_start', '<', to)
    .where('change_details.planned_end', '>', from)
    .where('work_records.state', 'in', [...SCHEDULED_CHANGE_STATES, 'implemented', 'reviewing', 'closed', 'failed']);
  if (query.groupId) q = q.where('work_records.group_id', '=', query.groupId);
  if (query.riskLevel) q = q.where('change_details.risk_level', '=', query.riskLevel);
  if (query.serviceId) {
    const id = query.serviceId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('change_services')
          .select('change_services.change_id')
          .whereRef('change_services.change_id', '=', 'work_records.id')
          .where('change_services.service_id', '=', id),
      ),
    );
  }
  if (query.ciId) {
    const id = query.ciId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('change_cis')
          .select('change_cis.change_id')
          .whereRef('change_cis.change_id', '=', 'work_records.id')
          .where('change_cis.ci_id', '=', id),
      ),
    );
  }
  const rows = await q.orderBy('change_details.planned_start').limit(2000).execute();
  const services = new Map<string, string[]>();
  if (rows.length) {
    const links = await db
      .selectFrom('change_services')
      .innerJoin('services', 'services.id', 'change_services.service_id')
      .select(['change_services.change_id', 'services.name_zh', 'services.name_en'])
      .where(
        'change_services.change_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    for (const l of links)
      services.set(l.change_id, [
        ...(services.get(l.change_id) ?? []),
        actor.locale === 'en-US' ? l.name_en : l.name_zh,
      ]);
  }
  const windows = await db.selectFrom('change_windows').selectAll().where('active', '=', 1).execute();
  const f = Date.parse(from);
  const t = Date.parse(to);
  return {
    changes: rows.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      state: r.state,
      type: r.type,
      riskLevel: r.risk_level,
      groupId: r.group_id,
      start: r.planned_start!,
      end: r.planned_end!,
      services: services.get(r.id) ?? [],
    })),
    windows: windows
      .filter((w) => !query.serviceId || !w.service_id || w.service_id === query.serviceId)
      .flatMap((w) =>
        occurrences({ startsAt: w.starts_at, endsAt: w.ends_at, recurrence: w.recurrence, until: w.until }, f, t)
          .slice(0, 400)
          .map((o) => ({
            id: w.id,
            name: w.name,
            kind: w.kind,
            start: new Date(o.start).toISOString(),
            end: new Date(o.end).toISOString(),
          })),
      ),
  };
}
