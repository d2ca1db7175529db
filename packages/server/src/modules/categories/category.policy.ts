import { isAdmin } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

export const categoryPolicy = definePolicy('category', { actions: { list: () => true, manage: isAdmin } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    category: typeof categoryPolicy;
  }
}
