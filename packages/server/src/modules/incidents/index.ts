export { incidentDetails, majorIncidentIds } from './incident.core.js';
export { closeFollowup, listFollowups } from './incident.followups.js';
export { type ImportedIncident, insertImportedIncidentDetails } from './incident.import.js';
export {
  AUTO_CONFIRM_JOB,
  AUTO_ESCALATE_JOB,
  sweepAutoConfirm,
  sweepEscalations,
} from './incident.jobs.js';
export { flagMajor, mergeIncident, postMajorUpdate } from './incident.related.js';
export { incidentRoutes } from './incident.routes.js';
export * from './incident.service.js';
export { DEFAULT_INCIDENT_SETTINGS, getIncidentSettings, updateIncidentSettings } from './incident.settings.js';
export { dueEscalations, escalateIncident, inviteCollaborator, transferIncident } from './incident.tiers.js';
export { incidentView, listIncidents, queueFlags } from './incident.views.js';
