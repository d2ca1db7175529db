import { type Locale, levelFor, type RecordChangeEvent, translate } from '@trellis/core';
import { fitsInside, overlapsAny } from '@trellis/core/modules/changes';
import {
  type AcceptRelease,
  type CreateRelease,
  type CreateSite,
  type CreateTestRecord,
  PLANNING_RELEASE_STATES,
  type ReleaseAction,
  type ReleaseFacts,
  type ReleasePlan,
  type ReleaseReview,
  type ReleaseState,
  releaseMachine,
  type SiteAction,
  siteMachine,
  type UpdateRelease,
  type UpdateSite,
} from '@trellis/core/modules/releases';
import type { z } from 'zod';
import { nowIso, nowMs } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { authorize, can } from '../../platform/permissions/registry.js';
import { assertReferences } from '../../platform/references.js';
import {
  changeCiIds,
  changeDetails,
  completeImplementation,
  createChange,
  failChange,
  pirCandidates,
  startImplementation,
  windowsFor,
} from '../changes/index.js';
import { ciFacts, createBaseline, isLocationCi, linkRecordToCi, moveCi, updateCi } from '../cmdb/index.js';
import { createArticle, linkArticle } from '../knowledge/index.js';
import { createProblem, problemDetails, transitionProblem, updateProblem } from '../problems/index.js';
import {
  addAttachment,
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
import { releaseKind } from './release.kind.js';
import { visibleReleases } from './release.policy.js';
import { type ReleaseBundle, testsOf } from './release.repository.js';

const json = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

/** Change states in which a change counts as approved for deployment. */
export const APPROVED_CHANGE_STATES = ['scheduled', 'implementing', 'implemented', 'reviewing', 'closed'];

export interface CiTarget {
  ciId: string;
  version: string;
  state?: 'in_use' | 'testing' | 'changing' | null;
  changeId?: string | null;
  dslItemId?: string | null;
}

// ---------- reading ----------

/** A release the actor may see, for reads; anything else is "not found". */
export async function loadRelease(db: Db, actor: Actor, idOrNumber: string): Promise<WorkRecord> {
  if (!can(actor, 'release', 'list')) throw notFound();
  const row = await selectRecordByIdOrNumber(db, idOrNumber)
    .where('kind', '=', 'release')
    .where(visibleReleases(actor))
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function changeRows(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('work_records')
    .select(['id', 'number', 'title', 'state'])
    .where('kind', '=', 'change')
    .where('id', 'in', [...ids])
    .execute();
}

/** Latest record per test case: what passes and what still fails. */
export function tallyTests(tests: readonly { test_case: string; environment: string; result: string }[]) {
  const latest = new Map<string, string>();
  const latestStaging = new Map<string, string>();
  for (const t of tests) {
    const key = t.test_case.trim().toLowerCase();
    latest.set(key, t.result);
    if (t.environment === 'staging') latestStaging.set(key, t.result);
  }
  const values = [...latest.values()];
  return {
    passed: values.filter((r) => r === 'pass').length,
    failing: values.filter((r) => r === 'fail').length,
    passedStaging: [...latestStaging.values()].filter((r) => r === 'pass').length,
  };
}

export async function releaseFacts(db: Db, record: WorkRecord, bundle: ReleaseBundle): Promise<ReleaseFacts> {
  const d = bundle.details;
  const plan = json<Partial<ReleasePlan>>(d.plan_json, {});
  const changes = await changeRows(db, bundle.changeIds);
  const tests = await testsOf(db, record.id);
  const count = (state: string) => bundle.sites.filter((s) => s.state === state).length;
  return {
    state: record.state as ReleaseState,
    type: d.type,
    changes: changes.length,
    unapprovedChanges: changes.filter((c) => !APPROVED_CHANGE_STATES.includes(c.state)).length,
    planComplete: Boolean(plan.releaseDate && plan.deliverables?.trim() && plan.backoutPlan?.trim()),
    tests: tallyTests(tests),
    sites: {
      pending: count('pending'),
      inProgress: count('in_progress'),
      done: count('done'),
      failed: count('failed'),
      rolledBack: count('rolled_back'),
    },
    accepted: d.accepted_at !== null,
    hasBackoutReport: d.backout_report.trim().length > 0,
    verified: d.verified_at !== null,
    reviewDone: d.review_done_at !== null,
  };
}

type PolicyAction = 'view' | 'manage' | 'test' | 'accept' | 'deploy';

async function prepare(tx: Tx, idOrNumber: string, action: PolicyAction) {
  const { record, details } = await loadForAction(tx, releaseKind, idOrNumber, action);
  return { record, bundle: details };
}

const EVENT_OF: Record<ReleaseAction, RecordChangeEvent> = {
  plan: 'release.planned',
  build: 'release.build_started',
  test: 'release.testing_started',
  request_acceptance: 'release.acceptance_requested',
  accept: 'release.accepted',
  rework: 'release.reworked',
  approve: 'release.approved',
  complete_deployment: 'release.deployed',
  roll_back: 'release.rolled_back',
  verify: 'release.verified',
  review: 'release.review_started',
  close: 'release.closed',
  cancel: 'release.cancelled',
} as Record<ReleaseAction, RecordChangeEvent>;

type Details = ReleaseBundle['details'];

async function move(
  tx: Tx,
  record: WorkRecord,
  bundle: ReleaseBundle,
  action: ReleaseAction,
  detailPatch: Partial<Details> = {},
  body: string | null = null,
) {
  const facts = await releaseFacts(tx.db, record, { ...bundle, details: { ...bundle.details, ...detailPatch } });
  const { state } = applyTransition(releaseMachine, facts, action);
  if (Object.keys(detailPatch).length)
    await tx.db.updateTable('release_details').set(detailPatch).where('record_id', '=', record.id).execute();
  return changeState(tx, record, state, {
    audit: `release.${action}`,
    timeline: { type: `release.${action}`, body, visibility: 'public' },
    event: EVENT_OF[action],
  });
}

// ---------- raising and planning ----------

async function setList(
  tx: Tx,
  table: 'release_changes' | 'release_services' | 'release_customer_reps' | 'release_dsl_items',
  column: 'change_id' | 'service_id' | 'user_id' | 'dsl_item_id',
  releaseId: string,
  ids: readonly string[],
) {
  await tx.db.deleteFrom(table).where('release_id', '=', releaseId).execute();
  for (const id of new Set(ids))
    await tx.db
      .insertInto(table)
      .values({ release_id: releaseId, [column]: id } as never)
      .execute();
}

/** Resolves change ids or numbers to change records; an unknown one is a 400 naming it. */
async function resolveChanges(db: Db, refs: readonly string[]) {
  const out: WorkRecord[] = [];
  for (const [i, ref] of refs.entries()) {
    const row = await selectRecordByIdOrNumber(db, ref).where('kind', '=', 'change').executeTakeFirst();
    if (!row)
      throw new AppError('release.change_unknown', { ref }, [{ path: ['changeIds', i], message: `not found: ${ref}` }]);
    out.push(row);
  }
  return out;
}

async function resolveProblems(db: Db, refs: readonly string[]) {
  const out: WorkRecord[] = [];
  for (const [i, ref] of refs.entries()) {
    const row = await selectRecordByIdOrNumber(db, ref).where('kind', '=', 'problem').executeTakeFirst();
    if (!row) throw new AppError('error.validation', {}, [{ path: ['problemIds', i], message: `not found: ${ref}` }]);
    out.push(row);
  }
  return out;
}

async function setChanges(tx: Tx, release: WorkRecord, refs: readonly string[]) {
  const changes = await resolveChanges(tx.db, refs);
  const before = new Set(
    (await tx.db.selectFrom('release_changes').select('change_id').where('release_id', '=', release.id).execute()).map(
      (r) => r.change_id,
    ),
  );
  await setList(
    tx,
    'release_changes',
    'change_id',
    release.id,
    changes.map((c) => c.id),
  );
  for (const change of changes) if (!before.has(change.id)) await addLink(tx, release, change, 'relates_to');
  return changes;
}

async function setProblems(tx: Tx, release: WorkRecord, refs: readonly string[]) {
  const problems = await resolveProblems(tx.db, refs);
  const before = new Set(
    (
      await tx.db
        .selectFrom('release_problems')
        .select('problem_id')
        .where('release_id', '=', release.id)
        .where('role', '=', 'closes')
        .execute()
    ).map((r) => r.problem_id),
  );
  await tx.db
    .deleteFrom('release_problems')
    .where('release_id', '=', release.id)
    .where('role', '=', 'closes')
    .execute();
  for (const problem of new Map(problems.map((p) => [p.id, p])).values()) {
    await tx.db
      .insertInto('release_problems')
      .values({ release_id: release.id, problem_id: problem.id, role: 'closes', test_id: null })
      .onConflict((oc) => oc.columns(['release_id', 'problem_id']).doNothing())
      .execute();
    if (!before.has(problem.id)) await addLink(tx, release, problem, 'relates_to');
  }
}

async function checkRefs(
  tx: Tx,
  input: {
    serviceIds?: string[];
    customerRepIds?: string[];
    dslItemIds?: string[];
    assigneeId?: string | null;
    groupId?: string | null;
    organizationId?: string | null;
  },
) {
  await assertReferences(tx.db, [
    { table: 'services', path: ['serviceIds'], ids: input.serviceIds },
    { table: 'users', path: ['customerRepIds'], ids: input.customerRepIds },
    { table: 'dsl_items', path: ['dslItemIds'], ids: input.dslItemIds },
    { table: 'users', path: ['assigneeId'], ids: input.assigneeId },
    { table: 'support_groups', path: ['groupId'], ids: input.groupId },
    { table: 'organizations', path: ['organizationId'], ids: input.organizationId },
  ]);
}

function planOf(current: Partial<ReleasePlan>, patch: Partial<ReleasePlan> | undefined): Partial<ReleasePlan> {
  if (!patch) return current;
  const out: Partial<ReleasePlan> = { ...current };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  // Stored as an instant so the calendar compares it as text on both databases.
  if (out.releaseDate) out.releaseDate = new Date(out.releaseDate).toISOString();
  return out;
}

export async function createRelease({ tx, input }: { tx: Tx; input: z.infer<typeof CreateRelease> }) {
  const actor = tx.actor!;
  authorize(actor, 'release', 'create');
  await checkRefs(tx, input);
  const plan = planOf({}, input.plan);
  const record = await createRecord(tx, 'release', {
    kind: 'release',
    organization_id: input.organizationId ?? actor.organizationId,
    department_id: null,
    title: input.title,
    description: input.description,
    state: 'draft',
    impact: input.type === 'major' ? 2 : 3,
    urgency: input.type === 'emergency' ? 1 : 3,
    level: levelFor(input.type === 'major' ? 2 : 3, input.type === 'emergency' ? 1 : 3),
    service_id: input.serviceIds[0] ?? null,
    channel: 'walk_in',
    requester_id: actor.id,
    owner_id: actor.id,
    assignee_id: input.assigneeId ?? actor.id,
    group_id: input.groupId ?? null,
    created_by: actor.id,
  });
  await tx.db
    .insertInto('release_details')
    .values({
      record_id: record.id,
      type: input.type,
      version: input.version,
      plan_json: JSON.stringify(plan),
      release_date: plan.releaseDate ?? null,
      ci_targets_json: '[]',
      accepted_at: null,
      accepted_by: null,
      acceptance_conditions: '',
      acceptance_note: '',
      rework_count: 0,
      deployed_at: null,
      backout_report: '',
      verified_at: null,
      verified_by: null,
      verification_note: '',
      outcome: null,
      baseline_id: null,
      notes_article_id: null,
      success_log_json: '[]',
      review_json: null,
      review_done_at: null,
      review_incidents: null,
    })
    .execute();
  await setList(tx, 'release_services', 'service_id', record.id, input.serviceIds);
  await setList(tx, 'release_customer_reps', 'user_id', record.id, input.customerRepIds);
  await setList(tx, 'release_dsl_items', 'dsl_item_id', record.id, input.dslItemIds);
  await setChanges(tx, record, input.changeIds);
  await setProblems(tx, record, input.problemIds);
  return record;
}

/** Checks each CI target: a CI listed by one of the grouped changes, whose class carries a version. */
async function checkTargets(tx: Tx, changeIds: readonly string[], targets: readonly CiTarget[]) {
  const facts = await ciFacts(
    tx.db,
    targets.map((t) => t.ciId),
  );
  const listed = new Map<string, string[]>();
  for (const changeId of changeIds) listed.set(changeId, await changeCiIds(tx.db, changeId));
  const out: CiTarget[] = [];
  for (const [i, target] of targets.entries()) {
    const ci = facts.get(target.ciId);
    if (!ci) throw new AppError('error.validation', {}, [{ path: ['ciTargets', i, 'ciId'], message: 'unknown CI' }]);
    if (!ci.attributeKeys.includes('version'))
      throw new AppError('release.ci_no_version', { ci: ci.code }, [
        { path: ['ciTargets', i, 'ciId'], message: 'no version' },
      ]);
    const changeId = target.changeId ?? changeIds.find((id) => listed.get(id)?.includes(target.ciId)) ?? null;
    if (!changeId || !listed.get(changeId)?.includes(target.ciId))
      throw new AppError('release.ci_not_in_change', { ci: ci.code }, [
        { path: ['ciTargets', i, 'changeId'], message: 'not listed by a grouped change' },
      ]);
    if (target.dslItemId)
      await assertReferences(tx.db, [
        { table: 'dsl_items', path: ['ciTargets', i, 'dslItemId'], ids: target.dslItemId },
      ]);
    out.push({ ...target, changeId });
  }
  return out;
}

export async function updateRelease({
  tx,
  releaseId,
  input,
}: {
  tx: Tx;
  releaseId: string;
  input: z.infer<typeof UpdateRelease>;
}) {
  const { record, bundle } = await prepare(tx, releaseId, 'manage');
  if (!PLANNING_RELEASE_STATES.includes(record.state as ReleaseState)) throw new AppError('release.not_editable');
  await checkRefs(tx, input);
  const d = bundle.details;
  const patch: Partial<Details> = {};
  if (input.type !== undefined) patch.type = input.type;
  if (input.version !== undefined) patch.version = input.version;
  if (input.plan !== undefined) {
    const plan = planOf(json(d.plan_json, {}), input.plan);
    patch.plan_json = JSON.stringify(plan);
    patch.release_date = plan.releaseDate ?? null;
  }
  let changeIds = bundle.changeIds;
  if (input.changeIds !== undefined) changeIds = (await setChanges(tx, record, input.changeIds)).map((c) => c.id);
  if (input.problemIds !== undefined) await setProblems(tx, record, input.problemIds);
  if (input.serviceIds !== undefined) await setList(tx, 'release_services', 'service_id', record.id, input.serviceIds);
  if (input.customerRepIds !== undefined)
    await setList(tx, 'release_customer_reps', 'user_id', record.id, input.customerRepIds);
  if (input.dslItemIds !== undefined)
    await setList(tx, 'release_dsl_items', 'dsl_item_id', record.id, input.dslItemIds);
  const targets = input.ciTargets ?? json<CiTarget[]>(d.ci_targets_json, []);
  if (input.ciTargets !== undefined || input.changeIds !== undefined) {
    const checked = await checkTargets(tx, changeIds, targets);
    patch.ci_targets_json = JSON.stringify(checked);
    for (const t of checked) await linkRecordToCi(tx, record.id, t.ciId).catch(() => undefined);
  }
  if (Object.keys(patch).length)
    await tx.db.updateTable('release_details').set(patch).where('record_id', '=', record.id).execute();
  const core: Partial<WorkRecord> = {};
  if (input.title !== undefined) core.title = input.title;
  if (input.description !== undefined) core.description = input.description;
  if (input.assigneeId !== undefined) core.assignee_id = input.assigneeId ?? null;
  if (input.groupId !== undefined) core.group_id = input.groupId ?? null;
  if (input.serviceIds !== undefined) core.service_id = input.serviceIds[0] ?? null;
  await updateRecord(tx, record, core, 'release.update', 'release.updated');
  if (Object.keys(core).length === 0)
    await appendTimeline(tx, record.id, { type: 'release.plan_updated', visibility: 'internal' });
  return record.id;
}

/** A plain step of the machine (plan, build, test, request acceptance, complete deployment, review, close, cancel). */
export async function transitionRelease({
  tx,
  releaseId,
  action,
  note,
}: {
  tx: Tx;
  releaseId: string;
  action: Exclude<ReleaseAction, 'accept' | 'rework' | 'roll_back' | 'verify' | 'approve'>;
  note?: string;
}) {
  const policy: PolicyAction = action === 'complete_deployment' ? 'deploy' : 'manage';
  const { record, bundle } = await prepare(tx, releaseId, policy);
  return move(tx, record, bundle, action, {}, note || null);
}

// ---------- deployment activities per site ----------

/** The change windows that apply to the release's services: inside a maintenance window and clear of blackouts. */
async function windowCheck(db: Db, bundle: ReleaseBundle, start: string, end: string) {
  const windows = await windowsFor(db, bundle.serviceIds, []);
  const s = Date.parse(start);
  const e = Date.parse(end);
  const blackout = windows.blackout.find((w) => overlapsAny([w], s, e));
  if (blackout) return blackout.name;
  if (!fitsInside(windows.maintenance, s, e)) return '';
  return null;
}

export async function addSite({
  tx,
  releaseId,
  input,
}: {
  tx: Tx;
  releaseId: string;
  input: z.infer<typeof CreateSite>;
}) {
  const { record, bundle } = await prepare(tx, releaseId, 'manage');
  if (!PLANNING_RELEASE_STATES.includes(record.state as ReleaseState)) throw new AppError('release.not_editable');
  if (!(await isLocationCi(tx.db, input.locationId))) throw new AppError('release.not_a_location');
  await assertReferences(tx.db, [{ table: 'users', path: ['ownerId'], ids: input.ownerId }]);
  if (bundle.sites.some((s) => s.location_id === input.locationId))
    throw new AppError('error.validation', {}, [{ path: ['locationId'], message: 'this site is already planned' }]);
  await assertWindow(tx.db, bundle, input.windowStart, input.windowEnd);
  const id = newId();
  await tx.db
    .insertInto('release_sites')
    .values({
      id,
      release_id: record.id,
      location_id: input.locationId,
      owner_id: input.ownerId,
      window_start: new Date(input.windowStart).toISOString(),
      window_end: new Date(input.windowEnd).toISOString(),
      activities: input.activities,
      state: 'pending',
      note: '',
      started_at: null,
      finished_at: null,
      created_at: nowIso(),
    })
    .execute();
  await linkRecordToCi(tx, record.id, input.locationId).catch(() => undefined);
  await appendTimeline(tx, record.id, { type: 'release.site_added', visibility: 'internal', data: { siteId: id } });
  await updateRecord(tx, record, {}, 'release.site_add', null);
  return id;
}

async function assertWindow(db: Db, bundle: ReleaseBundle, start: string, end: string) {
  // An emergency release goes when it must; the others keep to the change windows and blackouts.
  if (bundle.details.type === 'emergency') return;
  const blocked = await windowCheck(db, bundle, start, end);
  if (blocked !== null) throw new AppError('release.window_blocked', { window: blocked });
}

export async function updateSite({
  tx,
  releaseId,
  siteId,
  input,
}: {
  tx: Tx;
  releaseId: string;
  siteId: string;
  input: z.infer<typeof UpdateSite>;
}) {
  const { record, bundle } = await prepare(tx, releaseId, 'manage');
  if (!PLANNING_RELEASE_STATES.includes(record.state as ReleaseState)) throw new AppError('release.not_editable');
  const site = bundle.sites.find((s) => s.id === siteId);
  if (!site) throw notFound();
  await assertReferences(tx.db, [{ table: 'users', path: ['ownerId'], ids: input.ownerId }]);
  const start = input.windowStart ?? site.window_start;
  const end = input.windowEnd ?? site.window_end;
  if (Date.parse(end) <= Date.parse(start))
    throw new AppError('error.validation', {}, [{ path: ['windowEnd'], message: 'release.end_before_start' }]);
  if (input.windowStart !== undefined || input.windowEnd !== undefined) await assertWindow(tx.db, bundle, start, end);
  await tx.db
    .updateTable('release_sites')
    .set({
      owner_id: input.ownerId ?? site.owner_id,
      window_start: new Date(start).toISOString(),
      window_end: new Date(end).toISOString(),
      activities: input.activities ?? site.activities,
    })
    .where('id', '=', site.id)
    .execute();
  await updateRecord(tx, record, {}, 'release.site_update', null);
  return site.id;
}

export async function stepSite({
  tx,
  releaseId,
  siteId,
  action,
  note,
}: {
  tx: Tx;
  releaseId: string;
  siteId: string;
  action: SiteAction;
  note: string;
}) {
  const { record, bundle } = await prepare(tx, releaseId, 'deploy');
  const site = bundle.sites.find((s) => s.id === siteId);
  if (!site) throw notFound();
  const now = nowMs();
  const facts = {
    state: site.state,
    releaseDeploying: record.state === 'deployment',
    nowInWindow:
      bundle.details.type === 'emergency' ||
      (Date.parse(site.window_start) <= now && now <= Date.parse(site.window_end)),
    hasNote: note.trim().length > 0,
  };
  const { state } = applyTransition(siteMachine, facts, action);
  const at = nowIso();
  await tx.db
    .updateTable('release_sites')
    .set({
      state,
      note: note || site.note,
      ...(action === 'start' ? { started_at: at } : {}),
      ...(action !== 'start' ? { finished_at: at } : {}),
    })
    .where('id', '=', site.id)
    .execute();
  await appendTimeline(tx, record.id, {
    type: 'release.site_step',
    body: note || null,
    data: { siteId: site.id, locationId: site.location_id, action, from: site.state, to: state },
  });
  await updateRecord(tx, record, {}, `release.site_${action}`, null);
  tx.emit('release.site_changed', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { siteId: site.id, state },
  });
  return state;
}

// ---------- tests ----------

const TESTABLE: readonly ReleaseState[] = ['build', 'testing', 'acceptance', 'approval', 'deployment', 'verification'];

export async function recordTest({
  tx,
  releaseId,
  input,
}: {
  tx: Tx;
  releaseId: string;
  input: z.infer<typeof CreateTestRecord>;
}) {
  const { record, bundle } = await prepare(tx, releaseId, 'test');
  if (!TESTABLE.includes(record.state as ReleaseState))
    throw new AppError('release.illegal_transition', {
      state: releaseMachine.stateLabel(record.state),
      action: releaseMachine.actionLabel('test'),
    });
  await assertReferences(tx.db, [{ table: 'users', path: ['testerId'], ids: input.testerId }]);
  const id = newId();
  await tx.db
    .insertInto('release_tests')
    .values({
      id,
      release_id: record.id,
      test_case: input.testCase,
      expected: input.expected,
      actual: input.actual,
      environment: input.environment,
      result: input.result,
      tester_id: input.testerId ?? tx.actor!.id,
      attachment_ids_json: '[]',
      at: nowIso(),
    })
    .execute();
  // Known errors found in testing become known errors (problems) linked to the release (§9.1.2).
  for (const known of input.knownErrors) {
    const problem = await createProblem({
      tx,
      input: { title: known.title, description: known.description, serviceId: bundle.serviceIds[0] ?? null },
    });
    await updateProblem({ tx, problemId: problem.id, input: { workaround: known.workaround } });
    await transitionProblem({ tx, problemId: problem.id, action: 'analyse' });
    await transitionProblem({ tx, problemId: problem.id, action: 'declare_known_error', note: record.number });
    await tx.db
      .insertInto('release_problems')
      .values({ release_id: record.id, problem_id: problem.id, role: 'found', test_id: id })
      .execute();
    await addLink(tx, record, problem, 'relates_to');
  }
  await appendTimeline(tx, record.id, {
    type: 'release.tested',
    data: { testId: id, testCase: input.testCase, environment: input.environment, result: input.result },
  });
  await updateRecord(tx, record, {}, 'release.test', null);
  tx.emit('release.tested', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { testId: id, result: input.result },
  });
  return id;
}

