import { type IncidentAbilities, incidentMachine } from '@trellis/core';
import type { Actor } from '../../platform/context.js';
import {
  canViewRecord,
  isCollaborator,
  isRequester,
  isStaff,
  type RecordAction,
  type RecordSubject,
  servesOrganization,
} from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** Who may do what to an incident. The state machine decides when; these rules decide who. */

const staffOnRecord = (a: Actor, r: RecordSubject) => servesOrganization(a, r.organizationId);

const INCIDENT_RULES: Record<RecordAction, (a: Actor, r: RecordSubject) => boolean> = {
  view: canViewRecord,
  take: staffOnRecord,
  assign: staffOnRecord,
  classify: staffOnRecord,
  comment: canViewRecord,
  commentInternal: (a, r) => staffOnRecord(a, r) || isCollaborator(a, r),
  hold: staffOnRecord,
  resume: staffOnRecord,
  resolve: staffOnRecord,
  // 签字确认: only the person who reported it signs off and rates.
  confirm: isRequester,
  reopen: (a, r) => isRequester(a, r) || staffOnRecord(a, r),
  archive: staffOnRecord,
  cancel: (a, r) => (isRequester(a, r) && r.state === 'pending') || staffOnRecord(a, r),
  attach: canViewRecord,
  watch: staffOnRecord,
  link: staffOnRecord,
  transfer: staffOnRecord,
  escalate: staffOnRecord,
  invite: staffOnRecord,
  flagMajor: staffOnRecord,
  majorUpdate: staffOnRecord,
  merge: staffOnRecord,
  logTime: (a, r) => staffOnRecord(a, r) || isCollaborator(a, r),
};

/** Every action is about one record, so none is a session ability. */
export const incidentPolicy = definePolicy<RecordAction, RecordSubject>('incident', {
  actions: INCIDENT_RULES,
  global: [],
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    incident: typeof incidentPolicy;
  }
}

export function canOnRecord(actor: Actor, action: RecordAction, record: RecordSubject): boolean {
  return INCIDENT_RULES[action](actor, record);
}

/** Policy × state machine: what the actor may do to this incident right now. */
export function incidentAbilities(actor: Actor, record: RecordSubject): IncidentAbilities {
  const facts = {
    state: record.state,
    hasAssignee: record.assigneeId !== null,
    confirmed: record.confirmed,
    // The reopen period binds the requester; staff may reopen any unconfirmed resolution.
    reopenWindowOpen: isStaff(actor) || record.reopenWindowOpen !== false,
  };
  const stateAllows = (action: (typeof incidentMachine.actions)[number]) =>
    incidentMachine.transition(facts, action).ok;
  const open = !['archived', 'cancelled'].includes(record.state);
  const allowed = (action: RecordAction, inState: boolean) => inState && canOnRecord(actor, action, record);
  return {
    // Taking makes the actor the assignee; the first taker also becomes the owner (首问负责制).
    // Only an unclaimed record can be taken; someone else's is reassigned (assign, transfer).
    take: allowed('take', stateAllows('take') && record.assigneeId === null),
    assign: allowed('assign', stateAllows('assign')),
    classify: allowed('classify', stateAllows('classify')),
    comment: allowed('comment', stateAllows('comment')),
    commentInternal: allowed('commentInternal', stateAllows('comment')),
    hold: allowed('hold', stateAllows('hold')),
    resume: allowed('resume', stateAllows('resume')),
    resolve: allowed('resolve', stateAllows('resolve')),
    confirm: allowed('confirm', stateAllows('confirm')),
    reopen: allowed('reopen', stateAllows('reopen')),
    archive: allowed('archive', stateAllows('archive')),
    cancel: allowed('cancel', stateAllows('cancel')),
    attach: allowed('attach', open),
    watch: allowed('watch', open),
    link: allowed('link', open),
    transfer: allowed('transfer', stateAllows('transfer')),
    escalate: allowed('escalate', stateAllows('escalate')),
    invite: allowed('invite', stateAllows('invite')),
    flagMajor: allowed('flagMajor', stateAllows('flagMajor')),
    majorUpdate: allowed('majorUpdate', stateAllows('majorUpdate')),
    merge: allowed('merge', stateAllows('merge')),
    logTime: allowed('logTime', stateAllows('logTime')),
  };
}
