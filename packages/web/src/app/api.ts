import type { Locale } from '@trellis/core';

/** An error answered by the server as `{ error: { code, message, details } }`; `message` is already translated. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

/** The server refused a write because the record moved on (someone took or changed it since it was loaded). */
export function isRecordConflict(error: unknown): boolean {
  return (
    error instanceof ApiError && error.status === 409 && ['record.stale', 'incident.already_taken'].includes(error.code)
  );
}

export function validationIssues(error: unknown): ValidationIssue[] {
  if (!(error instanceof ApiError) || error.code !== 'error.validation' || !Array.isArray(error.details)) return [];
  return error.details.filter(
    (issue): issue is ValidationIssue =>
      typeof issue === 'object' && issue !== null && Array.isArray(issue.path) && typeof issue.message === 'string',
  );
}

const state: {
  csrfToken: string | null;
  locale: Locale;
  networkMessage: string;
  onUnauthenticated: (() => void) | null;
} = {
  csrfToken: null,
  locale: 'zh-CN',
  networkMessage: 'Network error',
  onUnauthenticated: null,
};

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}

/** Every request says which language the user reads, so the server translates its messages. */
export function setApiLocale(locale: Locale, networkMessage: string): void {
  state.locale = locale;
  state.networkMessage = networkMessage;
}

/** Called when a request other than the session probe answers 401: the session ended. */
export function onUnauthenticated(handler: (() => void) | null): void {
  state.onUnauthenticated = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': state.locale,
    ...extraHeaders,
  };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;

  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', state.networkMessage);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
    const apiError = new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : `http.${response.status}`,
      typeof error?.message === 'string' ? error.message : `${state.networkMessage} (${response.status})`,
      error?.details,
    );
    if (response.status === 401 && path !== '/auth/session' && path !== '/auth/login') state.onUnauthenticated?.();
    throw apiError;
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
