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
  urls: { console: (n) => `/console/incidents/${n}`, portal: (n) => `/portal/incidents/${n}` },
});
