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

/** Every instant of local day D lies within [D − 14 h, D + 36 h) UTC, whatever the zone. */
const BEFORE = 14 * HOUR;
const AFTER = 36 * HOUR;
/**
 * Days are prepared in blocks of this many: each block keeps every day's working intervals and
 * a running total of working time, so whole days and weeks are skipped with one subtraction or
 * a binary search instead of being summed day by day. Small blocks keep a first use cheap.
 */
const BLOCK_DAYS = 64;

interface Block {
  /** Day number (UTC midnight / DAY) of the block's first day. */
  first: number;
  intervals: Interval[][];
  /** prefix[i]: working ms of the block's days before day i; prefix[BLOCK_DAYS] is the block's total. */
  prefix: Float64Array;
}

/** The working intervals of one local date, in UTC, sorted and disjoint; exact across DST. */
function computeDayIntervals(spec: CalendarSpec, day: number): Interval[] {
  const spans = spansOn(spec, day);
  if (!spans.length) return [];
  const tz = spec.timeZone;
  const lo = day - BEFORE;
  const hi = day + AFTER;
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
  const result: Interval[] = [];
  for (const [s, e] of spans) {
    const before: Interval = [day + s * MINUTE - oLo, Math.min(day + e * MINUTE - oLo, switchAt)];
    if (before[1] > before[0]) result.push(before);
    if (switchAt !== Number.POSITIVE_INFINITY) {
      const after: Interval = [Math.max(day + s * MINUTE - oHi, switchAt), day + e * MINUTE - oHi];
      if (after[1] > after[0]) result.push(after);
    }
  }
  result.sort((x, y) => x[0] - y[0]);
  return result.reduce<Interval[]>((merged, iv) => {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
    return merged;
  }, []);
}

/** Working time of one day's intervals inside [a, b). */
function clipped(intervals: Interval[], a: number, b: number): number {
  let sum = 0;
  for (const [x, y] of intervals) {
    const len = Math.min(y, b) - Math.max(x, a);
    if (len > 0) sum += len;
  }
  return sum;
}

/**
 * A calendar prepared for fast use. Days are compiled in blocks on first use and kept, so build
 * one per calendar version and reuse it. The hot paths never ask Intl for a time zone offset:
 * an instant's neighbouring days are found from the fixed [D − 14 h, D + 36 h) window.
 */
export class BusinessCalendar {
  private readonly blocks = new Map<number, Block>();
  constructor(readonly spec: CalendarSpec) {}

  get always(): boolean {
    return this.spec.always;
  }

  private block(k: number): Block {
    let b = this.blocks.get(k);
    if (b) return b;
    const first = k * BLOCK_DAYS;
    const intervals: Interval[][] = [];
    const prefix = new Float64Array(BLOCK_DAYS + 1);
    for (let i = 0; i < BLOCK_DAYS; i++) {
      const iv = computeDayIntervals(this.spec, (first + i) * DAY);
      intervals.push(iv);
      prefix[i + 1] = prefix[i]! + clipped(iv, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    }
    b = { first, intervals, prefix };
    if (this.blocks.size > 4_000) this.blocks.clear();
    this.blocks.set(k, b);
    return b;
  }

  private intervalsOfDay(n: number): Interval[] {
    const b = this.block(Math.floor(n / BLOCK_DAYS));
    return b.intervals[n - b.first]!;
  }

  /** Working intervals of one local date (UTC midnight of that date), in UTC, sorted, disjoint. */
  dayIntervals(day: number): Interval[] {
    return this.intervalsOfDay(Math.round(day / DAY));
  }

  /** Working ms of whole days with day numbers in [n1, n2). */
  private wholeDays(n1: number, n2: number): number {
    let total = 0;
    let n = n1;
    while (n < n2) {
      const b = this.block(Math.floor(n / BLOCK_DAYS));
      const end = Math.min(n2, b.first + BLOCK_DAYS);
      total += b.prefix[end - b.first]! - b.prefix[n - b.first]!;
      n = end;
    }
    return total;
  }

  isWorkingAt(t: number): boolean {
    if (this.always) return true;
    for (let n = Math.floor((t - AFTER) / DAY); n * DAY - BEFORE <= t; n++) {
      if (this.intervalsOfDay(n).some(([a, b]) => t >= a && t < b)) return true;
    }
    return false;
  }

  /** The first working instant at or after t. */
  nextWorkingInstant(t: number): number {
    if (this.always) return t;
    const tail = Math.ceil((t + BEFORE) / DAY);
    for (let n = Math.floor((t - AFTER) / DAY); n < tail; n++) {
      for (const [a, b] of this.intervalsOfDay(n)) if (b > t) return Math.max(a, t);
    }
    for (let n = tail; n < tail + MAX_SCAN_DAYS; ) {
      const b = this.block(Math.floor(n / BLOCK_DAYS));
      const i0 = n - b.first;
      if (b.prefix[BLOCK_DAYS]! > b.prefix[i0]!) {
        for (let i = i0; i < BLOCK_DAYS; i++) if (b.intervals[i]!.length) return b.intervals[i]![0]![0];
      }
      n = b.first + BLOCK_DAYS;
    }
    throw new NoWorkingTimeError();
  }

  /** The instant at which `ms` of working time have passed since `start`. */
  addBusinessMs(start: number, ms: number): number {
    if (this.always) return start + ms;
    if (ms <= 0) return start;
    let remaining = ms;
    // Days whose intervals may begin before `start`: walked and clipped.
    const tail = Math.ceil((start + BEFORE) / DAY);
    for (let n = Math.floor((start - AFTER) / DAY); n < tail; n++) {
      for (const [x, y] of this.intervalsOfDay(n)) {
        if (y <= start) continue;
        const a = Math.max(x, start);
        if (y - a >= remaining) return a + remaining;
        remaining -= y - a;
      }
    }
    // Later days lie wholly after `start`: skip whole blocks, then binary-search the day.
    for (let n = tail; n < tail + MAX_SCAN_DAYS; ) {
      const b = this.block(Math.floor(n / BLOCK_DAYS));
      const i0 = n - b.first;
      const rest = b.prefix[BLOCK_DAYS]! - b.prefix[i0]!;
      if (rest < remaining) {
        remaining -= rest;
        n = b.first + BLOCK_DAYS;
        continue;
      }
      let lo = i0 + 1;
      let hi = BLOCK_DAYS;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (b.prefix[mid]! - b.prefix[i0]! >= remaining) hi = mid;
        else lo = mid + 1;
      }
      const day = lo - 1;
      remaining -= b.prefix[day]! - b.prefix[i0]!;
      for (const [x, y] of b.intervals[day]!) {
        if (y - x >= remaining) return x + remaining;
        remaining -= y - x;
      }
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
    const first = Math.floor((a - AFTER) / DAY);
    const last = Math.ceil((b + BEFORE) / DAY);
    // Days wholly inside [a, b) come from the running totals; the few at either edge are clipped.
    const lo = Math.ceil((a + BEFORE) / DAY);
    const hi = Math.floor((b - AFTER) / DAY);
    let total = 0;
    if (lo <= hi) {
      total += this.wholeDays(lo, hi + 1);
      for (let n = first; n < lo; n++) total += clipped(this.intervalsOfDay(n), a, b);
      for (let n = hi + 1; n <= last; n++) total += clipped(this.intervalsOfDay(n), a, b);
    } else {
      for (let n = first; n <= last; n++) total += clipped(this.intervalsOfDay(n), a, b);
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
