import { isAdmin, isStaff, seesAllOrganizations } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

export const deskSettingsPolicy = definePolicy('deskSettings', { actions: { list: isStaff, manage: isAdmin } });

/** Follow-ups on low ratings are the service managers' list. */
export const followupPolicy = definePolicy('followup', { actions: { handle: seesAllOrganizations } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    deskSettings: typeof deskSettingsPolicy;
    followup: typeof followupPolicy;
  }
}
