import type { Locale, Role } from '@trellis/core';
import type { Db, DialectName } from './db/database.js';

/** Who is acting. Services take it explicitly; nothing reads a global "current user". */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  organizationId: string;
  departmentId: string | null;
  locale: Locale;
  /** Support groups the actor belongs to, and the organisations those groups serve. */
  groupIds: string[];
  servedOrganizationIds: string[];
  /** Whether the actor's department shares records among its members. */
  departmentShares: boolean;
  ip?: string | null;
}

export interface DomainEvent {
  type: string;
  recordId?: string;
  organizationId?: string | null;
  payload?: Record<string, unknown>;
}

/**
 * A unit of work: one transaction, the audit rows written inside it,
 * and the domain events published only after it commits.
 */
export interface Tx {
  db: Db;
  dialect: DialectName;
  actor: Actor | null;
  events: DomainEvent[];
}
