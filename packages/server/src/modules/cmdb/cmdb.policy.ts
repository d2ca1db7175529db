import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isStaff, seesAllOrganizations } from '../../platform/permissions/policy.js';

/**
 * Who may do what in the CMDB, as data. Every staff member reads the CIs of the organisations
 * they serve (and the provider's own); specialists and managers maintain them; admins define classes.
 */
export const CMDB_RULES = {
  read: (a: Actor) => isStaff(a),
  manage: (a: Actor) => ['specialist', 'service_manager', 'admin'].includes(a.role),
  manageClasses: (a: Actor) => a.role === 'admin',
} as const satisfies Record<string, (a: Actor) => boolean>;

export type CmdbAction = keyof typeof CMDB_RULES;

export const canCmdb = (actor: Actor, action: CmdbAction) => CMDB_RULES[action](actor);

export function cmdbAbilities(actor: Actor) {
  return {
    read: canCmdb(actor, 'read'),
    manage: canCmdb(actor, 'manage'),
    manageClasses: canCmdb(actor, 'manageClasses'),
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
