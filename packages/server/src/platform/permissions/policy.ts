import {
  type GlobalAbilities,
  type IncidentAbilities,
  type IncidentState,
  isStaffRole,
  nextIncidentState,
} from '@trellis/core';
import type { Actor } from '../context.js';
import { can } from './registry.js';

/**
 * Who may do what, in one place, denying by default. The server sends the computed
 * abilities to the client, which shows only what is allowed and never re-derives a rule.
 */

export interface RecordSubject {
  organizationId: string;
  departmentId: string | null;
  requesterId: string;
  ownerId: string | null;
  assigneeId: string | null;
  groupId: string | null;
  state: IncidentState;
  confirmed: boolean;
  /** Watchers (e.g. the requester of a merged duplicate) see the record; collaborators also note internally. */
  watcherIds?: readonly string[];
  collaboratorIds?: readonly string[];
  /** Whether the requester's reopen period after resolution is still running. */
  reopenWindowOpen?: boolean;
}

export type RecordAction = keyof IncidentAbilities | 'view';

const isStaff = (a: Actor) => isStaffRole(a.role);
/** Service managers and admins oversee every organisation the provider serves. */
const isAdmin = (a: Actor) => a.role === 'admin';
const seesAllOrganizations = (a: Actor) => a.role === 'admin' || a.role === 'service_manager';
const servesOrganization = (a: Actor, organizationId: string) =>
  isStaff(a) && (seesAllOrganizations(a) || a.servedOrganizationIds.includes(organizationId));
const isRequester = (a: Actor, r: RecordSubject) => a.id === r.requesterId;
const sharesDepartment = (a: Actor, r: RecordSubject) =>
  a.departmentShares &&
  a.departmentId !== null &&
  a.departmentId === r.departmentId &&
  a.organizationId === r.organizationId;

const isWatcher = (a: Actor, r: RecordSubject) => r.watcherIds?.includes(a.id) === true;
const isCollaborator = (a: Actor, r: RecordSubject) => isStaff(a) && r.collaboratorIds?.includes(a.id) === true;

export function canViewRecord(a: Actor, r: RecordSubject): boolean {
  return isRequester(a, r) || servesOrganization(a, r.organizationId) || sharesDepartment(a, r) || isWatcher(a, r);
}

const staffOnRecord = (a: Actor, r: RecordSubject) => servesOrganization(a, r.organizationId);

const RECORD_RULES: Record<RecordAction, (a: Actor, r: RecordSubject) => boolean> = {
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

export function canOnRecord(actor: Actor, action: RecordAction, record: RecordSubject): boolean {
  return RECORD_RULES[action](actor, record);
}

/** Policy × state machine: what the actor may do to this record right now. */
export function incidentAbilities(actor: Actor, record: RecordSubject): IncidentAbilities {
  const facts = {
    state: record.state,
    hasAssignee: record.assigneeId !== null,
    confirmed: record.confirmed,
    // The reopen period binds the requester; staff may reopen any unconfirmed resolution.
    reopenWindowOpen: isStaff(actor) || record.reopenWindowOpen !== false,
  };
  const stateAllows = (action: Parameters<typeof nextIncidentState>[1]) => nextIncidentState(facts, action).ok;
  const open = !['archived', 'cancelled'].includes(record.state);
  const allowed = (action: RecordAction, inState: boolean) => inState && canOnRecord(actor, action, record);
  return {
    // Taking makes the actor the assignee; the first taker also becomes the owner (首问负责制).
    take: allowed('take', stateAllows('take') && record.assigneeId !== actor.id),
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

export type AdminResource =
  | 'organization'
  | 'user'
  | 'group'
  | 'category'
  | 'service'
  | 'audit'
  | 'sla'
  | 'deskSettings'
  | 'channel';
export type AdminAction = 'list' | 'manage';

/**
 * @deprecated Use `can(actor, resource, action)` or a route's `requireAbility`. Kept only for
 * channel.routes.ts and sla.routes.ts, which the register kit is rewriting.
 */
export function canAdmin(actor: Actor, resource: AdminResource, action: AdminAction): boolean {
  return (can as (a: Actor, r: string, x: string) => boolean)(actor, resource, action);
}

/** The session's named abilities, kept for the web's older fields; each is a registered policy's answer. */
export function globalAbilities(actor: Actor): GlobalAbilities {
  return {
    useConsole: can(actor, 'console', 'use'),
    usePortal: can(actor, 'portal', 'use'),
    administer: can(actor, 'adminArea', 'enter'),
    viewAudit: can(actor, 'audit', 'list'),
    reportIncident: can(actor, 'portal', 'report'),
    handleFollowups: can(actor, 'followup', 'handle'),
  };
}

export { isAdmin, isStaff, seesAllOrganizations };
