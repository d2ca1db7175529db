import { createHash } from 'node:crypto';
import type { DomainEventType, Locale } from '@trellis/core';
import {
  type CreateCampaign,
  type CreateSurvey,
  LOW_SCORE,
  type Survey,
  type SurveyForm,
  type SurveyQuestion,
  type SurveyTrigger,
  type UpdateSurvey,
} from '@trellis/core/modules/relationship';
import type { Selectable } from 'kysely';
import type { z } from 'zod';

type AnswerValue = z.infer<typeof import('@trellis/core/modules/relationship').AnswerValue>;

import { audit } from '../../platform/audit.js';
import { isoPlus, nowIso, nowMs } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { lockForChange } from '../../platform/db/dialect.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { authorize } from '../../platform/permissions/registry.js';
import { getChannelOptions, queuePersonalMail } from '../channels/index.js';
import { findRecordRow } from '../records/index.js';
import type { SurveyResponsesTable, SurveysTable } from './relationship.table.js';
import { signLink } from './survey.link.js';

/**
 * Satisfaction surveys (满意度调查): the designer with versions, transactional invitations on a
 * record's sign-off or closure (sampled, with a per-person cooldown), periodic campaigns with a
 * deadline and reminders, and answering from a signed link or the portal. The desk's sign-off
 * rating is the default survey's first question: confirming an incident writes that answer.
 */

export const DEFAULT_SURVEY_ID = '00000000-0000-7000-8000-00000000516e';
const DAY = 86_400_000;

type SurveyRow = Selectable<SurveysTable>;
type ResponseRow = Selectable<SurveyResponsesTable>;
type Trigger = z.infer<typeof SurveyTrigger>;

async function questionsOf(db: Db, surveyId: string, version: number): Promise<SurveyQuestion[]> {
  const row = await db
    .selectFrom('survey_versions')
    .select('questions_json')
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  return JSON.parse(row.questions_json) as SurveyQuestion[];
}

async function surveyView(db: Db, row: SurveyRow): Promise<Survey> {
  const counts = await db
    .selectFrom('survey_responses')
    .select((eb) => [
      eb.fn.count<number>('id').filterWhere('invited_at', 'is not', null).as('invited'),
      eb.fn.count<number>('id').filterWhere('state', '=', 'answered').as('answered'),
    ])
    .where('survey_id', '=', row.id)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    isDefault: row.is_default === 1,
    active: row.active === 1,
    version: row.version,
    questions: await questionsOf(db, row.id, row.version),
    trigger: row.trigger_json ? (JSON.parse(row.trigger_json) as Trigger) : null,
    samplePercent: row.sample_percent,
    cooldownDays: row.cooldown_days,
    linkDays: row.link_days,
    invited: Number(counts.invited),
    answered: Number(counts.answered),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listSurveys(db: Db, actor: Actor): Promise<Survey[]> {
  authorize(actor, 'survey', 'results');
  const rows = await db.selectFrom('surveys').selectAll().orderBy('created_at').execute();
  return Promise.all(rows.map((r) => surveyView(db, r)));
}

async function loadSurvey(db: Db, id: string): Promise<SurveyRow> {
  const row = await db.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('survey.not_found');
  return row;
}

export async function getSurvey(db: Db, actor: Actor, id: string): Promise<Survey> {
  authorize(actor, 'survey', 'results');
  return surveyView(db, await loadSurvey(db, id));
}

export async function surveyVersions(db: Db, actor: Actor, id: string) {
  authorize(actor, 'survey', 'results');
  await loadSurvey(db, id);
  const rows = await db
    .selectFrom('survey_versions')
    .select(['version', 'questions_json', 'created_at'])
    .select((eb) =>
      eb
        .selectFrom('survey_responses')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('survey_responses.survey_id', '=', 'survey_versions.survey_id')
        .whereRef('survey_responses.version', '=', 'survey_versions.version')
        .where('survey_responses.state', '=', 'answered')
        .as('answers'),
    )
    .where('survey_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    questions: JSON.parse(r.questions_json) as SurveyQuestion[],
    createdAt: r.created_at,
    answers: Number(r.answers ?? 0),
  }));
}

