import {
  ARTICLE_ACTIONS,
  Article,
  ArticleFeedbackInput,
  ArticleInput,
  ArticleLinkInput,
  ArticleListQuery,
  ArticlePrefill,
  ArticleSummary,
  ArticleTransition,
  ArticleVersion,
  ErrorBody,
  KnowledgeStats,
  PrefillQuery,
  SuggestionEventInput,
  SuggestQuery,
  UpdateArticle,
} from '@trellis/core';
import { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { requireAbility } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { problemDetails } from '../problems/index.js';
import { loadVisibleRecord } from '../records/index.js';
import * as kb from './knowledge.service.js';
import {
  articlesForRecord,
  articleVersions,
  articleView,
  listArticles,
  reviewsDue,
  suggestArticles,
} from './knowledge.views.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = z.object({ id: z.string().min(1).max(64).describe('article id or number, e.g. KB-000012') });
const tags = ['knowledge'];

export async function knowledgeRoutes(app: App) {
  const { db, dialect } = app.services;
  const handle = { db, dialect };

  app.get(
    '/api/v1/knowledge/articles',
    {
      schema: {
        tags,
        summary: 'List or search articles (ranked when q is given)',
        querystring: ArticleListQuery,
        response: { 200: z.object({ items: z.array(ArticleSummary) }), ...errors },
      },
    },
    async (request) => listArticles(handle, requireActor(request), request.query, requestLocale(request)),
  );

  app.get(
    '/api/v1/knowledge/suggest',
    {
      schema: {
        tags,
        summary: 'Articles that may answer what is being typed',
        querystring: SuggestQuery,
        response: { 200: z.object({ items: z.array(ArticleSummary) }), ...errors },
      },
    },
    async (request) => ({
      items: await suggestArticles(
        handle,
        requireActor(request),
        request.query.q,
        request.query.limit,
        requestLocale(request),
      ),
    }),
  );

  app.get(
    '/api/v1/knowledge/prefill',
    {
      preHandler: requireAbility('article', 'write'),
      schema: {
        tags,
        summary: 'A new article prefilled from a resolved incident or a known error',
        querystring: PrefillQuery,
        response: { 200: ArticlePrefill, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const locale = requestLocale(request);
      if (request.query.fromIncident) return kb.prefillFromIncident(db, actor, request.query.fromIncident, locale);
      if (request.query.fromProblem) {
        const problem = await loadVisibleRecord(db, actor, request.query.fromProblem, 'problem');
        const details = await problemDetails(db, problem.id);
        return {
          title: problem.title,
          body: kb.knownErrorBody(locale, {
            description: problem.description,
            rootCause: details?.root_cause ?? '',
            workaround: details?.workaround ?? null,
          }),
          categoryId: problem.category_id,
          tags: [],
          audience: 'agents' as const,
          sourceIncidentId: null,
          sourceProblemId: problem.id,
          sourceNumber: problem.number,
        };
      }
      throw new AppError('error.validation', {}, [
        { path: ['fromIncident'], message: 'fromIncident or fromProblem is required' },
      ]);
    },
  );

  app.get(
    '/api/v1/knowledge/stats',
    {
      preHandler: requireAbility('article', 'oversee'),
      schema: {
        tags,
        summary: 'Knowledge figures incl. deflection (managers)',
        response: { 200: KnowledgeStats, ...errors },
      },
    },
    async (request) => {
      return kb.knowledgeStats(db, requireActor(request));
    },
  );

  app.get(
    '/api/v1/knowledge/reviews-due',
    {
      preHandler: requireAbility('article', 'write'),
      schema: {
        tags,
        summary: 'Published articles due for review (mine; all for managers)',
        response: { 200: z.object({ items: z.array(ArticleSummary) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: await reviewsDue(db, actor, requestLocale(request), nowIso().slice(0, 10)) };
    },
  );

  app.get(
    '/api/v1/knowledge/for-record/:id',
    {
      schema: {
        tags,
        summary: 'Articles linked to a record',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: z.object({ items: z.array(ArticleSummary) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await db
        .selectFrom('work_records')
        .select(['id', 'kind'])
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!row) throw new AppError('error.not_found');
      await loadVisibleRecord(db, actor, row.id, row.kind);
      return { items: await articlesForRecord(db, actor, row.id, requestLocale(request)) };
    },
  );

  app.post(
    '/api/v1/knowledge/suggestion-events',
    {
      schema: {
        tags,
        summary: 'Suggestions shown or opened while reporting (deflection)',
        body: SuggestionEventInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await inTransaction(app.services, actor, (tx) => kb.recordSuggestionEvent(tx, request.body));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/knowledge/articles',
    { schema: { tags, summary: 'Create a draft article', body: ArticleInput, response: { 201: Article, ...errors } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await inTransaction(app.services, actor, (tx) => kb.createArticle({ tx, input: request.body }));
      return reply.status(201).send(await articleView(db, actor, row, requestLocale(request)));
    },
  );

  app.get(
    '/api/v1/knowledge/articles/:id',
    {
      schema: {
        tags,
        summary: 'Read an article (counts a view)',
        params: Params,
        response: { 200: Article, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await kb.loadArticle(db, actor, request.params.id);
      await kb.countView(db, row.id);
      return articleView(db, actor, { ...row, view_count: row.view_count + 1 }, requestLocale(request));
    },
  );

  app.patch(
    '/api/v1/knowledge/articles/:id',
    {
      schema: {
        tags,
        summary: 'Edit; new content is a new version to approve',
        params: Params,
        body: UpdateArticle,
        response: { 200: Article, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await inTransaction(app.services, actor, (tx) =>
        kb.updateArticle({ tx, articleId: request.params.id, input: request.body }),
      );
      return articleView(db, actor, row, requestLocale(request));
    },
  );

  app.get(
    '/api/v1/knowledge/articles/:id/versions',
    {
      preHandler: requireAbility('article', 'write'),
      schema: {
        tags,
        summary: 'Versions with their diffs',
        params: Params,
        response: { 200: z.object({ items: z.array(ArticleVersion) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await kb.loadArticle(db, actor, request.params.id);
      return { items: await articleVersions(db, row.id) };
    },
  );

  for (const action of ARTICLE_ACTIONS) {
    app.post(
      `/api/v1/knowledge/articles/:id/${action}`,
      {
        schema: {
          tags,
          summary: `Article: ${action}`,
          params: Params,
          body: ArticleTransition.optional(),
          response: { 200: Article, ...errors },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const row = await inTransaction(app.services, actor, (tx) =>
          kb.transitionArticle({ tx, articleId: request.params.id, action, note: request.body?.note }),
        );
        return articleView(db, actor, row, requestLocale(request));
      },
    );
  }

  app.post(
    '/api/v1/knowledge/articles/:id/feedback',
    {
      schema: {
        tags,
        summary: 'Useful or not, with a comment',
        params: Params,
        body: ArticleFeedbackInput,
        response: { 200: Article, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await inTransaction(app.services, actor, (tx) =>
        kb.giveFeedback({ tx, articleId: request.params.id, ...request.body }),
      );
      return articleView(db, actor, row, requestLocale(request));
    },
  );

  app.post(
    '/api/v1/knowledge/articles/:id/links',
    {
      schema: {
        tags,
        summary: 'Link to a record',
        params: Params,
        body: ArticleLinkInput,
        response: { 200: Article, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await inTransaction(app.services, actor, (tx) =>
        kb.linkArticle({ tx, articleId: request.params.id, target: request.body.target }),
      );
      return articleView(db, actor, row, requestLocale(request));
    },
  );

  app.delete(
    '/api/v1/knowledge/articles/:id/links/:recordId',
    {
      schema: {
        tags,
        summary: 'Unlink a record',
        params: Params.extend({ recordId: z.string().max(64) }),
        response: { 200: Article, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await inTransaction(app.services, actor, (tx) =>
        kb.linkArticle({ tx, articleId: request.params.id, target: request.params.recordId, remove: true }),
      );
      return articleView(db, actor, row, requestLocale(request));
    },
  );
}
