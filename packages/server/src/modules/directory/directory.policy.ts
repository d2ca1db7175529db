import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isAdmin, isStaff, seesAllOrganizations, servesOrganization } from '../../platform/permissions/policy.js';
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
/**
 * People are scoped like records (docs/decisions/0002): everyone sees the people of their own
 * organisation; staff also those of the organisations their groups serve; service managers and
 * admins everyone. An agent serving one customer has no business reading another's mail and phone.
 */
const canViewUser = (a: Actor, u: { organizationId: string }) =>
  u.organizationId === a.organizationId || servesOrganization(a, u.organizationId);

export function visibleUsers(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'users'>): Expression<SqlBool> => {
    if (isStaff(actor) && seesAllOrganizations(actor)) return eb.lit(true);
    const organizations = [actor.organizationId, ...(isStaff(actor) ? actor.servedOrganizationIds : [])];
    return eb('users.organization_id', 'in', organizations);
  };
}

export const userPolicy = definePolicy('user', {
  actions: { list: isStaff, manage: isAdmin, view: canViewUser },
  global: ['list', 'manage'],
  scope: { table: 'users', where: visibleUsers, subjectOf: (row) => ({ organizationId: row.organization_id }) },
});
export const groupPolicy = definePolicy('group', { actions: { list: isStaff, manage: isAdmin } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    organization: typeof organizationPolicy;
    user: typeof userPolicy;
    group: typeof groupPolicy;
  }
}
