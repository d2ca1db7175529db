export {
  type ApplicableSla,
  businessDeadlines,
  catchUpCalendar,
  findApplicableSla,
  recomputeClocksOnCalendar,
  syncSlaClocks,
} from './sla.clock.js';
export { datasets } from './sla.datasets.js';
export { slaRoutes } from './sla.routes.js';
export { createSla, listSlas } from './sla.service.js';
