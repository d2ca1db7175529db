import { ARTICLE_AUDIENCES, ARTICLE_STATES } from '@trellis/core';
import type { ExpressionBuilder } from 'kysely';
import { nowIso } from '../../platform/clock.js';
import type { Actor } from '../../platform/context.js';
import { countIf, type DatasetContext, defineDataset, ratio } from '../../platform/datasets.js';
import type { Database } from '../../platform/db/schema.js';
import { can } from '../../platform/permissions/registry.js';

const overseers = (actor: Actor) => can(actor, 'article', 'oversee');

/**
 * Knowledge statistics (GET /api/v1/knowledge/stats reads these three): articles by state, the
 * portal sessions that showed suggestions and how many deflected an incident, and feedback.
 */

export const knowledgeArticles = defineDataset({
  name: 'knowledge.articles',
  owner: 'knowledge',
  label: 'reports.dataset.knowledge.articles',
  readers: overseers,
  query: ({ db }: DatasetContext) =>
    db.selectFrom('kb_articles').leftJoin('categories', 'categories.id', 'kb_articles.category_id'),
  dimensions: {
    state: {
      type: 'enum',
      label: 'reports.dim.articleState',
      values: ARTICLE_STATES,
      expr: (eb) => eb.ref('kb_articles.state'),
      valueLabel: (state) => `article.state.${state}`,
    },
    audience: {
      type: 'enum',
      label: 'reports.dim.articleAudience',
      values: ARTICLE_AUDIENCES,
      expr: (eb) => eb.ref('kb_articles.audience'),
      valueLabel: (audience) => `article.audience.${audience}`,
    },
    category: {
      type: 'key',
      label: 'reports.dim.category',
      expr: (eb) => eb.ref('kb_articles.category_id'),
      display: (eb, locale) => eb.ref(locale === 'zh-CN' ? 'categories.name_zh' : 'categories.name_en'),
    },
    created: {
      type: 'time',
      precision: 'timestamp',
      grain: 'month',
      label: 'reports.dim.createdMonth',
      expr: (eb) => eb.ref('kb_articles.created_at'),
    },
  },
  measures: {
    articles: { label: 'reports.measure.articles', expr: (eb) => eb.fn.countAll() },
    views: { label: 'reports.measure.views', expr: (eb) => eb.fn.sum('kb_articles.view_count') },
    reviewsDue: {
      label: 'reports.measure.reviewsDue',
      expr: (eb) =>
        countIf(
          eb,
          eb.and([
            eb('kb_articles.state', '=', 'published'),
            eb('kb_articles.review_date', '<=', nowIso().slice(0, 10)),
          ]),
        ),
    },
  },
});

export const knowledgeDeflection = defineDataset({
  name: 'knowledge.deflection',
  owner: 'knowledge',
  label: 'reports.dataset.knowledge.deflection',
  readers: overseers,
  query: ({ db }: DatasetContext) => db.selectFrom('kb_suggestion_sessions'),
  dimensions: {
    shown: {
      type: 'time',
      precision: 'timestamp',
      grain: 'month',
      label: 'reports.dim.shownMonth',
      expr: (eb) => eb.ref('kb_suggestion_sessions.shown_at'),
    },
  },
  measures: {
    shown: { label: 'reports.measure.sessionsShown', expr: (eb) => eb.fn.countAll() },
    opened: {
      label: 'reports.measure.sessionsOpened',
      expr: (eb) => eb.fn.count('kb_suggestion_sessions.opened_at'),
    },
    deflected: {
      label: 'reports.measure.deflected',
      expr: (eb) => countIf(eb, deflectedSession(eb)),
    },
    deflectionRate: {
      label: 'reports.measure.deflectionRate',
      expr: (eb) => ratio(countIf(eb, deflectedSession(eb)), eb.fn.count('kb_suggestion_sessions.opened_at')),
      decimals: 3,
    },
  },
});

/** Opened a suggestion and filed nothing afterwards. */
function deflectedSession(eb: ExpressionBuilder<Database, 'kb_suggestion_sessions'>) {
  return eb.and([
    eb('kb_suggestion_sessions.opened_at', 'is not', null),
    eb('kb_suggestion_sessions.submitted_record_id', 'is', null),
  ]);
}

export const knowledgeFeedback = defineDataset({
  name: 'knowledge.feedback',
  owner: 'knowledge',
  label: 'reports.dataset.knowledge.feedback',
  readers: overseers,
  query: ({ db }: DatasetContext) =>
    db.selectFrom('kb_feedback').innerJoin('kb_articles', 'kb_articles.id', 'kb_feedback.article_id'),
  dimensions: {
    article: {
      type: 'key',
      label: 'reports.dim.article',
      expr: (eb) => eb.ref('kb_feedback.article_id'),
      display: (eb) => eb.ref('kb_articles.title'),
    },
  },
  measures: {
    feedback: { label: 'reports.measure.feedback', expr: (eb) => eb.fn.countAll() },
    useful: { label: 'reports.measure.useful', expr: (eb) => eb.fn.sum('kb_feedback.useful') },
    usefulRate: {
      label: 'reports.measure.usefulRate',
      expr: (eb) => ratio(eb.fn.sum('kb_feedback.useful'), eb.fn.countAll()),
      decimals: 3,
    },
  },
});

export const datasets = [knowledgeArticles, knowledgeDeflection, knowledgeFeedback];
