import { z } from 'zod';
import { Id, IsoDateTime, LocaleSchema, Text } from './common.js';
import { RoleSchema } from './people.js';

export const LoginBody = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) });

/** What the UI may offer; computed by the server policy, never re-derived in the client. */
export const GlobalAbilities = z.object({
  useConsole: z.boolean(),
  usePortal: z.boolean(),
  administer: z.boolean(),
  viewAudit: z.boolean(),
  reportIncident: z.boolean(),
  handleFollowups: z.boolean().optional(),
});
export type GlobalAbilities = z.infer<typeof GlobalAbilities>;

export const SessionUser = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  organizationId: Id,
  organizationName: z.string(),
  departmentId: Id.nullable(),
  locale: LocaleSchema,
});
export type SessionUser = z.infer<typeof SessionUser>;

export const SessionResponse = z.object({
  user: SessionUser,
  csrfToken: z.string(),
  abilities: GlobalAbilities,
  /** Every subject-less policy action, `resource.action` → allowed (e.g. `'sla.manage'`): the web reads these, never a role. */
  can: z.record(z.string(), z.boolean()),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const UpdateMe = z.object({
  locale: LocaleSchema.optional(),
  name: Text(100).optional(),
  phone: z.string().trim().max(40).nullish(),
});

export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(),
});
export const CreateApiToken = z.object({ name: Text(100) });
export const CreatedApiToken = ApiToken.extend({ token: z.string() });
