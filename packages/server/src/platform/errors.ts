import type { MessageKey, MessageParams } from '@trellis/core';

/** Error codes (i18n keys of their messages) mapped to the one HTTP status each answers with. */
export type ErrorStatusMap = Partial<Record<MessageKey, number>>;

/**
 * The errors every part of the app can raise. Modules declare their own in their manifest
 * (`defineModule({ errors })`), registered at start-up, so the platform depends on no module.
 */
const PLATFORM_ERROR_STATUS = {
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
  /** A JSON body nested deeper than the platform accepts; params.max. */
  'error.too_deep': 400,
  'error.unsupported_media_type': 415,
  'error.internal': 500,
  /** The database cannot be reached right now; Retry-After says when to try again. */
  'error.unavailable': 503,
  'auth.invalid_credentials': 401,
  /** Too many failed sign-ins; details.retryAfterSeconds. */
  'auth.locked': 429,
  'auth.inactive': 403,
  /** A new password breaks a rule; details name the field, the message names the rule. */
  'password.too_short': 400,
  'password.too_simple': 400,
  'password.personal': 400,
  'password.common': 400,
  /** An upload to an import is not an .xlsx workbook, or a broken one. */
  'spreadsheet.invalid': 400,
  /** The workbook claims, or turns out, to unpack past the import's cap (zip bombs land here). */
  'spreadsheet.too_large': 413,
  /** The sheet has more data rows than the import takes; reading stopped there. */
  'spreadsheet.too_many_rows': 413,
  'spreadsheet.timeout': 413,
} as const satisfies ErrorStatusMap;

const errorStatus = new Map<string, number>(Object.entries(PLATFORM_ERROR_STATUS));

/** Adds a module's error codes; a code claimed twice with different statuses is a programming error. */
export function registerErrorStatuses(map: ErrorStatusMap): void {
  for (const [code, status] of Object.entries(map)) {
    const known = errorStatus.get(code);
    if (known !== undefined && known !== status)
      throw new Error(`error code ${code} registered as ${known} and ${status}`);
    errorStatus.set(code, status as number);
  }
}

export function hasErrorStatus(code: string): boolean {
  return errorStatus.has(code);
}

export type AppErrorCode = MessageKey;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly params: MessageParams = {},
    readonly details?: unknown,
  ) {
    super(code);
  }
  /** An unregistered code is a bug the architecture test catches; at run time it is a server error. */
  get status(): number {
    return errorStatus.get(this.code) ?? 500;
  }
}

export const notFound = () => new AppError('error.not_found');
export const forbidden = () => new AppError('error.forbidden');
