import { type IncidentState, OPEN_REQUEST_STATES, type RequestState } from '@trellis/core';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { canViewRecord, isStaff, type RecordSubject, seesAllOrganizations } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import type { WorkRecord } from '../records/index.js';

/**
 * Who may do what to a service request. Beyond the record core's visibility, approvers see what
 * they are asked to approve (managers are often requesters themselves) and a task's group sees
 * the request it works on.
 */
export interface RequestSubject {
  record: WorkRecord;
  /** The actor has an approval row on it (any state). */
  isApprover: boolean;
  /** The actor belongs to a group holding a task on it. */
  inTaskGroup: boolean;
}

const asRecordSubject = (r: WorkRecord): RecordSubject => ({
  organizationId: r.organization_id,
  departmentId: r.department_id,
  requesterId: r.requester_id,
  ownerId: r.owner_id,
  assigneeId: r.assignee_id,
  groupId: r.group_id,
  state: r.state as IncidentState,
  confirmed: false,
});

export const isRequesterOf = (a: Actor, r: WorkRecord) => a.id === r.requester_id;
export const staffServing = (a: Actor, r: WorkRecord) =>
  isStaff(a) && (seesAllOrganizations(a) || a.servedOrganizationIds.includes(r.organization_id));

export function canViewRequest(a: Actor, s: RequestSubject): boolean {
  return canViewRecord(a, asRecordSubject(s.record)) || s.isApprover || s.inTaskGroup;
}

export const REQUEST_RULES = {
  view: canViewRequest,
  comment: canViewRequest,
  commentInternal: (a: Actor, s: RequestSubject) => isStaff(a) && (staffServing(a, s.record) || s.inTaskGroup),
  attach: canViewRequest,
  deliver: (a: Actor, s: RequestSubject) => staffServing(a, s.record) || (isStaff(a) && s.inTaskGroup),
  // 验收: only the person who asked accepts or refuses what was delivered.
  accept: (a: Actor, s: RequestSubject) => isRequesterOf(a, s.record),
  rejectDelivery: (a: Actor, s: RequestSubject) => isRequesterOf(a, s.record),
  cancel: (a: Actor, s: RequestSubject) => isRequesterOf(a, s.record) || staffServing(a, s.record),
} satisfies Record<string, (a: Actor, s: RequestSubject) => boolean>;
export type RequestRule = keyof typeof REQUEST_RULES;

/** Every action is about one request, so none is a session ability. */
export const requestPolicy = definePolicy<RequestRule, RequestSubject>('request', {
  actions: REQUEST_RULES,
  global: [],
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    request: typeof requestPolicy;
  }
}

/** A task may be completed by its group's members, and by managers who oversee every organisation. */
export const canWorkTask = (a: Actor, groupId: string) =>
  isStaff(a) && (a.groupIds.includes(groupId) || seesAllOrganizations(a));

export const isOpenState = (state: string) => OPEN_REQUEST_STATES.includes(state as RequestState);

/** The SQL twin of canViewRequest, for lists and loads. */
export function visibleRequests(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'work_records'>): Expression<SqlBool> => {
    const ors: Expression<SqlBool>[] = [
      visibleRecords(actor)(eb),
      eb.exists(
        eb
          .selectFrom('request_approvals')
          .select('request_approvals.id')
          .whereRef('request_approvals.record_id', '=', 'work_records.id')
          .where('request_approvals.approver_id', '=', actor.id),
      ),
    ];
    if (isStaff(actor) && actor.groupIds.length > 0) {
      ors.push(
        eb.exists(
          eb
            .selectFrom('request_tasks')
            .select('request_tasks.id')
            .whereRef('request_tasks.record_id', '=', 'work_records.id')
            .where('request_tasks.group_id', 'in', actor.groupIds),
        ),
      );
    }
    return eb.or(ors);
  };
}
