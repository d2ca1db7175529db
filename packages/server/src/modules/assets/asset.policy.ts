import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isStaff, seesAllOrganizations } from '../../platform/permissions/policy.js';
import { can, definePolicy } from '../../platform/permissions/registry.js';

/** Staff keep the register; managers approve disposals; requesters see what they hold. */
export interface AssetSubject {
  organizationId: string;
  holderId: string | null;
}

export function canViewAsset(a: Actor, s: AssetSubject): boolean {
  if (!isStaff(a)) return s.holderId === a.id;
  return (
    seesAllOrganizations(a) ||
    s.organizationId === a.organizationId ||
    a.servedOrganizationIds.includes(s.organizationId)
  );
}

/** The SQL twin of canViewAsset. */
export function visibleAssets(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'assets'>): Expression<SqlBool> => {
    if (!isStaff(actor)) return eb('assets.holder_id', '=', actor.id);
    if (seesAllOrganizations(actor)) return eb.lit(true);
    return eb('assets.organization_id', 'in', [actor.organizationId, ...actor.servedOrganizationIds]);
  };
}

export const assetPolicy = definePolicy('asset', {
  actions: {
    view: canViewAsset,
    read: isStaff,
    manage: isStaff,
    approveDisposal: seesAllOrganizations,
  },
  global: ['read', 'manage', 'approveDisposal'],
  scope: {
    table: 'assets',
    where: visibleAssets,
    subjectOf: (row) => ({ organizationId: row.organization_id, holderId: row.holder_id }),
  },
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    asset: typeof assetPolicy;
  }
}

export const assetsAbilities = (actor: Actor) => ({
  read: can(actor, 'asset', 'read'),
  manage: can(actor, 'asset', 'manage'),
  approveDisposal: can(actor, 'asset', 'approveDisposal'),
});
