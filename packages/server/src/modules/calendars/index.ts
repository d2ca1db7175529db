export { calendarRoutes } from './calendar.routes.js';
export {
  businessCalendar,
  ensureStandardCalendars,
  listCalendars,
  missingHolidayYears,
  RECOMPUTE_JOB,
  STANDARD_CALENDAR_NAMES,
} from './calendar.service.js';
