import { seesAllOrganizations } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

export const auditPolicy = definePolicy('audit', { actions: { list: seesAllOrganizations, manage: () => false } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    audit: typeof auditPolicy;
  }
}
