import type { ArticleAbilities, ArticleAction, ArticleState } from '@trellis/core';
import { nextArticleState } from '@trellis/core';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isStaff, seesAllOrganizations } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';
import type { KbArticlesTable } from './knowledge.table.js';

/**
 * Who reads and who curates articles. Requesters read published articles meant for everyone;
 * staff read what is meant for staff or for a group they belong to; specialists, service managers
 * and admins review (审核). Deny by default.
 */
export interface ArticleSubject {
  state: ArticleState;
  audience: 'requesters' | 'agents' | 'group';
  audienceGroupId: string | null;
  authorId: string | null;
  ownerId: string | null;
  publishedVersion: number | null;
}

const isReviewer = (a: Actor) => a.role === 'specialist' || a.role === 'service_manager' || a.role === 'admin';
const readable = (s: ArticleSubject) => s.publishedVersion !== null && s.state !== 'retired';

export function canReadArticle(a: Actor, s: ArticleSubject): boolean {
  if (!isStaff(a)) return s.audience === 'requesters' && readable(s);
  if (seesAllOrganizations(a) || s.authorId === a.id || s.ownerId === a.id) return true;
  return s.audience !== 'group' || (s.audienceGroupId !== null && a.groupIds.includes(s.audienceGroupId));
}

/**
 * Whether the person may take this kind of action on the article at all, whatever its state. Asked
 * before the state, so someone without the right learns nothing about where the article stands.
 */
export function mayActOnArticle(a: Actor, s: ArticleSubject, action: ArticleAction): boolean {
  const staff = isStaff(a) && canReadArticle(a, s);
  if (action === 'submit') return staff;
  if (!staff || !isReviewer(a)) return false;
  // 审核: someone other than the author approves; an admin may stand in for a missing reviewer.
  return action !== 'approve' || s.authorId !== a.id || a.role === 'admin';
}

export function articleAbilities(a: Actor, s: ArticleSubject): ArticleAbilities {
  const staff = isStaff(a) && canReadArticle(a, s);
  const may = (action: ArticleAction) => mayActOnArticle(a, s, action) && nextArticleState(s.state, action).ok;
  return {
    edit: staff && s.state !== 'retired',
    submit: may('submit'),
    approve: may('approve'),
    reject: may('reject'),
    retire: may('retire'),
    restore: may('restore'),
    link: staff,
  };
}

export function subjectOfArticle(row: KbArticlesTable): ArticleSubject {
  return {
    state: row.state,
    audience: row.audience,
    audienceGroupId: row.audience_group_id,
    authorId: row.author_id,
    ownerId: row.owner_id,
    publishedVersion: row.published_version,
  };
}

/** The SQL twin of canReadArticle, for lists and search. */
export function visibleArticles(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'kb_articles'>): Expression<SqlBool> => {
    if (!isStaff(actor))
      return eb.and([
        eb('kb_articles.audience', '=', 'requesters'),
        eb('kb_articles.published_version', 'is not', null),
        eb('kb_articles.state', '!=', 'retired'),
      ]);
    if (seesAllOrganizations(actor)) return eb.lit(true);
    const ors: Expression<SqlBool>[] = [
      eb('kb_articles.audience', 'in', ['requesters', 'agents']),
      eb('kb_articles.author_id', '=', actor.id),
      eb('kb_articles.owner_id', '=', actor.id),
    ];
    if (actor.groupIds.length > 0) ors.push(eb('kb_articles.audience_group_id', 'in', actor.groupIds));
    return eb.or(ors);
  };
}

export const articlePolicy = definePolicy('article', {
  actions: {
    view: canReadArticle,
    /** Staff write articles, read working copies and versions; requesters read the approved version. */
    write: isStaff,
    review: isReviewer,
    /** Deflection and review figures, and every owner's due reviews, are for those who run the desk. */
    oversee: seesAllOrganizations,
  },
  global: ['write', 'review', 'oversee'],
  scope: { table: 'kb_articles', where: visibleArticles, subjectOf: subjectOfArticle },
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    article: typeof articlePolicy;
  }
}
