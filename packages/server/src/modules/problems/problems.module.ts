import { defineModule } from '../../platform/module.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { runDetection } from './problem.detection.js';
import { problemKind } from './problem.kind.js';
import { problemPolicy } from './problem.policy.js';
import { problemRoutes } from './problem.routes.js';
import { verifyDueProblems } from './problem.service.js';

export const problemsModule = defineModule({
  name: 'problems',
  recordKinds: [problemKind],
  policies: [problemPolicy],
  routes: problemRoutes,
  jobs: [
    {
      type: 'problems.detect_recurring',
      everyMs: 6 * 3_600_000,
      run: (ctx) => inTransaction(ctx, null, (tx) => runDetection(tx)),
    },
    {
      type: 'problems.verify_effectiveness',
      everyMs: 3_600_000,
      run: (ctx) => inTransaction(ctx, null, (tx) => verifyDueProblems(tx)),
    },
  ],
  errors: {
    'problem.illegal_transition': 409,
    'problem.workaround_required': 400,
    'problem.root_cause_required': 400,
    'problem.actions_open': 409,
    'problem.incident_already_linked': 409,
    'problem.candidate_closed': 409,
  },
});
