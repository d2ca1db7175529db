import type { Machine, MachineResult, RecordChangeEvent } from '@trellis/core';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import { lockForChange } from '../../platform/db/dialect.js';
import { AppError, notFound } from '../../platform/errors.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { type RecordKindDefinition, recordKind } from '../../platform/record-kinds.js';
import { inTransaction, type UnitOfWorkDeps } from '../../platform/unit-of-work.js';
import { selectRecordByIdOrNumber } from './record.repository.js';
import { appendTimeline, updateRecord, type WorkRecord } from './record.service.js';

/**
 * The record-kind kit: what every kind's use cases share. A use case loads with `loadForAction`,
 * asks the machine with `applyTransition`, and writes with `changeState`; the kind's definition
 * (`defineRecordKind`) supplies the details, the policy and the state groups.
 */

/** Whether the actor may see records of the kind at all (staff-only kinds are invisible to others). */
function mayKnowKind(kind: { staffOnly?: boolean }, actor: Actor): boolean {
  return !kind.staffOnly || isStaff(actor);
}

/**
 * Optimistic concurrency: the version a client saw, for the record a unit of work is about to
 * change. A route sets it from the request's If-Match header (`versionFromIfMatch`); the first
 * `loadForAction` of that unit of work compares it with the locked row, so a write made from a
 * stale screen answers 409 instead of overwriting what someone else did meanwhile. Absent, no check
 * (API clients that do not send it keep last-writer-wins, which is what they had).
 */
const expectedVersions = new WeakMap<Tx, number>();

export function expectVersion(tx: Tx, version: number | undefined): void {
  if (version !== undefined) expectedVersions.set(tx, version);
}

/** `"7"`, `W/"7"` or `7` → 7; absent or `*` → no check; anything else is a 400 on the header. */
export function versionFromIfMatch(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '' || value.trim() === '*') return undefined;
  const match = value.trim().match(/^(?:W\/)?"?(\d{1,9})"?$/);
  if (!match)
    throw new AppError('error.validation', {}, [
      { path: ['if-match'], message: 'expected the record version, e.g. "7"', in: 'headers' },
    ]);
  return Number(match[1]);
}

/** The record's version must be the one the client saw (when it said which). Checked once per unit of work. */
function checkVersion(tx: Tx, record: WorkRecord): void {
  const expected = expectedVersions.get(tx);
  if (expected === undefined) return;
  expectedVersions.delete(tx);
  if (record.version !== expected)
    throw new AppError('record.stale', {}, { expectedVersion: expected, currentVersion: record.version });
}

/**
 * Loads a record for an action: visible to the actor and locked (one query, so actions on it take
 * turns and an invisible record is "not found", never "forbidden"), then the kind's details, then
 * the kind's policy for the action ("forbidden" when it says no).
 */
export async function loadForAction<S extends string, D, Subject, A extends string>(
  tx: Tx,
  kind: RecordKindDefinition<S, D, Subject, A>,
  idOrNumber: string,
  action?: A,
) {
  const actor = tx.actor!;
  if (!mayKnowKind(kind, actor)) throw notFound();
  const visible = kind.staffOnly ? undefined : (kind.visible ?? visibleRecords)(actor);
  let query = selectRecordByIdOrNumber(tx.db, idOrNumber).where('kind', '=', kind.kind);
  if (visible) query = query.where(visible);
  const record = await lockForChange(tx.dialect, query).executeTakeFirst();
  if (!record) throw notFound();
  const details = (await kind.details?.(tx.db, record, actor)) as D;
  const subject = kind.subject?.(actor, record, details) as Subject;
  if (action !== undefined && !(kind.policy?.actions[action]?.(actor, subject) ?? false))
    throw new AppError('error.forbidden');
  // After visibility and permission: a stranger learns nothing from a version mismatch.
  checkVersion(tx, record);
  return { actor, record, details, subject };
}

