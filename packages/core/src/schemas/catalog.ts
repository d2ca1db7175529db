import { z } from 'zod';
import { FIELD_TYPES } from '../catalog.form.js';
import { Id, IsoDateTime, OptionalText, Text } from './common.js';

/** Service catalogue items (服务目录项): a form, approval steps and fulfilment stages under a business service. */

export const FieldKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/);

export const FieldOptionSchema = z.object({
  value: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/),
  labelZh: Text(100),
  labelEn: Text(100),
});

export const FormFieldSchema = z.object({
  key: FieldKey,
  type: z.enum(FIELD_TYPES),
  labelZh: Text(100),
  labelEn: Text(100),
  helpZh: z.string().trim().max(500).nullish(),
  helpEn: z.string().trim().max(500).nullish(),
  required: z.boolean().default(false),
  multiline: z.boolean().optional(),
  options: z.array(FieldOptionSchema).max(50).optional(),
  min: z.number().nullish(),
  max: z.number().nullish(),
  when: z.object({ field: FieldKey, values: z.array(z.string().max(200)).min(1).max(50) }).nullish(),
});

export const APPROVER_TYPES = ['manager', 'service_owner', 'user'] as const;
export type ApproverType = (typeof APPROVER_TYPES)[number];
export const APPROVAL_MODES = ['all', 'any'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

export const ApproverSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manager') }),
  z.object({ type: z.literal('service_owner') }),
  z.object({ type: z.literal('user'), userId: Id }),
]);
export type Approver = z.infer<typeof ApproverSchema>;

/** Steps run in sequence; within a step, all-of (会签) or any-of (或签). */
export const ApprovalStepSchema = z.object({
  mode: z.enum(APPROVAL_MODES).default('all'),
  approvers: z.array(ApproverSchema).min(1).max(20),
});
export type ApprovalStep = z.infer<typeof ApprovalStepSchema>;

export const TaskTemplateSchema = z.object({
  titleZh: Text(200),
  titleEn: Text(200),
  groupId: Id,
  descriptionZh: z.string().trim().max(2000).nullish(),
  descriptionEn: z.string().trim().max(2000).nullish(),
});
export type TaskTemplate = z.infer<typeof TaskTemplateSchema>;

/** Stages run in order; the tasks of one stage run in parallel. */
export const TaskStageSchema = z.object({ tasks: z.array(TaskTemplateSchema).min(1).max(20) });
export type TaskStage = z.infer<typeof TaskStageSchema>;

export const CATALOG_ICONS = [
  'laptop',
  'user',
  'appstore',
  'car',
  'printer',
  'tool',
  'mail',
  'lock',
  'wifi',
  'phone',
] as const;

export const CatalogItem = z.object({
  id: Id,
  serviceId: Id,
  serviceNameZh: z.string(),
  serviceNameEn: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  descriptionZh: z.string(),
  descriptionEn: z.string(),
  icon: z.string(),
  sort: z.number().int(),
  active: z.boolean(),
  /** Empty: offered to every organisation that may use the service. */
  organizationIds: z.array(Id),
  form: z.array(FormFieldSchema),
  approvals: z.array(ApprovalStepSchema),
  stages: z.array(TaskStageSchema),
  updatedAt: IsoDateTime,
});
export type CatalogItem = z.infer<typeof CatalogItem>;

export const CreateCatalogItem = z.object({
  serviceId: Id,
  nameZh: Text(100),
  nameEn: Text(100),
  descriptionZh: OptionalText(2000),
  descriptionEn: OptionalText(2000),
  icon: z.enum(CATALOG_ICONS).default('appstore'),
  sort: z.number().int().min(0).max(100000).default(0),
  organizationIds: z.array(Id).max(500).default([]),
  form: z.array(FormFieldSchema).max(50).default([]),
  approvals: z.array(ApprovalStepSchema).max(10).default([]),
  stages: z.array(TaskStageSchema).max(10).default([]),
});
export type CreateCatalogItem = z.infer<typeof CreateCatalogItem>;

// No defaults in a PATCH: a field left out must stay as it is.
export const UpdateCatalogItem = z
  .object({
    serviceId: Id,
    nameZh: Text(100),
    nameEn: Text(100),
    descriptionZh: z.string().trim().max(2000),
    descriptionEn: z.string().trim().max(2000),
    icon: z.enum(CATALOG_ICONS),
    sort: z.number().int().min(0).max(100000),
    organizationIds: z.array(Id).max(500),
    form: z.array(FormFieldSchema).max(50),
    approvals: z.array(ApprovalStepSchema).max(10),
    stages: z.array(TaskStageSchema).max(10),
    active: z.boolean(),
  })
  .partial();
export type UpdateCatalogItem = z.infer<typeof UpdateCatalogItem>;

export const CatalogItemQuery = z.object({
  serviceId: Id.optional(),
  /** Admins: include inactive items and those not offered to the caller. */
  all: z.enum(['true', 'false']).optional(),
});

export const PersonRef = z.object({ id: Id, name: z.string(), departmentName: z.string().nullable() });
export const PeopleQuery = z.object({ q: z.string().trim().max(100).optional() });
