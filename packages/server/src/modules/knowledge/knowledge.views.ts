import type { Article, ArticleListQuery, ArticleSummary, ArticleVersion, Locale } from '@trellis/core';
import type { Actor } from '../../platform/context.js';
import type { Db, DialectName } from '../../platform/db/database.js';
import { containsInsensitive } from '../../platform/db/dialect.js';
import { can } from '../../platform/permissions/registry.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { searchHits, segmentWords, tokenize } from '../../platform/search/index.js';
import { categoryNames } from '../categories/index.js';
import { articleAbilities, subjectOfArticle, visibleArticles } from './knowledge.policy.js';
import { ARTICLE_ENTITY } from './knowledge.service.js';
import type { KbArticlesTable } from './knowledge.table.js';
import { excerptOf } from './knowledge.text.js';

interface Handle {
  db: Db;
  dialect: DialectName;
}

type Row = KbArticlesTable;

/** What readers see: staff see the working copy, requesters the approved version. */
async function readableContent(
  db: Db,
  actor: Actor,
  rows: Row[],
): Promise<Map<string, { title: string; body: string }>> {
  const staff = can(actor, 'article', 'write');
  const out = new Map<string, { title: string; body: string }>();
  const needVersion = rows.filter(
    (r) => !staff && r.published_version !== null && r.published_version !== r.current_version,
  );
  for (const r of rows) out.set(r.id, { title: r.title, body: r.body });
  for (const r of needVersion) {
    const v = await db
      .selectFrom('kb_article_versions')
      .select(['title', 'body'])
      .where('article_id', '=', r.id)
      .where('version', '=', r.published_version!)
      .executeTakeFirst();
    if (v) out.set(r.id, v);
  }
  return out;
}

async function summaries(db: Db, actor: Actor, rows: Row[], locale: Locale, scores?: Map<string, number>) {
  const ids = rows.map((r) => r.id);
  const [categories, owners, feedback, content] = await Promise.all([
    categoryNames(db, [...new Set(rows.map((r) => r.category_id).filter((c): c is string => !!c))]),
    ids.length
      ? db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('id', 'in', [...new Set(rows.map((r) => r.owner_id).filter((o): o is string => !!o))].concat(['-']))
          .execute()
      : [],
    ids.length
      ? db
          .selectFrom('kb_feedback')
          .select(['article_id', 'useful', (eb) => eb.fn.countAll<number>().as('n')])
          .where('article_id', 'in', ids)
          .groupBy(['article_id', 'useful'])
          .execute()
      : [],
    readableContent(db, actor, rows),
  ]);
  const ownerName = new Map(owners.map((o) => [o.id, o.name]));
  const fb = (id: string, useful: number) =>
    Number(feedback.find((f) => f.article_id === id && Number(f.useful) === useful)?.n ?? 0);
  return rows.map((r): ArticleSummary => {
    const category = r.category_id ? categories.get(r.category_id) : undefined;
    const text = content.get(r.id)!;
    return {
      id: r.id,
      number: r.number,
      title: text.title,
      excerpt: excerptOf(text.body),
      state: r.state,
      audience: r.audience,
      categoryId: r.category_id,
      categoryName: category ? (locale === 'en-US' ? category.en : category.zh) : null,
      tags: JSON.parse(r.tags_json) as string[],
      owner: r.owner_id ? { id: r.owner_id, name: ownerName.get(r.owner_id) ?? '' } : null,
      reviewDate: r.review_date,
      viewCount: r.view_count,
      usefulCount: fb(r.id, 1),
      notUsefulCount: fb(r.id, 0),
      updatedAt: r.updated_at,
      publishedAt: r.published_at,
      ...(scores ? { score: Math.round((scores.get(r.id) ?? 0) * 1000) / 1000 } : {}),
    };
  });
}

