import {
  type BusinessCalendar,
  type ClockHistory,
  elapsedBusinessMs,
  instantReaching,
  isPaused,
  NoWorkingTimeError,
  pausedBusinessMs,
  type SlaClock,
} from '@trellis/core';
import { type Selectable, sql } from 'kysely';
import { nowIso, nowMs } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { cancelQueuedJobs, enqueueKeyedJobs, queuedJobsByKey, rescheduleQueuedJobs } from '../../platform/jobs.js';
import {
  type AnyRecordKind,
  cancelledStates,
  findRecordKind,
  type WrittenRecord,
} from '../../platform/record-kinds.js';
import {
  businessCalendar,
  type CalendarWithCoverage,
  calendarClockVersions,
  markClocksRecomputed,
} from '../calendars/index.js';
import { recordBreach } from './sla.jobs.js';
import type { SlaClocksTable } from './sla.table.js';

/**
 * SLA clocks: started with the record, paused in the SLA's pause states, stopped at first
 * response / resolution, re-targeted when level, service, organisation or SLA change. A clock
 * stores only its history (start, pauses, stop); due time and elapsed time are derived from it
 * and the calendar every time, so nothing already elapsed or paused is ever lost.
 */

export type ClockRow = Selectable<SlaClocksTable>;

/** The fields of a work record the clocks read: the record core's hook shape. */
export type ClockedRecord = WrittenRecord;

/**
 * An SLA may choose its own pause states per kind (an empty list: never pause). A list naming none
 * of the kind's states (older SLAs stored `request: ['on_hold']`, a state requests do not have) or
 * no list at all falls back to the kind's own waiting states.
 */
function pauseStatesOf(kind: AnyRecordKind, chosen: readonly string[] | undefined): readonly string[] {
  if (chosen?.length === 0) return chosen;
  const own = chosen?.filter((s) => kind.states.all.includes(s)) ?? [];
  return own.length ? own : kind.states.paused;
}

/** The kind, when it has clocks: its state groups decide when clocks answer, pause and stop. */
function clockedKind(kind: string) {
  const definition = findRecordKind(kind);
  return definition?.clocked ? definition : undefined;
}
const WATCHED: (keyof ClockedRecord)[] = [
  'state',
  'level',
  'service_id',
  'organization_id',
  'assignee_id',
  'group_id',
  'resolved_at',
  'closed_at',
];
export const DEFAULT_THRESHOLDS = [75, 90];

export interface ApplicableSla {
  slaId: string;
  pauseStates: Record<string, string[]>;
  thresholds: number[];
  responseMinutes: number;
  resolutionMinutes: number;
  calendarId: string;
}

/** Most specific first: service and organisation, then service, then organisation, then the default. */
export async function findApplicableSla(
  db: Db,
  record: Pick<ClockedRecord, 'service_id' | 'organization_id' | 'level'>,
): Promise<ApplicableSla | null> {
  const candidates = await db
    .selectFrom('slas')
    .innerJoin('sla_targets', 'sla_targets.sla_id', 'slas.id')
    .selectAll('slas')
    .select(['sla_targets.response_minutes', 'sla_targets.resolution_minutes', 'sla_targets.calendar_id'])
    .where('slas.active', '=', 1)
    .where('sla_targets.level', '=', record.level)
    .where((eb) =>
      eb.or([
        eb('slas.is_default', '=', 1),
        ...(record.service_id ? [eb('slas.service_id', '=', record.service_id)] : []),
        eb('slas.organization_id', '=', record.organization_id),
      ]),
    )
    .execute();
  const score = (s: (typeof candidates)[number]) => {
    if (s.service_id && s.service_id !== record.service_id) return -1;
    if (s.organization_id && s.organization_id !== record.organization_id) return -1;
    if (s.service_id && s.organization_id) return 4;
    if (s.service_id) return 3;
    if (s.organization_id) return 2;
    return s.is_default ? 1 : -1;
  };
  const best = candidates
    .filter((c) => score(c) > 0)
    .sort((a, b) => score(b) - score(a) || a.created_at.localeCompare(b.created_at))[0];
  if (!best) return null;
  return {
    slaId: best.id,
    pauseStates: JSON.parse(best.pause_states_json),
    thresholds: JSON.parse(best.thresholds_json),
    responseMinutes: best.response_minutes,
    resolutionMinutes: best.resolution_minutes,
    calendarId: best.calendar_id,
  };
}

