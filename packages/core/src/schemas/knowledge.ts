import { z } from 'zod';
import { ARTICLE_STATES } from '../knowledge.state.js';
import { Id, IsoDateTime, OptionalText, Text, UserRef } from './common.js';

/** Who may read an article: everyone incl. requesters, desk staff, or the members of one support group. */
export const ARTICLE_AUDIENCES = ['requesters', 'agents', 'group'] as const;
export type ArticleAudience = (typeof ARTICLE_AUDIENCES)[number];

const Tag = z.string().trim().min(1).max(40);

export const ArticleInput = z.object({
  title: Text(200),
  /** Rich text (HTML); sanitised on the server, whatever the client sends. */
  body: Text(200_000),
  categoryId: Id.nullish(),
  tags: z.array(Tag).max(20).default([]),
  audience: z.enum(ARTICLE_AUDIENCES).default('agents'),
  audienceGroupId: Id.nullish(),
  ownerId: Id.nullish(),
  /** YYYY-MM-DD: when the owner must check the article is still right. */
  reviewDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullish(),
  sourceIncidentId: Id.nullish(),
  sourceProblemId: Id.nullish(),
});
export type ArticleInput = z.input<typeof ArticleInput>;
/** Only what is sent changes (no defaults here: a PATCH must not reset the audience or tags). */
export const UpdateArticle = z.object({
  title: Text(200).optional(),
  body: Text(200_000).optional(),
  categoryId: Id.nullish(),
  tags: z.array(Tag).max(20).optional(),
  audience: z.enum(ARTICLE_AUDIENCES).optional(),
  audienceGroupId: Id.nullish(),
  ownerId: Id.nullish(),
  reviewDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullish(),
  changeNote: OptionalText(500),
});
export type UpdateArticle = z.input<typeof UpdateArticle>;

export const ArticleTransition = z.object({ note: OptionalText(2000) });

export const ArticleSummary = z.object({
  id: Id,
  number: z.string(),
  title: z.string(),
  excerpt: z.string(),
  state: z.enum(ARTICLE_STATES),
  audience: z.enum(ARTICLE_AUDIENCES),
  categoryId: Id.nullable(),
  categoryName: z.string().nullable(),
  tags: z.array(z.string()),
  owner: UserRef.nullable(),
  reviewDate: z.string().nullable(),
  viewCount: z.number().int(),
  usefulCount: z.number().int(),
  notUsefulCount: z.number().int(),
  updatedAt: IsoDateTime,
  publishedAt: IsoDateTime.nullable(),
  /** Search rank when the list came from a query. */
  score: z.number().optional(),
});
export type ArticleSummary = z.infer<typeof ArticleSummary>;

export const ArticleVersion = z.object({
  version: z.number().int(),
  title: z.string(),
  createdAt: IsoDateTime,
  author: UserRef.nullable(),
  note: z.string().nullable(),
  /** Line diff against the previous version: [op, text] with op ' ' kept, '+' added, '-' removed. */
  diff: z.array(z.tuple([z.enum([' ', '+', '-']), z.string()])),
  approvedBy: UserRef.nullable(),
  approvedAt: IsoDateTime.nullable(),
});
export type ArticleVersion = z.infer<typeof ArticleVersion>;

export const ArticleAbilities = z.object({
  edit: z.boolean(),
  submit: z.boolean(),
  approve: z.boolean(),
  reject: z.boolean(),
  retire: z.boolean(),
  restore: z.boolean(),
  link: z.boolean(),
});
export type ArticleAbilities = z.infer<typeof ArticleAbilities>;

export const Article = ArticleSummary.extend({
  body: z.string(),
  /** The version readers see; the working copy may be newer (a draft under edit). */
  publishedVersion: z.number().int().nullable(),
  currentVersion: z.number().int(),
  audienceGroup: z.object({ id: Id, name: z.string() }).nullable(),
  author: UserRef.nullable(),
  sourceRecord: z.object({ id: Id, number: z.string(), kind: z.string() }).nullable(),
  links: z.array(z.object({ id: Id, number: z.string(), title: z.string(), state: z.string(), kind: z.string() })),
  myFeedback: z.object({ useful: z.boolean(), comment: z.string().nullable() }).nullable(),
  feedback: z.array(
    z.object({ useful: z.boolean(), comment: z.string().nullable(), user: UserRef, createdAt: IsoDateTime }),
  ),
  abilities: ArticleAbilities,
});
export type Article = z.infer<typeof Article>;

export const ArticleListQuery = z.object({
  q: z.string().max(500).optional(),
  state: z.enum(ARTICLE_STATES).optional(),
  categoryId: Id.optional(),
  tag: z.string().max(40).optional(),
  owner: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ArticleListQuery = z.input<typeof ArticleListQuery>;

export const ArticleFeedbackInput = z.object({ useful: z.boolean(), comment: OptionalText(2000) });
export const ArticleLinkInput = z.object({ target: Text(64).describe('record id or number') });

/** A new article prefilled from a resolved incident's handling record or from a known error. */
export const ArticlePrefill = z.object({
  title: z.string(),
  body: z.string(),
  categoryId: Id.nullable(),
  tags: z.array(z.string()),
  audience: z.enum(ARTICLE_AUDIENCES),
  sourceIncidentId: Id.nullable(),
  sourceProblemId: Id.nullable(),
  sourceNumber: z.string(),
});
export type ArticlePrefill = z.infer<typeof ArticlePrefill>;
export const PrefillQuery = z.object({ fromIncident: Id.optional(), fromProblem: Id.optional() });

export const SuggestQuery = z.object({
  q: z.string().max(2000).default(''),
  limit: z.coerce.number().int().min(1).max(10).default(5),
});

export const SUGGESTION_EVENTS = ['shown', 'opened'] as const;
export const SuggestionEventInput = z.object({
  sessionId: z.string().uuid(),
  event: z.enum(SUGGESTION_EVENTS),
  articleIds: z.array(Id).max(10).default([]),
});

export const KnowledgeStats = z.object({
  articles: z.object({ published: z.number().int(), inReview: z.number().int(), draft: z.number().int() }),
  reviewsDue: z.number().int(),
  /** Portal sessions in which suggestions were shown / opened / opened without an incident filed. */
  sessionsShown: z.number().int(),
  sessionsOpened: z.number().int(),
  deflected: z.number().int(),
  deflectionRate: z.number().nullable(),
  views: z.number().int(),
  usefulRate: z.number().nullable(),
});
export type KnowledgeStats = z.infer<typeof KnowledgeStats>;
