import { isAdmin, isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** Suppliers and their contracts: staff read them (as they read SLAs), admins keep them. */
export const supplierPolicy = definePolicy('supplier', { actions: { list: isStaff, manage: isAdmin } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    supplier: typeof supplierPolicy;
  }
}
