import type { ProblemActionInput, UpdateProblemAction } from '@trellis/core';
import {
  type CreateProblem,
  type Impact,
  type Locale,
  levelFor,
  type ProblemAction,
  type ProblemFacts,
  type ProblemState,
  problemMachine,
  type Rca,
  type RecordChangeEvent,
  type UpdateProblem,
  type Urgency,
} from '@trellis/core';
import type { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { isoPlus, nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { authorize, can } from '../../platform/permissions/registry.js';
import { checkReferences } from '../../platform/references.js';
import { createArticle, knownErrorBody } from '../knowledge/index.js';
import {
  addAttachment,
  addLink,
  appendTimeline,
  applyTransition,
  changeState,
  createRecord,
  loadForAction,
  loadVisibleRecord,
  selectRecordByIdOrNumber,
  touchRecord,
  updateRecord,
  type WorkRecord,
} from '../records/index.js';
import { problemKind } from './problem.kind.js';
import { canManageProblem } from './problem.policy.js';
import { jaccard, recordText, similarityTokens } from './problem.similarity.js';
import type { ProblemDetailsTable } from './problem.table.js';

export { canManageProblem };

export const EMPTY_RCA: Rca = { whys: [], fishbone: [], rootCause: '', conclusion: '' };

/** For reads: problems are internal, so only staff learn one exists. */
export async function loadProblem(db: Db, actor: Actor, idOrNumber: string): Promise<WorkRecord> {
  if (!can(actor, 'problem', 'view')) throw notFound();
  const row = await selectRecordByIdOrNumber(db, idOrNumber).where('kind', '=', 'problem').executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function problemDetails(db: Db, recordId: string): Promise<ProblemDetailsTable> {
  return db.selectFrom('problem_details').selectAll().where('record_id', '=', recordId).executeTakeFirstOrThrow();
}

export async function openActionCount(db: Db, problemId: string): Promise<number> {
  const row = await db
    .selectFrom('problem_actions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('problem_id', '=', problemId)
    .where('status', 'in', ['open', 'in_progress'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function problemFacts(db: Db, record: WorkRecord, details: ProblemDetailsTable): Promise<ProblemFacts> {
  return {
    state: record.state as ProblemState,
    hasWorkaround: !!details.workaround?.trim(),
    hasRootCause: !!details.root_cause.trim(),
    openActions: await openActionCount(db, record.id),
  };
}

/** Loads a problem to work on: known to staff, locked, and the actor manages problems or is its assignee. */
function prepare(tx: Tx, idOrNumber: string) {
  return loadForAction(tx, problemKind, idOrNumber, 'manage');
}

async function linkIncidentsTo(tx: Tx, problem: WorkRecord, incidentIds: readonly string[]) {
  for (const id of incidentIds) {
    const incident = await loadVisibleRecord(tx.db, tx.actor!, id, 'incident');
    // The incident was caused by the problem: incident → problem.
    await addLink(tx, incident, problem, 'caused_by');
  }
}

export async function createProblem({
  tx,
  input,
  source = 'agent',
}: {
  tx: Tx;
  input: CreateProblem;
  source?: 'agent' | 'detected';
}) {
  const actor = tx.actor!;
  if (!isStaff(actor)) throw new AppError('error.forbidden');
  await checkReferences(tx.db, input, { categoryId: { table: 'categories' }, serviceId: { table: 'services' } });
  const impact = (input.impact ?? 3) as Impact;
  const urgency = (input.urgency ?? 3) as Urgency;
  const record = await createRecord(tx, 'problem', {
    kind: 'problem',
    // Problems are the provider's own work, filed under its organisation.
    organization_id: actor.organizationId,
    department_id: null,
    title: input.title,
    description: input.description,
    state: 'new',
    impact,
    urgency,
    level: levelFor(impact, urgency),
    category_id: input.categoryId ?? null,
    service_id: input.serviceId ?? null,
    channel: source === 'detected' ? 'monitoring' : 'walk_in',
    requester_id: actor.id,
    owner_id: actor.id,
    created_by: actor.id,
  });
  await tx.db
    .insertInto('problem_details')
    .values({
      record_id: record.id,
      source,
      rca_json: JSON.stringify(EMPTY_RCA),
      root_cause: '',
      workaround: null,
      known_error_at: null,
      known_error_article_id: null,
      verify_after_days: 30,
      verify_at: null,
      verification: null,
      verified_at: null,
      verification_note: null,
    })
    .execute();
  await linkIncidentsTo(tx, record, input.incidentIds ?? []);
  return record;
}

export async function linkIncidents({
  tx,
  problemId,
  incidentIds,
}: {
  tx: Tx;
  problemId: string;
  incidentIds: string[];
}) {
  const actor = tx.actor!;
  const problem = await loadProblem(tx.db, actor, problemId);
  await linkIncidentsTo(tx, problem, incidentIds);
  return problem;
}

/** The event each transition announces. */
const PROBLEM_EVENT = {
  analyse: 'problem.analysed',
  declare_known_error: 'problem.known_error_declared',
  start_fix: 'problem.fix_started',
  resolve: 'problem.resolved',
  reopen: 'problem.reopened',
  close: 'problem.closed',
} as const satisfies Record<ProblemAction, RecordChangeEvent>;

export async function transitionProblem({
  tx,
  problemId,
  action,
  note,
}: {
  tx: Tx;
  problemId: string;
  action: ProblemAction;
  note?: string;
}) {
  const { record, details } = await prepare(tx, problemId);
  const next = applyTransition(problemMachine, await problemFacts(tx.db, record, details), action);
  const now = nowIso();
  const detailPatch: Partial<ProblemDetailsTable> = {};
  if (action === 'declare_known_error') detailPatch.known_error_at = now;
  if (action === 'resolve') {
    detailPatch.verify_at = isoPlus(now, details.verify_after_days * 86_400_000);
    detailPatch.verification = 'pending';
    detailPatch.verified_at = null;
    detailPatch.verification_note = null;
  }
  if (action === 'reopen') {
    detailPatch.verify_at = null;
    detailPatch.verification = null;
  }
  if (Object.keys(detailPatch).length)
    await tx.db.updateTable('problem_details').set(detailPatch).where('record_id', '=', record.id).execute();
  return changeState(tx, record, next.state, {
    audit: `problem.${action}`,
    timeline: { type: 'problem_transition', visibility: 'internal', body: note ?? null, data: { action } },
    event: PROBLEM_EVENT[action],
  });
}

export async function updateProblem({ tx, problemId, input }: { tx: Tx; problemId: string; input: UpdateProblem }) {
  const { record, details } = await prepare(tx, problemId);
  if (record.state === 'closed') throw new AppError('error.conflict');
  if (input.assigneeId) {
    const user = await tx.db
      .selectFrom('users')
      .select(['id', 'role', 'active'])
      .where('id', '=', input.assigneeId)
      .executeTakeFirst();
    if (!user?.active || user.role === 'requester')
      throw new AppError('error.validation', {}, [{ path: ['assigneeId'], message: 'unknown assignee' }]);
  }
  const recordPatch: Partial<WorkRecord> = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.assigneeId !== undefined ? { assignee_id: input.assigneeId } : {}),
  };
  const detailPatch: Partial<ProblemDetailsTable> = {
    ...(input.workaround !== undefined ? { workaround: input.workaround || null } : {}),
    ...(input.verifyAfterDays !== undefined ? { verify_after_days: input.verifyAfterDays } : {}),
    ...(input.rca !== undefined ? { rca_json: JSON.stringify(input.rca), root_cause: input.rca.rootCause } : {}),
  };
  if (Object.keys(detailPatch).length) {
    await tx.db.updateTable('problem_details').set(detailPatch).where('record_id', '=', record.id).execute();
    await audit(tx, {
      action: 'problem.analysis',
      entityType: 'problem',
      entityId: record.id,
      organizationId: record.organization_id,
      before: {
        workaround: details.workaround,
        root_cause: details.root_cause,
        verify_after_days: details.verify_after_days,
      },
      after: detailPatch,
    });
    if (input.rca !== undefined) await appendTimeline(tx, record.id, { type: 'rca_updated', visibility: 'internal' });
    if (input.workaround !== undefined && input.workaround !== (details.workaround ?? ''))
      await appendTimeline(tx, record.id, {
        type: 'workaround_updated',
        visibility: 'internal',
        body: input.workaround,
      });
  }
  // Touch the record so lists and the periodic review see the progress.
  const { record: updated } = await updateRecord(
    tx,
    record,
    { ...recordPatch, updated_at: nowIso() },
    'problem.update',
    'problem.updated',
  );
  return updated;
}

/** 已知错误 → 知识库: the workaround becomes an article for the desk, approved as part of the problem. */
export async function publishKnownError({ tx, problemId, locale }: { tx: Tx; problemId: string; locale: Locale }) {
  const { record, details } = await prepare(tx, problemId);
  if (!['known_error', 'resolving', 'resolved', 'closed'].includes(record.state))
    throw new AppError('problem.illegal_transition', {
      state: `problem.state.${record.state}`,
      action: 'problem.action.declare_known_error',
    });
  if (!details.workaround?.trim()) throw new AppError('problem.workaround_required');
  if (details.known_error_article_id) throw new AppError('error.conflict');
  const article = await createArticle({
    tx,
    input: {
      title: record.title,
      body: knownErrorBody(locale, {
        description: record.description,
        rootCause: details.root_cause,
        workaround: details.workaround,
      }),
      categoryId: record.category_id,
      tags: [record.number],
      audience: 'agents',
      sourceProblemId: record.id,
    },
    publishAsKnownError: true,
  });
  await tx.db
    .updateTable('problem_details')
    .set({ known_error_article_id: article.id })
    .where('record_id', '=', record.id)
    .execute();
  await appendTimeline(tx, record.id, {
    type: 'known_error_published',
    visibility: 'internal',
    data: { article: article.number, articleId: article.id },
  });
  return record;
}

export async function addProblemAttachment(
  tx: Tx,
  problemId: string,
  file: { filename: string; content: Buffer },
  maxBytes: number,
) {
  const { record } = await prepare(tx, problemId);
  return addAttachment(tx, record, file, maxBytes);
}

// ---- corrective and preventive actions (纠正/预防措施)

async function checkOwner(tx: Tx, ownerId: string | undefined) {
  if (!ownerId) return;
  const user = await tx.db
    .selectFrom('users')
    .select(['id', 'role', 'active'])
    .where('id', '=', ownerId)
    .executeTakeFirst();
  if (!user?.active || user.role === 'requester')
    throw new AppError('error.validation', {}, [{ path: ['ownerId'], message: 'unknown owner' }]);
}

export async function addProblemAction({
  tx,
  problemId,
  input,
}: {
  tx: Tx;
  problemId: string;
  input: z.infer<typeof ProblemActionInput>;
}) {
  const { record } = await prepare(tx, problemId);
  if (record.state === 'closed') throw new AppError('error.conflict');
  await checkOwner(tx, input.ownerId);
  const now = nowIso();
  const row = {
    id: newId(),
    problem_id: record.id,
    kind: input.kind,
    title: input.title,
    owner_id: input.ownerId,
    due_date: input.dueDate,
    status: 'open' as const,
    change_ref: input.changeRef?.trim().toUpperCase() || null,
    created_at: now,
    updated_at: now,
    completed_at: null,
  };
  await tx.db.insertInto('problem_actions').values(row).execute();
  await audit(tx, {
    action: 'problem.action_add',
    entityType: 'problem',
    entityId: record.id,
    organizationId: record.organization_id,
    after: row,
  });
  await appendTimeline(tx, record.id, {
    type: 'problem_action_added',
    visibility: 'internal',
    body: input.title,
    data: { kind: input.kind },
  });
  await touchRecord(tx, record.id, now);
  return record;
}

export async function updateProblemAction({
  tx,
  problemId,
  actionId,
  input,
}: {
  tx: Tx;
  problemId: string;
  actionId: string;
  input: z.infer<typeof UpdateProblemAction>;
}) {
  const actor = tx.actor!;
  const problem = await loadProblem(tx.db, actor, problemId);
  const action = await tx.db
    .selectFrom('problem_actions')
    .selectAll()
    .where('id', '=', actionId)
    .where('problem_id', '=', problem.id)
    .executeTakeFirst();
  if (!action) throw notFound();
  // The owner of an action reports its progress; the rest is for problem managers.
  const onlyStatus = Object.keys(input).every((k) => k === 'status');
  if (!canManageProblem(actor, problem) && !(onlyStatus && action.owner_id === actor.id))
    throw new AppError('error.forbidden');
  await checkOwner(tx, input.ownerId);
  const now = nowIso();
  const patch = {
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.title ? { title: input.title } : {}),
    ...(input.ownerId ? { owner_id: input.ownerId } : {}),
    ...(input.dueDate ? { due_date: input.dueDate } : {}),
    ...(input.changeRef !== undefined ? { change_ref: input.changeRef?.trim().toUpperCase() || null } : {}),
    ...(input.status ? { status: input.status, completed_at: input.status === 'done' ? now : null } : {}),
    updated_at: now,
  };
  await tx.db.updateTable('problem_actions').set(patch).where('id', '=', action.id).execute();
  await audit(tx, {
    action: 'problem.action_update',
    entityType: 'problem',
    entityId: problem.id,
    organizationId: problem.organization_id,
    before: action,
    after: patch,
  });
  if (input.status && input.status !== action.status)
    await appendTimeline(tx, problem.id, {
      type: 'problem_action_status',
      visibility: 'internal',
      body: action.title,
      data: { status: input.status },
    });
  await touchRecord(tx, problem.id, now);
  return problem;
}

// ---- candidates proposed by detection

export async function acceptCandidate({ tx, candidateId }: { tx: Tx; candidateId: string }) {
  const actor = tx.actor!;
  authorize(actor, 'problem', 'manage');
  const candidate = await tx.db
    .selectFrom('problem_candidates')
    .selectAll()
    .where('id', '=', candidateId)
    .executeTakeFirst();
  if (!candidate) throw notFound();
  if (candidate.status !== 'open') throw new AppError('problem.candidate_closed');
  const ids = JSON.parse(candidate.incident_ids_json) as string[];
  const evidence = JSON.parse(candidate.evidence_json) as {
    categoryId?: string | null;
    serviceId?: string | null;
    count: number;
  };
  // Incidents the actor may not see are left for someone who can; the rest are linked.
  const visible = [];
  for (const id of ids) {
    try {
      visible.push((await loadVisibleRecord(tx.db, actor, id, 'incident')).id);
    } catch {
      // not visible to this actor
    }
  }
  const problem = await createProblem({
    tx,
    source: 'detected',
    input: {
      title: candidate.title,
      description: `${evidence.count} × ${candidate.title}`,
      categoryId: evidence.categoryId ?? null,
      serviceId: evidence.serviceId ?? null,
      incidentIds: visible,
      impact: 3,
      urgency: 3,
    },
  });
  await tx.db
    .updateTable('problem_candidates')
    .set({
      status: 'accepted',
      problem_id: problem.id,
      decided_by: actor.id,
      decided_at: nowIso(),
      updated_at: nowIso(),
    })
    .where('id', '=', candidate.id)
    .execute();
  return problem;
}

export async function dismissCandidate({ tx, candidateId }: { tx: Tx; candidateId: string }) {
  const actor = tx.actor!;
  authorize(actor, 'problem', 'manage');
  const candidate = await tx.db
    .selectFrom('problem_candidates')
    .selectAll()
    .where('id', '=', candidateId)
    .executeTakeFirst();
  if (!candidate) throw notFound();
  if (candidate.status !== 'open') throw new AppError('problem.candidate_closed');
  await tx.db
    .updateTable('problem_candidates')
    .set({ status: 'dismissed', decided_by: actor.id, decided_at: nowIso(), updated_at: nowIso() })
    .where('id', '=', candidate.id)
    .execute();
  await audit(tx, {
    action: 'problem.candidate_dismiss',
    entityType: 'problem_candidate',
    entityId: candidate.id,
    after: { status: 'dismissed' },
  });
}

// ---- verification of effectiveness (有效性验证)

export async function linkedIncidentIds(db: Db, problemId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('record_links')
    .innerJoin('work_records', 'work_records.id', 'record_links.from_id')
    .select('work_records.id')
    .where('record_links.to_id', '=', problemId)
    .where('work_records.kind', '=', 'incident')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * After the set period, did the problem's incidents come back? An incident linked after the
 * fix, or a new one like the linked ones (same category when both have one), is a recurrence.
 */
export async function verifyDueProblems(tx: Tx, now = nowIso()): Promise<number> {
  const due = await tx.db
    .selectFrom('problem_details')
    .innerJoin('work_records', 'work_records.id', 'problem_details.record_id')
    .select(['work_records.id', 'work_records.resolved_at', 'work_records.organization_id', 'work_records.number'])
    .where('problem_details.verification', '=', 'pending')
    .where('problem_details.verify_at', '<=', now)
    .execute();
  for (const problem of due) {
    const since = problem.resolved_at ?? now;
    const linkedIds = await linkedIncidentIds(tx.db, problem.id);
    const linked = linkedIds.length
      ? await tx.db
          .selectFrom('work_records')
          .select(['id', 'title', 'description', 'category_id', 'created_at'])
          .where('id', 'in', linkedIds)
          .execute()
      : [];
    const before = linked.filter((l) => l.created_at < since);
    const after = await tx.db
      .selectFrom('work_records')
      .select(['id', 'number', 'title', 'description', 'category_id'])
      .where('kind', '=', 'incident')
      .where('created_at', '>', since)
      .where('created_at', '<=', now)
      .execute();
    const profiles = before.map((l) => ({
      tokens: similarityTokens(recordText(l.title, l.description)),
      category: l.category_id,
    }));
    const recurred = after.filter(
      (i) =>
        linkedIds.includes(i.id) ||
        profiles.some(
          (p) =>
            (!p.category || !i.category_id || p.category === i.category_id) &&
            jaccard(p.tokens, similarityTokens(recordText(i.title, i.description))) >= 0.45,
        ),
    );
    const result = recurred.length > 0 ? 'recurred' : 'effective';
    const note = recurred.length > 0 ? recurred.map((r) => r.number).join(', ') : null;
    await tx.db
      .updateTable('problem_details')
      .set({ verification: result, verified_at: now, verification_note: note })
      .where('record_id', '=', problem.id)
      .execute();
    await appendTimeline(tx, problem.id, {
      type: 'problem_verified',
      visibility: 'internal',
      body: note,
      data: { result },
    });
    tx.emit('problem.verified', {
      recordId: problem.id,
      organizationId: problem.organization_id,
      payload: { result, recurred: recurred.map((r) => r.id) },
    });
  }
  return due.length;
}

// ---- corrective actions carried out through change management (issue 13)

/**
 * A change raised for a problem's corrective action: the action names the change and is in
 * progress. Returns false when there is no such action (the change module answers 400).
 */
export async function linkActionToChange(tx: Tx, actionId: string, changeNumber: string): Promise<boolean> {
  const action = await tx.db.selectFrom('problem_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
  if (!action) return false;
  const now = nowIso();
  const patch = {
    change_ref: changeNumber,
    status: action.status === 'open' ? ('in_progress' as const) : action.status,
    updated_at: now,
  };
  await tx.db.updateTable('problem_actions').set(patch).where('id', '=', action.id).execute();
  await audit(tx, {
    action: 'problem.action_update',
    entityType: 'problem',
    entityId: action.problem_id,
    before: action,
    after: patch,
  });
  await appendTimeline(tx, action.problem_id, {
    type: 'problem_action_change',
    visibility: 'internal',
    body: action.title,
    data: { change: changeNumber },
  });
  await touchRecord(tx, action.problem_id, now);
  return true;
}

/**
 * The action follows its change's outcome: done when the change closed successfully, open again
 * (for the owner to act) when it failed or was cancelled or rejected.
 */
export async function actionFollowsChange(
  tx: Tx,
  actionId: string,
  outcome: 'done' | 'failed' | 'cancelled',
  changeNumber: string,
): Promise<void> {
  const action = await tx.db.selectFrom('problem_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
  if (!action || action.status === 'done' || action.status === 'cancelled') return;
  const now = nowIso();
  const status = outcome === 'done' ? ('done' as const) : ('open' as const);
  const patch = { status, completed_at: status === 'done' ? now : null, updated_at: now };
  await tx.db.updateTable('problem_actions').set(patch).where('id', '=', action.id).execute();
  await audit(tx, {
    action: 'problem.action_update',
    entityType: 'problem',
    entityId: action.problem_id,
    before: action,
    after: patch,
  });
  await appendTimeline(tx, action.problem_id, {
    type: 'problem_action_status',
    visibility: 'internal',
    body: action.title,
    data: { status, change: changeNumber, outcome },
  });
  await touchRecord(tx, action.problem_id, now);
}
