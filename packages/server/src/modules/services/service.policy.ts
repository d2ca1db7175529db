import { isAdmin } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

export const servicePolicy = definePolicy('service', { actions: { list: () => true, manage: isAdmin } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    service: typeof servicePolicy;
  }
}
