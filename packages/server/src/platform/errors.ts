import type { MessageKey, MessageParams } from '@trellis/core';
import { CMDB_ERROR_STATUS } from '../modules/cmdb/cmdb.errors.js';
import { REQUEST_ERROR_STATUS } from '../modules/requests/request.errors.js';

/**
 * Every error a client can see. The code is the i18n key of its message, and maps to one status.
 */
export const ERROR_STATUS = {
  /** The request body, query or params failed validation; details lists the issues. */
  'error.validation': 400,
  /** No valid session or API token. */
  'error.unauthenticated': 401,
  /** Signed in, but the policy denies this action. */
  'error.forbidden': 403,
  /** The record does not exist or is not visible to the caller (we do not say which). */
  'error.not_found': 404,
  /** The action conflicts with the record's current state. */
  'error.conflict': 409,
  /** A cookie-authenticated write lacked the session's CSRF token. */
  'error.csrf': 403,
  'error.rate_limited': 429,
  'error.payload_too_large': 413,
  'error.unsupported_media_type': 415,
  'error.internal': 500,
  'auth.invalid_credentials': 401,
  /** Too many failed sign-ins; details.retryAfterSeconds. */
  'auth.locked': 429,
  'auth.inactive': 403,
  /** The state machine forbids the action in the current state. */
  'incident.illegal_transition': 409,
  'incident.not_confirmed': 409,
  'incident.already_confirmed': 409,
  'incident.assignee_not_in_group': 400,
  /** The group or person does not serve the record's organisation, so could not even see it. */
  'incident.not_served': 400,
  'incident.resolution_required': 400,
  /** The requester's reopen period after resolution has run out (setting reopenDays). */
  'incident.reopen_period_over': 409,
  'incident.transfer_same_group': 400,
  'incident.no_manager': 409,
  'incident.no_group': 409,
  'incident.not_major': 409,
  'incident.merge_invalid': 400,
  'incident.collaborator_invalid': 400,
  'followup.already_closed': 409,
  'attachment.too_large': 413,
  'attachment.type_not_allowed': 415,
  'user.email_taken': 409,
  'user.department_mismatch': 400,
  'user.staff_outside_provider': 400,
  'organization.provider_exists': 409,
  'organization.code_taken': 409,
  'group.name_taken': 409,
  'category.parent_cycle': 400,
  'calendar.import_invalid': 400,
  'calendar.no_working_time': 400,
  ...REQUEST_ERROR_STATUS,
  ...CMDB_ERROR_STATUS,
  'knowledge.illegal_transition': 409,
  'knowledge.self_review': 403,
  'knowledge.group_required': 400,
  'knowledge.source_not_resolved': 409,
  'problem.illegal_transition': 409,
  'problem.workaround_required': 400,
  'problem.root_cause_required': 400,
  'problem.actions_open': 409,
  'problem.incident_already_linked': 409,
  'problem.candidate_closed': 409,
  'console.not_group_member': 400,
} as const satisfies Partial<Record<MessageKey, number>>;

export type AppErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly params: MessageParams = {},
    readonly details?: unknown,
  ) {
    super(code);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = () => new AppError('error.not_found');
export const forbidden = () => new AppError('error.forbidden');