export async function addEvidence(
  tx: Tx,
  releaseId: string,
  testId: string,
  file: { filename: string; content: Buffer },
  maxBytes: number,
) {
  const { record } = await prepare(tx, releaseId, 'test');
  const test = await tx.db
    .selectFrom('release_tests')
    .selectAll()
    .where('id', '=', testId)
    .where('release_id', '=', record.id)
    .executeTakeFirst();
  if (!test) throw notFound();
  const attachment = await addAttachment(tx, record, file, maxBytes);
  await tx.db
    .updateTable('release_tests')
    .set({ attachment_ids_json: JSON.stringify([...json<string[]>(test.attachment_ids_json, []), attachment.id]) })
    .where('id', '=', test.id)
    .execute();
  return attachment;
}

// ---------- acceptance (验收) ----------

export async function decideAcceptance({
  tx,
  releaseId,
  input,
}: {
  tx: Tx;
  releaseId: string;
  input: z.infer<typeof AcceptRelease>;
}) {
  const { record, details: bundle, subject } = await loadForAction(tx, releaseKind, releaseId);
  if (!releaseKind.policy!.actions.accept(tx.actor!, subject)) throw new AppError('release.not_acceptor');
  if (input.decision === 'rework')
    return move(
      tx,
      record,
      bundle,
      'rework',
      {
        accepted_at: null,
        accepted_by: null,
        rework_count: bundle.details.rework_count + 1,
        acceptance_note: input.note,
      },
      input.note || input.conditions || null,
    );
  return move(
    tx,
    record,
    bundle,
    'accept',
    {
      accepted_at: nowIso(),
      accepted_by: tx.actor!.id,
      acceptance_conditions: input.conditions,
      acceptance_note: input.note,
    },
    input.conditions || input.note || null,
  );
}

