import { ErrorBody } from '@trellis/core';
import {
  Campaign,
  COMPLAINT_ACTIONS,
  Complaint,
  ComplaintActionInput,
  ComplaintFromFollowup,
  ComplaintListQuery,
  ComplaintSummary,
  ComplaintTargets,
  ComplaintTransitionInput,
  CreateCampaign,
  CreateComplaint,
  CreateSurvey,
  CustomerManager,
  GrantCustomerManager,
  PendingSurvey,
  ResultsQuery,
  SubmitAnswers,
  Survey,
  SurveyFollowup,
  SurveyForm,
  SurveyResults,
  SurveyVersion,
  UpdateComplaint,
  UpdateComplaintAction,
  UpdateSurvey,
} from '@trellis/core/modules/relationship';
import { z } from 'zod';
import { nowMs } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { requireAbility } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { inRecordTransaction, selectRecordByIdOrNumber } from '../records/index.js';
import { complaintKind } from './complaint.kind.js';
import {
  addComplaintAction,
  complaintTargets,
  createComplaint,
  saveComplaintTargets,
  transitionComplaint,
  updateComplaint,
  updateComplaintAction,
} from './complaint.service.js';
import { complaintView, listComplaints } from './complaint.views.js';
import {
  customerManagerOrganization,
  grantCustomerManager,
  listCustomerManagers,
  revokeCustomerManager,
} from './customer-managers.js';
import { verifyLink } from './survey.link.js';
import { closeSurveyFollowup, listSurveyFollowups, surveyResults } from './survey.results.js';
import {
  assertOpen,
  createSurvey,
  formOf,
  getSurvey,
  listCampaigns,
  listSurveys,
  loadResponse,
  ownResponse,
  pendingFor,
  startCampaign,
  submitAnswers,
  surveyVersions,
  updateSurvey,
} from './survey.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 410: ErrorBody };
const Params = z.object({ id: z.string().min(1).max(64) });
const TokenParams = z.object({ token: z.string().min(1).max(300) });

/** The signed-link routes answer without a session (app.ts lists them as public). */
export const PUBLIC_SURVEY_ROUTE = '/api/v1/survey-links/:token';

