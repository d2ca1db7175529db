export { datasets } from './time.datasets.js';
export { timeRoutes } from './time.routes.js';
export { logTime, recordTime, timeSummary, totalMinutes } from './time.service.js';