export async function createSurvey({ tx, input }: { tx: Tx; input: z.infer<typeof CreateSurvey> }) {
  const actor = tx.actor!;
  authorize(actor, 'survey', 'design');
  const now = nowIso();
  const row: SurveyRow = {
    id: newId(),
    name: input.name,
    kind: input.kind,
    is_default: 0,
    active: input.active ? 1 : 0,
    version: 1,
    trigger_json:
      input.kind === 'transactional'
        ? JSON.stringify(input.trigger ?? { on: 'closed', kinds: ['incident'], serviceIds: [], organizationIds: [] })
        : null,
    sample_percent: input.samplePercent,
    cooldown_days: input.cooldownDays,
    link_days: input.linkDays,
    created_at: now,
    updated_at: now,
  };
  await tx.db.insertInto('surveys').values(row).execute();
  await tx.db
    .insertInto('survey_versions')
    .values({
      survey_id: row.id,
      version: 1,
      questions_json: JSON.stringify(input.questions),
      created_by: actor.id,
      created_at: now,
    })
    .execute();
  await audit(tx, {
    action: 'survey.create',
    entityType: 'survey',
    entityId: row.id,
    after: { ...row, questions: input.questions },
  });
  tx.emit('survey.created', { payload: { surveyId: row.id } });
  return row.id;
}

/** Settings change in place; a change to the questions is a new version, and answers keep theirs. */
export async function updateSurvey({ tx, id, input }: { tx: Tx; id: string; input: z.infer<typeof UpdateSurvey> }) {
  const actor = tx.actor!;
  authorize(actor, 'survey', 'design');
  const row = await lockForChange(
    tx.dialect,
    tx.db.selectFrom('surveys').selectAll().where('id', '=', id),
  ).executeTakeFirst();
  if (!row) throw new AppError('survey.not_found');
  const now = nowIso();
  const patch: Partial<SurveyRow> = { updated_at: now };
  if (input.name !== undefined) patch.name = input.name;
  if (input.active !== undefined) patch.active = input.active ? 1 : 0;
  if (input.samplePercent !== undefined) patch.sample_percent = input.samplePercent;
  if (input.cooldownDays !== undefined) patch.cooldown_days = input.cooldownDays;
  if (input.linkDays !== undefined) patch.link_days = input.linkDays;
  if (input.trigger !== undefined && row.kind === 'transactional') patch.trigger_json = JSON.stringify(input.trigger);
  if (input.questions) {
    const current = await questionsOf(tx.db, id, row.version);
    // The sign-off rating is answered into the default survey's first question: it stays a star question.
    if (row.is_default === 1 && (input.questions[0]?.type !== 'stars' || input.questions[0]?.id !== current[0]?.id))
      throw new AppError('survey.default_required');
    if (JSON.stringify(current) !== JSON.stringify(input.questions)) {
      patch.version = row.version + 1;
      await tx.db
        .insertInto('survey_versions')
        .values({
          survey_id: id,
          version: patch.version,
          questions_json: JSON.stringify(input.questions),
          created_by: actor.id,
          created_at: now,
        })
        .execute();
      tx.emit('survey.versioned', { payload: { surveyId: id, version: patch.version } });
    }
  }
  await tx.db.updateTable('surveys').set(patch).where('id', '=', id).execute();
  await audit(tx, {
    action: 'survey.update',
    entityType: 'survey',
    entityId: id,
    before: row,
    after: { ...patch, questions: input.questions },
  });
  return id;
}

// ---- transactional sending

/** Which trigger a committed event is, per record kind. */
const TRIGGER_EVENTS: Partial<Record<DomainEventType, { on: 'confirmed' | 'closed'; kind: 'incident' | 'request' }[]>> =
  {
    'incident.confirmed': [{ on: 'confirmed', kind: 'incident' }],
    'incident.auto_confirmed': [{ on: 'confirmed', kind: 'incident' }],
    'incident.survey_requested': [{ on: 'closed', kind: 'incident' }],
    'request.accepted': [
      { on: 'confirmed', kind: 'request' },
      { on: 'closed', kind: 'request' },
    ],
  };