export function historyOf(clock: Pick<ClockRow, 'started_at' | 'pauses_json' | 'stopped_at'>): ClockHistory {
  const pauses = (JSON.parse(clock.pauses_json) as [string, string | null][]).map(
    ([a, b]) => [Date.parse(a), b === null ? null : Date.parse(b)] as const,
  );
  return {
    startedAt: Date.parse(clock.started_at),
    pauses,
    stoppedAt: clock.stopped_at ? Date.parse(clock.stopped_at) : null,
  };
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** Due time and elapsed business time of a clock, as of now. */
export function evaluate(cal: BusinessCalendar, clock: ClockRow, now = nowMs()) {
  const h = historyOf(clock);
  const elapsedMs = elapsedBusinessMs(cal, h, now);
  const due = instantReaching(cal, h, clock.target_minutes * 60_000);
  return { history: h, elapsedMs, dueAt: iso(due) };
}

/**
 * What the API shows: the countdown in business minutes, where the clock stands, and the years its
 * arithmetic ran through without holiday data (from the start to the stop, or to the due time or now).
 */
export function clockView(
  { calendar: cal, missingYears }: CalendarWithCoverage,
  clock: ClockRow,
  calendarName: string,
  now = nowMs(),
): SlaClock {
  const { history, elapsedMs, dueAt } = evaluate(cal, clock, now);
  const reach = history.stoppedAt ?? Math.max(now, dueAt ? Date.parse(dueAt) : now);
  const target = clock.target_minutes * 60_000;
  const over = elapsedMs > target || clock.breached_at !== null;
  const state: SlaClock['state'] =
    clock.stop_reason === 'cancelled' || clock.stop_reason === 'left_group'
      ? over
        ? 'breached'
        : 'cancelled'
      : over
        ? 'breached'
        : clock.stopped_at
          ? 'met'
          : isPaused(history)
            ? 'paused'
            : 'running';
  return {
    id: clock.id,
    metric: clock.metric,
    level: clock.level,
    groupId: clock.group_id,
    targetMinutes: clock.target_minutes,
    calendarId: clock.calendar_id,
    calendarName,
    alwaysOn: cal.always,
    state,
    startedAt: clock.started_at,
    dueAt,
    stoppedAt: clock.stopped_at,
    breachedAt: clock.breached_at ?? (over ? dueAt : null),
    elapsedMinutes: Math.round(elapsedMs / 6_000) / 10,
    pausedMinutes: Math.round(pausedBusinessMs(cal, history, now) / 6_000) / 10,
    remainingMinutes: Math.round((target - elapsedMs) / 6_000) / 10,
    percent: Math.round((elapsedMs / target) * 1000) / 10,
    missingHolidayYears: missingYears(history.startedAt, reach),
  };
}

// ---- timers

export const TIMER_JOB = 'sla.timer';

/** The next threshold (percent; 100 is the breach) this clock has not fired yet. */
export function nextThreshold(clock: ClockRow, thresholds: number[]): number | null {
  const warned = JSON.parse(clock.warned_json) as number[];
  const pending = [...thresholds.filter((t) => !warned.includes(t)), ...(clock.breached_at ? [] : [100])].sort(
    (a, b) => a - b,
  );
  return pending[0] ?? null;
}

const timerKeys = (clockId: string) => [`sla:${clockId}`, `sla:${clockId}:r`];

/**
 * One durable job per clock, for its next threshold. A job that is running holds one of the two
 * keys, so a clock re-armed from inside its own timer takes the other.
 */
export async function armTimer(db: Db, clock: ClockRow, cal: BusinessCalendar, thresholds: number[]) {
  await cancelQueuedJobs(db, timerKeys(clock.id));
  if (clock.stopped_at) return;
  const pct = nextThreshold(clock, thresholds);
  if (pct === null) return;
  const at = instantReaching(cal, historyOf(clock), (clock.target_minutes * 60_000 * pct) / 100);
  if (at === null) return;
  await insertTimer(db, clock.id, new Date(at).toISOString());
}

export async function insertTimer(db: Db, clockId: string, runAt: string) {
  for (const uniqueKey of timerKeys(clockId)) {
    const added = await enqueueKeyedJobs(db, [{ uniqueKey, ...timerJob(clockId, runAt) }]);
    if (added.size) return;
  }
}

const timerJob = (clockId: string, runAt: string) => ({
  type: TIMER_JOB,
  payload: { clockId },
  runAt,
  maxAttempts: 10,
});

export async function thresholdsOf(db: Db, clock: Pick<ClockRow, 'sla_id'>): Promise<number[]> {
  if (!clock.sla_id) return DEFAULT_THRESHOLDS;
  const row = await db.selectFrom('slas').select('thresholds_json').where('id', '=', clock.sla_id).executeTakeFirst();
  return row ? JSON.parse(row.thresholds_json) : DEFAULT_THRESHOLDS;
}

/** Stores the derived due time and elapsed time, and re-arms the timer. */
export async function persistClock(db: Db, clock: ClockRow, thresholds: number[]): Promise<ClockRow> {
  const cal = await businessCalendar(db, clock.calendar_id);
  const { elapsedMs, dueAt } = evaluate(cal, clock);
  const next = { ...clock, due_at: dueAt, elapsed_ms: Math.round(elapsedMs), updated_at: nowIso() };
  await db
    .updateTable('sla_clocks')
    .set({
      due_at: next.due_at,
      elapsed_ms: next.elapsed_ms,
      pauses_json: next.pauses_json,
      stopped_at: next.stopped_at,
      stop_reason: next.stop_reason,
      sla_id: next.sla_id,
      ola_id: next.ola_id,
      level: next.level,
      target_minutes: next.target_minutes,
      calendar_id: next.calendar_id,
      updated_at: next.updated_at,
    })
    .where('id', '=', clock.id)
    .execute();
  await armTimer(db, next, cal, thresholds);
  return next;
}

// ---- the hook the record core calls

function withPause(clock: ClockRow, paused: boolean, now: string): ClockRow {
  const pauses = JSON.parse(clock.pauses_json) as [string, string | null][];
  const open = pauses.length > 0 && pauses[pauses.length - 1]![1] === null;
  if (paused && !open && !clock.stopped_at) pauses.push([now, null]);
  else if (!paused && open) pauses[pauses.length - 1]![1] = now;
  else return clock;
  return { ...clock, pauses_json: JSON.stringify(pauses) };
}

function stopped(clock: ClockRow, reason: NonNullable<ClockRow['stop_reason']>, now: string): ClockRow {
  if (clock.stopped_at) return clock;
  const closed = withPause(clock, false, now);
  return { ...closed, stopped_at: now, stop_reason: reason };
}

/** A resolved record reopened: the time it sat resolved counts as paused, and the clock runs on. */
function restarted(clock: ClockRow, now: string): ClockRow {
  if (!clock.stopped_at || clock.stop_reason !== 'met') return clock;
  const pauses = JSON.parse(clock.pauses_json) as [string, string | null][];
  pauses.push([clock.stopped_at, now]);
  return { ...clock, pauses_json: JSON.stringify(pauses), stopped_at: null, stop_reason: null };
}

/**
 * Called by the record core inside the same transaction whenever a record is created or its
 * core fields change. `before` is null on creation.
 */
export async function syncSlaClocks(tx: Tx, before: ClockedRecord | null, after: ClockedRecord): Promise<void> {
  const kind = clockedKind(after.kind);
  if (!kind) return;
  if (before && !WATCHED.some((k) => before[k] !== after[k])) return;
  const now = nowIso();
  const sla = await findApplicableSla(tx.db, after);
  const existing = await tx.db.selectFrom('sla_clocks').selectAll().where('record_id', '=', after.id).execute();
  const paused = pauseStatesOf(kind, sla?.pauseStates[after.kind]).includes(after.state);
  const cancelled = cancelledStates(kind).includes(after.state);
  const responded =
    after.assignee_id !== null || after.resolved_at !== null || !kind.states.unanswered.includes(after.state);

  for (const metric of ['response', 'resolution'] as const) {
    let clock = existing.find((c) => c.metric === metric);
    const targetMinutes = sla ? (metric === 'response' ? sla.responseMinutes : sla.resolutionMinutes) : null;
    if (!clock) {
      if (!sla || targetMinutes === null) continue;
      clock = {
        id: newId(),
        record_id: after.id,
        metric,
        sla_id: sla.slaId,
        ola_id: null,
        group_id: null,
        level: after.level,
        target_minutes: targetMinutes,
        calendar_id: sla.calendarId,
        started_at: after.created_at,
        pauses_json: '[]',
        stopped_at: null,
        stop_reason: null,
        due_at: null,
        elapsed_ms: 0,
        warned_json: '[]',
        breached_at: null,
        created_at: now,
        updated_at: now,
      };
      await tx.db.insertInto('sla_clocks').values(clock).execute();
    } else if (
      sla &&
      targetMinutes !== null &&
      (clock.sla_id !== sla.slaId ||
        clock.level !== after.level ||
        clock.target_minutes !== targetMinutes ||
        clock.calendar_id !== sla.calendarId)
    ) {
      // Re-targeted: the history stays, only the yardstick changes.
      clock = {
        ...clock,
        sla_id: sla.slaId,
        level: after.level,
        target_minutes: targetMinutes,
        calendar_id: sla.calendarId,
      };
    }
    const original = clock;
    if (metric === 'response') {
      if (responded && !cancelled) clock = stopped(clock, 'met', now);
      else if (cancelled) clock = stopped(clock, 'cancelled', now);
      else clock = withPause(clock, paused, now);
    } else if (cancelled || (after.closed_at && !after.resolved_at)) {
      clock = stopped(clock, 'cancelled', now);
    } else if (after.resolved_at || after.closed_at) {
      clock = stopped(clock, 'met', now);
    } else {
      clock = withPause(restarted(clock, now), paused, now);
    }
    if (clock !== original || clock.due_at === null || before === null || before.level !== after.level) {
      const saved = await persistClock(tx.db, clock, sla?.thresholds ?? DEFAULT_THRESHOLDS);
      // Stopped after its due time with no breach on record (the timer had not run: the job runner
      // was down, or the history was loaded): the breach is a fact all the same, for the list and reports.
      if (saved.stop_reason === 'met' && !saved.breached_at && saved.due_at && saved.stopped_at! > saved.due_at)
        await recordBreach(tx, saved, 'clock-stop', { escalate: false });
    }
  }
  if (!before || before.group_id !== after.group_id || before.closed_at !== after.closed_at) {
    await syncOlaClock(tx, existing, after, now);
  }
}

/** OLA: the time the current support group may hold the record. */
async function syncOlaClock(tx: Tx, existing: ClockRow[], record: ClockedRecord, now: string) {
  const open = existing.find((c) => c.metric === 'ola' && !c.stopped_at);
  const ended = record.resolved_at !== null || record.closed_at !== null;
  if (open && (open.group_id !== record.group_id || ended)) {
    await persistClock(tx.db, stopped(open, ended ? 'met' : 'left_group', now), DEFAULT_THRESHOLDS);
  }
  if (!record.group_id || ended || (open && open.group_id === record.group_id)) return;
  const ola = await tx.db
    .selectFrom('olas')
    .selectAll()
    .where('group_id', '=', record.group_id)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!ola) return;
  const clock: ClockRow = {
    id: newId(),
    record_id: record.id,
    metric: 'ola',
    sla_id: null,
    ola_id: ola.id,
    group_id: record.group_id,
    level: record.level,
    target_minutes: ola.target_minutes,
    calendar_id: ola.calendar_id,
    started_at: now,
    pauses_json: '[]',
    stopped_at: null,
    stop_reason: null,
    due_at: null,
    elapsed_ms: 0,
    warned_json: '[]',
    breached_at: null,
    created_at: now,
    updated_at: now,
  };
  await tx.db.insertInto('sla_clocks').values(clock).execute();
  await persistClock(tx.db, clock, DEFAULT_THRESHOLDS);
}

