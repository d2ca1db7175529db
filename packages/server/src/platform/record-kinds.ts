import type { AnyMachine, BulkAction, DomainEventType, NotificationEvent, RecordKind } from '@trellis/core';
import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import type { Actor, Tx } from './context.js';
import type { Db } from './db/database.js';
import type { Database } from './db/schema.js';
import type { PolicyDefinition } from './permissions/registry.js';

/**
 * The registry of record kinds. Everything that treats records generically (SLA clocks, the
 * console queue and bulk actions, notifications, the CMDB, visibility) asks the kind here
 * instead of keeping its own list of another module's states. The record core
 * (`modules/records`) loads, locks, permits, transitions and changes state for any kind from
 * its definition. See docs/decisions/record-kinds.md.
 */

/** The core row every kind shares. */
export type KindRecord = Selectable<Database['work_records']>;

/** A console bulk action routed to the kind's own use case, so every guard applies as for one record. */
export type BulkHandler = (tx: Tx, id: string, action: BulkAction) => Promise<unknown>;

export interface RecordKindDefinition<
  S extends string = string,
  D = unknown,
  Subject = unknown,
  A extends string = string,
> {
  kind: RecordKind;
  /** The kind's state machine (`defineMachine` in packages/core). */
  machine?: AnyMachine;
  states: {
    all: readonly S[];
    /** Still being worked on: queues, "open" counts, SLA clocks running. */
    open: readonly S[];
    /** No further action: clocks stop, nothing more is due. */
    terminal: readonly S[];
    /** Nobody has answered yet: the response clock runs while the record is in one of these. */
    unanswered: readonly S[];
    /** The clocks pause by default (an SLA definition may choose its own pause states). */
    paused: readonly S[];
    /** Done, awaiting sign-off: entering one stamps `resolved_at`; going back to work clears it. */
    resolved?: readonly S[];
    /** Ended without being done: clocks stop as cancelled, not met. Defaults to `cancelled` where the kind has it. */
    cancelled?: readonly S[];
  };
  /** Whether the kind has SLA clocks. */
  clocked: boolean;
  /** Internal to the provider: every staff member sees it, nobody else learns it exists. */
  staffOnly?: boolean;
  /** The SQL twin of the kind's view rule, when it is wider than the core's (`visibleRecords`). */
  visible?: (actor: Actor) => (eb: ExpressionBuilder<Database, 'work_records'>) => Expression<SqlBool>;
  /**
   * A further condition every reader of the shared core applies to the kind's rows (queues, search,
   * reports): complaints never reach the person complained about, whatever else lets them see it.
   */
  restrict?: (actor: Actor) => (eb: ExpressionBuilder<Database, 'work_records'>) => Expression<SqlBool>;
  /** Loads what the kind keeps beside the core row (its details row, people on it, settings). */
  details?: (db: Db, record: KindRecord, actor: Actor) => Promise<D>;
  /** What the kind's policy rules are asked about. */
  subject?: (actor: Actor, record: KindRecord, details: D) => Subject;
  /** The kind's record policy (`definePolicy`), checked by `loadForAction`. */
  policy?: PolicyDefinition<A, Subject>;
  /** Console bulk actions, routed to the kind's own use cases. */
  bulk?: BulkHandler;
  /**
   * Which of the kind's events people hear about, as which notification (its template and who
   * receives it are the channels module's business). Events not listed notify nobody.
   */
  notify?: Partial<Record<DomainEventType, NotificationEvent>>;
  /**
   * The CMDB gate: whether a CI write naming this record is authorised (issue 13). The kind that
   * owns it (changes) decides from its own state and affected CIs; a kind without it authorises
   * nothing, so the write is saved but flagged.
   */
  authorizesCiWrite?: (db: Db, record: KindRecord, write: CiWrite) => Promise<boolean>;
  /** Where a person opens a record of this kind, relative to the public URL. */
  urls: { console: (number: string) => string; portal?: (number: string) => string };
}

/** A CI write as the CMDB gate sees it: which CI, and whether the write creates it. */
export interface CiWrite {
  ciId: string;
  created: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds kinds of every details and subject type
export type AnyRecordKind = RecordKindDefinition<string, any, any, any>;

const kinds = new Map<string, AnyRecordKind>();

export function defineRecordKind<const S extends string, D, Subject, const A extends string>(
  definition: RecordKindDefinition<S, D, Subject, A>,
): RecordKindDefinition<S, D, Subject, A> {
  if (kinds.has(definition.kind)) throw new Error(`record kind ${definition.kind} defined twice`);
  kinds.set(definition.kind, definition as unknown as AnyRecordKind);
  return definition;
}

/** The kind's definition; a kind no module defines is a programming error. */
export function recordKind(kind: string): AnyRecordKind {
  const definition = kinds.get(kind);
  if (!definition) throw new Error(`record kind ${kind} is not defined`);
  return definition;
}

export function findRecordKind(kind: string): AnyRecordKind | undefined {
  return kinds.get(kind);
}

export function recordKinds(): AnyRecordKind[] {
  return [...kinds.values()];
}

/** The states in which a record of the kind ended without being done (clocks stop as cancelled). */
export function cancelledStates(definition: AnyRecordKind): readonly string[] {
  return definition.states.cancelled ?? definition.states.all.filter((s) => s === 'cancelled');
}

/** The link a person follows to the record: the console for staff, the portal (where there is one) for others. */
export function recordLink(publicUrl: string, kind: string, number: string, staff: boolean): string {
  if (!publicUrl) return '';
  const { urls } = recordKind(kind);
  const relative = !staff && urls.portal ? urls.portal(number) : urls.console(number);
  return `${publicUrl.replace(/\/$/, '')}${relative}`;
}

// ---- hooks the record core calls inside the writing transaction (SLA clocks, the search index)

/** The core fields a hook reads; structural, so the hooks' modules and the core need no import of each other. */
export interface WrittenRecord {
  id: string;
  kind: string;
  state: string;
  level: number;
  organization_id: string;
  service_id: string | null;
  assignee_id: string | null;
  group_id: string | null;
  created_at: string;
  resolved_at: string | null;
  closed_at: string | null;
}

export interface RecordHooks {
  /** A record was created (`before` null) or its core fields changed; `changed` names the fields. */
  written?: (tx: Tx, before: WrittenRecord | null, after: WrittenRecord, changed: readonly string[]) => Promise<void>;
  /** A comment was added to the record's timeline. */
  commented?: (tx: Tx, record: WrittenRecord, visibility: string) => Promise<void>;
  /** Timeline text was copied onto the record (a merge): whatever indexes it reads it again. */
  contentCopied?: (tx: Tx, recordId: string) => Promise<void>;
}

const hooks = new Set<RecordHooks>();

/** Registered once per process from the module manifests (`recordHooks`); the same object twice is one hook. */
export function registerRecordHooks(entry: RecordHooks): void {
  hooks.add(entry);
}

export function recordHooks(): RecordHooks[] {
  return [...hooks];
}