export const SURVEY_TRIGGER_EVENTS = Object.keys(TRIGGER_EVENTS) as DomainEventType[];

/** Deterministic sampling: the same survey and record always fall the same side, so a retried job agrees. */
export function sampled(surveyId: string, recordId: string, percent: number): boolean {
  if (percent >= 100) return true;
  const bucket = createHash('sha256').update(`${surveyId}:${recordId}`).digest().readUInt32BE(0) % 100;
  return bucket < percent;
}

function matches(
  trigger: Trigger,
  on: string,
  record: { kind: string; service_id: string | null; organization_id: string },
) {
  return (
    trigger.on === on &&
    (trigger.kinds as string[]).includes(record.kind) &&
    (trigger.serviceIds.length === 0 ||
      (record.service_id !== null && trigger.serviceIds.includes(record.service_id))) &&
    (trigger.organizationIds.length === 0 || trigger.organizationIds.includes(record.organization_id))
  );
}

/** The subscriber's work for one committed event: the sign-off answer, then invitations where a survey's trigger matches. */
export async function onRecordEvent(
  tx: Tx,
  event: { type: DomainEventType; recordId?: string; payload?: Record<string, unknown> },
) {
  const triggers = TRIGGER_EVENTS[event.type];
  if (!triggers || !event.recordId) return;
  const record = await findRecordRow(tx.db, event.recordId);
  if (!record) return;
  if (event.type === 'incident.confirmed' && typeof event.payload?.rating === 'number')
    await recordSignoff(tx, record, event.payload.rating);
  const surveys = await tx.db
    .selectFrom('surveys')
    .selectAll()
    .where('kind', '=', 'transactional')
    .where('active', '=', 1)
    .execute();
  for (const survey of surveys) {
    const trigger = JSON.parse(survey.trigger_json ?? 'null') as Trigger | null;
    if (!trigger || !triggers.some((t) => t.kind === record.kind && matches(trigger, t.on, record))) continue;
    await inviteForRecord(tx, survey, record);
  }
}

type RecordRow = NonNullable<Awaited<ReturnType<typeof findRecordRow>>>;

function responseFor(survey: SurveyRow, record: RecordRow, personId: string, state: ResponseRow['state']): ResponseRow {
  return {
    id: newId(),
    survey_id: survey.id,
    version: survey.version,
    campaign_id: null,
    person_id: personId,
    organization_id: record.organization_id,
    record_id: record.id,
    service_id: record.service_id,
    technician_id: record.assignee_id ?? record.owner_id,
    group_id: record.group_id,
    state,
    invited_at: null,
    expires_at: null,
    reminders: 0,
    reminded_at: null,
    answered_at: null,
    answered_via: null,
    score: null,
    followup_state: null,
    followup_owner_id: null,
    followup_note: null,
    complaint_id: null,
    created_at: nowIso(),
  };
}

/** 签字确认的评分: the default survey's first question, answered at sign-off. */
async function recordSignoff(tx: Tx, record: RecordRow, rating: number) {
  const survey = await loadSurvey(tx.db, DEFAULT_SURVEY_ID);
  const [first] = await questionsOf(tx.db, survey.id, survey.version);
  if (!first) return;
  const existing = await tx.db
    .selectFrom('survey_responses')
    .selectAll()
    .where('survey_id', '=', survey.id)
    .where('record_id', '=', record.id)
    .executeTakeFirst();
  const response = existing ?? responseFor(survey, record, record.requester_id, 'signoff');
  if (!existing) await tx.db.insertInto('survey_responses').values(response).execute();
  if (response.state === 'answered') return;
  const now = nowIso();
  await tx.db
    .insertInto('survey_answers')
    .values({
      response_id: response.id,
      question_id: first.id,
      question_type: first.type,
      value_number: rating,
      value_text: null,
      answered_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['response_id', 'question_id']).doUpdateSet({ value_number: rating, answered_at: now }),
    )
    .execute();
  await tx.db.updateTable('survey_responses').set({ score: rating }).where('id', '=', response.id).execute();
}

