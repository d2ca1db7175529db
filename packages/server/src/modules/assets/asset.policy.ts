import type { Actor } from '../../platform/context.js';
import { isStaff } from '../../platform/permissions/policy.js';

/** Asset rules as data: staff keep the register; managers approve disposals; requesters see what they hold. */
export const ASSET_RULES = {
  read: (a: Actor) => isStaff(a),
  manage: (a: Actor) => isStaff(a),
  approveDisposal: (a: Actor) => a.role === 'service_manager' || a.role === 'admin',
} as const satisfies Record<string, (a: Actor) => boolean>;

export type AssetAction = keyof typeof ASSET_RULES;
export const canAsset = (actor: Actor, action: AssetAction) => ASSET_RULES[action](actor);
export const assetsAbilities = (actor: Actor) => ({
  read: canAsset(actor, 'read'),
  manage: canAsset(actor, 'manage'),
  approveDisposal: canAsset(actor, 'approveDisposal'),
});
