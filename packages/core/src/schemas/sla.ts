import { z } from 'zod';
import { isValidTimeZone } from '../business-time.js';
import { Id, IsoDateTime, Text } from './common.js';

/** [startMinute, endMinute) from local midnight. */
export const SpanSchema = z
  .tuple([z.number().int().min(0).max(1440), z.number().int().min(0).max(1440)])
  .refine(([s, e]) => s < e, 'a span must end after it starts');
const SpanList = z
  .array(SpanSchema)
  .max(12)
  .refine(
    (spans) => [...spans].sort((a, b) => a[0] - b[0]).every((s, i, all) => i === 0 || all[i - 1]![1] <= s[0]),
    'spans must not overlap',
  );
const TimeZone = z.string().max(64).refine(isValidTimeZone, 'unknown time zone');
const DateKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const Calendar = z.object({
  id: Id,
  name: z.string(),
  timeZone: z.string(),
  always: z.boolean(),
  week: z.array(z.array(z.tuple([z.number(), z.number()]))),
  holidayRegion: z.enum(['CN']).nullable(),
  active: z.boolean(),
  version: z.number().int(),
  coveredYears: z.array(z.number().int()),
  /** Years the calendar is needed for but has no holiday data: never guessed, reported. */
  missingYears: z.array(z.number().int()),
  /** An edit moved due times: open clocks are being recomputed in the background. */
  recomputing: z.boolean(),
});
export type Calendar = z.infer<typeof Calendar>;

export const CalendarDay = z.object({
  date: z.string(),
  kind: z.enum(['holiday', 'workday']),
  name: z.string(),
  spans: z.array(z.tuple([z.number(), z.number()])).nullable(),
  source: z.string(),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

export const CreateCalendar = z.object({
  name: Text(100),
  timeZone: TimeZone.default('Asia/Shanghai'),
  always: z.boolean().default(false),
  week: z.array(SpanList).length(7).default([[], [], [], [], [], [], []]),
  holidayRegion: z.enum(['CN']).nullable().default(null),
});
export const UpdateCalendar = z.object({
  name: Text(100).optional(),
  timeZone: TimeZone.optional(),
  always: z.boolean().optional(),
  week: z.array(SpanList).length(7).optional(),
  holidayRegion: z.enum(['CN']).nullable().optional(),
  active: z.boolean().optional(),
});

export const DayInput = z.object({
  date: DateKey,
  kind: z.enum(['holiday', 'workday']),
  name: z.string().trim().max(100).default(''),
  spans: SpanList.nullish(),
});
export const PutCalendarDays = z.object({
  days: z.array(DayInput).max(1000).default([]),
  remove: z.array(DateKey).max(1000).default([]),
  /** Years this edit completes: their holiday data is now known. */
  completeYears: z.array(z.number().int().min(2000).max(2100)).max(10).default([]),
});
export const ImportCalendarDays = z.object({
  format: z.enum(['ics', 'json']),
  content: z.string().min(1).max(2_000_000),
});

export const DueRequest = z.object({
  start: z.string().datetime({ offset: true }),
  businessMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 366),
});
/** Years a computation ran through without holiday data: it counted their holidays as working days. */
export const MissingHolidayYears = z.array(z.number().int());
export const DueResponse = z.object({
  due: IsoDateTime,
  missingHolidayYears: MissingHolidayYears,
  /** The same, as a sentence in the caller's language ("due date assumes no holidays in 2027"); null when nothing was assumed. */
  warning: z.string().nullable(),
});

export const BREACH_ACTIONS = ['notify_owner', 'notify_group', 'notify_manager', 'escalate', 'raise_level'] as const;
export type BreachAction = (typeof BREACH_ACTIONS)[number];
export const SLA_METRICS = ['response', 'resolution', 'ola'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export const SlaTarget = z.object({
  level: z.number().int().min(1).max(4),
  responseMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 366),
  resolutionMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 366),
  calendarId: Id,
});
export type SlaTarget = z.infer<typeof SlaTarget>;

const PauseStates = z.record(z.string().max(30), z.array(z.string().max(40)).max(20));