async function inviteForRecord(tx: Tx, survey: SurveyRow, record: RecordRow) {
  const existing = await tx.db
    .selectFrom('survey_responses')
    .selectAll()
    .where('survey_id', '=', survey.id)
    .where('record_id', '=', record.id)
    .executeTakeFirst();
  // Already asked (or decided not to): a retried job or a second trigger changes nothing.
  if (existing && existing.state !== 'signoff') return;
  const personId = record.requester_id;
  const now = nowIso();
  let skip = !sampled(survey.id, record.id, survey.sample_percent);
  if (!skip && survey.cooldown_days > 0) {
    const recent = await tx.db
      .selectFrom('survey_responses')
      .select('id')
      .where('person_id', '=', personId)
      .where('invited_at', '>', isoPlus(now, -survey.cooldown_days * DAY))
      .executeTakeFirst();
    skip = Boolean(recent);
  }
  const response = existing ?? responseFor(survey, record, personId, 'skipped');
  if (!existing)
    await tx.db
      .insertInto('survey_responses')
      .values({ ...response, state: skip ? 'skipped' : 'invited' })
      .execute();
  if (skip) {
    if (existing)
      await tx.db.updateTable('survey_responses').set({ state: 'skipped' }).where('id', '=', existing.id).execute();
    return;
  }
  const expiresAt = isoPlus(now, survey.link_days * DAY);
  await tx.db
    .updateTable('survey_responses')
    .set({ state: 'invited', invited_at: now, expires_at: expiresAt, version: survey.version })
    .where('id', '=', response.id)
    .execute();
  await sendInvitation(tx, { ...response, invited_at: now, expires_at: expiresAt }, survey, {
    number: record.number,
    title: record.title,
  });
}

/** The mail with the signed link, through the channels' delivery path (the `survey` template). */
async function sendInvitation(
  tx: Tx,
  response: ResponseRow,
  survey: SurveyRow,
  about: { number: string; title: string },
  reminder = 0,
) {
  const token = await signLink(tx.db, response.id, response.expires_at!);
  const { publicUrl } = await getChannelOptions(tx.db);
  const person = await tx.db.selectFrom('users').select('name').where('id', '=', response.person_id).executeTakeFirst();
  await queuePersonalMail(tx.db, {
    personId: response.person_id,
    recordId: response.record_id,
    event: 'survey',
    key: `survey:${response.id}:${reminder}`,
    vars: {
      number: about.number,
      title: about.title,
      requester: person?.name ?? '',
      url: `${(publicUrl ?? '').replace(/\/$/, '')}/s/${token}`,
    },
  });
  tx.emit('survey.invited', {
    payload: { responseId: response.id, surveyId: survey.id, personId: response.person_id },
  });
}

/** The signed link of a response (for tests and for an agent who re-sends it by hand). */
export async function linkFor(db: Db, responseId: string): Promise<string> {
  const row = await db
    .selectFrom('survey_responses')
    .select(['id', 'expires_at'])
    .where('id', '=', responseId)
    .executeTakeFirstOrThrow();
  return signLink(db, row.id, row.expires_at ?? isoPlus(nowIso(), 14 * DAY));
}

// ---- periodic campaigns