/** Ranked ids of visible, published articles for a query; null when the query holds nothing searchable. */
async function rankedIds(handle: Handle, actor: Actor, query: string, limit: number) {
  const hits = searchHits(handle, query, [ARTICLE_ENTITY]);
  if (!hits) return null;
  const rows = await handle.db
    .selectFrom(hits)
    .innerJoin('kb_articles', 'kb_articles.id', 'hits.entity_id')
    .select(['kb_articles.id', 'hits.score'])
    .where(visibleArticles(actor))
    .where('kb_articles.published_version', 'is not', null)
    .where('kb_articles.state', '!=', 'retired')
    .orderBy('hits.score', 'desc')
    .orderBy('kb_articles.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
}

export async function listArticles(
  handle: Handle,
  actor: Actor,
  query: ArticleListQuery & { limit: number },
  locale: Locale,
) {
  const { db, dialect } = handle;
  let ranked: { id: string; score: number }[] | null = null;
  if (query.q?.trim()) {
    ranked = (await rankedIds(handle, actor, query.q, 200)) ?? [];
    if (ranked.length === 0) return { items: [] };
  }
  let q = db.selectFrom('kb_articles').selectAll().where(visibleArticles(actor));
  if (ranked)
    q = q.where(
      'id',
      'in',
      ranked.map((r) => r.id),
    );
  if (query.state) q = q.where('state', '=', query.state);
  if (query.categoryId) q = q.where('category_id', '=', query.categoryId);
  if (query.owner) q = q.where('owner_id', '=', query.owner === 'me' ? actor.id : query.owner);
  if (query.tag) q = q.where((eb) => containsInsensitive(dialect, eb.ref('tags_json'), JSON.stringify(query.tag)));
  const rows = await q
    .orderBy('updated_at', 'desc')
    .limit(ranked ? 200 : query.limit)
    .execute();
  if (!ranked) return { items: await summaries(db, actor, rows, locale) };
  const scores = new Map(ranked.map((r) => [r.id, r.score]));
  rows.sort((a, b) => (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0) || a.id.localeCompare(b.id));
  return { items: await summaries(db, actor, rows.slice(0, query.limit), locale, scores) };
}

const STOPWORDS = new Set(
  'a an the and or of to in on at for is are was were be it my i me we our can cannot not no with from this that since when how do does'.split(
    ' ',
  ),
);
/** Words in nearly every report; matching only these says nothing about the fault. */
const HAN_STOPWORDS = new Set(
  '没有 任何 公司 今天 早上 上午 下午 一直 无法 不能 不了 问题 我们 他们 时候 现在 可以 怎么 什么 一个 已经 还是 所有 出现 提示 请问 帮忙 谢谢 麻烦 用户 电脑'.split(
    ' ',
  ),
);

/**
 * Suggestions for a half-typed incident. A search requires every Latin word, which a sentence
 * such as "Outlook cannot receive mail" rarely satisfies; here the Chinese part ranks as usual and
 * each meaningful Latin word ranks on its own, and the scores add up. A suggestion must share a
 * Latin word or at least two telling Chinese words (jieba's, not character pairs that straddle
 * two words) with what was typed, so "没有" alone never suggests anything.
 */
export async function suggestArticles(handle: Handle, actor: Actor, text: string, limit: number, locale: Locale) {
  const tokens = tokenize(text);
  const words = [...new Set(tokens.words)].filter((w) => w.length > 1 && !STOPWORDS.has(w)).slice(0, 8);
  const han = [...new Set(tokens.han)].filter((t) => t.length > 1 && !HAN_STOPWORDS.has(t));
  const terms = [...new Set(segmentWords(text))].filter((w) => w.length > 1 && !HAN_STOPWORDS.has(w));
  const queries = [han.join(' '), ...words].filter(Boolean);
  const total = new Map<string, number>();
  for (const query of queries) {
    for (const hit of (await rankedIds(handle, actor, query, 20)) ?? [])
      total.set(hit.id, (total.get(hit.id) ?? 0) + hit.score);
  }
  if (total.size === 0) return [];
  const indexed = await handle.db
    .selectFrom('search_documents')
    .select(['entity_id', 'tokens'])
    .where('entity_type', '=', ARTICLE_ENTITY)
    .where('entity_id', 'in', [...total.keys()])
    .execute();
  const telling = new Set(
    indexed
      .filter((doc) => {
        const present = new Set(doc.tokens.split(' '));
        // A word is in the article when the index holds it or every character pair of it.
        const has = (w: string) => present.has(w) || [...w].slice(1).every((c, i) => present.has(w[i] + c));
        return words.some((w) => present.has(w)) || terms.filter(has).length >= 2;
      })
      .map((doc) => doc.entity_id),
  );
  const best = [...total]
    .filter(([id]) => telling.has(id))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit);
  if (best.length === 0) return [];
  const rows = await handle.db
    .selectFrom('kb_articles')
    .selectAll()
    .where(
      'id',
      'in',
      best.map(([id]) => id),
    )
    .execute();
  const scores = new Map(best);
  rows.sort((a, b) => (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0) || a.id.localeCompare(b.id));
  return summaries(handle.db, actor, rows, locale, scores);
}

