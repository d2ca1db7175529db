import { z } from 'zod';
import { PROBLEM_ACTIONS, PROBLEM_STATES } from '../problem.state.js';
import { Id, IsoDateTime, OptionalText, Text, UserRef } from './common.js';

/** 鱼骨图 categories: 人 / 流程 / 技术 / 环境 / 供应商 / 管理. */
export const FISHBONE_CATEGORIES = [
  'people',
  'process',
  'technology',
  'environment',
  'supplier',
  'management',
] as const;
export type FishboneCategory = (typeof FISHBONE_CATEGORIES)[number];

export const ACTION_KINDS = ['corrective', 'preventive'] as const;
export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const VERIFICATION_RESULTS = ['pending', 'effective', 'recurred'] as const;

export const CreateProblem = z.object({
  title: Text(200),
  description: Text(20000),
  impact: z.number().int().min(1).max(4).default(3),
  urgency: z.number().int().min(1).max(4).default(3),
  categoryId: Id.nullish(),
  serviceId: Id.nullish(),
  incidentIds: z.array(Id).max(200).default([]),
});
export type CreateProblem = z.input<typeof CreateProblem>;

export const Rca = z.object({
  whys: z.array(z.object({ question: z.string().trim().max(1000), answer: z.string().trim().max(2000) })).max(10),
  fishbone: z.array(z.object({ category: z.enum(FISHBONE_CATEGORIES), cause: Text(500) })).max(60),
  rootCause: z.string().trim().max(5000),
  conclusion: z.string().trim().max(10000),
});
export type Rca = z.infer<typeof Rca>;

export const UpdateProblem = z.object({
  title: Text(200).optional(),
  description: Text(20000).optional(),
  assigneeId: Id.nullish(),
  workaround: z.string().trim().max(10000).optional(),
  verifyAfterDays: z.number().int().min(1).max(365).optional(),
  rca: Rca.optional(),
});
export type UpdateProblem = z.input<typeof UpdateProblem>;

export const ProblemTransitionInput = z.object({ note: OptionalText(2000) });

export const ProblemActionInput = z.object({
  kind: z.enum(ACTION_KINDS),
  title: Text(500),
  ownerId: Id,
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  changeRef: z.string().trim().max(64).nullish().describe('change request number, until changes exist'),
});
export const UpdateProblemAction = ProblemActionInput.partial().extend({ status: z.enum(ACTION_STATUSES).optional() });

export const ProblemActionItem = z.object({
  id: Id,
  kind: z.enum(ACTION_KINDS),
  title: z.string(),
  owner: UserRef,
  dueDate: z.string(),
  status: z.enum(ACTION_STATUSES),
  changeRef: z.string().nullable(),
  overdue: z.boolean(),
  completedAt: IsoDateTime.nullable(),
});

export const LinkedIncident = z.object({
  id: Id,
  number: z.string(),
  title: z.string(),
  state: z.string(),
  createdAt: IsoDateTime,
});

export const ProblemSummary = z.object({
  id: Id,
  number: z.string(),
  title: z.string(),
  state: z.enum(PROBLEM_STATES),
  level: z.number().int(),
  source: z.enum(['agent', 'detected']),
  assignee: UserRef.nullable(),
  incidentCount: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  verification: z.enum(VERIFICATION_RESULTS).nullable(),
});
export type ProblemSummary = z.infer<typeof ProblemSummary>;

export const Problem = ProblemSummary.extend({
  description: z.string(),
  /** Bumped by every change to the record; send it back in If-Match so a write from a stale screen answers 409. */
  version: z.number().int(),
  categoryId: Id.nullable(),
  serviceId: Id.nullable(),
  owner: UserRef.nullable(),
  workaround: z.string().nullable(),
  knownErrorAt: IsoDateTime.nullable(),
  knownErrorArticleId: Id.nullable(),
  rca: Rca,
  incidents: z.array(LinkedIncident),
  actions: z.array(ProblemActionItem),
  attachments: z.array(z.object({ id: Id, filename: z.string(), size: z.number(), createdAt: IsoDateTime })),
  timeline: z.array(
    z.object({ id: Id, at: IsoDateTime, type: z.string(), actor: UserRef.nullable(), body: z.string().nullable() }),
  ),
  verifyAfterDays: z.number().int(),
  verifyAt: IsoDateTime.nullable(),
  verifiedAt: IsoDateTime.nullable(),
  verificationNote: z.string().nullable(),
  resolvedAt: IsoDateTime.nullable(),
  allowedActions: z.array(z.enum(PROBLEM_ACTIONS)),
  canEdit: z.boolean(),
});
export type Problem = z.infer<typeof Problem>;

export const ProblemListQuery = z.object({
  state: z.string().max(200).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const LinkIncidents = z.object({ incidentIds: z.array(Id).min(1).max(200) });

export const ProblemCandidate = z.object({
  id: Id,
  title: z.string(),
  status: z.enum(['open', 'accepted', 'dismissed']),
  score: z.number(),
  incidents: z.array(LinkedIncident),
  evidence: z.object({
    count: z.number().int(),
    firstAt: IsoDateTime,
    lastAt: IsoDateTime,
    categoryName: z.string().nullable(),
    serviceName: z.string().nullable(),
    ciIds: z.array(z.string()),
    commonTerms: z.array(z.string()),
    meanSimilarity: z.number(),
  }),
  problemId: Id.nullable(),
  createdAt: IsoDateTime,
});
export type ProblemCandidate = z.infer<typeof ProblemCandidate>;

export const SimilarRecord = z.object({
  id: Id,
  number: z.string(),
  title: z.string(),
  state: z.string(),
  kind: z.string(),
  createdAt: IsoDateTime,
  similarity: z.number(),
  sameCategory: z.boolean(),
});
export type SimilarRecord = z.infer<typeof SimilarRecord>;

export const ReviewItem = ProblemSummary.extend({ reasons: z.array(z.string()) });
