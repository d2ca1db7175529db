import { defineModule } from '../../platform/module.js';
import { calendarRoutes } from './calendar.routes.js';
import { ensureStandardCalendars } from './calendar.service.js';

export const calendarsModule = defineModule({
  name: 'calendars',
  routes: calendarRoutes,
  errors: { 'calendar.import_invalid': 400, 'calendar.no_working_time': 400 },
  startup: ({ db }) => ensureStandardCalendars(db),
});
