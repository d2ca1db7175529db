import { OPEN_REQUEST_STATES, REQUEST_STATES, requestMachine, TERMINAL_REQUEST_STATES } from '@trellis/core';
import { AppError } from '../../platform/errors.js';
import { type BulkHandler, defineRecordKind } from '../../platform/record-kinds.js';
import { requestPolicy, visibleRequests } from './request.policy.js';
import { approvalsOf, commentOnRequest, requestDetails, subjectFor, tasksOf } from './request.service.js';

/**
 * The console's bulk actions on requests: a comment goes through the single-request use case;
 * taking, assigning and classifying belong to incidents (a request is fulfilled through its tasks),
 * so they fail per row with a reason instead of a bare conflict.
 */
const bulk: BulkHandler = (tx, id, a) => {
  if (a.action === 'comment') return commentOnRequest({ tx, requestId: id, body: a.body, visibility: a.visibility });
  throw new AppError('request.bulk_unsupported', { action: `action.${a.action}` });
};

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
  bulk,
  notify: {
    'request.commented': 'comment',
    'request.approval_requested': 'approval_requested',
    'request.task_assigned': 'task_assigned',
    'sla.warned': 'sla_warning',
    'sla.breached': 'sla_breached',
  },
  urls: { console: (n) => `/console/requests/${n}`, portal: (n) => `/portal/requests/${n}` },
});