/** Applies a pure state machine; an illegal step is the machine's error (409), naming the state and the action. */
export function applyTransition<S extends string, A extends string, F, R extends MachineResult<S, string>, O>(
  machine: Machine<S, A, F, R, O>,
  facts: F,
  action: A,
  options?: O,
  params: Record<string, string | number> = {},
): Extract<R, { ok: true }> {
  const result = machine.transition(facts, action, options);
  if (!result.ok) {
    // Before the record exists (a refused submission) it reads as the machine's first state.
    const state = machine.stateOf(facts) ?? machine.states[0]!;
    throw new AppError(
      result.code as never,
      { state: machine.stateLabel(state), action: machine.actionLabel(action), ...params },
      { state, action },
    );
  }
  return result as Extract<R, { ok: true }>;
}

/**
 * Moves a record to a state: stamps when it was resolved and closed from the kind's state groups,
 * audits the change under `audit`, and writes one timeline entry (with from → to when it moved).
 */
export async function changeState(
  tx: Tx,
  record: WorkRecord,
  to: string,
  change: {
    audit: string;
    timeline: {
      type: string;
      body?: string | null;
      data?: Record<string, unknown>;
      visibility?: 'public' | 'internal';
    };
    patch?: Partial<WorkRecord>;
    /** The event this change announces; null when the caller emits its own, richer one. */
    event: RecordChangeEvent | null;
  },
): Promise<WorkRecord> {
  const { states } = recordKind(record.kind);
  const resolvedStates: readonly string[] = states.resolved ?? [];
  const from = record.state;
  const patch: Partial<WorkRecord> = { ...change.patch, state: to };
  if (from !== to) {
    const now = nowIso();
    if (resolvedStates.includes(to)) patch.resolved_at = now;
    // Sent back to work from a resolution: the resolution no longer stands.
    else if (resolvedStates.includes(from) && !states.terminal.includes(to)) patch.resolved_at = null;
    if (states.terminal.includes(to)) patch.closed_at = now;
  }
  const result = await updateRecord(tx, record, patch, change.audit, change.event);
  await appendTimeline(tx, record.id, {
    type: change.timeline.type,
    body: change.timeline.body ?? null,
    visibility: change.timeline.visibility,
    data: { ...(from !== to ? { from, to } : {}), ...change.timeline.data },
  });
  return result.record;
}

/** Terminal records are history: no attachments, watchers or links are added to them. */
export function assertNotTerminal(record: Pick<WorkRecord, 'kind' | 'state'>): void {
  if (recordKind(record.kind).states.terminal.includes(record.state)) throw new AppError('error.conflict');
}

/**
 * Policy × state machine: what the actor may do to this record right now. Each ability names the
 * policy rule that decides who, and the machine action (or a plain yes/no) that decides when.
 */
export function abilitiesOf<K extends string, A extends string, Subject, F, M extends string = string>(
  kind: {
    machine?: { transition: (facts: F, action: M) => { ok: boolean } };
    policy?: { actions: Record<A, (actor: Actor, subject: Subject) => boolean> };
  },
  actor: Actor,
  subject: Subject,
  facts: F,
  abilities: Record<K, { rule: A; when: M | boolean }>,
): Record<K, boolean> {
  const out = {} as Record<K, boolean>;
  for (const [name, { rule, when }] of Object.entries(abilities) as [K, { rule: A; when: M | boolean }][]) {
    const inState = typeof when === 'boolean' ? when : (kind.machine?.transition(facts, when).ok ?? false);
    out[name] = inState && (kind.policy?.actions[rule](actor, subject) ?? false);
  }
  return out;
}

/**
 * The unit of work of a route that changes one record (`/…/:id/…`): the If-Match version the client
 * sent is checked on the record the use case loads. Every record kind's action routes use it.
 */
export function inRecordTransaction<T>(
  deps: UnitOfWorkDeps,
  request: { headers: Record<string, string | string[] | undefined> },
  actor: Actor,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const version = versionFromIfMatch(request.headers['if-match']);
  return inTransaction(deps, actor, (tx) => {
    expectVersion(tx, version);
    return work(tx);
  });
}
