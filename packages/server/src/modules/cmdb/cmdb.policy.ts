import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isAdmin, isStaff, seesAllOrganizations } from '../../platform/permissions/policy.js';
import { can, definePolicy } from '../../platform/permissions/registry.js';

/**
 * Who may do what in the CMDB. Every staff member reads the CIs of the organisations they serve
 * (and the provider's own); specialists and managers maintain them; admins define classes.
 */
const maintainsCis = (a: Actor) => a.role === 'specialist' || seesAllOrganizations(a);

export const cmdbPolicy = definePolicy('cmdb', {
  actions: { read: isStaff, manage: maintainsCis, manageClasses: isAdmin },
});

export function cmdbAbilities(actor: Actor) {
  return {
    read: can(actor, 'cmdb', 'read'),
    manage: can(actor, 'cmdb', 'manage'),
    manageClasses: can(actor, 'cmdb', 'manageClasses'),
  };
}

export function canSeeOrganization(actor: Actor, organizationId: string): boolean {
  if (!isStaff(actor)) return false;
  return (
    seesAllOrganizations(actor) ||
    organizationId === actor.organizationId ||
    actor.servedOrganizationIds.includes(organizationId)
  );
}

/** SQL twin of canSeeOrganization for CI lists. */
export function visibleCis(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'cis'>): Expression<SqlBool> => {
    if (!isStaff(actor)) return eb.lit(false);
    if (seesAllOrganizations(actor)) return eb.lit(true);
    return eb('cis.organization_id', 'in', [actor.organizationId, ...actor.servedOrganizationIds]);
  };
}

/** A CI is seen by the staff of the organisation it belongs to. */
export const ciPolicy = definePolicy('ci', {
  actions: { view: (a: Actor, ci: { organizationId: string }) => canSeeOrganization(a, ci.organizationId) },
  global: [],
  scope: { table: 'cis', where: visibleCis, subjectOf: (row) => ({ organizationId: row.organization_id }) },
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    cmdb: typeof cmdbPolicy;
    ci: typeof ciPolicy;
  }
}
