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
import { abilitiesOf } from '../records/index.js';

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

/** Policy × state machine: what the actor may do to this incident right now (the record kit's `abilitiesOf`). */
export function incidentAbilities(actor: Actor, record: RecordSubject): IncidentAbilities {
  const facts = {
    state: record.state,
    hasAssignee: record.assigneeId !== null,
    confirmed: record.confirmed,
    // The reopen period binds the requester; staff may reopen any unconfirmed resolution.
    reopenWindowOpen: isStaff(actor) || record.reopenWindowOpen !== false,
  };
  const open = !['archived', 'cancelled'].includes(record.state);
  const byMachine = <A extends RecordAction>(action: A) => ({ rule: action, when: action });
  const abilities = abilitiesOf({ machine: incidentMachine, policy: incidentPolicy }, actor, record, facts, {
    take: byMachine('take'),
    assign: byMachine('assign'),
    classify: byMachine('classify'),
    comment: byMachine('comment'),
    commentInternal: { rule: 'commentInternal', when: 'comment' },
    hold: byMachine('hold'),
    resume: byMachine('resume'),
    resolve: byMachine('resolve'),
    confirm: byMachine('confirm'),
    reopen: byMachine('reopen'),
    archive: byMachine('archive'),
    cancel: byMachine('cancel'),
    attach: { rule: 'attach', when: open },
    watch: { rule: 'watch', when: open },
    link: { rule: 'link', when: open },
    transfer: byMachine('transfer'),
    escalate: byMachine('escalate'),
    invite: byMachine('invite'),
    flagMajor: byMachine('flagMajor'),
    majorUpdate: byMachine('majorUpdate'),
    merge: byMachine('merge'),
    logTime: byMachine('logTime'),
  });
  // Taking makes the actor the assignee (the first taker also becomes the owner, 首问负责制). Only an
  // unclaimed record can be taken: one's own is no ability, someone else's is reassigned (assign, transfer).
  return { ...abilities, take: abilities.take && record.assigneeId === null };
}
