import { isAdmin } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** Every signed-in person uses the portal and reports incidents there. */
export const portalPolicy = definePolicy('portal', { actions: { use: () => true, report: () => true } });
/** The administration screens (directory, SLA, channels, settings) are the admins'. */
export const adminAreaPolicy = definePolicy('adminArea', { actions: { enter: isAdmin } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    portal: typeof portalPolicy;
    adminArea: typeof adminAreaPolicy;
  }
}
