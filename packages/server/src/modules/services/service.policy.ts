import { isAdmin, isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** Everyone lists the services offered to them; staff see every service, admins keep them. */
export const servicePolicy = definePolicy('service', {
  actions: { list: () => true, manage: isAdmin, seeAll: isStaff },
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    service: typeof servicePolicy;
  }
}
