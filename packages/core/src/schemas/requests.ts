import { z } from 'zod';
import { REQUEST_STATES } from '../request.state.js';
import { APPROVAL_MODES, APPROVER_TYPES, FormFieldSchema } from './catalog.js';
import { Id, IsoDateTime, OptionalText, OrgRef, PageQuery, pageOf, Text, UserRef } from './common.js';
import { Attachment, ChannelSchema, TimelineEntry } from './incidents.js';

export const RequestStateSchema = z.enum(REQUEST_STATES);

export const CreateServiceRequest = z.object({
  itemId: Id,
  /** Field key → answer; attachment fields are sent as files in a multipart submission. */
  answers: z.record(z.string().max(40), z.unknown()).default({}),
  /** Staff submitting on someone's behalf. */
  requesterId: Id.optional(),
  channel: ChannelSchema.optional(),
});
export type CreateServiceRequest = z.infer<typeof CreateServiceRequest>;

export const ServiceRequestSummary = z.object({
  id: Id,
  number: z.string(),
  title: z.string(),
  state: RequestStateSchema,
  itemId: Id,
  itemName: z.string(),
  serviceId: Id.nullable(),
  organization: OrgRef,
  requester: UserRef,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type ServiceRequestSummary = z.infer<typeof ServiceRequestSummary>;

export const APPROVAL_STATES = ['pending', 'approved', 'rejected', 'skipped'] as const;
export const TASK_STATES = ['waiting', 'open', 'done', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const RequestApproval = z.object({
  id: Id,
  step: z.number().int(),
  mode: z.enum(APPROVAL_MODES),
  source: z.enum(APPROVER_TYPES),
  approver: UserRef,
  state: z.enum(APPROVAL_STATES),
  comment: z.string().nullable(),
  decidedAt: IsoDateTime.nullable(),
});
export type RequestApproval = z.infer<typeof RequestApproval>;

export const RequestTask = z.object({
  id: Id,
  stage: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  group: z.object({ id: Id, name: z.string() }),
  state: z.enum(TASK_STATES),
  note: z.string().nullable(),
  completedBy: UserRef.nullable(),
  completedAt: IsoDateTime.nullable(),
});
export type RequestTask = z.infer<typeof RequestTask>;

export const RequestAbilities = z.object({
  approve: z.boolean(),
  reject: z.boolean(),
  deliver: z.boolean(),
  accept: z.boolean(),
  rejectDelivery: z.boolean(),
  cancel: z.boolean(),
  comment: z.boolean(),
  commentInternal: z.boolean(),
  attach: z.boolean(),
  /** Task ids the caller may complete now. */
  completeTasks: z.array(Id),
});
export type RequestAbilities = z.infer<typeof RequestAbilities>;

/** A readable answer: the label and the value as a person reads it, in the caller's language. */
export const RequestAnswer = z.object({
  key: z.string(),
  type: FormFieldSchema.shape.type,
  label: z.string(),
  value: z.string(),
  attachments: z.array(z.object({ id: Id, filename: z.string() })).optional(),
});

export const ServiceRequest = ServiceRequestSummary.extend({
  description: z.string(),
  /** Bumped by every change to the record; send it back in If-Match so a write from a stale screen answers 409. */
  version: z.number().int(),
  department: z.object({ id: Id, name: z.string() }).nullable(),
  channel: ChannelSchema,
  answers: z.array(RequestAnswer),
  approvals: z.array(RequestApproval),
  tasks: z.array(RequestTask),
  deliveredAt: IsoDateTime.nullable(),
  deliveryNote: z.string().nullable(),
  acceptedAt: IsoDateTime.nullable(),
  reworkReason: z.string().nullable(),
  timeline: z.array(TimelineEntry),
  attachments: z.array(Attachment),
  abilities: RequestAbilities,
});
export type ServiceRequest = z.infer<typeof ServiceRequest>;

export const RequestListQuery = PageQuery.extend({
  state: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .optional()
    .describe('one state or a comma-separated list'),
  requester: z.union([z.literal('me'), Id]).optional(),
  serviceId: Id.optional(),
  itemId: Id.optional(),
  organizationId: Id.optional(),
  q: z.string().trim().max(200).optional(),
});
export type RequestListQuery = z.infer<typeof RequestListQuery>;
export const ServiceRequestPage = pageOf(ServiceRequestSummary);

export const ApproveRequest = z.object({ comment: OptionalText(2000) });
export const RejectRequest = z.object({ comment: Text(2000) });
export const DeliverRequest = z.object({ note: OptionalText(2000) });
export const AcceptRequest = z.object({ comment: OptionalText(2000) });
export const RejectDelivery = z.object({ reason: Text(2000) });
export const CancelRequest = z.object({ reason: Text(2000) });
export const CompleteTask = z.object({ note: OptionalText(2000) });

export const MyApproval = z.object({
  approvalId: Id,
  step: z.number().int(),
  request: ServiceRequestSummary,
  createdAt: IsoDateTime,
});
export const MyTask = RequestTask.extend({ request: ServiceRequestSummary });
