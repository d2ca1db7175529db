import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BusinessCalendar,
  type CalendarSpec,
  type ClockHistory,
  type DayOverride,
  dateKey,
  elapsedBusinessMs,
  instantReaching,
  type Span,
  spansOn,
  zoneOffsetMs,
} from '../src/business-time.js';

const MIN = 60_000;
const DAY = 86_400_000;

/** The reference: one minute at a time, asking the zone for every single minute's wall time. */
const offsets = new Map<string, number>();
/** Zone offsets change on quarter-hour UTC boundaries at the finest, so one lookup per quarter hour. */
function offsetAt(timeZone: string, t: number): number {
  const key = `${timeZone}:${Math.floor(t / (15 * MIN))}`;
  let o = offsets.get(key);
  if (o === undefined) {
    o = zoneOffsetMs(timeZone, t);
    offsets.set(key, o);
  }
  return o;
}

function workingMinute(spec: CalendarSpec, t: number): boolean {
  if (spec.always) return true;
  const local = t + offsetAt(spec.timeZone, t);
  const day = local - (((local % DAY) + DAY) % DAY);
  const minute = Math.floor((local - day) / MIN);
  return spansOn(spec, day).some(([s, e]) => minute >= s && minute < e);
}

function walkAdd(spec: CalendarSpec, start: number, minutes: number): number {
  let t = start;
  let count = 0;
  while (count < minutes) {
    if (workingMinute(spec, t)) count++;
    t += MIN;
  }
  return t;
}

function walkBetween(spec: CalendarSpec, a: number, b: number): number {
  let count = 0;
  for (let t = a; t < b; t += MIN) if (workingMinute(spec, t)) count++;
  return count;
}

const OFFICE: Span[] = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

// ---- generators

const spanList = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { minLength: 0, maxLength: 6 }).map((cuts): Span[] => {
  // Half-hour cut points paired into spans; includes spans across the DST hours (02:00–03:00).
  const sorted = [...cuts].sort((a, b) => a - b);
  const spans: Span[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) spans.push([sorted[i]! * 30, sorted[i + 1]! * 30]);
  return spans;
});

// Around the 2025 and 2026 DST switches in Europe and America, and Chinese holidays.
const BASE = Date.UTC(2025, 2, 20);
const WINDOW_DAYS = 60;

const calendarArb = fc
  .record({
    timeZone: fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'UTC'),
    week: fc.array(spanList, { minLength: 7, maxLength: 7 }),
    overrides: fc.array(
      fc.record({
        day: fc.integer({ min: 0, max: WINDOW_DAYS + 20 }),
        kind: fc.constantFrom<DayOverride['kind']>('holiday', 'workday'),
        spans: fc.option(spanList, { nil: null }),
      }),
      { maxLength: 12 },
    ),
    base: fc.constantFrom(BASE, Date.UTC(2025, 9, 10), Date.UTC(2026, 2, 15)),
  })
  .filter((c) => c.week.some((s) => s.length > 0))
  .map(({ timeZone, week, overrides, base }) => {
    const days: Record<string, DayOverride> = {};
    for (const o of overrides) days[dateKey(base + o.day * DAY)] = { kind: o.kind, spans: o.spans };
    return { spec: { timeZone, always: false, week, days } as CalendarSpec, base };
  });

