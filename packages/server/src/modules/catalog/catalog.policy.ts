import { isAdmin, isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/**
 * Catalogue items belong to business services: whoever manages services manages the catalogue
 * (and sees inactive items). Staff, who submit on behalf of others, see every active item.
 */
export const catalogPolicy = definePolicy('catalog', { actions: { manage: isAdmin, orderForAnyone: isStaff } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    catalog: typeof catalogPolicy;
  }
}