export const Sla = z.object({
  id: Id,
  name: z.string(),
  serviceId: Id.nullable(),
  organizationId: Id.nullable(),
  isDefault: z.boolean(),
  pauseStates: PauseStates,
  thresholds: z.array(z.number().int()),
  breachActions: z.array(z.enum(BREACH_ACTIONS)),
  active: z.boolean(),
  targets: z.array(SlaTarget),
  /** True while the job that re-targets open records after an edit has not caught up yet. */
  recomputing: z.boolean(),
});
export type Sla = z.infer<typeof Sla>;

const SlaFields = {
  name: Text(100),
  serviceId: Id.nullish(),
  organizationId: Id.nullish(),
  isDefault: z.boolean(),
  pauseStates: PauseStates,
  thresholds: z.array(z.number().int().min(1).max(99)).max(5),
  breachActions: z.array(z.enum(BREACH_ACTIONS)),
  targets: z.array(SlaTarget).min(1).max(4),
};
export const CreateSla = z.object({
  ...SlaFields,
  isDefault: SlaFields.isDefault.default(false),
  pauseStates: SlaFields.pauseStates.default({ incident: ['on_hold'], request: ['on_hold'] }),
  thresholds: SlaFields.thresholds.default([75, 90]),
  breachActions: SlaFields.breachActions.default(['notify_owner', 'notify_group']),
});
/** No defaults here: a field left out of an edit keeps its value (a partial of CreateSla would reset it). */
export const UpdateSla = z.object(SlaFields).partial().extend({ active: z.boolean().optional() });

export const Ola = z.object({
  id: Id,
  groupId: Id,
  targetMinutes: z.number().int(),
  calendarId: Id,
  active: z.boolean(),
});
export type Ola = z.infer<typeof Ola>;
export const CreateOla = z.object({
  groupId: Id,
  targetMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 366),
  calendarId: Id,
});
export const UpdateOla = CreateOla.omit({ groupId: true }).partial().extend({ active: z.boolean().optional() });

export const SlaClock = z.object({
  id: Id,
  metric: z.enum(SLA_METRICS),
  level: z.number().int(),
  groupId: Id.nullable(),
  targetMinutes: z.number().int(),
  calendarId: Id,
  calendarName: z.string(),
  alwaysOn: z.boolean(),
  state: z.enum(['running', 'paused', 'met', 'breached', 'cancelled']),
  startedAt: IsoDateTime,
  dueAt: IsoDateTime.nullable(),
  stoppedAt: IsoDateTime.nullable(),
  breachedAt: IsoDateTime.nullable(),
  elapsedMinutes: z.number(),
  pausedMinutes: z.number(),
  /** Business minutes left; negative once overdue. */
  remainingMinutes: z.number(),
  percent: z.number(),
  /** Years between start and due time (or now) whose holidays the calendar does not know: the due time assumes none. */
  missingHolidayYears: MissingHolidayYears,
});
export type SlaClock = z.infer<typeof SlaClock>;

export const SlaBreach = z.object({
  id: Id,
  recordId: Id,
  recordNumber: z.string(),
  recordTitle: z.string(),
  metric: z.string(),
  dueAt: IsoDateTime,
  breachedAt: IsoDateTime,
  reason: z.string(),
  level: z.number().int(),
  organizationId: Id,
  serviceId: Id.nullable(),
  groupId: Id.nullable(),
});
export type SlaBreach = z.infer<typeof SlaBreach>;

export const RecordSla = z.object({
  recordId: Id,
  clocks: z.array(SlaClock),
  breaches: z.array(SlaBreach),
});
export type RecordSla = z.infer<typeof RecordSla>;

export const SlaReportQuery = z.object({
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
  groupBy: z.enum(['service', 'organization', 'level', 'group', 'month']).default('level'),
});
export const SlaReportRow = z.object({
  key: z.string().nullable(),
  label: z.string(),
  records: z.number().int(),
  responded: z.number().int(),
  respondedInTarget: z.number().int(),
  responsePercent: z.number().nullable(),
  resolved: z.number().int(),
  resolvedInTarget: z.number().int(),
  resolutionPercent: z.number().nullable(),
  responseBusinessMinutes: z.object({ mean: z.number().nullable(), median: z.number().nullable() }),
  responseWallMinutes: z.object({ mean: z.number().nullable(), median: z.number().nullable() }),
  resolutionBusinessMinutes: z.object({ mean: z.number().nullable(), median: z.number().nullable() }),
  resolutionWallMinutes: z.object({ mean: z.number().nullable(), median: z.number().nullable() }),
});
export type SlaReportRow = z.infer<typeof SlaReportRow>;
