import { defineModule } from '../../platform/module.js';
import { defineSubscriber } from '../../platform/subscribers.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { datasets } from './knowledge.datasets.js';
import { articlePolicy } from './knowledge.policy.js';
import { knowledgeRoutes } from './knowledge.routes.js';
import { markSessionsSubmitted, sendReviewReminders } from './knowledge.service.js';

export const knowledgeModule = defineModule({
  name: 'knowledge',
  policies: [articlePolicy],
  routes: knowledgeRoutes,
  datasets,
  jobs: [
    {
      type: 'knowledge.review_due',
      everyMs: 3_600_000,
      run: (ctx) => inTransaction(ctx, null, (tx) => sendReviewReminders(tx)),
    },
  ],
  errors: {
    'knowledge.illegal_transition': 409,
    'knowledge.self_review': 403,
    'knowledge.group_required': 400,
    'knowledge.source_not_resolved': 409,
  },
  subscribers: [
    defineSubscriber({
      // A report filed after suggestions were shown means they did not deflect it.
      name: 'knowledge.deflection',
      on: ['incident.created'],
      handle: async ({ db }, event) => {
        if (event.recordId) await markSessionsSubmitted(db, event.recordId, event.at);
      },
    }),
  ],
});
