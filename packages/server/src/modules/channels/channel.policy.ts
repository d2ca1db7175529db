import { isAdmin } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

export const channelPolicy = definePolicy('channel', { actions: { list: isAdmin, manage: isAdmin } });

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    channel: typeof channelPolicy;
  }
}
