import {
  type Impact,
  INCIDENT_STATES,
  incidentMachine,
  OPEN_INCIDENT_STATES,
  TERMINAL_INCIDENT_STATES,
} from '@trellis/core';
import type { BulkHandler } from '../../platform/record-kinds.js';
import { defineRecordKind } from '../../platform/record-kinds.js';
import { incidentDetails, peopleOn, subjectOf } from './incident.core.js';
import { incidentPolicy } from './incident.policy.js';
import { assignIncident, classifyIncident, commentOnIncident, takeIncident } from './incident.service.js';
import { getIncidentSettings } from './incident.settings.js';

/** The console's bulk actions, each through the single-record use case so every guard applies. */
const bulk: BulkHandler = (tx, id, a) => {
  switch (a.action) {
    case 'take':
      return takeIncident({ tx, incidentId: id });
    case 'assign':
      return assignIncident({ tx, incidentId: id, groupId: a.groupId, assigneeId: a.assigneeId, note: a.note });
    case 'classify':
      return classifyIncident({
        tx,
        incidentId: id,
        categoryId: a.categoryId,
        impact: a.impact as Impact | undefined,
        urgency: a.urgency as Impact | undefined,
      });
    case 'comment':
      return commentOnIncident({ tx, incidentId: id, body: a.body, visibility: a.visibility });
  }
};

export const incidentKind = defineRecordKind({
  kind: 'incident',
  machine: incidentMachine,
  states: {
    all: INCIDENT_STATES,
    open: OPEN_INCIDENT_STATES,
    terminal: TERMINAL_INCIDENT_STATES,
    resolved: ['resolved'],
    cancelled: ['cancelled'],
    unanswered: ['pending'],
    paused: ['on_hold'],
  },
  clocked: true,
  details: async (db, record) => {
    const [details, people, settings] = await Promise.all([
      incidentDetails(db, record.id),
      peopleOn(db, record.id),
      getIncidentSettings(db),
    ]);
    return { details, people, settings };
  },
  subject: (_actor, record, { details, people, settings }) =>
    subjectOf(record, details, { ...people, reopenDays: settings.reopenDays }),
  policy: incidentPolicy,
  bulk,
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
    // The survey mail (with its signed link) is the relationship module's invitation.
    'incident.major_update_posted': 'major_update',
    'sla.warned': 'sla_warning',
    'sla.breached': 'sla_breached',
  },
  urls: { console: (n) => `/console/incidents/${n}`, portal: (n) => `/portal/incidents/${n}` },
});
