import { z } from 'zod';
import { Id, IsoDateTime, PageQuery, pageOf } from './common.js';

export const AuditEvent = z.object({
  id: Id,
  at: IsoDateTime,
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  organizationId: Id.nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
export const AuditQuery = PageQuery.extend({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  actorId: Id.optional(),
  action: z.string().max(64).optional(),
});
export const AuditPage = pageOf(AuditEvent);
