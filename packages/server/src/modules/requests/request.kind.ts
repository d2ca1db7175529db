import { OPEN_REQUEST_STATES, REQUEST_STATES, requestMachine, TERMINAL_REQUEST_STATES } from '@trellis/core';
import { defineRecordKind } from '../../platform/record-kinds.js';
import { requestPolicy, visibleRequests } from './request.policy.js';
import { approvalsOf, requestDetails, subjectFor, tasksOf } from './request.service.js';

export const requestKind = defineRecordKind({
  kind: 'request',
  machine: requestMachine,
  states: {
    all: REQUEST_STATES,
    open: OPEN_REQUEST_STATES,
    terminal: TERMINAL_REQUEST_STATES,
    resolved: ['delivered'],
    cancelled: ['rejected', 'cancelled'],
    // Nobody on the desk has answered while the request waits for approval or sits untouched in
    // fulfilment: the response clock is met by a staff reply or the delivery, never by submission.
    unanswered: ['awaiting_approval', 'in_fulfilment'],
    // Waiting on the approvers, then on the requester's acceptance: not the desk's time.
    paused: ['awaiting_approval', 'delivered'],
  },
  clocked: true,
  // Approvers see what they are asked to approve; a task's group sees the request it works on.
  visible: visibleRequests,
  details: async (db, record) => {
    const [details, approvals, tasks] = await Promise.all([
      requestDetails(db, record.id),
      approvalsOf(db, record.id),
      tasksOf(db, record.id),
    ]);
    return { details, approvals, tasks };
  },
  subject: (actor, record, { approvals, tasks }) => subjectFor(actor, record, approvals, tasks),
  policy: requestPolicy,
  urls: { console: (n) => `/console/requests/${n}`, portal: (n) => `/portal/requests/${n}` },
});
