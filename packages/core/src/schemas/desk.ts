import { z } from 'zod';
import { HOLD_REASONS } from '../incident.state.js';
import { LEVELS } from '../priority.js';
import { CalendarDate, Id, IsoDateTime, OptionalText, Text, UserRef } from './common.js';

/** The service desk's incident work beyond the basic life cycle: tiers, resolution, archive, major incidents. */

const Level = z.union(
  LEVELS.map((l) => z.literal(l)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>],
);
const Minutes = z.number().int().min(0).max(100_000);

/** Admin settings of the desk, kept in the settings table. */
export const IncidentSettings = z.object({
  /** rows: impact 1..4, columns: urgency 1..4 */
  matrix: z.array(z.array(Level).length(4)).length(4),
  /** Days after resolution during which the requester may reopen. */
  reopenDays: z.number().int().min(0).max(365),
  /** Days after resolution until the system confirms for a silent requester. */
  autoConfirmDays: z.number().int().min(1).max(90),
  /** Hours before auto-confirmation that the requester is reminded (0 = no reminder). */
  autoConfirmNoticeHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30),
  /** Minutes a record may stay at one tier, per level, before it escalates on its own; null = never. */
  escalationMinutes: z.object({
    1: Minutes.nullable(),
    2: Minutes.nullable(),
    3: Minutes.nullable(),
    4: Minutes.nullable(),
  }),
});
export type IncidentSettings = z.infer<typeof IncidentSettings>;
export const UpdateIncidentSettings = IncidentSettings.partial();

export const HoldReasonSchema = z.enum(HOLD_REASONS);
export const HoldIncident = z
  .object({ kind: HoldReasonSchema, reason: OptionalText(1000) })
  .refine((v) => v.kind !== 'other' || (v.reason ?? '').length > 0, {
    message: 'a reason is required',
    path: ['reason'],
  });

export const TransferIncident = z.object({
  groupId: Id,
  assigneeId: Id.nullish(),
  reason: Text(2000),
});
export const EscalateIncident = z.object({ reason: Text(2000) });
export const InviteCollaborator = z.object({ userId: Id, note: OptionalText(1000) });

export const ResolveIncident = z.object({
  cause: Text(5000),
  solution: Text(10000),
  timeSpentMinutes: z.number().int().min(1).max(100_000),
  knowledgeRef: OptionalText(500),
  ciChanged: z.boolean().default(false),
  /** On a parent record: resolve its open children with the same handling record. */
  resolveChildren: z.boolean().optional(),
});

export const ArchiveIncident = z.object({
  /** 回访: what the requester said when called back. */
  callbackNote: Text(2000),
  callbackAt: IsoDateTime.optional(),
});

export const FlagMajor = z.object({ major: z.boolean(), reason: OptionalText(1000) });
export const MajorUpdate = z.object({ body: Text(5000) });
export const MergeIncident = z.object({ into: Text(64).describe('the surviving record, id or number') });

export const Collaborator = UserRef.extend({ invitedAt: IsoDateTime });

/** What the incident view adds for the desk. */
export const IncidentDeskInfo = z.object({
  service: z.object({ id: Id, name: z.string() }).nullable(),
  holdKind: HoldReasonSchema.nullable(),
  handling: z
    .object({
      timeSpentMinutes: z.number().int().nullable(),
      knowledgeRef: z.string().nullable(),
      ciChanged: z.boolean(),
    })
    .nullable(),
  autoConfirmed: z.boolean(),
  autoConfirmAt: IsoDateTime.nullable(),
  reopenUntil: IsoDateTime.nullable(),
  callback: z.object({ by: UserRef.nullable(), at: IsoDateTime, note: z.string() }).nullable(),
  major: z.object({ by: UserRef.nullable(), at: IsoDateTime }).nullable(),
  mergedInto: z.object({ id: Id, number: z.string() }).nullable(),
  collaborators: z.array(Collaborator),
  children: z.array(z.object({ id: Id, number: z.string(), title: z.string(), state: z.string() })),
  timeTotalMinutes: z.number().int(),
});
export type IncidentDeskInfo = z.infer<typeof IncidentDeskInfo>;

export const FOLLOWUP_STATES = ['open', 'closed'] as const;
export const Followup = z.object({
  id: Id,
  record: z.object({ id: Id, number: z.string(), title: z.string() }),
  organization: z.object({ id: Id, name: z.string() }),
  requester: UserRef,
  rating: z.number().int(),
  comment: z.string().nullable(),
  owner: UserRef.nullable(),
  state: z.enum(FOLLOWUP_STATES),
  createdAt: IsoDateTime,
  closedAt: IsoDateTime.nullable(),
  closedBy: UserRef.nullable(),
  note: z.string().nullable(),
});
export type Followup = z.infer<typeof Followup>;
export const FollowupQuery = z.object({ state: z.enum(FOLLOWUP_STATES).optional() });
export const CloseFollowup = z.object({ note: Text(2000) });

// ---- time tracking (工时)

export const TimeEntry = z.object({
  id: Id,
  recordId: Id,
  user: UserRef,
  minutes: z.number().int(),
  workDate: z.string(),
  note: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type TimeEntry = z.infer<typeof TimeEntry>;
export const LogTime = z.object({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  workDate: CalendarDate.optional(),
  note: OptionalText(500),
});
export const RecordTime = z.object({
  entries: z.array(TimeEntry),
  totalMinutes: z.number().int(),
  perPerson: z.array(z.object({ user: UserRef, minutes: z.number().int() })),
});
export type RecordTime = z.infer<typeof RecordTime>;
export const TimeSummaryQuery = z.object({
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  userId: z.union([z.literal('me'), Id]).optional(),
});
export const TimeSummary = z.object({
  totalMinutes: z.number().int(),
  perPerson: z.array(z.object({ user: UserRef, minutes: z.number().int(), records: z.number().int() })),
});
export type TimeSummary = z.infer<typeof TimeSummary>;
