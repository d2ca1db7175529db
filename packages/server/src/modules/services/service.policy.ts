import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isAdmin, isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** The offer rule: services a requester of the actor's organisation may use (active, for everyone or for them). */
export function offeredServices(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'services'>): Expression<SqlBool> =>
    eb.and([
      eb('services.active', '=', 1),
      eb.or([eb('services.organization_id', 'is', null), eb('services.organization_id', '=', actor.organizationId)]),
    ]);
}

/** Everyone lists the services offered to them; staff see every service, admins keep them. */
export const servicePolicy = definePolicy('service', {
  actions: { list: () => true, manage: isAdmin, seeAll: isStaff },
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    service: typeof servicePolicy;
  }
}
