import {
  type Problem,
  type ProblemCandidate,
  type ProblemState,
  type ProblemSummary,
  problemActionsAllowed,
  type Rca,
  type SimilarRecord,
} from '@trellis/core';
import type { Actor } from '../../platform/context.js';
import type { Db, DialectName } from '../../platform/db/database.js';
import { containsInsensitive } from '../../platform/db/dialect.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { categoryNames } from '../categories/index.js';
import { attachmentsOf, timelineOf, type WorkRecord } from '../records/index.js';
import { canManageProblem, EMPTY_RCA, linkedIncidentIds, problemDetails, problemFacts } from './problem.service.js';
import { jaccard, recordText, similarityTokens } from './problem.similarity.js';

const today = () => new Date().toISOString().slice(0, 10);

async function summaries(db: Db, rows: WorkRecord[]): Promise<ProblemSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [details, counts, assignees] = await Promise.all([
    db
      .selectFrom('problem_details')
      .select(['record_id', 'source', 'verification'])
      .where('record_id', 'in', ids)
      .execute(),
    db
      .selectFrom('record_links')
      .innerJoin('work_records', 'work_records.id', 'record_links.from_id')
      .select(['record_links.to_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('record_links.to_id', 'in', ids)
      .where('work_records.kind', '=', 'incident')
      .groupBy('record_links.to_id')
      .execute(),
    db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => r.assignee_id).filter((a): a is string => !!a)), '-'])
      .execute(),
  ]);
  return rows.map((r) => {
    const d = details.find((x) => x.record_id === r.id);
    const assignee = assignees.find((a) => a.id === r.assignee_id);
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      state: r.state as ProblemState,
      level: r.level,
      source: d?.source ?? 'agent',
      assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
      incidentCount: Number(counts.find((c) => c.to_id === r.id)?.n ?? 0),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      verification: d?.verification ?? null,
    };
  });
}

export async function listProblems(db: Db, dialect: DialectName, query: { state?: string; q?: string; limit: number }) {
  let q = db.selectFrom('work_records').selectAll().where('kind', '=', 'problem');
  if (query.state) q = q.where('state', 'in', query.state.split(','));
  if (query.q) {
    const needle = query.q;
    q = q.where((eb) =>
      eb.or([
        containsInsensitive(dialect, eb.ref('title'), needle),
        containsInsensitive(dialect, eb.ref('number'), needle),
      ]),
    );
  }
  const rows = await q.orderBy('created_at', 'desc').limit(query.limit).execute();
  return { items: await summaries(db, rows) };
}

