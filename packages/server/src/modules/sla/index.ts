export { catchUpCalendar, recomputeClocksOnCalendar, syncSlaClocks } from './sla.clock.js';
export { datasets } from './sla.datasets.js';
export { registerSlaJobs } from './sla.jobs.js';
export { slaRoutes } from './sla.routes.js';
export { createSla, listSlas } from './sla.service.js';
