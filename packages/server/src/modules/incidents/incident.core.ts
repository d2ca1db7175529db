import { type IncidentAction, type IncidentState, incidentMachine, type RecordChangeEvent } from '@trellis/core';
import type { Selectable } from 'kysely';
import { isoPlus, nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import type { RecordAction, RecordSubject } from '../../platform/permissions/policy.js';
import { applyTransition, assertNotTerminal, changeState, loadForAction, type WorkRecord } from '../records/index.js';
import { incidentKind } from './incident.kind.js';
import type { IncidentDetailsTable } from './incident.table.js';

/** Helpers every incident use case shares: load, check, transition, record the change. */

export type IncidentDetails = Selectable<IncidentDetailsTable>;

/** The ids of incidents flagged major, as a subquery for lists that filter on it. */
export function majorIncidentIds(db: Db) {
  return db.selectFrom('incident_details').select('record_id').where('major', '=', 1);
}

export async function incidentDetails(db: Db, recordId: string): Promise<IncidentDetails> {
  return db.selectFrom('incident_details').selectAll().where('record_id', '=', recordId).executeTakeFirstOrThrow();
}

export interface SubjectExtras {
  watcherIds?: readonly string[];
  collaboratorIds?: readonly string[];
  reopenDays?: number;
}

export const DAY_MS = 86_400_000;

/** Until when the requester may reopen, or null when that does not apply. */
export function reopenUntil(record: Pick<WorkRecord, 'resolved_at'>, reopenDays: number | undefined): string | null {
  if (!record.resolved_at || reopenDays === undefined) return null;
  return isoPlus(record.resolved_at, reopenDays * DAY_MS);
}

export function subjectOf(
  record: WorkRecord,
  details: Pick<IncidentDetails, 'confirmed_at'>,
  extras: SubjectExtras = {},
): RecordSubject {
  const until = record.state === 'resolved' ? reopenUntil(record, extras.reopenDays) : null;
  return {
    organizationId: record.organization_id,
    departmentId: record.department_id,
    requesterId: record.requester_id,
    ownerId: record.owner_id,
    assigneeId: record.assignee_id,
    groupId: record.group_id,
    state: record.state as IncidentState,
    confirmed: details.confirmed_at !== null,
    watcherIds: extras.watcherIds,
    collaboratorIds: extras.collaboratorIds,
    reopenWindowOpen: until === null || nowIso() <= until,
  };
}

/** Who watches and who collaborates: both widen who may see or note on the record. */
export async function peopleOn(db: Db, recordId: string) {
  const [watchers, collaborators] = await Promise.all([
    db.selectFrom('record_watchers').select('user_id').where('record_id', '=', recordId).execute(),
    db.selectFrom('incident_collaborators').select('user_id').where('record_id', '=', recordId).execute(),
  ]);
  return { watcherIds: watchers.map((w) => w.user_id), collaboratorIds: collaborators.map((c) => c.user_id) };
}

/** Loads an incident for an action: visible and locked in one query, then permitted. */
export async function prepare(tx: Tx, idOrNumber: string, action: RecordAction) {
  const { actor, record, details, subject } = await loadForAction(tx, incidentKind, idOrNumber, action);
  return { actor, record, details: details.details, subject, settings: details.settings };
}

/** Applies the incident machine; an illegal step is a 409 naming the state and the action. */
export function transition(
  subject: RecordSubject,
  action: IncidentAction,
  options?: { assigningPerson?: boolean; staff?: boolean; reopenDays?: number },
): IncidentState {
  const facts = {
    state: subject.state,
    hasAssignee: subject.assigneeId !== null,
    confirmed: subject.confirmed,
    reopenWindowOpen: options?.staff || subject.reopenWindowOpen !== false,
  };
  return applyTransition(incidentMachine, facts, action, options, { days: options?.reopenDays ?? '' }).state;
}

/** Archived and cancelled records are history: no attachments, watchers or links are added to them. */
export function assertOpen(subject: RecordSubject) {
  assertNotTerminal({ kind: 'incident', state: subject.state });
}

export async function setDetails(tx: Tx, recordId: string, patch: Partial<IncidentDetails>) {
  await tx.db.updateTable('incident_details').set(patch).where('record_id', '=', recordId).execute();
}

/** Timeline entries read in the past tense; audit actions and events name the verb. */
const VERB_OF: Record<string, IncidentAction> = {
  held: 'hold',
  resumed: 'resume',
  resolved: 'resolve',
  reopened: 'reopen',
  archived: 'archive',
  cancelled: 'cancel',
  merged: 'merge',
};

/** The event each state change announces; resolving and merging emit theirs, with more to say, themselves. */
const EVENT_OF: Record<string, RecordChangeEvent> = {
  held: 'incident.held',
  resumed: 'incident.resumed',
  reopened: 'incident.reopened',
  archived: 'incident.archived',
  cancelled: 'incident.cancelled',
};

export async function stateChange(
  tx: Tx,
  record: WorkRecord,
  to: IncidentState,
  type: string,
  extra: {
    body?: string | null;
    data?: Record<string, unknown>;
    patch?: Partial<WorkRecord>;
    visibility?: 'public' | 'internal';
  } = {},
) {
  return changeState(tx, record, to, {
    audit: `incident.${VERB_OF[type] ?? type}`,
    timeline: { type, body: extra.body, data: extra.data, visibility: extra.visibility },
    patch: extra.patch,
    event: EVENT_OF[type] ?? null,
  });
}