export async function problemView(db: Db, actor: Actor, record: WorkRecord): Promise<Problem> {
  const details = await problemDetails(db, record.id);
  const linkedIds = await linkedIncidentIds(db, record.id);
  const [[summary], incidents, actions, attachments, timeline, owner, facts] = await Promise.all([
    summaries(db, [record]),
    linkedIds.length
      ? db
          .selectFrom('work_records')
          .select(['id', 'number', 'title', 'state', 'created_at'])
          .where('id', 'in', linkedIds)
          .where(visibleRecords(actor))
          .orderBy('created_at')
          .execute()
      : [],
    db
      .selectFrom('problem_actions')
      .innerJoin('users', 'users.id', 'problem_actions.owner_id')
      .selectAll('problem_actions')
      .select('users.name as owner_name')
      .where('problem_id', '=', record.id)
      .orderBy('problem_actions.created_at')
      .execute(),
    attachmentsOf(db, record.id),
    timelineOf(db, record.id, true),
    record.owner_id
      ? db.selectFrom('users').select(['id', 'name']).where('id', '=', record.owner_id).executeTakeFirst()
      : undefined,
    problemFacts(db, record, details),
  ]);
  const rca = { ...EMPTY_RCA, ...(JSON.parse(details.rca_json) as Partial<Rca>) };
  return {
    ...summary!,
    description: record.description,
    version: record.version,
    categoryId: record.category_id,
    serviceId: record.service_id,
    owner: owner ?? null,
    workaround: details.workaround,
    knownErrorAt: details.known_error_at,
    knownErrorArticleId: details.known_error_article_id,
    rca,
    incidents: incidents.map((i) => ({
      id: i.id,
      number: i.number,
      title: i.title,
      state: i.state,
      createdAt: i.created_at,
    })),
    actions: actions.map((a) => ({
      id: a.id,
      kind: a.kind,
      title: a.title,
      owner: { id: a.owner_id, name: a.owner_name },
      dueDate: a.due_date,
      status: a.status,
      changeRef: a.change_ref,
      overdue: (a.status === 'open' || a.status === 'in_progress') && a.due_date < today(),
      completedAt: a.completed_at,
    })),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size, createdAt: a.created_at })),
    timeline: timeline.map((t) => ({
      id: t.id,
      at: t.at,
      type: t.type,
      actor: t.actor_id && t.actor_name ? { id: t.actor_id, name: t.actor_name } : null,
      body: t.body,
    })),
    verifyAfterDays: details.verify_after_days,
    verifyAt: details.verify_at,
    verifiedAt: details.verified_at,
    verificationNote: details.verification_note,
    resolvedAt: record.resolved_at,
    allowedActions: canManageProblem(actor, record) ? problemActionsAllowed(facts) : [],
    canEdit: canManageProblem(actor, record) && record.state !== 'closed',
  };
}

export async function listCandidates(
  db: Db,
  actor: Actor,
  status: 'open' | 'accepted' | 'dismissed',
  locale: 'zh-CN' | 'en-US',
): Promise<ProblemCandidate[]> {
  const rows = await db
    .selectFrom('problem_candidates')
    .selectAll()
    .where('status', '=', status)
    .orderBy('score', 'desc')
    .limit(100)
    .execute();
  const allIds = [...new Set(rows.flatMap((r) => JSON.parse(r.incident_ids_json) as string[]))];
  const incidents = allIds.length
    ? await db
        .selectFrom('work_records')
        .select(['id', 'number', 'title', 'state', 'created_at'])
        .where('id', 'in', allIds)
        .where(visibleRecords(actor))
        .execute()
    : [];
  const byId = new Map(incidents.map((i) => [i.id, i]));
  const evidences = rows.map(
    (r) =>
      JSON.parse(r.evidence_json) as ProblemCandidate['evidence'] & {
        categoryId: string | null;
        serviceId: string | null;
      },
  );
  const categories = await categoryNames(db, [
    ...new Set(evidences.map((e) => e.categoryId).filter((c): c is string => !!c)),
  ]);
  const serviceIds = [...new Set(evidences.map((e) => e.serviceId).filter((s): s is string => !!s))];
  const services = serviceIds.length
    ? await db.selectFrom('services').select(['id', 'name_zh', 'name_en']).where('id', 'in', serviceIds).execute()
    : [];
  return rows
    .map((r, index) => {
      const e = evidences[index]!;
      const category = e.categoryId ? categories.get(e.categoryId) : undefined;
      const service = services.find((s) => s.id === e.serviceId);
      const visible = (JSON.parse(r.incident_ids_json) as string[]).map((id) => byId.get(id)).filter((i) => !!i);
      return {
        id: r.id,
        title: r.title,
        status: r.status,
        score: r.score,
        incidents: visible.map((i) => ({
          id: i.id,
          number: i.number,
          title: i.title,
          state: i.state,
          createdAt: i.created_at,
        })),
        evidence: {
          count: e.count,
          firstAt: e.firstAt,
          lastAt: e.lastAt,
          categoryName: category ? (locale === 'en-US' ? category.en : category.zh) : null,
          serviceName: service ? (locale === 'en-US' ? service.name_en : service.name_zh) : null,
          ciIds: e.ciIds ?? [],
          commonTerms: e.commonTerms ?? [],
          meanSimilarity: e.meanSimilarity,
        },
        problemId: r.problem_id,
        createdAt: r.created_at,
      };
    })
    .filter((c) => c.incidents.length > 0);
}

