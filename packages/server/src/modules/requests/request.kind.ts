import { OPEN_REQUEST_STATES, REQUEST_STATES, TERMINAL_REQUEST_STATES } from '@trellis/core';
import { defineRecordKind } from '../../platform/record-kinds.js';

export const requestKind = defineRecordKind({
  kind: 'request',
  states: {
    all: REQUEST_STATES,
    open: OPEN_REQUEST_STATES,
    terminal: TERMINAL_REQUEST_STATES,
    // Fulfilment has not answered until someone takes a task, comments or delivers.
    unanswered: ['in_fulfilment'],
    // Waiting on the approvers, then on the requester's acceptance: not the desk's time.
    paused: ['awaiting_approval', 'delivered'],
  },
  clocked: true,
  notify: {
    'request.commented': 'comment',
    'request.approval_requested': 'approval_requested',
    'request.task_assigned': 'task_assigned',
    'sla.warned': 'sla_warning',
    'sla.breached': 'sla_breached',
  },
  urls: { console: (n) => `/console/requests/${n}`, portal: (n) => `/portal/requests/${n}` },
});