/** A public comment by staff is a first response too. */
export async function slaOnComment(tx: Tx, record: ClockedRecord, visibility: string): Promise<void> {
  if (visibility !== 'public' || !tx.actor || tx.actor.role === 'requester') return;
  if (!clockedKind(record.kind)) return;
  const clock = await tx.db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('record_id', '=', record.id)
    .where('metric', '=', 'response')
    .where('stopped_at', 'is', null)
    .executeTakeFirst();
  if (!clock) return;
  await persistClock(tx.db, stopped(clock, 'met', nowIso()), await thresholdsOf(tx.db, clock));
}

/**
 * After a calendar edit: every open clock on it gets its due time and timer recomputed from its
 * own history, a chunk at a time, and only the clocks and timers that moved are written (a new
 * holiday moves few of them; new weekly hours move most). Each chunk is one transaction with one
 * UPDATE for the clocks and one for the timers, both joined to a VALUES list, which SQLite and
 * PostgreSQL both read as column1, column2, …. A clock that changed since it was read (the record
 * was worked on meanwhile, which re-derived it) is left alone. The stored `elapsed_ms` of an open
 * clock is a snapshot nobody reads (views derive it live), so it is refreshed only with a write.
 */
export interface RecomputeProgress {
  recomputed: number;
  written: number;
}

