import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isAdmin, isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** Staff see every organisation the provider knows; anyone else sees their own. */
const canViewOrganization = (a: Actor, org: { id: string }) => isStaff(a) || org.id === a.organizationId;

export function visibleOrganizations(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'organizations'>): Expression<SqlBool> =>
    isStaff(actor) ? eb.lit(true) : eb('organizations.id', '=', actor.organizationId);
}

export const organizationPolicy = definePolicy('organization', {
  actions: { list: () => true, manage: isAdmin, view: canViewOrganization },
  global: ['list', 'manage'],
  scope: { table: 'organizations', where: visibleOrganizations, subjectOf: (row) => ({ id: row.id }) },
});
export const userPolicy = definePolicy('user', { actions: { list: isStaff, manage: isAdmin } });
export const groupPolicy = definePolicy('group', { actions: { list: isStaff, manage: isAdmin } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    organization: typeof organizationPolicy;
    user: typeof userPolicy;
    group: typeof groupPolicy;
  }
}