export async function startCampaign({
  tx,
  surveyId,
  input,
}: {
  tx: Tx;
  surveyId: string;
  input: z.infer<typeof CreateCampaign>;
}) {
  const actor = tx.actor!;
  authorize(actor, 'survey', 'design');
  const survey = await loadSurvey(tx.db, surveyId);
  if (survey.kind !== 'periodic') throw new AppError('survey.not_periodic');
  const now = nowIso();
  const id = newId();
  // The deadline is the end of its day (UTC); links expire with it.
  const expiresAt = new Date(Date.parse(`${input.deadline}T23:59:59Z`)).toISOString();
  if (expiresAt <= now)
    throw new AppError('error.validation', {}, [{ path: ['deadline'], message: 'the deadline has passed' }]);
  await tx.db
    .insertInto('survey_campaigns')
    .values({
      id,
      survey_id: surveyId,
      name: input.name,
      organization_ids_json: JSON.stringify(input.organizationIds),
      deadline: input.deadline,
      reminder_every_days: input.reminderEveryDays,
      state: 'open',
      created_by: actor.id,
      created_at: now,
    })
    .execute();
  const audience = await tx.db
    .selectFrom('users')
    .select(['id', 'organization_id'])
    .where('organization_id', 'in', input.organizationIds)
    .where('role', '=', 'requester')
    .where('active', '=', 1)
    .execute();
  for (const person of audience) {
    const response: ResponseRow = {
      id: newId(),
      survey_id: surveyId,
      version: survey.version,
      campaign_id: id,
      person_id: person.id,
      organization_id: person.organization_id,
      record_id: null,
      service_id: null,
      technician_id: null,
      group_id: null,
      state: 'invited',
      invited_at: now,
      expires_at: expiresAt,
      reminders: 0,
      reminded_at: null,
      answered_at: null,
      answered_via: null,
      score: null,
      followup_state: null,
      followup_owner_id: null,
      followup_note: null,
      complaint_id: null,
      created_at: now,
    };
    await tx.db.insertInto('survey_responses').values(response).execute();
    await sendInvitation(tx, response, survey, { number: input.name, title: survey.name });
  }
  await audit(tx, {
    action: 'survey.campaign_start',
    entityType: 'survey',
    entityId: surveyId,
    after: { id, ...input, invited: audience.length },
  });
  tx.emit('survey.campaign_started', { payload: { campaignId: id, invited: audience.length } });
  return id;
}

export async function listCampaigns(db: Db, actor: Actor, surveyId: string) {
  authorize(actor, 'survey', 'results');
  const rows = await db
    .selectFrom('survey_campaigns as c')
    .selectAll('c')
    .select((eb) => [
      eb
        .selectFrom('survey_responses as r')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('r.campaign_id', '=', 'c.id')
        .as('invited'),
      eb
        .selectFrom('survey_responses as r')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('r.campaign_id', '=', 'c.id')
        .where('r.state', '=', 'answered')
        .as('answered'),
    ])
    .where('c.survey_id', '=', surveyId)
    .orderBy('c.created_at', 'desc')
    .execute();
  return rows.map((c) => ({
    id: c.id,
    surveyId: c.survey_id,
    name: c.name,
    organizationIds: JSON.parse(c.organization_ids_json) as string[],
    deadline: c.deadline,
    reminderEveryDays: c.reminder_every_days,
    state: c.state,
    invited: Number(c.invited ?? 0),
    answered: Number(c.answered ?? 0),
    createdAt: c.created_at,
  }));
}

/**
 * The periodic tick: reminders to whoever has not answered a campaign every N days until the
 * deadline, then the campaign closes; unanswered invitations past their expiry become expired.
 */
export async function surveyTick(tx: Tx): Promise<{ reminded: number; expired: number; closed: number }> {
  const now = nowIso();
  let reminded = 0;
  let closed = 0;
  const campaigns = await tx.db.selectFrom('survey_campaigns').selectAll().where('state', '=', 'open').execute();
  for (const campaign of campaigns) {
    const end = new Date(Date.parse(`${campaign.deadline}T23:59:59Z`)).toISOString();
    if (end <= now) {
      await tx.db.updateTable('survey_campaigns').set({ state: 'closed' }).where('id', '=', campaign.id).execute();
      closed++;
      continue;
    }
    const survey = await loadSurvey(tx.db, campaign.survey_id);
    const every = campaign.reminder_every_days * DAY;
    const due = await tx.db
      .selectFrom('survey_responses')
      .selectAll()
      .where('campaign_id', '=', campaign.id)
      .where('state', '=', 'invited')
      .execute();
    for (const response of due) {
      const last = response.reminded_at ?? response.invited_at ?? response.created_at;
      if (Date.parse(last) + every > nowMs()) continue;
      const reminders = response.reminders + 1;
      // Only the first of two racing ticks sends the reminder.
      const updated = await tx.db
        .updateTable('survey_responses')
        .set({ reminders, reminded_at: now })
        .where('id', '=', response.id)
        .where('reminders', '=', response.reminders)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) continue;
      await sendInvitation(tx, response, survey, { number: campaign.name, title: survey.name }, reminders);
      reminded++;
    }
  }
  const expired = await tx.db
    .updateTable('survey_responses')
    .set({ state: 'expired' })
    .where('state', '=', 'invited')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return { reminded, expired: Number(expired.numUpdatedRows), closed };
}