// ---------- approval and deployment ----------

/**
 * Approves deployment: the machine checks every grouped change is approved, the test records, the
 * acceptance and the sites; then the grouped changes start their implementation (实施中), which is
 * what authorises the CMDB writes the release's success makes under them.
 */
export async function approveRelease({ tx, releaseId, note }: { tx: Tx; releaseId: string; note: string }) {
  const { record, bundle } = await prepare(tx, releaseId, 'manage');
  const moved = await move(tx, record, bundle, 'approve', { deployed_at: nowIso() }, note || null);
  for (const change of await changeRows(tx.db, bundle.changeIds))
    if (change.state === 'scheduled') await startImplementation({ tx, changeId: change.id });
  return moved;
}

/** Backs the whole release out (§9.1.5): every site that went or was going live, and its changes. */
export async function rollBackRelease({ tx, releaseId, report }: { tx: Tx; releaseId: string; report: string }) {
  const { record, bundle } = await prepare(tx, releaseId, 'deploy');
  const moved = await move(tx, record, bundle, 'roll_back', { backout_report: report, outcome: 'rolled_back' }, report);
  const at = nowIso();
  await tx.db
    .updateTable('release_sites')
    .set({ state: 'rolled_back', finished_at: at, note: report })
    .where('release_id', '=', record.id)
    .where('state', 'in', ['in_progress', 'done', 'failed'])
    .execute();
  for (const change of await changeRows(tx.db, bundle.changeIds))
    if (change.state === 'implementing')
      await failChange({ tx, changeId: change.id, note: `${record.number}: ${report}` });
  return moved;
}

