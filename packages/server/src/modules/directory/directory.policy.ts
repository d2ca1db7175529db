import { isAdmin, isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

export const organizationPolicy = definePolicy('organization', { actions: { list: () => true, manage: isAdmin } });
export const userPolicy = definePolicy('user', { actions: { list: isStaff, manage: isAdmin } });
export const groupPolicy = definePolicy('group', { actions: { list: isStaff, manage: isAdmin } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    organization: typeof organizationPolicy;
    user: typeof userPolicy;
    group: typeof groupPolicy;
  }
}
