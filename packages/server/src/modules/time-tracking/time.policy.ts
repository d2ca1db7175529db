import { isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** Time is the desk's own bookkeeping; requesters do not see it. */
export const timePolicy = definePolicy('time', { actions: { read: isStaff } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    time: typeof timePolicy;
  }
}