/** After a failure (§9.1.6): a problem or a change to find out why or to redo it, linked to the release. */
export async function raiseFollowUp({
  tx,
  releaseId,
  kind,
  title,
  description,
}: {
  tx: Tx;
  releaseId: string;
  kind: 'problem' | 'change';
  title: string;
  description: string;
}) {
  const { record, bundle } = await prepare(tx, releaseId, 'deploy');
  const failedSite = bundle.sites.some((s) => s.state === 'failed' || s.state === 'rolled_back');
  if (record.state !== 'rolled_back' && !failedSite && bundle.details.outcome !== 'rolled_back')
    throw new AppError('release.not_failed');
  const text = `${description}\n\n${record.number} ${record.title}`;
  const raised =
    kind === 'problem'
      ? await createProblem({ tx, input: { title, description: text, serviceId: bundle.serviceIds[0] ?? null } })
      : await createChange({
          tx,
          input: {
            title,
            description: text,
            purpose: '',
            content: '',
            reason: description,
            plan: [],
            backoutPlan: '',
            testPlan: '',
            serviceIds: bundle.serviceIds,
            ciIds: [],
            linkedRecordIds: [],
            references: [record.number],
            type: 'normal',
          },
        });
  await addLink(tx, raised, record, 'relates_to');
  await appendTimeline(tx, record.id, {
    type: 'release.follow_up',
    data: { kind, number: raised.number, recordId: raised.id },
  });
  await updateRecord(tx, record, {}, 'release.follow_up', null);
  return raised;
}

