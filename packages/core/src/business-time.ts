/**
 * Business-time arithmetic: working hours per weekday in a time zone, holidays and make-up
 * workdays (调休), and SLA clocks built on them. Pure: no I/O, instants are epoch milliseconds.
 *
 * An instant t is working time when its local wall time (in the calendar's zone) falls inside
 * one of the spans of its local date. Day spans are converted to UTC intervals exactly, also on
 * days when daylight saving starts or ends.
 */

/** Minutes from local midnight: [start, end), 0 ≤ start < end ≤ 1440. */
export type Span = readonly [number, number];

export interface DayOverride {
  /** holiday: no work that day; workday: a working day, e.g. a weekend make-up day (调休). */
  kind: 'holiday' | 'workday';
  /** Working spans of a workday; null means the calendar's normal working-day spans. */
  spans?: readonly Span[] | null;
}

export interface CalendarSpec {
  timeZone: string;
  /** 7×24: every instant is working time; weekdays and holidays do not matter. */
  always: boolean;
  /** Index 0 = Sunday … 6 = Saturday. */
  week: readonly (readonly Span[])[];
  /** Local date 'YYYY-MM-DD' → override. */
  days: Readonly<Record<string, DayOverride>>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Never search further than this for working time: a calendar with none would loop forever. */
const MAX_SCAN_DAYS = 3_700;

export class NoWorkingTimeError extends Error {
  constructor() {
    super('the calendar has no working time within ten years');
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** UTC offset of the zone at instant t, in ms (local = utc + offset). */
export function zoneOffsetMs(timeZone: string, t: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - (t - (((t % 1000) + 1000) % 1000));
}

const pad = (n: number) => String(n).padStart(2, '0');
/** 'YYYY-MM-DD' of a UTC-midnight timestamp. */
export const dateKey = (utcMidnight: number): string => {
  const d = new Date(utcMidnight);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
export const parseDateKey = (key: string): number => Date.parse(`${key}T00:00:00Z`);

/** The local date of instant t, as the UTC midnight of that calendar date. */
export function localDateOf(timeZone: string, t: number): number {
  const local = t + zoneOffsetMs(timeZone, t);
  return local - (((local % DAY) + DAY) % DAY);
}

/** The spans of a working day when nothing overrides it: Monday's, else the first weekday with any. */
export function normalWorkdaySpans(spec: CalendarSpec): readonly Span[] {
  for (const d of [1, 2, 3, 4, 5, 6, 0]) if ((spec.week[d] ?? []).length) return spec.week[d]!;
  return [];
}

export function spansOn(spec: CalendarSpec, day: number): readonly Span[] {
  const override = spec.days[dateKey(day)];
  if (override?.kind === 'holiday') return [];
  if (override?.kind === 'workday') return override.spans ?? normalWorkdaySpans(spec);
  return spec.week[new Date(day).getUTCDay()] ?? [];
}

type Interval = [number, number];

/**
 * A calendar prepared for fast use: each local day's working intervals in UTC are computed once.
 * Build one per calendar version and reuse it.
 */
export class BusinessCalendar {
  private readonly cache = new Map<number, Interval[]>();
  constructor(readonly spec: CalendarSpec) {}

  get always(): boolean {
    return this.spec.always;
  }

  /** Working intervals of one local date (UTC midnight of that date), in UTC, sorted, disjoint. */
  dayIntervals(day: number): Interval[] {
    const hit = this.cache.get(day);
    if (hit) return hit;
    const spans = spansOn(this.spec, day);
    let result: Interval[] = [];
    if (spans.length) {
      const tz = this.spec.timeZone;
      // Every instant of local day D lies within [D − 14 h, D + 36 h] whatever the zone.
      const lo = day - 14 * HOUR;
      const hi = day + 36 * HOUR;
      const oLo = zoneOffsetMs(tz, lo);
      const oHi = zoneOffsetMs(tz, hi);
      let switchAt = Number.POSITIVE_INFINITY;
      if (oLo !== oHi) {
        // First minute at which the later offset applies (zone transitions fall on whole minutes).
        let a = lo / MINUTE;
        let b = hi / MINUTE;
        while (b - a > 1) {
          const m = Math.floor((a + b) / 2);
          if (zoneOffsetMs(tz, m * MINUTE) === oLo) a = m;
          else b = m;
        }
        switchAt = b * MINUTE;
      }
      for (const [s, e] of spans) {
        const before: Interval = [day + s * MINUTE - oLo, Math.min(day + e * MINUTE - oLo, switchAt)];
        if (before[1] > before[0]) result.push(before);
        if (switchAt !== Number.POSITIVE_INFINITY) {
          const after: Interval = [Math.max(day + s * MINUTE - oHi, switchAt), day + e * MINUTE - oHi];
          if (after[1] > after[0]) result.push(after);
        }
      }
      result.sort((x, y) => x[0] - y[0]);
      result = result.reduce<Interval[]>((merged, iv) => {
        const last = merged[merged.length - 1];
        if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
        else merged.push([iv[0], iv[1]]);
        return merged;
      }, []);
    }
    if (this.cache.size > 20_000) this.cache.clear();
    this.cache.set(day, result);
    return result;
  }

  /** Working intervals that end after `from`, clipped to start no earlier than it, in order. */
  *intervalsFrom(from: number): Generator<Interval> {
    // The day before too: its intervals can reach past midnight UTC.
    let day = localDateOf(this.spec.timeZone, from) - DAY;
    for (let i = 0; i < MAX_SCAN_DAYS; i++, day += DAY) {
      for (const [a, b] of this.dayIntervals(day)) {
        if (b > from) yield [Math.max(a, from), b];
      }
    }
  }

  isWorkingAt(t: number): boolean {
    if (this.always) return true;
    const day = localDateOf(this.spec.timeZone, t);
    return this.dayIntervals(day).some(([a, b]) => t >= a && t < b);
  }

  /** The first working instant at or after t. */
  nextWorkingInstant(t: number): number {
    if (this.always) return t;
    for (const [a] of this.intervalsFrom(t)) return a;
    throw new NoWorkingTimeError();
  }

  /** The instant at which `ms` of working time have passed since `start`. */
  addBusinessMs(start: number, ms: number): number {
    if (this.always) return start + ms;
    if (ms <= 0) return start;
    let remaining = ms;
    for (const [a, b] of this.intervalsFrom(start)) {
      if (b - a >= remaining) return a + remaining;
      remaining -= b - a;
    }
    throw new NoWorkingTimeError();
  }

  addBusinessMinutes(start: number, minutes: number): number {
    return this.addBusinessMs(start, minutes * MINUTE);
  }

  /** Working time within [a, b), in ms. */
  businessMsBetween(a: number, b: number): number {
    if (b <= a) return 0;
    if (this.always) return b - a;
    let total = 0;
    for (const [x, y] of this.intervalsFrom(a)) {
      if (x >= b) break;
      total += Math.min(y, b) - x;
    }
    return total;
  }
}

// ---- SLA clocks

/**
 * What happened to a clock, as wall-clock instants. Everything else (elapsed, due, remaining)
 * is derived from it and the calendar, so a change of target or calendar loses nothing.
 */
export interface ClockHistory {
  startedAt: number;
  /** Pauses in order; the last may still be open (end null). */
  pauses: readonly (readonly [number, number | null])[];
  stoppedAt: number | null;
}

export const isPaused = (h: ClockHistory): boolean =>
  h.stoppedAt === null && h.pauses.length > 0 && h.pauses[h.pauses.length - 1]![1] === null;

/** Running stretches of the clock up to `until` (wall instants). */
function runningSegments(h: ClockHistory, until: number): Interval[] {
  const end = Math.min(h.stoppedAt ?? until, until);
  const segments: Interval[] = [];
  let cursor = h.startedAt;
  for (const [p0, p1] of h.pauses) {
    if (p0 > cursor) segments.push([cursor, Math.min(p0, end)]);
    cursor = Math.max(cursor, p1 ?? Number.POSITIVE_INFINITY);
    if (cursor >= end) break;
  }
  if (cursor < end) segments.push([cursor, end]);
  return segments.filter(([a, b]) => b > a);
}

/** Business time the clock has run, up to `now` (or its stop). */
export function elapsedBusinessMs(cal: BusinessCalendar, h: ClockHistory, now: number): number {
  return runningSegments(h, now).reduce((sum, [a, b]) => sum + cal.businessMsBetween(a, b), 0);
}

/** Business time the clock spent paused, up to `now` (or its stop). */
export function pausedBusinessMs(cal: BusinessCalendar, h: ClockHistory, now: number): number {
  const end = h.stoppedAt ?? now;
  return h.pauses.reduce((sum, [p0, p1]) => sum + cal.businessMsBetween(p0, Math.min(p1 ?? end, end)), 0);
}

/**
 * The instant the clock reaches `targetMs` of business time, given its history so far.
 * Null while paused (the clock cannot reach anything until it runs again) or when it stopped
 * short of the target.
 */
export function instantReaching(cal: BusinessCalendar, h: ClockHistory, targetMs: number): number | null {
  let remaining = targetMs;
  let cursor = h.startedAt;
  const closedPauses = h.pauses.filter((p) => p[1] !== null) as [number, number][];
  const openPause = h.pauses.find((p) => p[1] === null);
  const limit = h.stoppedAt ?? openPause?.[0] ?? Number.POSITIVE_INFINITY;
  for (const [p0, p1] of closedPauses) {
    if (p0 > cursor) {
      const segEnd = Math.min(p0, limit);
      const worked = cal.businessMsBetween(cursor, segEnd);
      if (worked >= remaining) return cal.addBusinessMs(cursor, remaining);
      remaining -= worked;
    }
    cursor = Math.max(cursor, p1);
    if (cursor >= limit) return null;
  }
  if (limit === Number.POSITIVE_INFINITY) return cal.addBusinessMs(cursor, remaining);
  const worked = cal.businessMsBetween(cursor, limit);
  return worked >= remaining && remaining >= 0 ? cal.addBusinessMs(cursor, remaining) : null;
}
