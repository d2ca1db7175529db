import {
  PLAN_FIELDS,
  PLANNING_RELEASE_STATES,
  type ReleaseListQuery,
  type ReleasePlan,
  type ReleaseState,
  releaseMachine,
  siteMachine,
} from '@trellis/core/modules/releases';
import type { z } from 'zod';
import type { Actor } from '../../platform/context.js';
import type { Db, DialectName } from '../../platform/db/database.js';
import { containsInsensitive } from '../../platform/db/dialect.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { ciFacts } from '../cmdb/index.js';
import { abilitiesOf, attachmentsOf, linksOf, type WorkRecord } from '../records/index.js';
import { releaseKind } from './release.kind.js';
import { visibleReleases } from './release.policy.js';
import { type ReleaseBundle, releaseBundle, testsOf } from './release.repository.js';
import { type CiTarget, changeRows, incidentCandidates, releaseFacts, tallyTests } from './release.service.js';

const json = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

async function names(db: Db, table: 'users' | 'support_groups', ids: (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function problemRefs(db: Db, bundle: ReleaseBundle) {
  const ids = bundle.problems.map((p) => p.problem_id);
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('work_records')
    .select(['id', 'number', 'title', 'state'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return bundle.problems
    .filter((p) => byId.has(p.problem_id))
    .map((p) => ({ ...byId.get(p.problem_id)!, role: p.role, testId: p.test_id }));
}

/** A release as its page shows it: the plan, changes, tests, acceptance, sites, outcome and what the actor may do. */
export async function releaseView(db: Db, actor: Actor, record: WorkRecord) {
  const bundle = await releaseBundle(db, record.id);
  const d = bundle.details;
  const [facts, tests, changes, problems, attachments, links] = await Promise.all([
    releaseFacts(db, record, bundle),
    testsOf(db, record.id),
    changeRows(db, bundle.changeIds),
    problemRefs(db, bundle),
    attachmentsOf(db, record.id),
    linksOf(db, record.id),
  ]);
  const targets = json<CiTarget[]>(d.ci_targets_json, []);
  const cis = await ciFacts(db, [...targets.map((t) => t.ciId), ...bundle.sites.map((s) => s.location_id)]);
  const people = await names(db, 'users', [
    record.assignee_id,
    record.requester_id,
    d.accepted_by,
    d.verified_by,
    ...bundle.sites.map((s) => s.owner_id),
    ...bundle.customerRepIds,
  ]);
  const groups = await names(db, 'support_groups', [record.group_id]);
  const services = bundle.serviceIds.length
    ? await db
        .selectFrom('services')
        .select(['id', 'code', 'name_zh', 'name_en', 'owner_id'])
        .where('id', 'in', bundle.serviceIds)
        .execute()
    : [];
  const dsl = bundle.dslItemIds.length
    ? await db.selectFrom('dsl_items').selectAll().where('id', 'in', bundle.dslItemIds).execute()
    : [];
  const subject = releaseKind.subject!(actor, record, bundle);
  const planning = PLANNING_RELEASE_STATES.includes(record.state as ReleaseState);
  const abilities = abilitiesOf(releaseKind, actor, subject, facts, {
    edit: { rule: 'manage', when: planning },
    plan: { rule: 'manage', when: 'plan' },
    build: { rule: 'manage', when: 'build' },
    test: { rule: 'manage', when: 'test' },
    recordTest: {
      rule: 'test',
      when: ['build', 'testing', 'acceptance', 'approval', 'deployment', 'verification'].includes(record.state),
    },
    requestAcceptance: { rule: 'manage', when: 'request_acceptance' },
    accept: { rule: 'accept', when: record.state === 'acceptance' },
    rework: { rule: 'accept', when: 'rework' },
    approve: { rule: 'manage', when: 'approve' },
    deploy: { rule: 'deploy', when: record.state === 'deployment' },
    completeDeployment: { rule: 'deploy', when: 'complete_deployment' },
    rollBack: { rule: 'deploy', when: record.state === 'deployment' || record.state === 'verification' },
    verify: { rule: 'deploy', when: record.state === 'verification' },
    review: { rule: 'manage', when: 'review' },
    writeReview: { rule: 'manage', when: record.state === 'review' },
    close: { rule: 'manage', when: 'close' },
    cancel: { rule: 'manage', when: 'cancel' },
    followUp: {
      rule: 'deploy',
      when:
        record.state === 'rolled_back' ||
        d.outcome === 'rolled_back' ||
        bundle.sites.some((s) => s.state === 'failed' || s.state === 'rolled_back'),
    },
  });
  const staff = isStaff(actor);
  const plan = json<Partial<ReleasePlan>>(d.plan_json, {});
  return {
    id: record.id,
    number: record.number,
    title: record.title,
    description: record.description,
    state: record.state,
    stateLabel: releaseMachine.stateLabel(record.state),
    type: d.type,
    version: d.version,
    organizationId: record.organization_id,
    requester: { id: record.requester_id, name: people.get(record.requester_id) ?? '' },
    assignee: record.assignee_id ? { id: record.assignee_id, name: people.get(record.assignee_id) ?? '' } : null,
    group: record.group_id ? { id: record.group_id, name: groups.get(record.group_id) ?? '' } : null,
    plan: Object.fromEntries(PLAN_FIELDS.map((k) => [k, plan[k] ?? (k === 'releaseDate' ? null : '')])),
    services: services.map((s) => ({
      id: s.id,
      code: s.code,
      nameZh: s.name_zh,
      nameEn: s.name_en,
      ownerId: s.owner_id,
    })),
    changes,
    problems: staff ? problems : [],
    dslItems: dsl.map((x) => ({
      id: x.id,
      name: x.name,
      version: x.version,
      checksum: x.checksum,
      licence: x.licence,
    })),
    customerReps: bundle.customerRepIds.map((id) => ({ id, name: people.get(id) ?? '' })),
    ciTargets: targets.map((t) => {
      const ci = cis.get(t.ciId);
      return {
        ...t,
        ci: ci
          ? {
              id: ci.id,
              code: ci.code,
              name: ci.name,
              state: ci.state,
              currentVersion: ci.attributes.version ?? null,
              unauthorized: ci.unauthorized,
            }
          : null,
      };
    }),
    sites: bundle.sites.map((s) => ({
      id: s.id,
      location: {
        id: s.location_id,
        code: cis.get(s.location_id)?.code ?? '',
        name: cis.get(s.location_id)?.name ?? '',
      },
      owner: { id: s.owner_id, name: people.get(s.owner_id) ?? '' },
      windowStart: s.window_start,
      windowEnd: s.window_end,
      activities: s.activities,
      state: s.state,
      stateLabel: siteMachine.stateLabel(s.state),
      note: s.note,
      startedAt: s.started_at,
      finishedAt: s.finished_at,
    })),
    tests: tests.map((t) => ({
      id: t.id,
      testCase: t.test_case,
      expected: t.expected,
      actual: t.actual,
      environment: t.environment,
      result: t.result,
      tester: { id: t.tester_id, name: t.tester_name ?? '' },
      attachments: json<string[]>(t.attachment_ids_json, []).map((id) => {
        const a = attachments.find((x) => x.id === id);
        return { id, filename: a?.filename ?? '', size: a ? Number(a.size) : 0 };
      }),
      at: t.at,
    })),
    testTally: tallyTests(tests),
    acceptance: d.accepted_at
      ? {
          at: d.accepted_at,
          by: { id: d.accepted_by!, name: people.get(d.accepted_by!) ?? '' },
          conditions: d.acceptance_conditions,
          note: d.acceptance_note,
        }
      : null,
    reworkCount: d.rework_count,
    deployedAt: d.deployed_at,
    backoutReport: d.backout_report,
    verification: d.verified_at
      ? {
          at: d.verified_at,
          by: { id: d.verified_by!, name: people.get(d.verified_by!) ?? '' },
          note: d.verification_note,
        }
      : null,
    outcome: d.outcome,
    baselineId: d.baseline_id,
    notesArticleId: d.notes_article_id,
    successLog: json<unknown[]>(d.success_log_json, []),
    review: json<Record<string, unknown> | null>(d.review_json, null),
    reviewIncidents: d.review_incidents,
    links: staff ? links : [],
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, size: Number(a.size) })),
    createdAt: record.created_at,
    updatedAt: record.updated_at,
    closedAt: record.closed_at,
    version_: record.version,
    abilities,
    allowedActions: releaseMachine.allowed(facts),
    facts,
  };
}

export async function incidentCandidatesOf(db: Db, record: WorkRecord) {
  return incidentCandidates(db, record, await releaseBundle(db, record.id));
}

export async function listReleases(
  db: Db,
  dialect: DialectName,
  actor: Actor,
  query: z.infer<typeof ReleaseListQuery>,
) {
  let q = db
    .selectFrom('work_records')
    .innerJoin('release_details', 'release_details.record_id', 'work_records.id')
    .select([
      'work_records.id',
      'work_records.number',
      'work_records.title',
      'work_records.state',
      'work_records.organization_id',
      'work_records.created_at',
      'release_details.type',
      'release_details.version',
      'release_details.release_date',
      'release_details.outcome',
    ])
    .where('work_records.kind', '=', 'release')
    .where(visibleReleases(actor));
  if (query.state) q = q.where('work_records.state', '=', query.state);
  if (query.type) q = q.where('release_details.type', '=', query.type);
  if (query.q) {
    const needle = query.q;
    q = q.where((eb) =>
      eb.or([
        containsInsensitive(dialect, eb.ref('work_records.title'), needle),
        containsInsensitive(dialect, eb.ref('work_records.number'), needle),
        containsInsensitive(dialect, eb.ref('release_details.version'), needle),
      ]),
    );
  }
  if (query.awaitingMe) {
    q = q
      .where('work_records.state', '=', 'acceptance')
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('release_customer_reps')
              .select('release_customer_reps.user_id')
              .whereRef('release_customer_reps.release_id', '=', 'work_records.id')
              .where('release_customer_reps.user_id', '=', actor.id),
          ),
          eb.exists(
            eb
              .selectFrom('release_services')
              .innerJoin('services', 'services.id', 'release_services.service_id')
              .select('release_services.service_id')
              .whereRef('release_services.release_id', '=', 'work_records.id')
              .where('services.owner_id', '=', actor.id),
          ),
        ]),
      );
  }
  const rows = await q.orderBy('work_records.created_at', 'desc').limit(query.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state,
    type: r.type,
    version: r.version,
    releaseDate: r.release_date,
    outcome: r.outcome,
    createdAt: r.created_at,
  }));
}