// ---- answering

async function recordLabel(db: Db, recordId: string | null) {
  if (!recordId) return null;
  const record = await findRecordRow(db, recordId);
  return record ? { number: record.number, title: record.title } : null;
}

async function answersOf(db: Db, responseId: string): Promise<Record<string, AnswerValue>> {
  const rows = await db.selectFrom('survey_answers').selectAll().where('response_id', '=', responseId).execute();
  const out: Record<string, AnswerValue> = {};
  for (const r of rows)
    out[r.question_id] =
      r.question_type === 'multiple'
        ? (JSON.parse(r.value_text ?? '[]') as string[])
        : r.value_number !== null
          ? r.value_number
          : (r.value_text ?? '');
  return out;
}

export async function formOf(db: Db, response: ResponseRow): Promise<SurveyForm> {
  const survey = await loadSurvey(db, response.survey_id);
  return {
    responseId: response.id,
    surveyName: survey.name,
    version: response.version,
    questions: await questionsOf(db, survey.id, response.version),
    record: await recordLabel(db, response.record_id),
    prefilled: await answersOf(db, response.id),
    expiresAt: response.expires_at,
    answered: response.state === 'answered',
  };
}

export async function loadResponse(db: Db, id: string): Promise<ResponseRow> {
  const row = await db.selectFrom('survey_responses').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('survey.link_invalid');
  return row;
}

/** What a link may open: an invitation not yet answered (a used link says so) and not expired. */
export function assertOpen(response: ResponseRow) {
  if (response.state === 'answered') throw new AppError('survey.link_used');
  if (response.state === 'expired' || (response.expires_at && response.expires_at <= nowIso()))
    throw new AppError('survey.link_expired');
  if (response.state !== 'invited') throw new AppError('survey.link_invalid');
}

function label(q: SurveyQuestion, locale: Locale) {
  return locale === 'en-US' ? q.label.en : q.label.zh;
}

function checkAnswer(q: SurveyQuestion, value: AnswerValue, locale: Locale) {
  const bad = () => new AppError('survey.answer_invalid', { question: label(q, locale) }, { questionId: q.id });
  const options = new Set((q.options ?? []).map((o) => o.id));
  switch (q.type) {
    case 'stars':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) throw bad();
      return { value_number: value, value_text: null };
    case 'nps':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) throw bad();
      return { value_number: value, value_text: null };
    case 'single':
      if (typeof value !== 'string' || !options.has(value)) throw bad();
      return { value_number: null, value_text: value };
    case 'multiple':
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        value.some((v) => !options.has(v)) ||
        new Set(value).size !== value.length
      )
        throw bad();
      return { value_number: null, value_text: JSON.stringify(value) };
    case 'text':
      if (typeof value !== 'string') throw bad();
      return { value_number: null, value_text: value.trim() };
  }
}

const blank = (v: AnswerValue | undefined) =>
  v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Answers one response, once: locked, checked against the version it was sent in, written per
 * question. The first star question is the response's score; a low one opens a follow-up for the
 * record's team manager (a sign-off rating already low opened the desk's own follow-up).
 */
