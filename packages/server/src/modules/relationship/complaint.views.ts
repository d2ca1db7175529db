import {
  type Complaint,
  type ComplaintListQuery,
  type ComplaintSummary,
  complaintMachine,
} from '@trellis/core/modules/relationship';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Actor } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { can } from '../../platform/permissions/registry.js';
import { findRecordRow, timelineOf, type WorkRecord } from '../records/index.js';
import { complaintKind } from './complaint.kind.js';
import { complaintDetails, mayAct } from './complaint.service.js';

const ref = (id: string | null, name: string | null | undefined) => (id && name ? { id, name } : null);

function summaryQuery(db: Db, actor: Actor) {
  return db
    .selectFrom('work_records')
    .innerJoin('complaint_details as d', 'd.record_id', 'work_records.id')
    .innerJoin('organizations as o', 'o.id', 'work_records.organization_id')
    .innerJoin('users as c', 'c.id', 'work_records.requester_id')
    .leftJoin('users as a', 'a.id', 'work_records.assignee_id')
    .selectAll('work_records')
    .select([
      'd.category',
      'd.severity',
      'd.source',
      'd.escalation',
      'd.acknowledge_due_at',
      'd.respond_due_at',
      'd.close_due_at',
      'd.breached_at',
      'o.name as organization_name',
      'c.name as complainant_name',
      'a.name as assignee_name',
    ])
    .where('work_records.kind', '=', 'complaint')
    .where(complaintKind.visible!(actor));
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function summaryOf(r: SummaryRow): ComplaintSummary {
  const now = nowIso();
  const open = !['closed', 'withdrawn'].includes(r.state);
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state as ComplaintSummary['state'],
    category: r.category as ComplaintSummary['category'],
    severity: r.severity,
    source: r.source as ComplaintSummary['source'],
    organization: { id: r.organization_id, name: r.organization_name },
    complainant: { id: r.requester_id, name: r.complainant_name },
    assignee: ref(r.assignee_id, r.assignee_name),
    escalation: r.escalation,
    acknowledgeDueAt: r.acknowledge_due_at,
    respondDueAt: r.respond_due_at,
    closeDueAt: r.close_due_at,
    breached: r.breached_at !== null || (open && r.close_due_at !== null && r.close_due_at <= now),
    createdAt: r.created_at,
    closedAt: r.closed_at,
  };
}

export async function listComplaints(db: Db, actor: Actor, query: z.infer<typeof ComplaintListQuery>) {
  let q = summaryQuery(db, actor).orderBy('work_records.created_at', 'desc').limit(500);
  if (query.state === 'open')
    q = q.where('work_records.state', 'in', ['new', 'acknowledged', 'investigating', 'responded']);
  if (query.state === 'closed') q = q.where('work_records.state', 'in', ['closed', 'withdrawn']);
  if (query.organizationId) q = q.where('work_records.organization_id', '=', query.organizationId);
  return (await q.execute()).map(summaryOf);
}

export async function complaintView(db: Db, actor: Actor, record: WorkRecord): Promise<Complaint> {
  const row = await summaryQuery(db, actor).where('work_records.id', '=', record.id).executeTakeFirstOrThrow();
  const d = await complaintDetails(db, record.id);
  const [aboutRecord, problem] = await Promise.all([
    d.about_record_id ? findRecordRow(db, d.about_record_id) : undefined,
    d.problem_id ? findRecordRow(db, d.problem_id) : undefined,
  ]);
  const people = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [d.about_person_id ?? '', record.requester_id])
    .execute();
  const service = d.about_service_id
    ? await db
        .selectFrom('services')
        .select(['id', 'name_zh', 'name_en'])
        .where('id', '=', d.about_service_id)
        .executeTakeFirst()
    : undefined;
  const actions = await db
    .selectFrom('complaint_actions as x')
    .innerJoin('users as u', 'u.id', 'x.owner_id')
    .select(['x.id', 'x.title', 'x.owner_id', 'u.name as owner_name', 'x.due_date', 'x.status', 'x.completed_at'])
    .where('x.complaint_id', '=', record.id)
    .orderBy('x.created_at')
    .execute();
  const staff = isStaff(actor);
  const timeline = await timelineOf(db, record.id, staff);
  const facts = {
    state: record.state as never,
    hasResponse: d.response.trim() !== '',
    openActions: actions.filter((a) => a.status === 'open').length,
  };
  const complainantView = !staff;
  return {
    ...summaryOf(row),
    description: record.description,
    about: d.about as Complaint['about'],
    aboutRecord: aboutRecord ? { id: aboutRecord.id, number: aboutRecord.number, title: aboutRecord.title } : null,
    aboutService: service
      ? { id: service.id, name: actor.locale === 'en-US' && service.name_en ? service.name_en : service.name_zh }
      : null,
    // The complainant sees what they complained about; only staff see who the handlers linked.
    aboutPerson: ref(d.about_person_id, people.find((p) => p.id === d.about_person_id)?.name),
    expectation: d.expectation,
    investigation: complainantView ? '' : d.investigation,
    rootCause: complainantView ? '' : d.root_cause,
    problem: problem && staff ? { id: problem.id, number: problem.number, title: problem.title } : null,
    response: ['responded', 'closed'].includes(record.state) || staff ? d.response : '',
    accepted: d.accepted === null ? null : d.accepted === 1,
    sharedWithSubject: d.shared_with_subject === 1,
    acknowledgedAt: d.acknowledged_at,
    respondedAt: d.responded_at,
    actions: complainantView
      ? []
      : actions.map((a) => ({
          id: a.id,
          title: a.title,
          owner: { id: a.owner_id, name: a.owner_name },
          dueDate: a.due_date,
          status: a.status,
          completedAt: a.completed_at,
        })),
    timeline: timeline.map((e) => ({
      id: e.id,
      at: e.at,
      type: e.type,
      actor: e.actor_name ?? null,
      body: e.body,
      data: JSON.parse(e.data_json) as Record<string, unknown>,
    })),
    allowedActions: complaintMachine.allowed(facts).filter((a) => mayAct(actor, record, d, a)),
    canManage: can(actor, 'complaint', 'manage'),
  };
}
