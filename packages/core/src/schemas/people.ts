import { z } from 'zod';
import { ORGANIZATION_KINDS, ROLES, TIERS } from '../enums.js';
import { Id, IsoDateTime, LocaleSchema, OptionalText, Text } from './common.js';

export const RoleSchema = z.enum(ROLES);
export const TierSchema = z.union(
  TIERS.map((t) => z.literal(t)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>],
);

export const Organization = z.object({
  id: Id,
  kind: z.enum(ORGANIZATION_KINDS),
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
  createdAt: IsoDateTime,
});
export type Organization = z.infer<typeof Organization>;
export const CreateOrganization = z.object({
  kind: z.enum(ORGANIZATION_KINDS).default('customer'),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{2,32}$/),
  name: Text(200),
});
export const UpdateOrganization = z.object({ name: Text(200).optional(), active: z.boolean().optional() });

export const Department = z.object({
  id: Id,
  organizationId: Id,
  name: z.string(),
  /** Members of the department may see each other's records. */
  shareRecords: z.boolean(),
  active: z.boolean(),
});
export type Department = z.infer<typeof Department>;
export const CreateDepartment = z.object({ name: Text(200), shareRecords: z.boolean().default(false) });
export const UpdateDepartment = z.object({
  name: Text(200).optional(),
  shareRecords: z.boolean().optional(),
  active: z.boolean().optional(),
});

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  role: RoleSchema,
  organizationId: Id,
  organizationName: z.string(),
  departmentId: Id.nullable(),
  departmentName: z.string().nullable(),
  /** 直属上级: approves the person's requests where a catalogue item asks for the manager. */
  manager: z.object({ id: Id, name: z.string() }).nullable(),
  locale: LocaleSchema,
  active: z.boolean(),
  createdAt: IsoDateTime,
});
export type User = z.infer<typeof User>;
/** Shorter is refused with `password.too_short`; the server also refuses common and repetitive ones. */
export const PASSWORD_MIN_LENGTH = 12;
// Length and the other rules are checked in one place on the server, so every refusal names its rule.
export const Password = z
  .string()
  .min(1)
  .max(200)
  .describe(`at least ${PASSWORD_MIN_LENGTH} characters, not a commonly used password`);
export const CreateUser = z.object({
  email: z.email().max(254),
  name: Text(100),
  phone: OptionalText(40),
  role: RoleSchema,
  organizationId: Id,
  departmentId: Id.nullish(),
  locale: LocaleSchema.default('zh-CN'),
  password: Password,
  managerId: Id.nullish(),
});
export const UpdateUser = z.object({
  name: Text(100).optional(),
  phone: z.string().trim().max(40).nullish(),
  role: RoleSchema.optional(),
  departmentId: Id.nullish(),
  active: z.boolean().optional(),
  password: Password.optional(),
  managerId: Id.nullish(),
});
export const UserListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  role: RoleSchema.optional(),
  organizationId: Id.optional(),
  staff: z.enum(['true', 'false']).optional(),
});

export const SupportGroup = z.object({
  id: Id,
  name: z.string(),
  tier: TierSchema,
  description: z.string().nullable(),
  managerId: Id.nullable(),
  managerName: z.string().nullable(),
  memberIds: z.array(Id),
  members: z.array(z.object({ id: Id, name: z.string() })),
  servedOrganizationIds: z.array(Id),
  active: z.boolean(),
});
export type SupportGroup = z.infer<typeof SupportGroup>;
export const CreateSupportGroup = z.object({
  name: Text(100),
  tier: TierSchema,
  description: OptionalText(1000),
  managerId: Id.nullish(),
  memberIds: z.array(Id).max(500).default([]),
  servedOrganizationIds: z.array(Id).max(500).default([]),
});
// No defaults in a PATCH: zod applies a default inside optional(), so a field left out would be reset.
export const UpdateSupportGroup = CreateSupportGroup.extend({
  memberIds: z.array(Id).max(500),
  servedOrganizationIds: z.array(Id).max(500),
})
  .partial()
  .extend({ active: z.boolean().optional() });

export const Category = z.object({
  id: Id,
  parentId: Id.nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  active: z.boolean(),
  sort: z.number().int(),
  serviceId: Id.nullable().optional(),
});
export type Category = z.infer<typeof Category>;
export const CreateCategory = z.object({
  parentId: Id.nullish(),
  nameZh: Text(100),
  nameEn: Text(100),
  sort: z.number().int().min(0).max(100000).default(0),
  serviceId: Id.nullish(),
});
export const UpdateCategory = CreateCategory.extend({ sort: z.number().int().min(0).max(100000) })
  .partial()
  .extend({ active: z.boolean().optional() });
