import { isAdmin, isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

export const slaPolicy = definePolicy('sla', { actions: { list: isStaff, manage: isAdmin } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    sla: typeof slaPolicy;
  }
}