// ---------- success (§9.1.7) ----------

interface SuccessLog {
  kind: 'ci' | 'ci_skipped' | 'change' | 'baseline' | 'article' | 'problem' | 'problem_skipped' | 'dsl';
  ref: string;
  detail?: string;
}

function notesHtml(
  locale: Locale,
  record: WorkRecord,
  d: Details,
  changes: { number: string; title: string }[],
  knownErrors: { number: string; title: string; workaround: string }[],
  cis: { code: string; name: string; version: string }[],
) {
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const plan = json<Partial<ReleasePlan>>(d.plan_json, {});
  const list = (items: string[]) =>
    items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : `<p>${t('release.notes.none')}</p>`;
  return [
    `<h2>${t('release.notes.notice')}</h2>`,
    `<p>${esc(record.title)} — ${esc(d.version)}</p>`,
    record.description ? `<p>${esc(record.description)}</p>` : '',
    plan.deliverables ? `<p>${esc(plan.deliverables)}</p>` : '',
    plan.communication ? `<p>${esc(plan.communication)}</p>` : '',
    `<h2>${t('release.notes.changes')}</h2>`,
    list(changes.map((c) => `${esc(c.number)} ${esc(c.title)}`)),
    `<h2>${t('release.notes.known_errors')}</h2>`,
    list(knownErrors.map((k) => `${esc(k.number)} ${esc(k.title)}：${esc(k.workaround)}`)),
    `<h2>${t('release.notes.cis')}</h2>`,
    list(cis.map((c) => `${esc(c.code)} ${esc(c.name)} → ${esc(c.version)}`)),
  ].join('\n');
}

