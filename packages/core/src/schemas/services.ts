import { z } from 'zod';
import { Id, OptionalText, Text, UserRef } from './common.js';

/**
 * A business service (业务服务), e.g. 办公电脑与外设, 邮件, 网络与 VPN. Categories, catalogue
 * items and SLAs hang off it; organizationId null means every customer may use it.
 */
export const Service = z.object({
  id: Id,
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  description: z.string(),
  owner: UserRef.nullable(),
  organizationId: Id.nullable(),
  active: z.boolean(),
  sort: z.number().int(),
});
export type Service = z.infer<typeof Service>;

export const CreateService = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/),
  nameZh: Text(100),
  nameEn: Text(100),
  description: OptionalText(2000),
  ownerId: Id.nullish(),
  organizationId: Id.nullish(),
  sort: z.number().int().min(0).max(100000).default(0),
});
export const UpdateService = CreateService.extend({ sort: z.number().int().min(0).max(100000) })
  .partial()
  .extend({ active: z.boolean().optional() });
