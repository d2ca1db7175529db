import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { definePolicy, type PolicyDefinition } from '../../platform/permissions/registry.js';

/**
 * Who may do what with changes. The change manager and CAB membership are capabilities granted
 * alongside the role (docs/decisions/0002); the business owner of a service is the service's owner.
 */
export const hasCapability = (a: Actor, capability: string) => a.capabilities?.includes(capability) === true;
export const isChangeManager = (a: Actor) => a.role === 'admin' || hasCapability(a, 'change_manager');
export const isCabMember = (a: Actor) => hasCapability(a, 'cab_member');

/** The change a rule is asked about; absent for what needs no record (lists, registers, the CAB). */
export type ChangeSubject =
  | {
      organizationId: string;
      requesterId: string;
      assigneeId: string | null;
      groupId: string | null;
      /** Implementers of its tasks. */
      taskAssigneeIds: readonly string[];
      taskGroupIds: readonly string[];
    }
  | undefined;

/** Customers see their own organisation's changes; staff see every change (the provider's work). */
const views = (a: Actor, s: ChangeSubject) => isStaff(a) || (!!s && s.organizationId === a.organizationId);

const implementsIt = (a: Actor, s: ChangeSubject) =>
  !!s &&
  isStaff(a) &&
  (s.assigneeId === a.id ||
    (s.groupId !== null && a.groupIds.includes(s.groupId)) ||
    s.taskAssigneeIds.includes(a.id) ||
    s.taskGroupIds.some((g) => a.groupIds.includes(g)));

export type ChangePolicyAction =
  | 'view'
  | 'list'
  | 'create'
  | 'edit'
  | 'manage'
  | 'implement'
  | 'cab'
  | 'configure'
  | 'grant';

export const changePolicy = definePolicy<
  ChangePolicyAction,
  ChangeSubject,
  'list' | 'create' | 'manage' | 'cab' | 'configure' | 'grant'
>('change', {
  actions: {
    view: views,
    list: (a) => isStaff(a) || a.role === 'requester',
    // Staff raise changes internally; an outsourcing customer's requesters raise RFCs through the portal.
    create: (a) => isStaff(a) || a.role === 'requester',
    // The requester may edit their own RFC while it is a draft (the service checks the state).
    edit: (a, s) => isChangeManager(a) || (!!s && (s.requesterId === a.id || s.assigneeId === a.id)),
    // Assessment, scheduling, closing: the change manager's work (service managers oversee it too).
    manage: (a, s) =>
      isChangeManager(a) || a.role === 'service_manager' || (!!s && isStaff(a) && s.assigneeId === a.id),
    implement: (a, s) => isChangeManager(a) || implementsIt(a, s),
    cab: (a) => isChangeManager(a) || isCabMember(a),
    configure: (a) => a.role === 'admin',
    grant: (a) => a.role === 'admin',
  },
  global: ['list', 'create', 'manage', 'cab', 'configure', 'grant'],
});

/** The SQL twin of `view`: staff see every change; anyone else only their own organisation's. */
export function visibleChanges(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'work_records'>): Expression<SqlBool> =>
    isStaff(actor) ? eb.lit(true) : eb('work_records.organization_id', '=', actor.organizationId);
}

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    change: typeof changePolicy;
  }
}

/** The record kind checks record actions against the policy with its whole action list. */
export const changeRecordPolicy = changePolicy as unknown as PolicyDefinition<ChangePolicyAction, ChangeSubject>;