export async function relationshipRoutes(app: App) {
  const { db } = app.services;

  // ---- surveys: designer and results

  app.get(
    '/api/v1/surveys',
    { schema: { tags: ['surveys'], response: { 200: z.object({ items: z.array(Survey) }), ...errors } } },
    async (request) => ({ items: await listSurveys(db, requireActor(request)) }),
  );

  app.post(
    '/api/v1/surveys',
    {
      preHandler: requireAbility('survey', 'design'),
      schema: { tags: ['surveys'], body: CreateSurvey, response: { 201: Survey, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await inTransaction(app.services, actor, (tx) => createSurvey({ tx, input: request.body }));
      return reply.status(201).send(await getSurvey(db, actor, id));
    },
  );

  app.get(
    '/api/v1/surveys/:id',
    { schema: { tags: ['surveys'], params: Params, response: { 200: Survey, ...errors } } },
    async (request) => getSurvey(db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/surveys/:id',
    {
      preHandler: requireAbility('survey', 'design'),
      schema: { tags: ['surveys'], params: Params, body: UpdateSurvey, response: { 200: Survey, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      await inTransaction(app.services, actor, (tx) =>
        updateSurvey({ tx, id: request.params.id, input: request.body }),
      );
      return getSurvey(db, actor, request.params.id);
    },
  );

  app.get(
    '/api/v1/surveys/:id/versions',
    {
      schema: {
        tags: ['surveys'],
        params: Params,
        response: { 200: z.object({ items: z.array(SurveyVersion) }), ...errors },
      },
    },
    async (request) => ({ items: await surveyVersions(db, requireActor(request), request.params.id) }),
  );

  app.get(
    '/api/v1/surveys/:id/results',
    {
      schema: {
        tags: ['surveys'],
        params: Params,
        querystring: ResultsQuery,
        response: { 200: SurveyResults, ...errors },
      },
    },
    async (request) =>
      surveyResults(db, requireActor(request), request.params.id, request.query, requestLocale(request)),
  );

  app.get(
    '/api/v1/surveys/:id/campaigns',
    {
      schema: {
        tags: ['surveys'],
        params: Params,
        response: { 200: z.object({ items: z.array(Campaign) }), ...errors },
      },
    },
    async (request) => ({ items: await listCampaigns(db, requireActor(request), request.params.id) }),
  );

  app.post(
    '/api/v1/surveys/:id/campaigns',
    {
      preHandler: requireAbility('survey', 'design'),
      schema: { tags: ['surveys'], params: Params, body: CreateCampaign, response: { 201: Campaign, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await inTransaction(app.services, actor, (tx) =>
        startCampaign({ tx, surveyId: request.params.id, input: request.body }),
      );
      const campaign = (await listCampaigns(db, actor, request.params.id)).find((c) => c.id === id)!;
      return reply.status(201).send(campaign);
    },
  );

  app.get(
    '/api/v1/survey-followups',
    {
      preHandler: requireAbility('survey', 'followup'),
      schema: {
        tags: ['surveys'],
        querystring: z.object({ state: z.enum(['open', 'closed']).optional() }),
        response: { 200: z.object({ items: z.array(SurveyFollowup) }), ...errors },
      },
    },
    async (request) => ({ items: await listSurveyFollowups(db, requireActor(request), request.query.state) }),
  );

  app.post(
    '/api/v1/survey-followups/:id/close',
    {
      preHandler: requireAbility('survey', 'followup'),
      schema: {
        tags: ['surveys'],
        params: Params,
        body: z.object({ note: z.string().trim().min(1).max(4000) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await inTransaction(app.services, requireActor(request), (tx) =>
        closeSurveyFollowup({ tx, id: request.params.id, note: request.body.note }),
      );
      return reply.status(204).send(null);
    },
  );

  /** A low score becomes a complaint: logged on the person's behalf, about the record they rated. */
  app.post(
    '/api/v1/survey-followups/:id/complaint',
    {
      preHandler: requireAbility('survey', 'followup'),
      schema: {
        tags: ['surveys'],
        params: Params,
        body: ComplaintFromFollowup,
        response: { 201: Complaint, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const record = await inTransaction(app.services, actor, async (tx) => {
        const response = await loadResponse(tx.db, request.params.id);
        if (!response.followup_state) throw new AppError('error.not_found');
        if (response.followup_state === 'closed') throw new AppError('survey.followup_closed');
        const comment = await tx.db
          .selectFrom('survey_answers')
          .select('value_text')
          .where('response_id', '=', response.id)
          .where('question_type', '=', 'text')
          .where('value_text', '<>', '')
          .executeTakeFirst();
        const about = response.record_id
          ? await tx.db
              .selectFrom('work_records')
              .select(['number', 'title'])
              .where('id', '=', response.record_id)
              .executeTakeFirst()
          : undefined;
        const title = request.body.title ?? (about ? `${about.number} ${about.title}` : `${response.score ?? ''}★`);
        const complaint = await createComplaint({
          tx,
          input: {
            title: title.slice(0, 200),
            description: comment?.value_text || `★ ${response.score ?? '—'}`,
            complainantId: response.person_id,
            source: 'survey',
            about: response.record_id ? 'record' : 'provider',
            aboutRecord: response.record_id ?? undefined,
            category: request.body.category,
            severity: request.body.severity,
            expectation: '',
          },
          surveyResponseId: response.id,
        });
        await closeSurveyFollowup({ tx, id: response.id, note: complaint.number, complaintId: complaint.id });
        return complaint;
      });
      return reply.status(201).send(await complaintView(db, actor, record));
    },
  );

  // ---- answering: the signed link (no sign-in) and the portal

  app.get(
    PUBLIC_SURVEY_ROUTE,
    { schema: { tags: ['surveys'], params: TokenParams, response: { 200: SurveyForm, ...errors } } },
    async (request) => {
      const { responseId } = await verifyLink(db, request.params.token, nowMs());
      const response = await loadResponse(db, responseId);
      assertOpen(response);
      return formOf(db, response);
    },
  );

  app.post(
    PUBLIC_SURVEY_ROUTE,
    {
      schema: {
        tags: ['surveys'],
        params: TokenParams,
        body: SubmitAnswers,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      const { responseId } = await verifyLink(db, request.params.token, nowMs());
      // The link is the person's word: the unit of work runs as nobody, the response names who answered.
      await inTransaction(app.services, null, (tx) =>
        submitAnswers({ tx, responseId, answers: request.body.answers, via: 'link', locale: requestLocale(request) }),
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/my/surveys',
    { schema: { tags: ['surveys'], response: { 200: z.object({ items: z.array(PendingSurvey) }), ...errors } } },
    async (request) => ({ items: await pendingFor(db, requireActor(request)) }),
  );

  app.get(
    '/api/v1/my/surveys/:id',
    { schema: { tags: ['surveys'], params: Params, response: { 200: SurveyForm, ...errors } } },
    async (request) => {
      const response = await ownResponse(db, requireActor(request), request.params.id);
      assertOpen(response);
      return formOf(db, response);
    },
  );

  app.post(
    '/api/v1/my/surveys/:id',
    {
      schema: {
        tags: ['surveys'],
        params: Params,
        body: SubmitAnswers,
        response: { 200: z.object({ ok: z.literal(true) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await ownResponse(db, actor, request.params.id);
      await inTransaction(app.services, actor, (tx) =>
        submitAnswers({
          tx,
          responseId: request.params.id,
          answers: request.body.answers,
          via: 'portal',
          locale: requestLocale(request),
        }),
      );
      return { ok: true as const };
    },
  );

  // ---- complaints

  app.get(
    '/api/v1/complaints',
    {
      schema: {
        tags: ['complaints'],
        querystring: ComplaintListQuery,
        response: { 200: z.object({ items: z.array(ComplaintSummary) }), ...errors },
      },
    },
    async (request) => ({ items: await listComplaints(db, requireActor(request), request.query) }),
  );

  app.post(
    '/api/v1/complaints',
    {
      preHandler: requireAbility('complaint', 'create'),
      schema: {
        tags: ['complaints'],
        summary: 'Receive a complaint: from the portal, or logged by staff for a caller (phone, mail, review)',
        // Whoever logs a complaint about themselves gets its number back and nothing more.
        body: CreateComplaint,
        response: { 201: z.union([Complaint, z.object({ id: z.string(), number: z.string() })]), ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const record = await inTransaction(app.services, actor, (tx) => createComplaint({ tx, input: request.body }));
      const visible = await selectRecordByIdOrNumber(db, record.id)
        .where(complaintKind.visible!(actor))
        .executeTakeFirst();
      if (!visible) return reply.status(201).send({ id: record.id, number: record.number });
      return reply.status(201).send(await complaintView(db, actor, record));
    },
  );

  app.get(
    '/api/v1/complaints/:id',
    { schema: { tags: ['complaints'], params: Params, response: { 200: Complaint, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const record = await loadComplaint(actor, request.params.id);
      return complaintView(db, actor, record);
    },
  );

  const loadComplaint = async (actor: ReturnType<typeof requireActor>, id: string) => {
    const row = await selectRecordByIdOrNumber(db, id)
      .where('kind', '=', 'complaint')
      .where(complaintKind.visible!(actor))
      .executeTakeFirst();
    if (!row) throw new AppError('error.not_found');
    return row;
  };

  app.patch(
    '/api/v1/complaints/:id',
    {
      schema: { tags: ['complaints'], params: Params, body: UpdateComplaint, response: { 200: Complaint, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      await inRecordTransaction(app.services, request, actor, (tx) =>
        updateComplaint({ tx, id: request.params.id, input: request.body }),
      );
      return complaintView(db, actor, await loadComplaint(actor, request.params.id));
    },
  );

  app.post(
    '/api/v1/complaints/:id/:action',
    {
      schema: {
        tags: ['complaints'],
        params: z.object({ id: z.string().min(1).max(64), action: z.enum(COMPLAINT_ACTIONS) }),
        body: ComplaintTransitionInput,
        response: { 200: Complaint, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await inRecordTransaction(app.services, request, actor, (tx) =>
        transitionComplaint({
          tx,
          id: request.params.id,
          action: request.params.action,
          note: request.body.note,
          accepted: request.body.accepted,
        }),
      );
      return complaintView(db, actor, await loadComplaint(actor, request.params.id));
    },
  );

  app.post(
    '/api/v1/complaints/:id/actions',
    {
      schema: {
        tags: ['complaints'],
        params: Params,
        body: ComplaintActionInput,
        response: { 201: Complaint, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await inRecordTransaction(app.services, request, actor, (tx) =>
        addComplaintAction({ tx, id: request.params.id, input: request.body }),
      );
      return reply.status(201).send(await complaintView(db, actor, await loadComplaint(actor, request.params.id)));
    },
  );

  app.patch(
    '/api/v1/complaints/:id/actions/:actionId',
    {
      schema: {
        tags: ['complaints'],
        params: z.object({ id: z.string().min(1).max(64), actionId: z.string().min(1).max(64) }),
        body: UpdateComplaintAction,
        response: { 200: Complaint, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await inRecordTransaction(app.services, request, actor, (tx) =>
        updateComplaintAction({ tx, id: request.params.id, actionId: request.params.actionId, input: request.body }),
      );
      return complaintView(db, actor, await loadComplaint(actor, request.params.id));
    },
  );

  app.get(
    '/api/v1/complaint-targets',
    {
      preHandler: requireAbility('complaint', 'log'),
      schema: { tags: ['complaints'], response: { 200: ComplaintTargets, ...errors } },
    },
    async () => complaintTargets(db),
  );

  app.put(
    '/api/v1/complaint-targets',
    {
      preHandler: requireAbility('complaint', 'manage'),
      schema: { tags: ['complaints'], body: ComplaintTargets, response: { 200: ComplaintTargets, ...errors } },
    },
    async (request) =>
      inTransaction(app.services, requireActor(request), (tx) => saveComplaintTargets({ tx, targets: request.body })),
  );

  // ---- customer managers

  app.get(
    '/api/v1/customer-managers',
    {
      preHandler: requireAbility('complaint', 'customers'),
      schema: { tags: ['complaints'], response: { 200: z.object({ items: z.array(CustomerManager) }), ...errors } },
    },
    async (request) => ({ items: await listCustomerManagers(db, requireActor(request)) }),
  );

  app.post(
    '/api/v1/customer-managers',
    {
      preHandler: requireAbility('complaint', 'customers'),
      schema: { tags: ['complaints'], body: GrantCustomerManager, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await inTransaction(app.services, requireActor(request), (tx) =>
        grantCustomerManager({ tx, userId: request.body.userId }),
      );
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/customer-managers/:id',
    {
      preHandler: requireAbility('complaint', 'customers'),
      schema: { tags: ['complaints'], params: Params, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await inTransaction(app.services, requireActor(request), (tx) =>
        revokeCustomerManager({ tx, userId: request.params.id }),
      );
      return reply.status(204).send(null);
    },
  );

  /** What the signed-in person may see of their organisation's relationship: a customer manager's portal view. */
  app.get(
    '/api/v1/my/organization-relationship',
    {
      schema: {
        tags: ['complaints'],
        response: {
          200: z.object({
            customerManager: z.boolean(),
            complaints: z.array(ComplaintSummary),
            surveys: z.array(z.object({ id: z.string(), name: z.string(), results: SurveyResults })),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const org = await customerManagerOrganization(db, actor);
      if (!org) return { customerManager: false, complaints: [], surveys: [] };
      const complaints = await listComplaints(db, actor, { state: 'all', organizationId: org });
      const surveys = await db.selectFrom('surveys').select(['id', 'name']).orderBy('created_at').execute();
      const results = await Promise.all(
        surveys.map(async (s) => ({ ...s, results: await surveyResults(db, actor, s.id, {}, requestLocale(request)) })),
      );
      return {
        customerManager: true,
        complaints,
        surveys: results.filter((s) => s.results.invited + s.results.answered > 0),
      };
    },
  );
}
