import { INCIDENT_STATES, OPEN_INCIDENT_STATES, TERMINAL_INCIDENT_STATES } from '@trellis/core';
import { defineRecordKind } from '../../platform/record-kinds.js';

export const incidentKind = defineRecordKind({
  kind: 'incident',
  states: {
    all: INCIDENT_STATES,
    open: OPEN_INCIDENT_STATES,
    terminal: TERMINAL_INCIDENT_STATES,
    unanswered: ['pending'],
    paused: ['on_hold'],
  },
  clocked: true,
  notify: {
    'incident.created': 'acknowledgement',
    'incident.assigned': 'assigned',
    'incident.commented': 'comment',
    'incident.held': 'state_changed',
    'incident.resumed': 'state_changed',
    'incident.reopened': 'state_changed',
    'incident.archived': 'state_changed',
    'incident.cancelled': 'state_changed',
    'incident.resolved': 'confirmation_request',
    'incident.survey_requested': 'survey',
    'incident.major_update_posted': 'major_update',
    'sla.warned': 'sla_warning',
    'sla.breached': 'sla_breached',
  },
  urls: { console: (n) => `/console/incidents/${n}`, portal: (n) => `/portal/incidents/${n}` },
});