/** Release dates and site windows in a range, for the release calendar beside the change calendar. */
export async function releaseCalendar(db: Db, actor: Actor, query: { from: string; to: string }) {
  const from = new Date(query.from).toISOString();
  const to = new Date(query.to).toISOString();
  const releases = await db
    .selectFrom('work_records')
    .innerJoin('release_details', 'release_details.record_id', 'work_records.id')
    .select([
      'work_records.id',
      'work_records.number',
      'work_records.title',
      'work_records.state',
      'release_details.type',
      'release_details.version',
      'release_details.release_date',
    ])
    .where('work_records.kind', '=', 'release')
    .where(visibleReleases(actor))
    .where('work_records.state', '!=', 'cancelled')
    .where('release_details.release_date', '>=', from)
    .where('release_details.release_date', '<', to)
    .orderBy('release_details.release_date')
    .limit(2000)
    .execute();
  const sites = await db
    .selectFrom('release_sites')
    .innerJoin('work_records', 'work_records.id', 'release_sites.release_id')
    .select([
      'release_sites.id',
      'release_sites.location_id',
      'release_sites.window_start',
      'release_sites.window_end',
      'release_sites.state',
      'work_records.id as release_id',
      'work_records.number',
      'work_records.title',
    ])
    .where(visibleReleases(actor))
    .where('work_records.state', '!=', 'cancelled')
    .where('release_sites.window_start', '<', to)
    .where('release_sites.window_end', '>', from)
    .orderBy('release_sites.window_start')
    .limit(2000)
    .execute();
  const locations = await ciFacts(
    db,
    sites.map((s) => s.location_id),
  );
  return {
    releases: releases.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      state: r.state,
      type: r.type,
      version: r.version,
      releaseDate: r.release_date,
    })),
    sites: sites.map((s) => ({
      id: s.id,
      releaseId: s.release_id,
      number: s.number,
      title: s.title,
      location: locations.get(s.location_id)?.name ?? '',
      windowStart: s.window_start,
      windowEnd: s.window_end,
      state: s.state,
    })),
  };
}
