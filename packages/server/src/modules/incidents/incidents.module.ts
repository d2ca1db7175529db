import { defineModule } from '../../platform/module.js';
import { deskSettingsPolicy, followupPolicy } from './desk-settings.policy.js';
import { AUTO_CONFIRM_JOB, AUTO_ESCALATE_JOB, SWEEP_MS, sweepAutoConfirm, sweepEscalations } from './incident.jobs.js';
import { incidentKind } from './incident.kind.js';
import { incidentPolicy } from './incident.policy.js';
import { incidentRoutes } from './incident.routes.js';

export const incidentsModule = defineModule({
  name: 'incidents',
  policies: [deskSettingsPolicy, incidentPolicy, followupPolicy],
  recordKinds: [incidentKind],
  routes: incidentRoutes,
  jobs: [
    { type: AUTO_ESCALATE_JOB, everyMs: SWEEP_MS, run: (ctx) => sweepEscalations(ctx) },
    { type: AUTO_CONFIRM_JOB, everyMs: SWEEP_MS, run: (ctx) => sweepAutoConfirm(ctx) },
  ],
  errors: {
    /** The state machine forbids the action in the current state. */
    'incident.illegal_transition': 409,
    'incident.not_confirmed': 409,
    'incident.already_confirmed': 409,
    'incident.assignee_not_in_group': 400,
    /** The group or person does not serve the record's organisation, so could not even see it. */
    'incident.not_served': 400,
    'incident.resolution_required': 400,
    /** The requester's reopen period after resolution has run out (setting reopenDays). */
    'incident.reopen_period_over': 409,
    'incident.transfer_same_group': 400,
    'incident.no_manager': 409,
    'incident.no_group': 409,
    'incident.not_major': 409,
    'incident.merge_invalid': 400,
    'incident.collaborator_invalid': 400,
    /** Someone else already has the incident; details.assignee says who. */
    'incident.already_taken': 409,
    'followup.already_closed': 409,
  },
});