export async function articleView(db: Db, actor: Actor, row: Row, locale: Locale): Promise<Article> {
  const [[summary], content, links, feedback, group, author, source] = await Promise.all([
    summaries(db, actor, [row], locale),
    readableContent(db, actor, [row]),
    db
      .selectFrom('kb_article_links')
      .innerJoin('work_records', 'work_records.id', 'kb_article_links.record_id')
      .select([
        'work_records.id',
        'work_records.number',
        'work_records.title',
        'work_records.state',
        'work_records.kind',
      ])
      .where('kb_article_links.article_id', '=', row.id)
      .where(visibleRecords(actor))
      .orderBy('work_records.created_at', 'desc')
      .execute(),
    db
      .selectFrom('kb_feedback')
      .innerJoin('users', 'users.id', 'kb_feedback.user_id')
      .select(['kb_feedback.useful', 'kb_feedback.comment', 'kb_feedback.created_at', 'users.id', 'users.name'])
      .where('kb_feedback.article_id', '=', row.id)
      .orderBy('kb_feedback.created_at', 'desc')
      .execute(),
    row.audience_group_id
      ? db
          .selectFrom('support_groups')
          .select(['id', 'name'])
          .where('id', '=', row.audience_group_id)
          .executeTakeFirst()
      : undefined,
    row.author_id
      ? db.selectFrom('users').select(['id', 'name']).where('id', '=', row.author_id).executeTakeFirst()
      : undefined,
    row.source_record_id
      ? db
          .selectFrom('work_records')
          .select(['id', 'number', 'kind'])
          .where('id', '=', row.source_record_id)
          .where(visibleRecords(actor))
          .executeTakeFirst()
      : undefined,
  ]);
  const staff = can(actor, 'article', 'write');
  const mine = feedback.find((f) => f.id === actor.id);
  return {
    ...summary!,
    body: content.get(row.id)!.body,
    publishedVersion: row.published_version,
    currentVersion: row.current_version,
    audienceGroup: group ?? null,
    author: author ?? null,
    sourceRecord: source ?? null,
    links: staff ? links : [],
    myFeedback: mine ? { useful: Number(mine.useful) === 1, comment: mine.comment } : null,
    // Comments are for the curators; a reader sees only their own.
    feedback: staff
      ? feedback.map((f) => ({
          useful: Number(f.useful) === 1,
          comment: f.comment,
          user: { id: f.id, name: f.name },
          createdAt: f.created_at,
        }))
      : [],
    abilities: articleAbilities(actor, subjectOfArticle(row)),
  };
}

export async function articleVersions(db: Db, articleId: string): Promise<ArticleVersion[]> {
  const rows = await db
    .selectFrom('kb_article_versions')
    .leftJoin('users as author', 'author.id', 'kb_article_versions.author_id')
    .leftJoin('users as approver', 'approver.id', 'kb_article_versions.approved_by')
    .select([
      'kb_article_versions.version',
      'kb_article_versions.title',
      'kb_article_versions.created_at',
      'kb_article_versions.note',
      'kb_article_versions.diff_json',
      'kb_article_versions.approved_at',
      'author.id as author_id',
      'author.name as author_name',
      'approver.id as approver_id',
      'approver.name as approver_name',
    ])
    .where('kb_article_versions.article_id', '=', articleId)
    .orderBy('kb_article_versions.version', 'desc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    title: r.title,
    createdAt: r.created_at,
    author: r.author_id ? { id: r.author_id, name: r.author_name ?? '' } : null,
    note: r.note,
    diff: JSON.parse(r.diff_json) as ArticleVersion['diff'],
    approvedBy: r.approver_id ? { id: r.approver_id, name: r.approver_name ?? '' } : null,
    approvedAt: r.approved_at,
  }));
}

/** Articles linked to a record, for its view. */
export async function articlesForRecord(db: Db, actor: Actor, recordId: string, locale: Locale) {
  const rows = await db
    .selectFrom('kb_articles')
    .innerJoin('kb_article_links', 'kb_article_links.article_id', 'kb_articles.id')
    .selectAll('kb_articles')
    .where('kb_article_links.record_id', '=', recordId)
    .where(visibleArticles(actor))
    .execute();
  return summaries(db, actor, rows, locale);
}

export async function reviewsDue(db: Db, actor: Actor, locale: Locale, today: string) {
  const manager = can(actor, 'article', 'oversee');
  let q = db
    .selectFrom('kb_articles')
    .selectAll()
    .where(visibleArticles(actor))
    .where('state', '=', 'published')
    .where('review_date', '<=', today);
  if (!manager) q = q.where('owner_id', '=', actor.id);
  return summaries(db, actor, await q.orderBy('review_date').limit(200).execute(), locale);
}
