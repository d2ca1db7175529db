import type { DomainEventType, NotificationEvent, RecordKind } from '@trellis/core';

/**
 * The registry of record kinds. Everything that treats records generically (SLA clocks, the
 * console queue and bulk actions, notifications, the CMDB, visibility) asks the kind here
 * instead of keeping its own list of another module's states.
 */
export interface RecordKindDefinition<S extends string = string> {
  kind: RecordKind;
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
  };
  /** Whether the kind has SLA clocks. */
  clocked: boolean;
  /**
   * Which of the kind's events people hear about, as which notification (its template and who
   * receives it are the channels module's business). Events not listed notify nobody.
   */
  notify?: Partial<Record<DomainEventType, NotificationEvent>>;
  /** Where a person opens a record of this kind, relative to the public URL. */
  urls: { console: (number: string) => string; portal?: (number: string) => string };
}

const kinds = new Map<string, RecordKindDefinition>();

export function defineRecordKind<const S extends string>(definition: RecordKindDefinition<S>): RecordKindDefinition<S> {
  if (kinds.has(definition.kind)) throw new Error(`record kind ${definition.kind} defined twice`);
  kinds.set(definition.kind, definition as unknown as RecordKindDefinition);
  return definition;
}

/** The kind's definition; a kind no module defines is a programming error. */
export function recordKind(kind: string): RecordKindDefinition {
  const definition = kinds.get(kind);
  if (!definition) throw new Error(`record kind ${kind} is not defined`);
  return definition;
}

export function findRecordKind(kind: string): RecordKindDefinition | undefined {
  return kinds.get(kind);
}

export function recordKinds(): RecordKindDefinition[] {
  return [...kinds.values()];
}

/** The link a person follows to the record: the console for staff, the portal (where there is one) for others. */
export function recordLink(publicUrl: string, kind: string, number: string, staff: boolean): string {
  if (!publicUrl) return '';
  const { urls } = recordKind(kind);
  const relative = !staff && urls.portal ? urls.portal(number) : urls.console(number);
  return `${publicUrl.replace(/\/$/, '')}${relative}`;
}
