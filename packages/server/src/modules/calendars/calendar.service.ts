import { createRequire } from 'node:module';
import {
  BusinessCalendar,
  type CalendarDay,
  type Calendar as CalendarDto,
  type CalendarSpec,
  type CreateCalendar,
  type DayOverride,
  type PutCalendarDays,
  type Span,
  type UpdateCalendar,
} from '@trellis/core';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { audit, diff } from '../../platform/audit.js';
import { nowIso, nowMs } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueueJob } from '../../platform/jobs.js';
import { type ImportedDay, parseIcsDays } from './calendar.ics.js';
import type { CalendarsTable } from './calendar.table.js';

export const OFFICE_HOURS: Span[] = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

type Row = Selectable<CalendarsTable>;

// ---- years with holiday data

/** The years a calendar must know now: this year, and from 15 November on, next year too. */
export function requiredYears(now = new Date(nowMs())): number[] {
  const year = now.getUTCFullYear();
  const lateInYear = now.getUTCMonth() === 10 ? now.getUTCDate() >= 15 : now.getUTCMonth() === 11;
  return lateInYear ? [year, year + 1] : [year];
}

async function coveredYears(db: Db, calendarIds: string[]): Promise<Map<string, number[]>> {
  const map = new Map<string, number[]>();
  if (!calendarIds.length) return map;
  const rows = await db
    .selectFrom('calendar_years')
    .select(['calendar_id', 'year'])
    .where('calendar_id', 'in', calendarIds)
    .orderBy('year')
    .execute();
  for (const r of rows) map.set(r.calendar_id, [...(map.get(r.calendar_id) ?? []), r.year]);
  return map;
}

function toDto(row: Row, covered: number[]): CalendarDto {
  const needsHolidays = row.holiday_region !== null && !row.always && Boolean(row.active);
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    always: Boolean(row.always),
    week: JSON.parse(row.week_json),
    holidayRegion: row.holiday_region,
    active: Boolean(row.active),
    version: row.version,
    coveredYears: covered,
    missingYears: needsHolidays ? requiredYears().filter((y) => !covered.includes(y)) : [],
    recomputing: row.clocks_version < row.version,
  };
}

export async function listCalendars(db: Db): Promise<CalendarDto[]> {
  const rows = await db.selectFrom('calendars').selectAll().orderBy('created_at').execute();
  const years = await coveredYears(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toDto(r, years.get(r.id) ?? []));
}

export async function getCalendar(db: Db, id: string): Promise<CalendarDto> {
  const row = await db.selectFrom('calendars').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toDto(row, (await coveredYears(db, [id])).get(id) ?? []);
}

/** Calendars in use whose holiday data is missing for a year they need: for /readyz and the admin banner. */
export async function missingHolidayYears(db: Db): Promise<{ calendar: string; years: number[] }[]> {
  return (await listCalendars(db))
    .filter((c) => c.missingYears.length > 0)
    .map((c) => ({ calendar: c.name, years: c.missingYears }));
}

