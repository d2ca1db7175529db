import type { Locale } from '@trellis/core';
import {
  type ResultsQuery,
  SATISFACTION_TARGET,
  type SurveyFollowup,
  type SurveyQuestion,
  type SurveyResults,
} from '@trellis/core/modules/relationship';
import { type ExpressionBuilder, sql } from 'kysely';
import type { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import { authorize, can } from '../../platform/permissions/registry.js';
import { customerManagerOrganization } from './customer-managers.js';

type Responses = ExpressionBuilder<Database, 'survey_responses'>;

/**
 * Results of one survey, grouped in SQL: response rate, per question the average, the distribution,
 * the share of 4–5 stars (against the 80% target) and the NPS; one dimension at a time (service,
 * technician, team, customer, month); free-text comments listed. A customer manager reads only
 * their own organisation's answers; anyone else needs the survey results ability.
 */
export async function surveyResults(
  db: Db,
  actor: Actor,
  surveyId: string,
  query: z.infer<typeof ResultsQuery>,
  locale: Locale,
): Promise<SurveyResults> {
  const ownOrganization = can(actor, 'survey', 'results') ? null : await customerManagerOrganization(db, actor);
  if (!can(actor, 'survey', 'results') && !ownOrganization) throw new AppError('error.forbidden');
  const survey = await db.selectFrom('surveys').select(['id', 'version']).where('id', '=', surveyId).executeTakeFirst();
  if (!survey) throw new AppError('survey.not_found');
  const scope = (eb: Responses) =>
    eb.and([
      eb('survey_responses.survey_id', '=', surveyId),
      ...(ownOrganization ? [eb('survey_responses.organization_id', '=', ownOrganization)] : []),
      ...(query.from ? [eb('survey_responses.created_at', '>=', `${query.from}T00:00:00.000Z`)] : []),
      ...(query.to ? [eb('survey_responses.created_at', '<', `${query.to}T23:59:59.999Z`)] : []),
    ]);
  const totals = await db
    .selectFrom('survey_responses')
    .select((eb) => [
      eb.fn.count<number>('id').filterWhere('invited_at', 'is not', null).as('invited'),
      eb.fn.count<number>('id').filterWhere('state', '=', 'answered').as('answered'),
      eb.fn.count<number>('score').as('scored'),
      eb.fn.count<number>('id').filterWhere('score', '>=', 4).as('satisfied'),
    ])
    .where(scope)
    .executeTakeFirstOrThrow();
  const invited = Number(totals.invited);
  const answered = Number(totals.answered);
  const scored = Number(totals.scored);

  // Every version's questions: answers keep the version they answered, a question id keeps its meaning.
  const versions = await db
    .selectFrom('survey_versions')
    .select(['version', 'questions_json'])
    .where('survey_id', '=', surveyId)
    .orderBy('version', 'desc')
    .execute();
  const questions = new Map<string, SurveyQuestion>();
  for (const v of versions)
    for (const q of JSON.parse(v.questions_json) as SurveyQuestion[]) if (!questions.has(q.id)) questions.set(q.id, q);

  const answerRows = () =>
    db
      .selectFrom('survey_answers')
      .innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
      .where(scope);
  const distributions = await answerRows()
    .select([
      'survey_answers.question_id as questionId',
      'survey_answers.value_number as value',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('survey_answers.value_number', 'is not', null)
    .groupBy(['survey_answers.question_id', 'survey_answers.value_number'])
    .execute();
  const choices = await answerRows()
    .select([
      'survey_answers.question_id as questionId',
      'survey_answers.value_text as value',
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('survey_answers.question_type', 'in', ['single', 'multiple'])
    .groupBy(['survey_answers.question_id', 'survey_answers.value_text'])
    .execute();

  const out: SurveyResults['questions'] = [];
  for (const q of questions.values()) {
    const distribution: Record<string, number> = {};
    let count = 0;
    let sum = 0;
    if (q.type === 'stars' || q.type === 'nps') {
      for (const d of distributions.filter((d) => d.questionId === q.id)) {
        distribution[String(d.value)] = Number(d.n);
        count += Number(d.n);
        sum += Number(d.value) * Number(d.n);
      }
    } else if (q.type === 'single' || q.type === 'multiple') {
      // A multiple choice is stored as its JSON list: each distinct combination is one group here.
      for (const c of choices.filter((c) => c.questionId === q.id)) {
        const picked = q.type === 'multiple' ? (JSON.parse(c.value ?? '[]') as string[]) : [c.value ?? ''];
        for (const option of picked) distribution[option] = (distribution[option] ?? 0) + Number(c.n);
        count += Number(c.n);
      }
    } else {
      const row = await answerRows()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('survey_answers.question_id', '=', q.id)
        .where('survey_answers.value_text', '<>', '')
        .executeTakeFirstOrThrow();
      count = Number(row.n);
    }
    const share = (pred: (v: number) => boolean) =>
      Object.entries(distribution).reduce((n, [v, c]) => n + (pred(Number(v)) ? c : 0), 0) / count;
    out.push({
      questionId: q.id,
      type: q.type,
      label: q.label,
      count,
      average: (q.type === 'stars' || q.type === 'nps') && count ? Math.round((sum / count) * 100) / 100 : null,
      distribution,
      satisfiedShare: q.type === 'stars' && count ? Math.round(share((v) => v >= 4) * 10_000) / 10_000 : null,
      nps: q.type === 'nps' && count ? Math.round((share((v) => v >= 9) - share((v) => v <= 6)) * 100) : null,
    });
  }

  const groups: SurveyResults['groups'] = [];
  if (query.by) {
    const key = {
      service: sql<string | null>`survey_responses.service_id`,
      technician: sql<string | null>`survey_responses.technician_id`,
      team: sql<string | null>`survey_responses.group_id`,
      organization: sql<string | null>`survey_responses.organization_id`,
      month: sql<string | null>`substr(survey_responses.answered_at, 1, 7)`,
    }[query.by];
    const rows = await db
      .selectFrom('survey_responses')
      .select((eb) => [
        key.as('key'),
        eb.fn.count<number>('id').filterWhere('state', '=', 'answered').as('answered'),
        eb.fn.avg<number | string | null>('score').as('average'),
        eb.fn.count<number>('score').as('scored'),
        eb.fn.count<number>('id').filterWhere('score', '>=', 4).as('satisfied'),
      ])
      .where(scope)
      .where('state', '=', 'answered')
      .groupBy(key)
      .orderBy(key)
      .execute();
    const labels = await labelsFor(
      db,
      query.by,
      rows.map((r) => r.key).filter((k): k is string => k !== null),
      locale,
    );
    for (const r of rows)
      groups.push({
        key: r.key,
        label: r.key === null ? '—' : (labels.get(r.key) ?? r.key),
        answered: Number(r.answered),
        average: r.average === null ? null : Math.round(Number(r.average) * 100) / 100,
        satisfiedShare: Number(r.scored)
          ? Math.round((Number(r.satisfied) / Number(r.scored)) * 10_000) / 10_000
          : null,
      });
  }

  const textIds = [...questions.values()].filter((q) => q.type === 'text').map((q) => q.id);
  const comments = textIds.length
    ? await answerRows()
        .innerJoin('users', 'users.id', 'survey_responses.person_id')
        .leftJoin('work_records', 'work_records.id', 'survey_responses.record_id')
        .select([
          'survey_answers.response_id as responseId',
          'survey_answers.question_id as questionId',
          'survey_answers.value_text as text',
          'survey_answers.answered_at as at',
          'users.name as person',
          'work_records.number as record',
        ])
        .where('survey_answers.question_id', 'in', textIds)
        .where('survey_answers.value_text', '<>', '')
        .orderBy('survey_answers.answered_at', 'desc')
        .limit(200)
        .execute()
    : [];

  return {
    invited,
    answered,
    responseRate: invited ? Math.round((answered / invited) * 10_000) / 10_000 : null,
    target: SATISFACTION_TARGET,
    satisfiedShare: scored ? Math.round((Number(totals.satisfied) / scored) * 10_000) / 10_000 : null,
    questions: out,
    groups,
    comments: comments.map((c) => ({ ...c, text: c.text ?? '', record: c.record ?? null })),
  };
}

async function labelsFor(db: Db, by: string, keys: string[], locale: Locale): Promise<Map<string, string>> {
  if (!keys.length || by === 'month') return new Map();
  if (by === 'service') {
    const rows = await db.selectFrom('services').select(['id', 'name_zh', 'name_en']).where('id', 'in', keys).execute();
    return new Map(rows.map((r) => [r.id, locale === 'en-US' && r.name_en ? r.name_en : r.name_zh]));
  }
  if (by === 'team') {
    const rows = await db.selectFrom('support_groups').select(['id', 'name']).where('id', 'in', keys).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  if (by === 'organization') {
    const rows = await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', keys).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', keys).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---- follow-ups on low scores

export async function listSurveyFollowups(db: Db, actor: Actor, state?: 'open' | 'closed'): Promise<SurveyFollowup[]> {
  authorize(actor, 'survey', 'followup');
  let q = db
    .selectFrom('survey_responses as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .innerJoin('users as p', 'p.id', 'r.person_id')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .leftJoin('users as owner', 'owner.id', 'r.followup_owner_id')
    .leftJoin('work_records as w', 'w.id', 'r.record_id')
    .leftJoin('work_records as c', 'c.id', 'r.complaint_id')
    .select([
      'r.id',
      's.name as survey_name',
      'p.id as person_id',
      'p.name as person_name',
      'o.id as org_id',
      'o.name as org_name',
      'w.id as record_id',
      'w.number as record_number',
      'w.title as record_title',
      'r.score',
      'r.followup_owner_id',
      'owner.name as owner_name',
      'r.followup_state',
      'r.followup_note',
      'c.id as complaint_id',
      'c.number as complaint_number',
      'r.answered_at',
    ])
    .select((eb) =>
      eb
        .selectFrom('survey_answers as a')
        .select('a.value_text')
        .whereRef('a.response_id', '=', 'r.id')
        .where('a.question_type', '=', 'text')
        .where('a.value_text', '<>', '')
        .limit(1)
        .as('comment'),
    )
    .where('r.followup_state', 'is not', null)
    .orderBy('r.answered_at', 'desc')
    .limit(500);
  if (state) q = q.where('r.followup_state', '=', state);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    surveyName: r.survey_name,
    person: { id: r.person_id, name: r.person_name },
    organization: { id: r.org_id, name: r.org_name },
    record:
      r.record_id && r.record_number ? { id: r.record_id, number: r.record_number, title: r.record_title ?? '' } : null,
    score: r.score,
    comment: r.comment ?? null,
    owner: r.followup_owner_id && r.owner_name ? { id: r.followup_owner_id, name: r.owner_name } : null,
    state: r.followup_state as 'open' | 'closed',
    note: r.followup_note,
    complaint: r.complaint_id && r.complaint_number ? { id: r.complaint_id, number: r.complaint_number } : null,
    answeredAt: r.answered_at,
  }));
}

export async function closeSurveyFollowup({
  tx,
  id,
  note,
  complaintId,
}: {
  tx: Tx;
  id: string;
  note: string;
  complaintId?: string;
}) {
  authorize(tx.actor, 'survey', 'followup');
  const row = await tx.db.selectFrom('survey_responses').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row?.followup_state) throw notFound();
  const updated = await tx.db
    .updateTable('survey_responses')
    .set({ followup_state: 'closed', followup_note: note, ...(complaintId ? { complaint_id: complaintId } : {}) })
    .where('id', '=', id)
    .where('followup_state', '=', 'open')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new AppError('survey.followup_closed');
  await audit(tx, {
    action: 'survey.followup_close',
    entityType: 'survey_response',
    entityId: id,
    organizationId: row.organization_id,
    before: { followup_state: 'open' },
    after: { followup_state: 'closed', note, complaintId, at: nowIso() },
  });
  return row;
}
