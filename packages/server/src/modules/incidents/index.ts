export { closeFollowup, listFollowups } from './incident.followups.js';
export { registerIncidentJobs } from './incident.jobs.js';
export { flagMajor, mergeIncident, postMajorUpdate } from './incident.related.js';
export { incidentRoutes } from './incident.routes.js';
export * from './incident.service.js';
export { DEFAULT_INCIDENT_SETTINGS, getIncidentSettings, updateIncidentSettings } from './incident.settings.js';
export { escalateIncident, inviteCollaborator, transferIncident } from './incident.tiers.js';
export { incidentView, listIncidents } from './incident.views.js';