/**
 * Verification passed: the release succeeded. The CIs it names get their new version and state
 * under the grouped changes (still 实施中, so the CMDB gate authorises the writes), the changes are
 * marked implemented, a baseline of those CIs is taken, release notes are drafted in the knowledge
 * base for the desk to publish, and the problems it closes move on. Each step is logged on the release.
 */
export async function verifyRelease({
  tx,
  releaseId,
  note,
  locale,
}: {
  tx: Tx;
  releaseId: string;
  note: string;
  locale: Locale;
}) {
  const { record, bundle } = await prepare(tx, releaseId, 'deploy');
  const at = nowIso();
  const moved = await move(
    tx,
    record,
    bundle,
    'verify',
    { verified_at: at, verified_by: tx.actor!.id, verification_note: note, outcome: 'success' },
    note,
  );
  const log: SuccessLog[] = [];
  const d = bundle.details;
  const targets = json<CiTarget[]>(d.ci_targets_json, []);
  const facts = await ciFacts(
    tx.db,
    targets.map((t) => t.ciId),
  );
  const backedOut = new Set(bundle.sites.filter((s) => s.state === 'rolled_back').map((s) => s.location_id));
  const updated: { id: string; code: string; name: string; version: string }[] = [];
  for (const target of targets) {
    const ci = facts.get(target.ciId);
    if (!ci) continue;
    // A CI at a site that was backed out keeps its old version.
    if (ci.locationId && backedOut.has(ci.locationId)) {
      log.push({ kind: 'ci_skipped', ref: ci.code, detail: 'site rolled back' });
      continue;
    }
    const through = { recordId: target.changeId ?? null };
    await updateCi({ tx, ciId: ci.id, input: { attributes: { version: target.version }, ...through } });
    if (target.state && target.state !== ci.state) {
      try {
        await moveCi({ tx, ciId: ci.id, input: { state: target.state, ...through } });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        log.push({ kind: 'ci_skipped', ref: ci.code, detail: error.code });
      }
    }
    if (target.dslItemId && ci.classCode === 'software') {
      await tx.db
        .insertInto('dsl_item_cis')
        .values({ dsl_item_id: target.dslItemId, ci_id: ci.id })
        .onConflict((oc) => oc.columns(['dsl_item_id', 'ci_id']).doNothing())
        .execute();
      log.push({ kind: 'dsl', ref: ci.code, detail: target.dslItemId });
    }
    updated.push({ id: ci.id, code: ci.code, name: ci.name, version: target.version });
    log.push({ kind: 'ci', ref: ci.code, detail: target.version });
  }
  const changes = await changeRows(tx.db, bundle.changeIds);
  for (const change of changes)
    if (change.state === 'implementing') {
      await completeImplementation({ tx, changeId: change.id, note: `${record.number} ${note}` });
      log.push({ kind: 'change', ref: change.number, detail: 'implemented' });
    }
  let baselineId: string | null = null;
  if (updated.length) {
    const baseline = await createBaseline({
      tx,
      actor: tx.actor!,
      input: {
        name: `${record.number} ${d.version}`.slice(0, 100),
        description: record.title.slice(0, 1000),
        ciIds: updated.map((u) => u.id),
      },
    });
    baselineId = baseline.id;
    log.push({ kind: 'baseline', ref: baseline.name });
  }
  // Known errors found in testing and those the release closes, with their workarounds.
  const knownErrors = [];
  for (const p of bundle.problems) {
    const row = await selectRecordByIdOrNumber(tx.db, p.problem_id).executeTakeFirst();
    if (!row) continue;
    const workaround = await problemWorkaround(tx.db, row.id);
    if (p.role === 'found' || row.state === 'known_error')
      knownErrors.push({ number: row.number, title: row.title, workaround });
  }
  let articleId: string | null = null;
  if (can(tx.actor!, 'article', 'write')) {
    const article = await createArticle({
      tx,
      input: {
        title: translate(locale, 'release.notes.title', {
          number: record.number,
          title: record.title,
          version: d.version,
        }).slice(0, 200),
        body: notesHtml(locale, record, d, changes, knownErrors, updated),
        audience: 'agents',
        tags: ['release', record.number],
      },
    });
    await linkArticle({ tx, articleId: article.id, target: record.id });
    articleId = article.id;
    log.push({ kind: 'article', ref: article.number });
  }
  // The problems the release closes move on: a fix in place resolves them (their guards still apply).
  for (const p of bundle.problems.filter((x) => x.role === 'closes')) {
    const row = await selectRecordByIdOrNumber(tx.db, p.problem_id).executeTakeFirst();
    if (!row) continue;
    try {
      if (row.state === 'analysis' || row.state === 'known_error')
        await transitionProblem({ tx, problemId: row.id, action: 'start_fix', note: record.number });
      if (['analysis', 'known_error', 'resolving'].includes(row.state)) {
        await transitionProblem({ tx, problemId: row.id, action: 'resolve', note: record.number });
        log.push({ kind: 'problem', ref: row.number, detail: 'resolved' });
      }
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      log.push({ kind: 'problem_skipped', ref: row.number, detail: error.code });
    }
  }
  await tx.db
    .updateTable('release_details')
    .set({ baseline_id: baselineId, notes_article_id: articleId, success_log_json: JSON.stringify(log) })
    .where('record_id', '=', record.id)
    .execute();
  await appendTimeline(tx, record.id, { type: 'release.success', data: { log } });
  return moved;
}

