export { incidentRoutes } from './incident.routes.js';
export * from './incident.service.js';
export { incidentView, listIncidents } from './incident.views.js';
