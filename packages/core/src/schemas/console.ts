import { z } from 'zod';
import { CHANNELS, RECORD_KINDS } from '../enums.js';
import { Id, IsoDateTime, OptionalText, pageOf, Text, UserRef } from './common.js';
import { IncidentSummary } from './incidents.js';

/** The agent console (工作台): queues, saved views, bulk actions, canned replies, templates, presence, search. */

export const RecordKindSchema = z.enum(RECORD_KINDS);
const StateList = z
  .array(
    z
      .string()
      .regex(/^[a-z_]+$/)
      .max(40),
  )
  .max(20);
const MeOrId = z.union([z.literal('me'), z.literal('none'), Id]);

/** A filter set: what a saved view stores and what the queue accepts. */
export const QueueFilters = z.object({
  kinds: z.array(RecordKindSchema).max(5).optional(),
  state: StateList.optional(),
  level: z.array(z.number().int().min(1).max(4)).max(4).optional(),
  groupId: Id.optional(),
  assignee: MeOrId.optional(),
  owner: MeOrId.optional(),
  organizationId: Id.optional(),
  channel: z.array(z.enum(CHANNELS)).max(CHANNELS.length).optional(),
  categoryId: Id.optional(),
  serviceId: Id.optional(),
  q: z.string().trim().max(200).optional(),
  /** Major incidents only (重大事件), or none of them. */
  major: z.boolean().optional(),
});
export type QueueFilters = z.infer<typeof QueueFilters>;

export const QUEUE_COLUMNS = [
  'number',
  'title',
  'kind',
  'level',
  'state',
  'requester',
  'organization',
  'group',
  'assignee',
  'owner',
  'channel',
  'category',
  'createdAt',
  'updatedAt',
] as const;
export type QueueColumn = (typeof QUEUE_COLUMNS)[number];

/** The query string form: lists are comma-separated. */
const csv = <T extends z.ZodTypeAny>(item: T) =>
  z
    .string()
    .max(400)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item) as unknown as z.ZodType<z.output<T>[], string[]>);
export const QueueQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  kinds: csv(RecordKindSchema).optional(),
  state: csv(z.string().regex(/^[a-z_]+$/)).optional(),
  level: csv(z.coerce.number().int().min(1).max(4)).optional(),
  groupId: Id.optional(),
  assignee: MeOrId.optional(),
  owner: MeOrId.optional(),
  organizationId: Id.optional(),
  channel: csv(z.enum(CHANNELS)).optional(),
  categoryId: Id.optional(),
  serviceId: Id.optional(),
  q: z.string().trim().max(200).optional(),
  major: z.enum(['true', 'false']).optional(),
  view: Id.optional().describe('apply a saved view; explicit parameters narrow it further'),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const QueueItem = IncidentSummary.extend({
  kind: RecordKindSchema,
  state: z.string(),
  channel: z.string(),
});
export type QueueItem = z.infer<typeof QueueItem>;
export const QueuePage = pageOf(QueueItem);
export type QueuePage = z.infer<typeof QueuePage>;

export const SavedView = z.object({
  id: Id,
  name: z.string(),
  owner: UserRef,
  /** Shared with this support group's members; null: personal. */
  groupId: Id.nullable(),
  filters: QueueFilters,
  columns: z.array(z.enum(QUEUE_COLUMNS)),
  sort: z.number().int(),
  mine: z.boolean(),
  updatedAt: IsoDateTime,
});
export type SavedView = z.infer<typeof SavedView>;
export const SaveView = z.object({
  name: Text(60),
  groupId: Id.nullish(),
  filters: QueueFilters,
  columns: z.array(z.enum(QUEUE_COLUMNS)).max(QUEUE_COLUMNS.length).default([]),
  sort: z.number().int().min(0).max(10000).default(0),
});
export type SaveView = z.infer<typeof SaveView>;
export const UpdateView = SaveView.partial();