export async function submitAnswers({
  tx,
  responseId,
  answers,
  via,
  locale,
}: {
  tx: Tx;
  responseId: string;
  answers: Record<string, AnswerValue>;
  via: 'link' | 'portal';
  locale: Locale;
}) {
  const response = await lockForChange(
    tx.dialect,
    tx.db.selectFrom('survey_responses').selectAll().where('id', '=', responseId),
  ).executeTakeFirst();
  if (!response) throw new AppError('survey.link_invalid');
  assertOpen(response);
  const questions = await questionsOf(tx.db, response.survey_id, response.version);
  const prefilled = await answersOf(tx.db, response.id);
  const now = nowIso();
  const rows: { question: SurveyQuestion; value_number: number | null; value_text: string | null }[] = [];
  for (const q of questions) {
    const given = answers[q.id];
    if (blank(given)) {
      if (q.required && blank(prefilled[q.id]))
        throw new AppError('survey.answer_required', { question: label(q, locale) }, { questionId: q.id });
      continue;
    }
    rows.push({ question: q, ...checkAnswer(q, given!, locale) });
  }
  for (const row of rows) {
    await tx.db
      .insertInto('survey_answers')
      .values({
        response_id: response.id,
        question_id: row.question.id,
        question_type: row.question.type,
        value_number: row.value_number,
        value_text: row.value_text,
        answered_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['response_id', 'question_id']).doUpdateSet({
          value_number: row.value_number,
          value_text: row.value_text,
          answered_at: now,
        }),
      )
      .execute();
  }
  const firstStars = questions.find((q) => q.type === 'stars');
  const givenScore = rows.find((r) => r.question.id === firstStars?.id)?.value_number ?? null;
  const prefilledScore = firstStars ? prefilled[firstStars.id] : undefined;
  const score = givenScore ?? (typeof prefilledScore === 'number' ? prefilledScore : null);
  const low = givenScore !== null && givenScore <= LOW_SCORE && givenScore !== prefilledScore;
  let ownerId: string | null = null;
  if (low && response.group_id) {
    const group = await tx.db
      .selectFrom('support_groups')
      .select('manager_id')
      .where('id', '=', response.group_id)
      .executeTakeFirst();
    ownerId = group?.manager_id ?? null;
  }
  await tx.db
    .updateTable('survey_responses')
    .set({
      state: 'answered',
      answered_at: now,
      answered_via: via,
      score,
      ...(low ? { followup_state: 'open' as const, followup_owner_id: ownerId } : {}),
    })
    .where('id', '=', response.id)
    .execute();
  await audit(tx, {
    action: 'survey.answer',
    entityType: 'survey_response',
    entityId: response.id,
    organizationId: response.organization_id,
    after: { via, score, answers: rows.map((r) => r.question.id) },
  });
  tx.emit('survey.answered', {
    recordId: response.record_id ?? undefined,
    organizationId: response.organization_id,
    payload: { responseId: response.id, surveyId: response.survey_id, low },
  });
  return { responseId: response.id, score, followup: low };
}

/** The portal's list: what the signed-in person was asked and has not answered yet. */
export async function pendingFor(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('survey_responses as r')
    .innerJoin('surveys as s', 's.id', 'r.survey_id')
    .select(['r.id', 'r.record_id', 'r.invited_at', 'r.expires_at', 's.name'])
    .where('r.person_id', '=', actor.id)
    .where('r.state', '=', 'invited')
    .where('r.expires_at', '>', nowIso())
    .orderBy('r.invited_at', 'desc')
    .limit(100)
    .execute();
  return Promise.all(
    rows.map(async (r) => ({
      responseId: r.id,
      surveyName: r.name,
      record: await recordLabel(db, r.record_id),
      invitedAt: r.invited_at,
      expiresAt: r.expires_at,
    })),
  );
}

/** A response of one's own, from the portal (signed in: no link needed). */
export async function ownResponse(db: Db, actor: Actor, responseId: string): Promise<ResponseRow> {
  const row = await db.selectFrom('survey_responses').selectAll().where('id', '=', responseId).executeTakeFirst();
  if (!row || row.person_id !== actor.id) throw notFound();
  return row;
}
