import type { DomainEventPayload, DomainEventType, Locale, Role } from '@trellis/core';
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
  /** Capabilities granted alongside the role (change manager, CAB member), per docs/decisions/0002. */
  capabilities?: readonly string[];
  ip?: string | null;
}

/** A committed fact, named in the catalogue (`DOMAIN_EVENTS` in core). */
export interface DomainEvent<T extends DomainEventType = DomainEventType> {
  type: T;
  recordId?: string;
  organizationId?: string | null;
  payload?: Record<string, unknown>;
}

export interface EmitOptions<T extends DomainEventType> {
  recordId?: string;
  organizationId?: string | null;
  payload: DomainEventPayload<T>;
}

/** `tx.emit(type, ...)`: the payload is optional only where the catalogue's schema is the empty object. */
export type Emit = <T extends DomainEventType>(
  type: T,
  ...options: Record<never, never> extends DomainEventPayload<T> ? [Partial<EmitOptions<T>>?] : [EmitOptions<T>]
) => void;

/**
 * A unit of work: one transaction, the audit rows written inside it, and the domain events
 * announced with `emit`: durable subscribers get their job rows inside the transaction, live
 * screens hear them once it has committed.
 */
export interface Tx {
  db: Db;
  dialect: DialectName;
  actor: Actor | null;
  emit: Emit;
  /** What was emitted so far (read-only; write with `emit`). */
  readonly events: readonly DomainEvent[];
}