export const BULK_ACTIONS = ['assign', 'take', 'classify', 'comment'] as const;
export const BulkAction = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('assign'),
    ids: z.array(Id).min(1).max(200),
    groupId: Id.nullish(),
    assigneeId: Id.nullish(),
    note: OptionalText(2000),
  }),
  z.object({ action: z.literal('take'), ids: z.array(Id).min(1).max(200) }),
  z.object({
    action: z.literal('classify'),
    ids: z.array(Id).min(1).max(200),
    categoryId: Id.nullish(),
    impact: z.number().int().min(1).max(4).optional(),
    urgency: z.number().int().min(1).max(4).optional(),
  }),
  z.object({
    action: z.literal('comment'),
    ids: z.array(Id).min(1).max(200),
    body: Text(20000),
    visibility: z.enum(['public', 'internal']).default('public'),
  }),
]);
export type BulkAction = z.infer<typeof BulkAction>;
export const BulkResult = z.object({
  results: z.array(
    z.object({
      id: Id,
      number: z.string().nullable(),
      ok: z.boolean(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
  succeeded: z.number().int(),
  failed: z.number().int(),
});
export type BulkResult = z.infer<typeof BulkResult>;

export const CannedReply = z.object({
  id: Id,
  title: z.string(),
  body: z.string(),
  /** null: shared with every agent. */
  owner: UserRef.nullable(),
  shared: z.boolean(),
  editable: z.boolean(),
  updatedAt: IsoDateTime,
});
export type CannedReply = z.infer<typeof CannedReply>;
export const SaveCannedReply = z.object({
  title: Text(100),
  body: Text(10000),
  shared: z.boolean().default(false),
});
export const UpdateCannedReply = SaveCannedReply.partial();
/** The variables a canned reply may use, filled from the record and the agent. */
export const CANNED_VARIABLES = ['requester', 'number', 'title', 'agent', 'group', 'state', 'organization'] as const;
export const RenderedReply = z.object({ body: z.string() });

export const IncidentTemplate = z.object({
  id: Id,
  name: z.string(),
  title: z.string(),
  description: z.string(),
  categoryId: Id.nullable(),
  impact: z.number().int().min(1).max(4),
  urgency: z.number().int().min(1).max(4),
  level: z.number().int().min(1).max(4),
  active: z.boolean(),
  sort: z.number().int(),
});
export type IncidentTemplate = z.infer<typeof IncidentTemplate>;
export const SaveIncidentTemplate = z.object({
  name: Text(60),
  title: Text(200),
  description: z.string().trim().max(10000).default(''),
  categoryId: Id.nullish(),
  impact: z.number().int().min(1).max(4).default(3),
  urgency: z.number().int().min(1).max(4).default(3),
  active: z.boolean().default(true),
  sort: z.number().int().min(0).max(10000).default(0),
});
export const UpdateIncidentTemplate = SaveIncidentTemplate.partial();

export const PRESENCE_MODES = ['viewing', 'editing'] as const;
export const PresenceBeat = z.object({ mode: z.enum(PRESENCE_MODES) });
export const PresenceList = z.object({
  others: z.array(z.object({ user: UserRef, mode: z.enum(PRESENCE_MODES), since: IsoDateTime })),
});
export type PresenceList = z.infer<typeof PresenceList>;

export const SearchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  kinds: csv(RecordKindSchema).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const SearchHitSchema = z.object({
  id: Id,
  kind: RecordKindSchema,
  number: z.string(),
  title: z.string(),
  state: z.string(),
  snippet: z.string().nullable(),
  updatedAt: IsoDateTime,
});
export type SearchHitItem = z.infer<typeof SearchHitSchema>;
export const SearchResponse = z.object({ items: z.array(SearchHitSchema) });
export type SearchResponse = z.infer<typeof SearchResponse>;

/** What the live stream sends for a record change: enough to refresh, nothing the reader may not see. */
export const LiveRecordEvent = z.object({
  type: z.string(),
  recordId: Id,
  kind: RecordKindSchema,
  number: z.string(),
});
export type LiveRecordEvent = z.infer<typeof LiveRecordEvent>;

/** Fills {requester}, {number}… in a canned reply; unknown variables stay as typed. */
export function fillCannedReply(body: string, values: Partial<Record<(typeof CANNED_VARIABLES)[number], string>>) {
  return body.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = (values as Record<string, string | undefined>)[name];
    return value === undefined ? whole : value;
  });
}
