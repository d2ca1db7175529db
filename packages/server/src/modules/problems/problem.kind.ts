import { OPEN_PROBLEM_STATES, PROBLEM_STATES } from '@trellis/core';
import { defineRecordKind } from '../../platform/record-kinds.js';

export const problemKind = defineRecordKind({
  kind: 'problem',
  states: {
    all: PROBLEM_STATES,
    open: OPEN_PROBLEM_STATES,
    terminal: ['closed'],
    unanswered: ['new'],
    paused: [],
  },
  clocked: false,
  notify: { 'problem.commented': 'comment' },
  urls: { console: (n) => `/console/problems/${n}` },
});
