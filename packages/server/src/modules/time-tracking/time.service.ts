import type { RecordTime } from '@trellis/core';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import { runDataset } from '../../platform/datasets.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { timeEntries } from './time.datasets.js';

/** Time tracking (工时): who spent how many minutes on which record, on which day. */

export async function logTime(
  tx: Tx,
  record: { id: string; kind: string; organization_id: string },
  entry: { userId: string; minutes: number; workDate?: string; note?: string | null },
) {
  const row = {
    id: newId(),
    record_id: record.id,
    user_id: entry.userId,
    minutes: entry.minutes,
    work_date: entry.workDate ?? nowIso().slice(0, 10),
    note: entry.note ?? null,
    created_at: nowIso(),
  };
  await tx.db.insertInto('time_entries').values(row).execute();
  await audit(tx, {
    action: `${record.kind}.log_time`,
    entityType: record.kind,
    entityId: record.id,
    organizationId: record.organization_id,
    after: row,
  });
  return row;
}

export async function totalMinutes(db: Db, recordId: string): Promise<number> {
  const row = await db
    .selectFrom('time_entries')
    .select((eb) => eb.fn.sum<number | string | null>('minutes').as('total'))
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export async function recordTime(db: Db, recordId: string): Promise<RecordTime> {
  const rows = await db
    .selectFrom('time_entries')
    .innerJoin('users', 'users.id', 'time_entries.user_id')
    .select([
      'time_entries.id',
      'time_entries.record_id',
      'time_entries.user_id',
      'users.name as user_name',
      'time_entries.minutes',
      'time_entries.work_date',
      'time_entries.note',
      'time_entries.created_at',
    ])
    .where('time_entries.record_id', '=', recordId)
    .orderBy('time_entries.work_date')
    .orderBy('time_entries.created_at')
    .execute();
  const perPerson = new Map<string, { user: { id: string; name: string }; minutes: number }>();
  for (const r of rows) {
    const p = perPerson.get(r.user_id) ?? { user: { id: r.user_id, name: r.user_name }, minutes: 0 };
    p.minutes += r.minutes;
    perPerson.set(r.user_id, p);
  }
  return {
    entries: rows.map((r) => ({
      id: r.id,
      recordId: r.record_id,
      user: { id: r.user_id, name: r.user_name },
      minutes: r.minutes,
      workDate: r.work_date,
      note: r.note,
      createdAt: r.created_at,
    })),
    totalMinutes: rows.reduce((sum, r) => sum + r.minutes, 0),
    perPerson: [...perPerson.values()].sort((a, b) => b.minutes - a.minutes),
  };
}

/** Totals per person over the records the actor may see, optionally for one person and a date range. */
export async function timeSummary(db: Db, actor: Actor, query: { from?: string; to?: string; userId?: string }) {
  // The dataset's ranges are half-open; this endpoint's `to` is the last day included.
  const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const range = { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: dayAfter(query.to) } : {}) };
  const result = await runDataset(
    db,
    actor,
    timeEntries,
    {
      groupBy: ['person'],
      filters: {
        ...(query.from || query.to ? { workDate: range } : {}),
        ...(query.userId ? { person: { in: [query.userId === 'me' ? actor.id : query.userId] } } : {}),
      },
    },
    actor.locale,
  );
  const perPerson = result.rows
    .map((r) => ({
      user: { id: String(r.person), name: r.labels.person ?? '' },
      minutes: Number(r.minutes ?? 0),
      records: Number(r.records ?? 0),
    }))
    .sort((a, b) => b.minutes - a.minutes);
  return { totalMinutes: perPerson.reduce((s, p) => s + p.minutes, 0), perPerson };
}
