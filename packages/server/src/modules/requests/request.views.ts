import {
  type Answers,
  type AttachmentAnswer,
  answerText,
  type Locale,
  nextRequestState,
  type RequestAbilities,
  type RequestListQuery,
  type RequestState,
  type ServiceRequest,
  type ServiceRequestSummary,
} from '@trellis/core';
import type { Actor } from '../../platform/context.js';
import type { Db, DialectName } from '../../platform/db/database.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { getGroups } from '../directory/index.js';
import {
  abilitiesOf,
  attachmentsOf,
  newestRecordsPage,
  type RecordSummaryRow,
  recordTextMatches,
  selectRecordSummaries,
  timelineOf,
  type WorkRecord,
} from '../records/index.js';
import { requestKind } from './request.kind.js';
import { canWorkTask, isOpenState, visibleRequests } from './request.policy.js';
import {
  approvalsOf,
  definitionOf,
  factsOf,
  requestDetails,
  subjectFor,
  type TaskRow,
  tasksOf,
} from './request.service.js';

/** Read side: the shapes the API returns. */

const ref = (id: string | null, name: string | null | undefined) => (id && name ? { id, name } : null);

const selectSummaries = (db: Db) =>
  selectRecordSummaries(db)
    .innerJoin('request_details', 'request_details.record_id', 'work_records.id')
    .select(['request_details.item_id', 'request_details.item_name_zh', 'request_details.item_name_en']);

type SummaryRow = RecordSummaryRow & { item_id: string; item_name_zh: string; item_name_en: string };

