import { type GlobalAbilities, type IncidentAbilities, type IncidentState, isStaffRole } from '@trellis/core';
import type { Actor } from '../context.js';
import { can } from './registry.js';

/**
 * The record core's shared rules (who sees a record), denying by default; each kind's own rules
 * live in its policy (incidents/incident.policy.ts, requests/request.policy.ts, problems/problem.policy.ts). The server sends the computed
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
const sharesDepartment = (a: Actor, r: RecordSubject) =>
  a.departmentShares &&
  a.departmentId !== null &&
  a.departmentId === r.departmentId &&
  a.organizationId === r.organizationId;

export const isRequester = (a: Actor, r: RecordSubject) => a.id === r.requesterId;
const isWatcher = (a: Actor, r: RecordSubject) => r.watcherIds?.includes(a.id) === true;
export const isCollaborator = (a: Actor, r: RecordSubject) => isStaff(a) && r.collaboratorIds?.includes(a.id) === true;

export function canViewRecord(a: Actor, r: RecordSubject): boolean {
  return isRequester(a, r) || servesOrganization(a, r.organizationId) || sharesDepartment(a, r) || isWatcher(a, r);
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

export { isAdmin, isStaff, seesAllOrganizations, servesOrganization };
