export { calendarRoutes } from './calendar.routes.js';
export {
  businessCalendar,
  calendarClockVersions,
  calendarExists,
  calendarNames,
  calendarsBehindClocks,
  enqueueRecompute,
  ensureStandardCalendars,
  listCalendars,
  markClocksRecomputed,
  missingHolidayYears,
  RECOMPUTE_JOB,
  STANDARD_CALENDAR_NAMES,
} from './calendar.service.js';