function toSummary(row: SummaryRow, locale: Locale): ServiceRequestSummary {
  const itemName = locale === 'en-US' ? row.item_name_en : row.item_name_zh;
  return {
    id: row.id,
    number: row.number,
    title: locale === 'en-US' ? row.item_name_en : row.title,
    state: row.state as RequestState,
    itemId: row.item_id,
    itemName,
    serviceId: row.service_id,
    organization: { id: row.organization_id, name: row.organization_name },
    requester: { id: row.requester_id, name: row.requester_name },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listRequests(
  db: Db,
  dialect: DialectName,
  actor: Actor,
  query: RequestListQuery,
  locale: Locale,
) {
  let q = selectSummaries(db).where('work_records.kind', '=', 'request').where(visibleRequests(actor));
  if (query.state) q = q.where('work_records.state', 'in', query.state.split(','));
  if (query.requester)
    q = q.where('work_records.requester_id', '=', query.requester === 'me' ? actor.id : query.requester);
  if (query.serviceId) q = q.where('work_records.service_id', '=', query.serviceId);
  if (query.itemId) q = q.where('request_details.item_id', '=', query.itemId);
  if (query.organizationId) q = q.where('work_records.organization_id', '=', query.organizationId);
  if (query.q) q = q.where(recordTextMatches(dialect, query.q));
  const { rows: page, nextCursor } = await newestRecordsPage(q, query);
  return {
    items: page.map((r) => toSummary(r, locale)),
    nextCursor,
  };
}

async function summaryOf(db: Db, recordId: string, locale: Locale) {
  return toSummary(await selectSummaries(db).where('work_records.id', '=', recordId).executeTakeFirstOrThrow(), locale);
}

async function userNames(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

function taskView(t: TaskRow, groups: Map<string, string>, names: Map<string, string>, locale: Locale) {
  return {
    id: t.id,
    stage: t.stage + 1,
    title: locale === 'en-US' ? t.title_en : t.title_zh,
    description: t.description,
    group: { id: t.group_id, name: groups.get(t.group_id) ?? '' },
    state: t.state,
    note: t.note,
    completedBy: ref(t.completed_by, t.completed_by ? names.get(t.completed_by) : null),
    completedAt: t.completed_at,
  };
}

export async function requestView(db: Db, actor: Actor, record: WorkRecord, locale: Locale): Promise<ServiceRequest> {
  const [summary, details, approvals, tasks, timeline, attachments, department] = await Promise.all([
    summaryOf(db, record.id, locale),
    requestDetails(db, record.id),
    approvalsOf(db, record.id),
    tasksOf(db, record.id),
    timelineOf(db, record.id, isStaff(actor)),
    attachmentsOf(db, record.id),
    record.department_id
      ? db.selectFrom('departments').select(['id', 'name']).where('id', '=', record.department_id).executeTakeFirst()
      : undefined,
  ]);
  const definition = definitionOf(details);
  const answers = JSON.parse(details.answers_json) as Answers;
  const userFieldIds = definition.form
    .filter((f) => f.type === 'user' && typeof answers[f.key] === 'string')
    .map((f) => answers[f.key] as string);
  const names = await userNames(db, [
    ...approvals.map((a) => a.approver_id),
    ...tasks.flatMap((t) => (t.completed_by ? [t.completed_by] : [])),
    ...userFieldIds,
  ]);
  const groups = new Map((await getGroups(db, [...new Set(tasks.map((t) => t.group_id))])).map((g) => [g.id, g.name]));
  const subject = subjectFor(actor, record, approvals, tasks);
  const facts = factsOf(record, details, tasks);
  const stateAllows = (action: Parameters<typeof nextRequestState>[1]) => nextRequestState(facts, action).ok;
  const myPending = approvals.some(
    (a) => a.step === details.approval_step && a.approver_id === actor.id && a.state === 'pending',
  );
  const open = isOpenState(record.state);
  const abilities: RequestAbilities = {
    approve: stateAllows('approve') && myPending,
    reject: stateAllows('reject') && myPending,
    // Policy × machine, through the kind: who (the rule) and when (the machine action).
    ...abilitiesOf(requestKind, actor, subject, facts, {
      deliver: { rule: 'deliver', when: 'deliver' },
      accept: { rule: 'accept', when: 'accept' },
      rejectDelivery: { rule: 'rejectDelivery', when: 'reject_delivery' },
      cancel: { rule: 'cancel', when: 'cancel' },
      comment: { rule: 'comment', when: 'comment' },
      commentInternal: { rule: 'commentInternal', when: 'comment' },
      attach: { rule: 'attach', when: open },
    }),
    completeTasks:
      record.state === 'in_fulfilment'
        ? tasks.filter((t) => t.state === 'open' && canWorkTask(actor, t.group_id)).map((t) => t.id)
        : [],
  };
  return {
    ...summary,
    description: record.description,
    version: record.version,
    department: department ?? null,
    channel: record.channel as ServiceRequest['channel'],
    answers: definition.form
      .filter((f) => answers[f.key] !== undefined)
      .map((f) => {
        const value = answers[f.key]!;
        const text =
          f.type === 'choice'
            ? (() => {
                const option = f.options?.find((o) => o.value === value);
                return option ? (locale === 'en-US' ? option.labelEn : option.labelZh) : String(value);
              })()
            : f.type === 'user'
              ? (names.get(String(value)) ?? String(value))
              : answerText(value);
        return {
          key: f.key,
          type: f.type,
          label: locale === 'en-US' ? f.labelEn : f.labelZh,
          value: text,
          ...(f.type === 'attachment'
            ? {
                attachments: (value as AttachmentAnswer)
                  .filter((a) => a.attachmentId)
                  .map((a) => ({ id: a.attachmentId!, filename: a.filename })),
              }
            : {}),
        };
      }),
    approvals: approvals.map((a) => ({
      id: a.id,
      step: a.step + 1,
      mode: a.mode,
      source: a.source,
      approver: { id: a.approver_id, name: names.get(a.approver_id) ?? '' },
      state: a.state,
      comment: a.comment,
      decidedAt: a.decided_at,
    })),
    tasks: tasks.map((t) => taskView(t, groups, names, locale)),
    deliveredAt: details.delivered_at,
    deliveryNote: details.delivery_note,
    acceptedAt: details.accepted_at,
    reworkReason: details.rework_reason,
    timeline: timeline.map((t) => ({
      id: t.id,
      at: t.at,
      type: t.type,
      visibility: t.visibility,
      actor: ref(t.actor_id, t.actor_name),
      body: t.body,
      data: JSON.parse(t.data_json) as Record<string, unknown>,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      size: a.size,
      uploadedBy: { id: a.uploader_id, name: a.uploader_name },
      createdAt: a.created_at,
    })),
    abilities,
  };
}

/** 我的审批: approvals waiting for the caller, oldest first. */
export async function myApprovals(db: Db, actor: Actor, locale: Locale) {
  const rows = await db
    .selectFrom('request_approvals')
    .innerJoin('work_records', 'work_records.id', 'request_approvals.record_id')
    .select([
      'request_approvals.id',
      'request_approvals.step',
      'request_approvals.created_at',
      'work_records.id as record_id',
    ])
    .where('request_approvals.approver_id', '=', actor.id)
    .where('request_approvals.state', '=', 'pending')
    .where('work_records.state', '=', 'awaiting_approval')
    .orderBy('request_approvals.created_at')
    .limit(200)
    .execute();
  const summaries = await summariesByIds(
    db,
    rows.map((r) => r.record_id),
    locale,
  );
  return rows.map((r) => ({
    approvalId: r.id,
    step: r.step + 1,
    request: summaries.get(r.record_id)!,
    createdAt: r.created_at,
  }));
}

/** Open fulfilment tasks of the caller's groups, oldest first. */
export async function myTasks(db: Db, actor: Actor, locale: Locale) {
  if (actor.groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('request_tasks')
    .innerJoin('work_records', 'work_records.id', 'request_tasks.record_id')
    .selectAll('request_tasks')
    .where('request_tasks.group_id', 'in', actor.groupIds)
    .where('request_tasks.state', '=', 'open')
    .where('work_records.state', '=', 'in_fulfilment')
    .orderBy('request_tasks.created_at')
    .limit(200)
    .execute();
  const [summaries, groups] = await Promise.all([
    summariesByIds(
      db,
      rows.map((r) => r.record_id),
      locale,
    ),
    getGroups(db, [...new Set(rows.map((r) => r.group_id))]),
  ]);
  const groupNames = new Map(groups.map((g) => [g.id, g.name]));
  return rows.map((r) => ({ ...taskView(r, groupNames, new Map(), locale), request: summaries.get(r.record_id)! }));
}

async function summariesByIds(db: Db, ids: string[], locale: Locale) {
  if (ids.length === 0) return new Map<string, ServiceRequestSummary>();
  const rows = await selectSummaries(db)
    .where('work_records.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, toSummary(r, locale)]));
}