async function problemWorkaround(db: Db, problemId: string): Promise<string> {
  return (await problemDetails(db, problemId)).workaround ?? '';
}

// ---------- review (§4.1.4) ----------

/** Incidents after the release: those its changes' PIR would consider, and those linked to it since deployment. */
export async function incidentCandidates(db: Db, record: WorkRecord, bundle: ReleaseBundle) {
  const out = new Map<string, { id: string; number: string; title: string; state: string; created_at: string }>();
  for (const change of await changeRows(db, bundle.changeIds)) {
    const full = await selectRecordByIdOrNumber(db, change.id).executeTakeFirstOrThrow();
    for (const c of await pirCandidates(db, full, await changeDetails(db, change.id))) out.set(c.id, c);
  }
  if (bundle.details.deployed_at) {
    const linked = await db
      .selectFrom('work_records')
      .innerJoin('record_links', (j) =>
        j.on((eb) =>
          eb.or([
            eb.and([
              eb('record_links.from_id', '=', eb.ref('work_records.id')),
              eb('record_links.to_id', '=', record.id),
            ]),
            eb.and([
              eb('record_links.to_id', '=', eb.ref('work_records.id')),
              eb('record_links.from_id', '=', record.id),
            ]),
          ]),
        ),
      )
      .select([
        'work_records.id',
        'work_records.number',
        'work_records.title',
        'work_records.state',
        'work_records.created_at',
      ])
      .where('work_records.kind', '=', 'incident')
      .where('work_records.created_at', '>=', bundle.details.deployed_at)
      .execute();
    for (const c of linked) out.set(c.id, c);
  }
  return [...out.values()].sort((a, b) => a.created_at.localeCompare(b.created_at));
}