export async function recomputeClocksOnCalendar(
  db: Db,
  calendarId: string,
  options: { chunk?: number; onProgress?: (progress: RecomputeProgress) => void } = {},
): Promise<RecomputeProgress> {
  const chunk = options.chunk ?? 2000;
  const cal = await businessCalendar(db, calendarId);
  const slaThresholds = new Map<string, number[]>();
  for (const s of await db.selectFrom('slas').select(['id', 'thresholds_json']).execute())
    slaThresholds.set(s.id, JSON.parse(s.thresholds_json));
  const inTx = <T>(fn: (trx: Db) => Promise<T>) => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
  let recomputed = 0;
  let written = 0;
  let after = '';
  for (;;) {
    const clocks = await db
      .selectFrom('sla_clocks')
      .selectAll()
      .where('calendar_id', '=', calendarId)
      .where('stopped_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(chunk)
      .execute();
    if (!clocks.length) break;
    after = clocks[clocks.length - 1]!.id;
    recomputed += clocks.length;
    const queued = await queuedJobsByKey(
      db,
      clocks.flatMap((c) => timerKeys(c.id)),
    );
    const timerAt = new Map(queued.map((j) => [String(j.payload.clockId), j.runAt]));
    // The keys each clock's queued timer is under: only those are moved, not both keys of every clock.
    const queuedKeys = new Map<string, string[]>();
    for (const j of queued) {
      const id = String(j.payload.clockId);
      queuedKeys.set(id, [...(queuedKeys.get(id) ?? []), j.uniqueKey]);
    }
    const now = nowMs();
    const stamp = nowIso();
    const moved = new Map<string, { dueAt: string | null; runAt: string | null; elapsedMs: number; clock: ClockRow }>();
    for (const c of clocks) {
      const history = historyOf(c);
      const dueAt = iso(instantReaching(cal, history, c.target_minutes * 60_000));
      const pct = nextThreshold(c, c.sla_id ? (slaThresholds.get(c.sla_id) ?? DEFAULT_THRESHOLDS) : DEFAULT_THRESHOLDS);
      const runAt = iso(pct === null ? null : instantReaching(cal, history, (c.target_minutes * 60_000 * pct) / 100));
      if (dueAt === c.due_at && runAt === (timerAt.get(c.id) ?? null)) continue;
      moved.set(c.id, { dueAt, runAt, elapsedMs: Math.round(elapsedBusinessMs(cal, history, now)), clock: c });
    }
    if (!moved.size) {
      options.onProgress?.({ recomputed, written });
      continue;
    }
    written += await inTx(async (trx) => {
      const values = [...moved].map(([id, m]) => sql`(${id}, ${m.dueAt}, ${m.elapsedMs}, ${m.clock.updated_at})`);
      const updated = await sql<{ id: string }>`
        update sla_clocks
           set due_at = v.column2, elapsed_ms = cast(v.column3 as bigint), updated_at = ${stamp}
          from (values ${sql.join(values)}) as v
         where sla_clocks.id = v.column1 and sla_clocks.updated_at = v.column4 and sla_clocks.stopped_at is null
        returning sla_clocks.id`.execute(trx);
      const ids = updated.rows.map((r) => r.id).filter((id) => moved.get(id)!.runAt !== (timerAt.get(id) ?? null));
      const withTimer = ids.filter((id) => moved.get(id)!.runAt);
      const noTimer = ids.filter((id) => !moved.get(id)!.runAt);
      // Most clocks already have a queued timer (under either key): it is moved in place.
      const shifted = new Set<string>();
      const toMove = withTimer.filter((id) => queuedKeys.has(id));
      if (toMove.length) {
        const movedKeys = await rescheduleQueuedJobs(
          trx,
          toMove.flatMap((id) => queuedKeys.get(id)!.map((uniqueKey) => ({ uniqueKey, runAt: moved.get(id)!.runAt! }))),
        );
        for (const id of toMove) if (queuedKeys.get(id)!.some((key) => movedKeys.has(key))) shifted.add(id);
      }
      if (noTimer.length)
        await cancelQueuedJobs(
          trx,
          noTimer.flatMap((id) => timerKeys(id)),
        );
      const timers = withTimer
        .filter((id) => !shifted.has(id))
        .map((id) => ({ clockId: id, runAt: moved.get(id)!.runAt! }));
      // A timer that is running right now holds the first key; its clock takes the second.
      for (const keyIndex of [0, 1]) {
        if (!timers.length) break;
        const added = await enqueueKeyedJobs(
          trx,
          timers.map((t) => ({ uniqueKey: timerKeys(t.clockId)[keyIndex]!, ...timerJob(t.clockId, t.runAt) })),
        );
        const inserted = new Set(
          timers.filter((t) => added.has(timerKeys(t.clockId)[keyIndex]!)).map((t) => t.clockId),
        );
        timers.splice(0, timers.length, ...timers.filter((t) => !inserted.has(t.clockId)));
      }
      return updated.rows.length;
    });
    options.onProgress?.({ recomputed, written });
  }
  return { recomputed, written };
}

/**
 * The recompute job: runs until the clocks have caught up with the calendar's latest version,
 * so an edit that lands while it runs is not lost (its own enqueue found this job's key taken).
 */
export async function catchUpCalendar(
  db: Db,
  calendarId: string,
  onProgress?: (progress: RecomputeProgress) => void,
): Promise<RecomputeProgress> {
  const total = { recomputed: 0, written: 0 };
  for (let round = 0; round < 10; round++) {
    const versions = await calendarClockVersions(db, calendarId);
    if (!versions || versions.clocksVersion >= versions.version) break;
    const before = { ...total };
    const pass = await recomputeClocksOnCalendar(db, calendarId, {
      onProgress: onProgress
        ? (p) => onProgress({ recomputed: before.recomputed + p.recomputed, written: before.written + p.written })
        : undefined,
    });
    total.recomputed += pass.recomputed;
    total.written += pass.written;
    await markClocksRecomputed(db, calendarId, versions.version);
  }
  return total;
}

/**
 * When a stretch of `minutes` business minutes that starts at `startAt` ends, for each record:
 * counted on the calendar of the record's resolution clock (its SLA's calendar for its level), so
 * nights, weekends and holidays do not count where the SLA says they do not. A record without a
 * clock has no calendar and counts wall-clock minutes. Null: the calendar never reaches it.
 */
export async function businessDeadlines(
  db: Db,
  stretches: readonly { recordId: string; startAt: string; minutes: number }[],
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (!stretches.length) return out;
  const calendars = new Map<string, string>();
  for (let i = 0; i < stretches.length; i += 500) {
    const rows = await db
      .selectFrom('sla_clocks')
      .select(['record_id', 'calendar_id'])
      .where('metric', '=', 'resolution')
      .where(
        'record_id',
        'in',
        stretches.slice(i, i + 500).map((s) => s.recordId),
      )
      .execute();
    for (const r of rows) calendars.set(r.record_id, r.calendar_id);
  }
  for (const s of stretches) {
    const start = Date.parse(s.startAt);
    const calendarId = calendars.get(s.recordId);
    if (!calendarId) {
      out.set(s.recordId, start + s.minutes * 60_000);
      continue;
    }
    const cal = await businessCalendar(db, calendarId);
    try {
      out.set(s.recordId, cal.addBusinessMinutes(start, s.minutes));
    } catch (err) {
      if (!(err instanceof NoWorkingTimeError)) throw err;
      out.set(s.recordId, null);
    }
  }
  return out;
}