export async function listDays(db: Db, calendarId: string, year?: number): Promise<CalendarDay[]> {
  let query = db.selectFrom('calendar_days').selectAll().where('calendar_id', '=', calendarId).orderBy('date');
  if (year) query = query.where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`);
  return (await query.execute()).map((d) => ({
    date: d.date,
    kind: d.kind,
    name: d.name,
    spans: d.spans_json ? JSON.parse(d.spans_json) : null,
    source: d.source,
  }));
}

// ---- compiled calendars for the arithmetic

interface Compiled {
  version: number;
  calendar: BusinessCalendar;
  timeZone: string;
  /** Whether the calendar counts statutory holidays at all (a CN calendar, not 7×24). */
  needsHolidays: boolean;
  covered: Set<number>;
}

const compiled = new Map<string, Compiled>();

async function compiledCalendar(db: Db, id: string): Promise<Compiled> {
  const row = await db.selectFrom('calendars').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  const hit = compiled.get(id);
  if (hit && hit.version === row.version) return hit;
  const days = await db.selectFrom('calendar_days').selectAll().where('calendar_id', '=', id).execute();
  const spec: CalendarSpec = {
    timeZone: row.time_zone,
    always: Boolean(row.always),
    week: JSON.parse(row.week_json),
    days: Object.fromEntries(
      days.map((d): [string, DayOverride] => [
        d.date,
        { kind: d.kind, spans: d.spans_json ? (JSON.parse(d.spans_json) as Span[]) : null },
      ]),
    ),
  };
  // Marking a year complete or importing one bumps the version, so the coverage is cached with the days.
  const entry: Compiled = {
    version: row.version,
    calendar: new BusinessCalendar(spec),
    timeZone: row.time_zone,
    needsHolidays: row.holiday_region !== null && !row.always,
    covered: new Set((await coveredYears(db, [id])).get(id) ?? []),
  };
  compiled.set(id, entry);
  return entry;
}

/** The calendar's business-time arithmetic, rebuilt only when its version changed. */
export async function businessCalendar(db: Db, id: string): Promise<BusinessCalendar> {
  return (await compiledCalendar(db, id)).calendar;
}

const yearFormats = new Map<string, Intl.DateTimeFormat>();
function yearIn(timeZone: string, ms: number): number {
  let format = yearFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' });
    yearFormats.set(timeZone, format);
  }
  return Number(format.format(ms));
}

export interface CalendarWithCoverage {
  calendar: BusinessCalendar;
  /**
   * The years between two instants (in the calendar's zone) whose holidays the calendar needs and
   * does not have. A computation through such a year counts its holidays as working days, and
   * whoever reads its answer must be told so.
   */
  missingYears(fromMs: number, toMs: number): number[];
}

export async function calendarWithCoverage(db: Db, id: string): Promise<CalendarWithCoverage> {
  const entry = await compiledCalendar(db, id);
  return {
    calendar: entry.calendar,
    missingYears: (fromMs, toMs) => {
      if (!entry.needsHolidays) return [];
      const years: number[] = [];
      const last = yearIn(entry.timeZone, Math.max(fromMs, toMs));
      for (let y = yearIn(entry.timeZone, Math.min(fromMs, toMs)); y <= last; y++)
        if (!entry.covered.has(y)) years.push(y);
      return years;
    },
  };
}

// ---- edits

/** The job (handled by the SLA module) that recomputes every open clock on a calendar. */
export const RECOMPUTE_JOB = 'sla.recompute_calendar';

/**
 * Queued in the edit's transaction, so it exists exactly when the edit does. One key per
 * calendar: edits made while it waits coalesce into one run, and a run loops until the clocks
 * have caught up with the calendar's latest version.
 */
export async function enqueueRecompute(db: Db, calendarId: string): Promise<void> {
  await enqueueJob(db, {
    type: RECOMPUTE_JOB,
    payload: { calendarId },
    uniqueKey: `sla.recompute:${calendarId}`,
    maxAttempts: 20,
  });
}

/**
 * Each calendar edit bumps `version`; `clocks_version` says which version the SLA clocks on it
 * were last recomputed for. The SLA module reads and advances it through these.
 */
export async function calendarClockVersions(
  db: Db,
  calendarId: string,
): Promise<{ version: number; clocksVersion: number } | null> {
  const row = await db
    .selectFrom('calendars')
    .select(['version', 'clocks_version'])
    .where('id', '=', calendarId)
    .executeTakeFirst();
  return row ? { version: row.version, clocksVersion: row.clocks_version } : null;
}

export async function calendarExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('calendars').select('id').where('id', '=', id).executeTakeFirst());
}

export async function calendarNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('calendars').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function markClocksRecomputed(db: Db, calendarId: string, version: number): Promise<void> {
  await db
    .updateTable('calendars')
    .set({ clocks_version: version })
    .where('id', '=', calendarId)
    .where('clocks_version', '<', version)
    .execute();
}

/** Calendars edited since their clocks were last recomputed. */
export async function calendarsBehindClocks(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('calendars').select('id').whereRef('clocks_version', '<', 'version').execute();
  return rows.map((r) => r.id);
}

export async function createCalendar(tx: Tx, input: z.infer<typeof CreateCalendar>): Promise<CalendarDto> {
  const now = nowIso();
  const row: Row = {
    id: newId(),
    name: input.name,
    time_zone: input.timeZone,
    always: Number(input.always),
    week_json: JSON.stringify(input.week),
    holiday_region: input.holidayRegion,
    active: 1,
    version: 1,
    clocks_version: 1,
    created_at: now,
    updated_at: now,
  };
  await tx.db.insertInto('calendars').values(row).execute();
  await audit(tx, { action: 'calendar.create', entityType: 'calendar', entityId: row.id, after: row });
  if (row.holiday_region === 'CN') await importPackageHolidays(tx.db, row.id);
  return getCalendar(tx.db, row.id);
}

async function bumpVersion(tx: Tx, id: string) {
  await tx.db
    .updateTable('calendars')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: nowIso() }))
    .where('id', '=', id)
    .execute();
  await enqueueRecompute(tx.db, id);
  tx.emit('calendar.changed', { payload: { calendarId: id } });
}

export async function updateCalendar(tx: Tx, id: string, input: z.infer<typeof UpdateCalendar>) {
  const before = await tx.db.selectFrom('calendars').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) throw notFound();
  const changes = diff(before, {
    name: input.name,
    time_zone: input.timeZone,
    always: input.always === undefined ? undefined : Number(input.always),
    week_json: input.week === undefined ? undefined : JSON.stringify(input.week),
    holiday_region: input.holidayRegion,
    active: input.active === undefined ? undefined : Number(input.active),
  });
  if (Object.keys(changes.after).length) {
    await tx.db.updateTable('calendars').set(changes.after).where('id', '=', id).execute();
    await bumpVersion(tx, id);
    await audit(tx, { action: 'calendar.update', entityType: 'calendar', entityId: id, ...changes });
    if (changes.after.holiday_region === 'CN') await importPackageHolidays(tx.db, id);
  }
  return getCalendar(tx.db, id);
}

async function upsertDays(
  db: Db,
  calendarId: string,
  days: ImportedDay[],
  source: 'admin' | 'ics' | 'json' | 'package',
) {
  for (const d of days) {
    const spans = 'spans' in d && d.spans ? JSON.stringify(d.spans) : null;
    await db
      .insertInto('calendar_days')
      .values({ calendar_id: calendarId, date: d.date, kind: d.kind, name: d.name, spans_json: spans, source })
      .onConflict((oc) =>
        oc.columns(['calendar_id', 'date']).doUpdateSet({ kind: d.kind, name: d.name, spans_json: spans, source }),
      )
      .execute();
  }
}

async function markYears(db: Db, calendarId: string, years: number[], source: string) {
  for (const year of new Set(years)) {
    await db
      .insertInto('calendar_years')
      .values({ calendar_id: calendarId, year, source, imported_at: nowIso() })
      .onConflict((oc) => oc.columns(['calendar_id', 'year']).doNothing())
      .execute();
  }
}

export async function putDays(tx: Tx, calendarId: string, input: z.infer<typeof PutCalendarDays>) {
  await getCalendar(tx.db, calendarId);
  await upsertDays(
    tx.db,
    calendarId,
    input.days.map((d) => ({ ...d, name: d.name ?? '' })),
    'admin',
  );
  if (input.remove.length)
    await tx.db
      .deleteFrom('calendar_days')
      .where('calendar_id', '=', calendarId)
      .where('date', 'in', input.remove)
      .execute();
  await markYears(tx.db, calendarId, input.completeYears, 'admin');
  await bumpVersion(tx, calendarId);
  await audit(tx, { action: 'calendar.days', entityType: 'calendar', entityId: calendarId, after: input });
  return getCalendar(tx.db, calendarId);
}

const JsonDays = (raw: unknown): ImportedDay[] => {
  const list = Array.isArray(raw) ? raw : (raw as { days?: unknown })?.days;
  if (!Array.isArray(list)) throw new Error('expected a list of days');
  return list.map((d, i) => {
    const date = String(d?.date ?? '');
    const kind = d?.kind ?? d?.type;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !['holiday', 'workday'].includes(kind))
      throw new Error(`item ${i}: needs date YYYY-MM-DD and kind holiday|workday`);
    return { date, kind, name: String(d?.name ?? '').slice(0, 100) };
  });
};

/** Imports a year or more of days; the years present in the file count as complete afterwards. */
export async function importDays(tx: Tx, calendarId: string, format: 'ics' | 'json', content: string) {
  await getCalendar(tx.db, calendarId);
  let days: ImportedDay[];
  try {
    days = format === 'ics' ? parseIcsDays(content) : JsonDays(JSON.parse(content));
  } catch (err) {
    throw new AppError('calendar.import_invalid', { reason: err instanceof Error ? err.message : String(err) });
  }
  if (days.length === 0) throw new AppError('calendar.import_invalid', { reason: 'no days' });
  await upsertDays(tx.db, calendarId, days, format);
  const years = days.map((d) => Number(d.date.slice(0, 4)));
  await markYears(tx.db, calendarId, years, format);
  await bumpVersion(tx, calendarId);
  await audit(tx, {
    action: 'calendar.import',
    entityType: 'calendar',
    entityId: calendarId,
    after: { format, days: days.length, years: [...new Set(years)] },
  });
  return { imported: days.length, years: [...new Set(years)].sort() };
}

// ---- mainland China's statutory holidays from the chinese-days package

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function packageData(): ChineseDaysData {
  const require = createRequire(import.meta.url);
  return require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
}

/** Days of the years the package covers and the calendar does not have yet; admin edits are never overwritten. */
export async function importPackageHolidays(db: Db, calendarId: string): Promise<number[]> {
  const data = packageData();
  const have = new Set((await coveredYears(db, [calendarId])).get(calendarId) ?? []);
  const days: ImportedDay[] = [];
  const name = (v: string) => v.split(',')[1] ?? v;
  for (const [date, v] of Object.entries(data.holidays)) days.push({ date, kind: 'holiday', name: name(v) });
  for (const [date, v] of Object.entries(data.workdays)) days.push({ date, kind: 'workday', name: name(v) });
  const fresh = days.filter((d) => !have.has(Number(d.date.slice(0, 4))));
  if (!fresh.length) return [];
  for (let i = 0; i < fresh.length; i += 500) {
    await db
      .insertInto('calendar_days')
      .values(
        fresh.slice(i, i + 500).map((d) => ({
          calendar_id: calendarId,
          date: d.date,
          kind: d.kind,
          name: d.name,
          spans_json: null,
          source: 'package' as const,
        })),
      )
      .onConflict((oc) => oc.columns(['calendar_id', 'date']).doNothing())
      .execute();
  }
  const years = [...new Set(fresh.map((d) => Number(d.date.slice(0, 4))))].sort();
  await markYears(db, calendarId, years, 'chinese-days');
  await db
    .updateTable('calendars')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', calendarId)
    .execute();
  await enqueueRecompute(db, calendarId);
  return years;
}

export const STANDARD_CALENDAR_NAMES = { office: '工作时间', always: '7×24' } as const;

/**
 * At start-up: the standard calendars exist, and every Chinese-holiday calendar has every year
 * the installed package knows. Runs in each process; inserts are idempotent.
 */
export async function ensureStandardCalendars(db: Db): Promise<void> {
  const any = await db.selectFrom('calendars').select('id').limit(1).executeTakeFirst();
  if (!any) {
    const now = nowIso();
    const week = [[], OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, OFFICE_HOURS, []];
    const always = Array.from({ length: 7 }, () => [[0, 1440]]);
    await db
      .insertInto('calendars')
      .values([
        {
          id: newId(),
          name: STANDARD_CALENDAR_NAMES.office,
          time_zone: 'Asia/Shanghai',
          always: 0,
          week_json: JSON.stringify(week),
          holiday_region: 'CN',
          active: 1,
          version: 1,
          clocks_version: 1,
          created_at: now,
          updated_at: now,
        },
        {
          id: newId(),
          name: STANDARD_CALENDAR_NAMES.always,
          time_zone: 'Asia/Shanghai',
          always: 1,
          week_json: JSON.stringify(always),
          holiday_region: null,
          active: 1,
          version: 1,
          clocks_version: 1,
          created_at: now,
          updated_at: now,
        },
      ])
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
  const cn = await db.selectFrom('calendars').select('id').where('holiday_region', '=', 'CN').execute();
  for (const c of cn) await importPackageHolidays(db, c.id);
}
