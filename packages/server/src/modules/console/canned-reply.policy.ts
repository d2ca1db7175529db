import { isStaff, seesAllOrganizations } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** A canned reply as the rules see it: whose it is and whether every agent may use it. */
export interface CannedReplySubject {
  ownerId: string;
  shared: boolean;
}

/**
 * Anyone on staff keeps personal replies; shared ones are curated by managers and admins, who may
 * also edit them. Someone else's personal reply is out of scope (the register's `scope`), not denied.
 */
export const cannedReplyPolicy = definePolicy<
  'use' | 'share' | 'edit',
  CannedReplySubject | undefined,
  'use' | 'share'
>('cannedReply', {
  actions: {
    use: (actor) => isStaff(actor),
    share: (actor) => seesAllOrganizations(actor),
    edit: (actor, reply) =>
      reply !== undefined && (reply.ownerId === actor.id || (reply.shared && seesAllOrganizations(actor))),
  },
  global: ['use', 'share'],
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    cannedReply: typeof cannedReplyPolicy;
  }
}
