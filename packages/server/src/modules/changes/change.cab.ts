import { type Locale, type MessageKey, translate } from '@trellis/core';
import { type CabDecision, type CreateCabMeeting, RISK_LEVELS } from '@trellis/core/modules/changes';
import type { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { toXlsx } from '../../platform/export.js';
import { newId } from '../../platform/ids.js';
import { authorize } from '../../platform/permissions/registry.js';
import { castVote } from './change.service.js';

/**
 * The change advisory board's meetings: an agenda generated from the changes awaiting the CAB,
 * each decision recorded per change with the members' votes and conditions (cast as votes on the
 * change's CAB level, so the approval rules apply exactly as in the console), and minutes that
 * can be exported.
 */

/** Changes whose approval round is waiting on a CAB level right now. */
export async function awaitingCab(db: Db) {
  return db
    .selectFrom('change_approvals')
    .innerJoin('work_records', 'work_records.id', 'change_approvals.change_id')
    .innerJoin('change_details', 'change_details.record_id', 'work_records.id')
    .select([
      'work_records.id',
      'work_records.number',
      'work_records.title',
      'work_records.state',
      'change_details.risk_level',
      'change_details.type',
      'change_details.planned_start',
      'change_details.planned_end',
    ])
    .where('change_approvals.source', '=', 'cab')
    .where('change_approvals.state', '=', 'pending')
    .whereRef('change_approvals.round', '=', 'change_details.approval_round')
    .orderBy('change_details.planned_start')
    .execute();
}

export async function createMeeting({ tx, input }: { tx: Tx; input: z.infer<typeof CreateCabMeeting> }) {
  authorize(tx.actor, 'change', 'cab');
  const waiting = await awaitingCab(tx.db);
  let agenda = waiting;
  if (input.changeIds) {
    const wanted = new Set(input.changeIds);
    agenda = waiting.filter((c) => wanted.has(c.id) || wanted.has(c.number));
    if (agenda.length !== wanted.size) throw new AppError('change.not_on_agenda');
  }
  const id = newId();
  await tx.db
    .insertInto('change_cab_meetings')
    .values({
      id,
      title: input.title,
      starts_at: new Date(input.startsAt).toISOString(),
      state: 'planned',
      minutes: '',
      created_by: tx.actor!.id,
      created_at: nowIso(),
    })
    .execute();
  for (const [i, change] of agenda.entries())
    await tx.db
      .insertInto('change_cab_items')
      .values({ meeting_id: id, change_id: change.id, seq: i + 1, decision: null, conditions: '', votes_json: '[]' })
      .execute();
  await audit(tx, { action: 'cab_meeting.create', entityType: 'cab_meeting', entityId: id, after: { ...input } });
  return id;
}

export async function listMeetings(db: Db) {
  const rows = await db.selectFrom('change_cab_meetings').selectAll().orderBy('starts_at', 'desc').limit(200).execute();
  return rows.map((m) => ({ id: m.id, title: m.title, startsAt: m.starts_at, state: m.state }));
}

export async function meetingView(db: Db, id: string) {
  const meeting = await db.selectFrom('change_cab_meetings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!meeting) throw notFound();
  const items = await db
    .selectFrom('change_cab_items')
    .innerJoin('work_records', 'work_records.id', 'change_cab_items.change_id')
    .innerJoin('change_details', 'change_details.record_id', 'work_records.id')
    .select([
      'change_cab_items.change_id',
      'change_cab_items.seq',
      'change_cab_items.decision',
      'change_cab_items.conditions',
      'change_cab_items.votes_json',
      'work_records.number',
      'work_records.title',
      'work_records.state',
      'change_details.risk_level',
      'change_details.planned_start',
      'change_details.planned_end',
    ])
    .where('change_cab_items.meeting_id', '=', id)
    .orderBy('change_cab_items.seq')
    .execute();
  return {
    id: meeting.id,
    title: meeting.title,
    startsAt: meeting.starts_at,
    state: meeting.state,
    minutes: meeting.minutes,
    items: items.map((i) => ({
      changeId: i.change_id,
      seq: i.seq,
      number: i.number,
      title: i.title,
      state: i.state,
      riskLevel: i.risk_level,
      plannedStart: i.planned_start,
      plannedEnd: i.planned_end,
      decision: i.decision,
      conditions: i.conditions,
      votes: JSON.parse(i.votes_json) as { voterId: string; voterName: string; vote: string; reason: string }[],
    })),
  };
}

async function openMeeting(tx: Tx, id: string) {
  authorize(tx.actor, 'change', 'cab');
  const meeting = await tx.db.selectFrom('change_cab_meetings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!meeting) throw notFound();
  if (meeting.state !== 'planned') throw new AppError('change.meeting_closed');
  return meeting;
}

/**
 * The CAB's decision on one change: each member's vote is cast on the change's CAB level (the
 * level's rule decides: any, all or majority); "deferred" records the votes without deciding.
 */
export async function recordDecision({
  tx,
  meetingId,
  input,
}: {
  tx: Tx;
  meetingId: string;
  input: z.infer<typeof CabDecision>;
}) {
  await openMeeting(tx, meetingId);
  const item = await tx.db
    .selectFrom('change_cab_items')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .where('change_id', '=', input.changeId)
    .executeTakeFirst();
  if (!item) throw new AppError('change.not_on_agenda');
  let outcome: string = 'pending';
  let state = '';
  const votes = input.decision === 'deferred' ? [] : input.votes;
  for (const v of votes) {
    const result = await castVote({
      tx,
      changeId: input.changeId,
      vote: v.vote,
      reason: v.reason || (v.vote === 'reject' ? input.conditions : ''),
      conditions: input.conditions,
      voterId: v.voterId,
      meetingId,
    });
    outcome = result.outcome;
    state = result.state;
    if (outcome !== 'pending') break;
  }
  const decision = outcome === 'approved' ? 'approved' : outcome === 'rejected' ? 'rejected' : 'deferred';
  const voters = await tx.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', input.votes.length ? input.votes.map((v) => v.voterId) : ['-'])
    .execute();
  const nameOf = new Map(voters.map((u) => [u.id, u.name]));
  await tx.db
    .updateTable('change_cab_items')
    .set({
      decision,
      conditions: input.conditions,
      votes_json: JSON.stringify(
        input.votes.map((v) => ({
          voterId: v.voterId,
          voterName: nameOf.get(v.voterId) ?? '',
          vote: v.vote,
          reason: v.reason,
        })),
      ),
    })
    .where('meeting_id', '=', meetingId)
    .where('change_id', '=', input.changeId)
    .execute();
  await audit(tx, {
    action: 'cab_meeting.decide',
    entityType: 'cab_meeting',
    entityId: meetingId,
    after: { changeId: input.changeId, decision, conditions: input.conditions },
  });
  return { decision, state };
}

export async function saveMinutes({
  tx,
  meetingId,
  minutes,
  close,
}: {
  tx: Tx;
  meetingId: string;
  minutes: string;
  close: boolean;
}) {
  await openMeeting(tx, meetingId);
  await tx.db
    .updateTable('change_cab_meetings')
    .set({ minutes, ...(close ? { state: 'closed' as const } : {}) })
    .where('id', '=', meetingId)
    .execute();
  await audit(tx, { action: 'cab_meeting.minutes', entityType: 'cab_meeting', entityId: meetingId, after: { close } });
}

/** The minutes as a spreadsheet: one row per change on the agenda, then the free-text minutes. */
export async function minutesXlsx(db: Db, meetingId: string, locale: Locale) {
  const m = await meetingView(db, meetingId);
  const t = (key: string) => translate(locale, key as MessageKey);
  const header = [
    t('change.fsc.number'),
    t('change.fsc.subject'),
    t('change.fsc.risk'),
    t('change.minutes.decision'),
    t('change.minutes.conditions'),
    t('change.minutes.votes'),
  ];
  const rows: unknown[][] = m.items.map((i) => [
    i.number,
    i.title,
    i.riskLevel && RISK_LEVELS.includes(i.riskLevel) ? t(`change.risk.${i.riskLevel}`) : '',
    i.decision ? t(`change.decision.${i.decision}`) : '',
    i.conditions,
    i.votes
      .map(
        (v) => `${v.voterName}: ${t(v.vote === 'approve' ? 'change.decision.approved' : 'change.decision.rejected')}`,
      )
      .join('; '),
  ]);
  rows.push([], [t('change.minutes.title'), m.title, m.startsAt], [m.minutes]);
  return {
    name: `${t('change.minutes.title')}-${m.startsAt.slice(0, 10)}.xlsx`,
    body: await toXlsx(t('change.minutes.title'), header, rows),
  };
}
