import { z } from 'zod';
import { CHANNELS, LINK_KINDS, TIMELINE_VISIBILITY } from '../enums.js';
import { INCIDENT_ACTIONS, INCIDENT_STATES } from '../incident.state.js';
import { IMPACTS, LEVELS, URGENCIES } from '../priority.js';
import { GroupRef, Id, IsoDateTime, OptionalText, OrgRef, PageQuery, pageOf, Text, UserRef } from './common.js';
import { HoldReasonSchema, IncidentDeskInfo } from './desk.js';

/** A number from a fixed set; zod reports a wrong one with the allowed values, in the reader's language. */
const literalUnion = <T extends readonly number[]>(values: T) =>
  z.literal([...values]) as unknown as z.ZodType<T[number]>;

export const IncidentStateSchema = z.enum(INCIDENT_STATES);
export const ImpactSchema = literalUnion(IMPACTS);
export const UrgencySchema = literalUnion(URGENCIES);
export const LevelSchema = literalUnion(LEVELS);
export const ChannelSchema = z.enum(CHANNELS);

export const CreateIncident = z.object({
  title: Text(200),
  description: Text(20000),
  affectedScope: OptionalText(1000),
  urgency: UrgencySchema.optional(),
  impact: ImpactSchema.optional(),
  contact: OptionalText(200),
  categoryId: Id.optional(),
  /** Staff logging a call on behalf of someone else (热线代录). */
  requesterId: Id.optional(),
  channel: ChannelSchema.optional(),
  /** The asset the report is about (a requester names one they hold); linked in the same transaction. */
  assetId: Id.optional(),
});
export type CreateIncident = z.infer<typeof CreateIncident>;

export const IncidentSummary = z.object({
  id: Id,
  number: z.string(),
  title: z.string(),
  state: IncidentStateSchema,
  level: LevelSchema,
  impact: ImpactSchema,
  urgency: UrgencySchema,
  channel: ChannelSchema,
  organization: OrgRef,
  requester: UserRef,
  owner: UserRef.nullable(),
  assignee: UserRef.nullable(),
  group: GroupRef.nullable(),
  categoryId: Id.nullable(),
  categoryName: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  resolvedAt: IsoDateTime.nullable(),
  /** Shown in queues: a major incident, and why a record on hold waits. */
  major: z.boolean().optional(),
  holdKind: HoldReasonSchema.nullable().optional(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const TimelineEntry = z.object({
  id: Id,
  at: IsoDateTime,
  type: z.string(),
  visibility: z.enum(TIMELINE_VISIBILITY),
  actor: UserRef.nullable(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const Attachment = z.object({
  id: Id,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploadedBy: UserRef,
  createdAt: IsoDateTime,
});
export type Attachment = z.infer<typeof Attachment>;

export const RecordLink = z.object({
  id: Id,
  kind: z.enum(LINK_KINDS),
  direction: z.enum(['outgoing', 'incoming']),
  record: z.object({ id: Id, number: z.string(), title: z.string(), state: z.string() }),
});
export type RecordLink = z.infer<typeof RecordLink>;

export const IncidentAbilities = z
  .object(
    Object.fromEntries(INCIDENT_ACTIONS.map((a) => [a, z.boolean()])) as Record<
      (typeof INCIDENT_ACTIONS)[number],
      z.ZodBoolean
    >,
  )
  .extend({ commentInternal: z.boolean(), attach: z.boolean(), watch: z.boolean(), link: z.boolean() });
export type IncidentAbilities = z.infer<typeof IncidentAbilities>;

export const Incident = IncidentSummary.extend({
  description: z.string(),
  /** Bumped by every change to the record; send it back in If-Match so a write from a stale screen answers 409. */
  version: z.number().int(),
  affectedScope: z.string().nullable(),
  contact: z.string().nullable(),
  department: z.object({ id: Id, name: z.string() }).nullable(),
  resolution: z
    .object({
      cause: z.string(),
      solution: z.string(),
      resolvedBy: UserRef.nullable(),
    })
    .nullable(),
  confirmedAt: IsoDateTime.nullable(),
  rating: z.number().int().nullable(),
  ratingComment: z.string().nullable(),
  archivedAt: IsoDateTime.nullable(),
  holdReason: z.string().nullable(),
  timeline: z.array(TimelineEntry),
  attachments: z.array(Attachment),
  watchers: z.array(UserRef),
  links: z.array(RecordLink),
  abilities: IncidentAbilities,
  desk: IncidentDeskInfo,
});
export type Incident = z.infer<typeof Incident>;

export const IncidentListQuery = PageQuery.extend({
  state: z
    .union([IncidentStateSchema, z.string().regex(/^[a-z_]+(,[a-z_]+)*$/)])
    .optional()
    .describe('one state or a comma-separated list'),
  level: z.coerce.number().int().min(1).max(4).optional(),
  assignee: z.union([z.literal('me'), Id]).optional(),
  owner: z.union([z.literal('me'), Id]).optional(),
  groupId: Id.optional(),
  organizationId: Id.optional(),
  requester: z.union([z.literal('me'), Id]).optional(),
  q: z.string().trim().max(200).optional(),
  major: z.enum(['true', 'false']).optional(),
});
export type IncidentListQuery = z.infer<typeof IncidentListQuery>;
export const IncidentPage = pageOf(IncidentSummary);

export const AssignIncident = z
  .object({ groupId: Id.nullish(), assigneeId: Id.nullish(), note: OptionalText(2000) })
  .refine((v) => v.groupId != null || v.assigneeId != null, { message: 'groupId or assigneeId is required' });
export const ClassifyIncident = z.object({
  categoryId: Id.nullish(),
  /** Omitted: the category's service, when it has one. */
  serviceId: Id.nullish(),
  impact: ImpactSchema.optional(),
  urgency: UrgencySchema.optional(),
});
export const AddComment = z.object({ body: Text(20000), visibility: z.enum(TIMELINE_VISIBILITY).default('public') });
export const ConfirmIncident = z.object({
  rating: z.number().int().min(1).max(5),
  comment: OptionalText(2000),
});
export const ReopenIncident = z.object({ reason: Text(2000) });
export const CancelIncident = z.object({ reason: Text(2000) });
export const AddWatcher = z.object({ userId: Id });
export const AddLink = z.object({ kind: z.enum(LINK_KINDS), target: Text(64).describe('record id or number') });

export const PriorityLevelInfo = z.object({
  level: LevelSchema,
  impact: z.string(),
  urgency: z.string(),
  examples: z.string(),
});
export const PriorityMatrixResponse = z.object({
  matrix: z.array(z.array(LevelSchema)),
  levels: z.array(PriorityLevelInfo),
});