export async function writeReview({
  tx,
  releaseId,
  input,
}: {
  tx: Tx;
  releaseId: string;
  input: z.infer<typeof ReleaseReview>;
}) {
  const { record, bundle } = await prepare(tx, releaseId, 'manage');
  if (record.state !== 'review') throw new AppError('release.not_reviewing');
  const candidates = await incidentCandidates(tx.db, record, bundle);
  const known = new Set(candidates.map((c) => c.id));
  for (const [i, id] of input.incidentIds.entries())
    if (!known.has(id))
      throw new AppError('error.validation', {}, [
        { path: ['incidentIds', i], message: 'not a candidate of this release' },
      ]);
  for (const id of input.incidentIds) {
    const incident = await selectRecordByIdOrNumber(tx.db, id).executeTakeFirstOrThrow();
    await addLink(tx, incident, record, 'caused_by');
  }
  const review = { ...input, reviewerId: tx.actor!.id, at: nowIso() };
  await tx.db
    .updateTable('release_details')
    .set({ review_json: JSON.stringify(review), review_done_at: review.at, review_incidents: input.incidentIds.length })
    .where('record_id', '=', record.id)
    .execute();
  await appendTimeline(tx, record.id, {
    type: 'release.reviewed',
    body: input.lessons || null,
    data: { objectivesMet: input.objectivesMet, incidents: input.incidentIds.length },
  });
  await updateRecord(tx, record, {}, 'release.review_written', null);
  tx.emit('release.reviewed', {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { objectivesMet: input.objectivesMet, incidents: input.incidentIds },
  });
  return review;
}
