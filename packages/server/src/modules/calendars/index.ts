export { formatIcsEvents, type IcsEvent } from './calendar.ics.js';
export { calendarRoutes } from './calendar.routes.js';
export {
  businessCalendar,
  type CalendarWithCoverage,
  calendarClockVersions,
  calendarExists,
  calendarNames,
  calendarsBehindClocks,
  calendarWithCoverage,
  enqueueRecompute,
  ensureStandardCalendars,
  listCalendars,
  listDays,
  markClocksRecomputed,
  missingHolidayYears,
  RECOMPUTE_JOB,
  STANDARD_CALENDAR_NAMES,
} from './calendar.service.js';
