import { OPEN_PROBLEM_STATES, PROBLEM_STATES, problemMachine } from '@trellis/core';
import { defineRecordKind } from '../../platform/record-kinds.js';
import { problemPolicy } from './problem.policy.js';
import { problemDetails } from './problem.service.js';

export const problemKind = defineRecordKind({
  kind: 'problem',
  machine: problemMachine,
  states: {
    all: PROBLEM_STATES,
    open: OPEN_PROBLEM_STATES,
    terminal: ['closed'],
    resolved: ['resolved'],
    unanswered: ['new'],
    paused: [],
  },
  clocked: false,
  // The provider's own work: every staff member sees every problem, whatever the organisation.
  staffOnly: true,
  details: (db, record) => problemDetails(db, record.id),
  subject: (_actor, record) => record,
  policy: problemPolicy,
  urls: { console: (n) => `/console/problems/${n}` },
});
