import {
  CreateProblem,
  ErrorBody,
  LinkIncidents,
  PROBLEM_ACTIONS,
  Problem,
  ProblemActionInput,
  ProblemCandidate,
  ProblemListQuery,
  ProblemSummary,
  ProblemTransitionInput,
  ReviewItem,
  SimilarRecord,
  UpdateProblem,
  UpdateProblemAction,
} from '@trellis/core';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { spoolUpload } from '../../platform/uploads.js';
import { inRecordTransaction, loadVisibleRecord, type WorkRecord } from '../records/index.js';
import { runDetection } from './problem.detection.js';
import * as problems from './problem.service.js';
import {
  listCandidates,
  listProblems,
  problemsForIncident,
  problemView,
  reviewList,
  similarRecords,
} from './problem.views.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = z.object({ id: z.string().min(1).max(64).describe('problem id or number, e.g. PRB-2026-000012') });
const tags = ['problems'];

export async function problemRoutes(app: App) {
  const { db, dialect, config } = app.services;
  const staff = (request: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request);
    if (!isStaff(actor)) throw new AppError('error.forbidden');
    return actor;
  };
  const respond = (actor: ReturnType<typeof requireActor>, record: WorkRecord) => problemView(db, actor, record);

  app.get(
    '/api/v1/problems',
    {
      schema: {
        tags,
        querystring: ProblemListQuery,
        response: { 200: z.object({ items: z.array(ProblemSummary) }), ...errors },
      },
    },
    async (request) => {
      staff(request);
      return listProblems(db, dialect, request.query);
    },
  );

  app.post(
    '/api/v1/problems',
    {
      schema: {
        tags,
        summary: 'Create a problem, optionally from incidents',
        body: CreateProblem,
        response: { 201: Problem, ...errors },
      },
    },
    async (request, reply) => {
      const actor = staff(request);
      const record = await inTransaction(app.services, actor, (tx) =>
        problems.createProblem({ tx, input: request.body }),
      );
      return reply.status(201).send(await respond(actor, record));
    },
  );

  app.get(
    '/api/v1/problems/review',
    {
      schema: {
        tags,
        summary: 'Periodic problem review: what needs attention and why',
        response: { 200: z.object({ items: z.array(ReviewItem) }), ...errors },
      },
    },
    async (request) => {
      staff(request);
      return { items: await reviewList(db) };
    },
  );

  app.get(
    '/api/v1/problems/candidates',
    {
      schema: {
        tags,
        summary: 'Recurring incidents the system proposes as problems',
        querystring: z.object({ status: z.enum(['open', 'accepted', 'dismissed']).default('open') }),
        response: { 200: z.object({ items: z.array(ProblemCandidate) }), ...errors },
      },
    },
    async (request) => ({
      items: await listCandidates(db, staff(request), request.query.status, requestLocale(request)),
    }),
  );

  app.post(
    '/api/v1/problems/candidates/detect',
    {
      schema: {
        tags,
        summary: 'Run recurring-incident detection now',
        response: { 200: z.object({ clusters: z.number(), proposed: z.number() }), ...errors },
      },
    },
    async (request) => {
      const actor = staff(request);
      if (!problems.canManageProblem(actor)) throw new AppError('error.forbidden');
      return inTransaction(app.services, actor, (tx) => runDetection(tx));
    },
  );

  app.post(
    '/api/v1/problems/candidates/:id/accept',
    { schema: { tags, params: z.object({ id: z.string().max(64) }), response: { 201: Problem, ...errors } } },
    async (request, reply) => {
      const actor = staff(request);
      const record = await inTransaction(app.services, actor, (tx) =>
        problems.acceptCandidate({ tx, candidateId: request.params.id }),
      );
      return reply.status(201).send(await respond(actor, record));
    },
  );

  app.post(
    '/api/v1/problems/candidates/:id/dismiss',
    { schema: { tags, params: z.object({ id: z.string().max(64) }), response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const actor = staff(request);
      await inTransaction(app.services, actor, (tx) =>
        problems.dismissCandidate({ tx, candidateId: request.params.id }),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/incidents/:id/similar',
    {
      schema: {
        tags,
        summary: 'Similar incidents and problems',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: z.object({ items: z.array(SimilarRecord), problems: z.array(ProblemSummary) }), ...errors },
      },
    },
    async (request) => {
      const actor = staff(request);
      const incident = await loadVisibleRecord(db, actor, request.params.id, 'incident');
      const [items, linked] = await Promise.all([
        similarRecords(db, actor, incident),
        problemsForIncident(db, incident.id),
      ]);
      return { items, problems: linked };
    },
  );

  app.get(
    '/api/v1/problems/:id',
    { schema: { tags, params: Params, response: { 200: Problem, ...errors } } },
    async (request) => {
      const actor = staff(request);
      return respond(actor, await problems.loadProblem(db, actor, request.params.id));
    },
  );

  app.patch(
    '/api/v1/problems/:id',
    {
      schema: {
        tags,
        summary: 'Edit; RCA (5 Whys, fishbone, conclusion), workaround, assignee',
        params: Params,
        body: UpdateProblem,
        response: { 200: Problem, ...errors },
      },
    },
    async (request) => {
      const actor = staff(request);
      const record = await inRecordTransaction(app.services, request, actor, (tx) =>
        problems.updateProblem({ tx, problemId: request.params.id, input: request.body }),
      );
      return respond(actor, record);
    },
  );

  for (const action of PROBLEM_ACTIONS) {
    app.post(
      `/api/v1/problems/:id/${action.replace(/_/g, '-')}`,
      {
        schema: {
          tags,
          summary: `Problem: ${action}`,
          params: Params,
          body: ProblemTransitionInput.optional(),
          response: { 200: Problem, ...errors },
        },
      },
      async (request) => {
        const actor = staff(request);
        const record = await inRecordTransaction(app.services, request, actor, (tx) =>
          problems.transitionProblem({ tx, problemId: request.params.id, action, note: request.body?.note }),
        );
        return respond(actor, record);
      },
    );
  }

  app.post(
    '/api/v1/problems/:id/incidents',
    {
      schema: {
        tags,
        summary: 'Link incidents',
        params: Params,
        body: LinkIncidents,
        response: { 200: Problem, ...errors },
      },
    },
    async (request) => {
      const actor = staff(request);
      const record = await inRecordTransaction(app.services, request, actor, (tx) =>
        problems.linkIncidents({ tx, problemId: request.params.id, incidentIds: request.body.incidentIds }),
      );
      return respond(actor, record);
    },
  );

  app.post(
    '/api/v1/problems/:id/known-error-article',
    {
      schema: {
        tags,
        summary: 'Publish the known error and workaround to the knowledge base',
        params: Params,
        response: { 200: Problem, ...errors },
      },
    },
    async (request) => {
      const actor = staff(request);
      const record = await inRecordTransaction(app.services, request, actor, (tx) =>
        problems.publishKnownError({ tx, problemId: request.params.id, locale: requestLocale(request) }),
      );
      return respond(actor, record);
    },
  );

  app.post(
    '/api/v1/problems/:id/actions',
    {
      schema: {
        tags,
        summary: 'Add a corrective or preventive action',
        params: Params,
        body: ProblemActionInput,
        response: { 200: Problem, ...errors },
      },
    },
    async (request) => {
      const actor = staff(request);
      const record = await inRecordTransaction(app.services, request, actor, (tx) =>
        problems.addProblemAction({ tx, problemId: request.params.id, input: request.body }),
      );
      return respond(actor, record);
    },
  );

  app.patch(
    '/api/v1/problems/:id/actions/:actionId',
    {
      schema: {
        tags,
        params: Params.extend({ actionId: z.string().max(64) }),
        body: UpdateProblemAction,
        response: { 200: Problem, ...errors },
      },
    },
    async (request) => {
      const actor = staff(request);
      const record = await inRecordTransaction(app.services, request, actor, (tx) =>
        problems.updateProblemAction({
          tx,
          problemId: request.params.id,
          actionId: request.params.actionId,
          input: request.body,
        }),
      );
      return respond(actor, record);
    },
  );

  app.post(
    '/api/v1/problems/:id/attachments',
    {
      schema: {
        tags,
        summary: 'Evidence attachment (multipart/form-data, field "file")',
        params: Params,
        response: { 200: Problem, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request) => {
      const actor = staff(request);
      if (!request.isMultipart()) throw new AppError('error.unsupported_media_type');
      const file = await request.file();
      if (!file) throw new AppError('error.validation', {}, [{ path: ['file'], message: 'a file is required' }]);
      const spooled = await spoolUpload(file, { maxBytes: config.attachmentMaxBytes, dataDir: config.dataDir });
      await inTransaction(app.services, actor, (tx) =>
        problems.addProblemAttachment(tx, request.params.id, spooled, config.attachmentMaxBytes),
      ).finally(spooled.remove);
      return respond(actor, await problems.loadProblem(db, actor, request.params.id));
    },
  );
}