/** 问题定期回顾: what a review meeting should look at, each with its reasons. */
export async function reviewList(db: Db, now = new Date().toISOString()) {
  const day = 86_400_000;
  const rows = await db
    .selectFrom('work_records')
    .selectAll()
    .where('kind', '=', 'problem')
    .where('state', '!=', 'closed')
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [details, overdue] = await Promise.all([
    db.selectFrom('problem_details').selectAll().where('record_id', 'in', ids).execute(),
    db
      .selectFrom('problem_actions')
      .select('problem_id')
      .where('problem_id', 'in', ids)
      .where('status', 'in', ['open', 'in_progress'])
      .where('due_date', '<', now.slice(0, 10))
      .execute(),
  ]);
  const items = (await summaries(db, rows)).map((summary) => {
    const record = rows.find((r) => r.id === summary.id)!;
    const d = details.find((x) => x.record_id === summary.id);
    const reasons: string[] = [];
    const open = ['new', 'analysis', 'known_error', 'resolving'].includes(record.state);
    if (open && Date.parse(record.updated_at) < Date.parse(now) - 14 * day) reasons.push('problem.review.stale');
    if (overdue.some((o) => o.problem_id === record.id)) reasons.push('problem.review.overdue_actions');
    if (
      record.state === 'known_error' &&
      d?.known_error_at &&
      Date.parse(d.known_error_at) < Date.parse(now) - 30 * day
    )
      reasons.push('problem.review.long_known_error');
    if (d?.verification === 'recurred') reasons.push('problem.review.recurred');
    if (d?.verification === 'pending' && d.verify_at && d.verify_at <= now)
      reasons.push('problem.review.verification_due');
    return { ...summary, reasons };
  });
  return items.filter((i) => i.reasons.length > 0);
}

/** Incidents and problems like this incident: the "similar records" panel. */
export async function similarRecords(db: Db, actor: Actor, incident: WorkRecord, limit = 8): Promise<SimilarRecord[]> {
  const since = new Date(Date.parse(incident.created_at) - 180 * 86_400_000).toISOString();
  const candidates = await db
    .selectFrom('work_records')
    .select(['id', 'number', 'title', 'description', 'state', 'kind', 'created_at', 'category_id'])
    .where('id', '!=', incident.id)
    .where('kind', 'in', ['incident', 'problem'])
    .where('created_at', '>=', since)
    .where(visibleRecords(actor))
    .orderBy('created_at', 'desc')
    .limit(3000)
    .execute();
  const target = similarityTokens(recordText(incident.title, incident.description));
  return candidates
    .map((c) => {
      const sameCategory = !!incident.category_id && c.category_id === incident.category_id;
      const similarity = jaccard(target, similarityTokens(recordText(c.title, c.description)));
      return {
        id: c.id,
        number: c.number,
        title: c.title,
        state: c.state,
        kind: c.kind,
        createdAt: c.created_at,
        similarity: Math.round(similarity * 1000) / 1000,
        sameCategory,
        rank: similarity + (sameCategory ? 0.05 : 0),
      };
    })
    .filter((c) => c.similarity >= 0.2)
    .sort((a, b) => b.rank - a.rank || b.createdAt.localeCompare(a.createdAt))
    .slice(0, limit)
    .map(({ rank: _rank, ...rest }) => rest);
}

/** Problems an incident is linked to, for its view. */
export async function problemsForIncident(db: Db, incidentId: string) {
  const rows = await db
    .selectFrom('record_links')
    .innerJoin('work_records', 'work_records.id', 'record_links.to_id')
    .selectAll('work_records')
    .where('record_links.from_id', '=', incidentId)
    .where('work_records.kind', '=', 'problem')
    .execute();
  return summaries(db, rows);
}