describe('business time against a minute-by-minute walker', { timeout: 120_000 }, () => {
  it('addBusinessMinutes lands where the walker lands', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.integer({ min: 0, max: WINDOW_DAYS * 24 * 60 }),
        fc.integer({ min: 0, max: 1_500 }),
        ({ spec, base }, offsetMin, minutes) => {
          const start = base + offsetMin * MIN;
          const cal = new BusinessCalendar(spec);
          expect(cal.addBusinessMinutes(start, minutes)).toBe(walkAdd(spec, start, minutes));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('businessMsBetween counts what the walker counts', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.integer({ min: 0, max: WINDOW_DAYS * 24 * 60 }),
        fc.integer({ min: 0, max: 6 * 24 * 60 }),
        ({ spec, base }, offsetMin, length) => {
          const a = base + offsetMin * MIN;
          const cal = new BusinessCalendar(spec);
          expect(cal.businessMsBetween(a, a + length * MIN)).toBe(walkBetween(spec, a, a + length * MIN) * MIN);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('long stretches (whole days and blocks skipped by running totals) still match the walker', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.integer({ min: 0, max: WINDOW_DAYS * 24 * 60 }),
        fc.integer({ min: 0, max: 12_000 }),
        fc.integer({ min: 0, max: 150 * 24 * 60 }),
        ({ spec, base }, offsetMin, minutes, length) => {
          const start = base + offsetMin * MIN;
          const cal = new BusinessCalendar(spec);
          expect(cal.addBusinessMinutes(start, minutes)).toBe(walkAdd(spec, start, minutes));
          expect(cal.businessMsBetween(start, start + length * MIN)).toBe(
            walkBetween(spec, start, start + length * MIN) * MIN,
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('isWorkingAt and nextWorkingInstant agree with the walker', () => {
    fc.assert(
      fc.property(calendarArb, fc.integer({ min: 0, max: WINDOW_DAYS * 24 * 60 }), ({ spec, base }, offsetMin) => {
        const t = base + offsetMin * MIN;
        const cal = new BusinessCalendar(spec);
        expect(cal.isWorkingAt(t)).toBe(workingMinute(spec, t));
        let next = t;
        while (!workingMinute(spec, next)) next += MIN;
        expect(cal.nextWorkingInstant(t)).toBe(next);
      }),
      { numRuns: 150 },
    );
  });

  it('a clock with pauses: elapsed and due match the walker that skips paused minutes', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.integer({ min: 0, max: 30 * 24 * 60 }),
        fc.array(fc.integer({ min: 1, max: 3 * 24 * 60 }), { minLength: 0, maxLength: 6 }),
        fc.integer({ min: 1, max: 1_500 }),
        ({ spec, base }, offsetMin, gaps, target) => {
          const cal = new BusinessCalendar(spec);
          const startedAt = base + offsetMin * MIN;
          // Alternating run/pause lengths; an odd count leaves the last pause closed.
          const pauses: [number, number][] = [];
          let t = startedAt;
          for (let i = 0; i + 1 < gaps.length; i += 2) {
            const p0 = t + gaps[i]! * MIN;
            const p1 = p0 + gaps[i + 1]! * MIN;
            pauses.push([p0, p1]);
            t = p1;
          }
          const history: ClockHistory = { startedAt, pauses, stoppedAt: null };
          const paused = (m: number) => pauses.some(([a, b]) => m >= a && m < b);
          // Walker: due is the end of the minute in which the target-th running working minute falls.
          let count = 0;
          let m = startedAt;
          while (count < target) {
            if (!paused(m) && workingMinute(spec, m)) count++;
            m += MIN;
          }
          expect(instantReaching(cal, history, target * MIN)).toBe(m);
          const now = t + 90 * MIN;
          let elapsed = 0;
          for (let x = startedAt; x < now; x += MIN) if (!paused(x) && workingMinute(spec, x)) elapsed++;
          expect(elapsedBusinessMs(cal, history, now)).toBe(elapsed * MIN);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('the 7×24 calendar is wall-clock time', () => {
    const cal = new BusinessCalendar({ timeZone: 'Asia/Shanghai', always: true, week: [], days: {} });
    const start = Date.parse('2026-02-16T23:50:00Z');
    expect(new Date(cal.addBusinessMinutes(start, 15)).toISOString()).toBe('2026-02-17T00:05:00.000Z');
    expect(cal.isWorkingAt(Date.parse('2026-10-03T03:00:00Z'))).toBe(true);
  });

  it('daylight saving: a span across 02:00 on the spring-forward night in Berlin is one hour short', () => {
    const spec: CalendarSpec = {
      timeZone: 'Europe/Berlin',
      always: false,
      week: Array.from({ length: 7 }, () => [[60, 240]] as Span[]),
      days: {},
    };
    const cal = new BusinessCalendar(spec);
    // 2026-03-29: 01:00–04:00 local has 2 real hours; 2026-10-25 has 4.
    expect(cal.businessMsBetween(Date.parse('2026-03-28T12:00:00Z'), Date.parse('2026-03-29T12:00:00Z'))).toBe(
      2 * 60 * MIN,
    );
    expect(cal.businessMsBetween(Date.parse('2026-10-24T12:00:00Z'), Date.parse('2026-10-25T12:00:00Z'))).toBe(
      4 * 60 * MIN,
    );
  });
});

// ---- fixed cases from the State Council notices (hand-entered, independent of any package)

function chinaOffice(): CalendarSpec {
  const holiday = (from: string, to: string) => {
    const out: Record<string, DayOverride> = {};
    for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += DAY)
      out[dateKey(d)] = { kind: 'holiday' };
    return out;
  };
  const workday = (...days: string[]) => Object.fromEntries(days.map((d) => [d, { kind: 'workday' as const }]));
  return {
    timeZone: 'Asia/Shanghai',
    always: false,
    week: [[], OFFICE, OFFICE, OFFICE, OFFICE, OFFICE, []],
    days: {
      // 2025 春节 1.28–2.4, 调休 1.26 (Sun) and 2.8 (Sat); 国庆中秋 10.1–10.8, 调休 9.28 (Sun) and 10.11 (Sat).
      ...holiday('2025-01-28', '2025-02-04'),
      ...workday('2025-01-26', '2025-02-08'),
      ...holiday('2025-10-01', '2025-10-08'),
      ...workday('2025-09-28', '2025-10-11'),
      // 2026 春节 2.15–2.23, 调休 2.14 (Sat) and 2.28 (Sat); 国庆 10.1–10.7, 调休 9.20 (Sun) and 10.10 (Sat).
      ...holiday('2026-02-15', '2026-02-23'),
      ...workday('2026-02-14', '2026-02-28'),
      ...holiday('2026-10-01', '2026-10-07'),
      ...workday('2026-09-20', '2026-10-10'),
    },
  };
}

/** Shanghai wall time → ISO instant. */
const sh = (local: string) => Date.parse(`${local}:00+08:00`);
const iso = (t: number) => new Date(t + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 16);

describe('Chinese statutory holidays and make-up workdays', () => {
  const cal = new BusinessCalendar(chinaOffice());

  it('2025 Spring Festival: eight days off, make-up Sunday 1.26 and Saturday 2.8', () => {
    // Fri 1.24 16:30 + 8 business hours: 1 h on Friday, 7 h on the make-up Sunday 1.26.
    expect(iso(cal.addBusinessMinutes(sh('2025-01-24T16:30'), 8 * 60))).toBe('2025-01-26 17:00');
    // Mon 1.27 17:00 + 1 h: 30 min that day, then the holiday until Wed 2.5 08:30 → 09:00.
    expect(iso(cal.addBusinessMinutes(sh('2025-01-27T17:00'), 60))).toBe('2025-02-05 09:00');
    // The Saturday 2.8 make-up day counts: Fri 2.7 17:00 + 1 h → Sat 2.8 09:00.
    expect(iso(cal.addBusinessMinutes(sh('2025-02-07T17:00'), 60))).toBe('2025-02-08 09:00');
  });

  it('2025 National Day and Mid-Autumn: eight days off, make-up 9.28 and 10.11', () => {
    expect(iso(cal.addBusinessMinutes(sh('2025-09-26T17:00'), 60))).toBe('2025-09-28 09:00');
    expect(iso(cal.addBusinessMinutes(sh('2025-09-30T17:00'), 60))).toBe('2025-10-09 09:00');
    expect(iso(cal.addBusinessMinutes(sh('2025-10-10T17:30'), 30))).toBe('2025-10-11 09:00');
    // 24 business hours (7.5 h a day) from the last morning before the break: 9.30, 10.9, 10.10, then 1.5 h on 10.11.
    expect(iso(cal.addBusinessMinutes(sh('2025-09-30T08:30'), 24 * 60))).toBe('2025-10-11 10:00');
  });

  it('2026 Spring Festival: nine days off, make-up Saturdays 2.14 and 2.28', () => {
    expect(iso(cal.addBusinessMinutes(sh('2026-02-13T17:00'), 60))).toBe('2026-02-14 09:00');
    expect(iso(cal.addBusinessMinutes(sh('2026-02-14T17:00'), 60))).toBe('2026-02-24 09:00');
    // Five business days (5 × 7.5 h) from Tue 2.24 08:30: 2.24–2.27 and Sat 2.28.
    expect(iso(cal.addBusinessMinutes(sh('2026-02-24T08:30'), 5 * 7.5 * 60))).toBe('2026-02-28 17:30');
    expect(cal.businessMsBetween(sh('2026-02-14T00:00'), sh('2026-02-24T00:00'))).toBe(7.5 * 60 * MIN);
  });

  it('2026 National Day: 10.1–10.7 off, make-up 9.20 (Sun) and 10.10 (Sat)', () => {
    expect(iso(cal.addBusinessMinutes(sh('2026-09-18T17:00'), 60))).toBe('2026-09-20 09:00');
    expect(iso(cal.addBusinessMinutes(sh('2026-09-30T17:00'), 60))).toBe('2026-10-08 09:00');
    expect(iso(cal.addBusinessMinutes(sh('2026-10-09T17:30'), 15))).toBe('2026-10-10 08:45');
    // Lunch is not working time.
    expect(iso(cal.addBusinessMinutes(sh('2026-10-09T11:50'), 20))).toBe('2026-10-09 13:40');
  });

  it('a clock paused over the holiday counts neither the pause nor the holiday', () => {
    const history: ClockHistory = {
      startedAt: sh('2026-02-12T09:00'),
      pauses: [[sh('2026-02-12T10:00'), sh('2026-02-24T10:00')]],
      stoppedAt: null,
    };
    // 1 h before the pause; 3 more business hours after it resumes.
    expect(iso(instantReaching(cal, history, 4 * 60 * MIN)!)).toBe('2026-02-24 14:30');
    expect(elapsedBusinessMs(cal, history, sh('2026-02-24T11:00'))).toBe(2 * 60 * MIN);
  });
});
