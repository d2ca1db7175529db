import { relationshipEvents, relationshipMessages } from '@trellis/core/modules/relationship';
import { defineModule } from '../../platform/module.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { complaintKind } from './complaint.kind.js';
import { escalateComplaints } from './complaint.service.js';
import { datasets } from './relationship.datasets.js';
import { loadRelationshipDemo } from './relationship.demo.js';
import { complaintPolicy, customerRelationshipPolicy, surveyPolicy } from './relationship.policy.js';
import { contractRegister, remindRenewals, reviewRegister } from './relationship.registers.js';
import { relationshipRoutes } from './relationship.routes.js';
import { surveyTriggerSubscriber } from './relationship.subscribers.js';
import { surveyTick } from './survey.service.js';

/** Business relationship: satisfaction surveys, the complaint register, customer managers. */
export const relationshipModule = defineModule({
  name: 'relationship',
  recordKinds: [complaintKind],
  policies: [surveyPolicy, complaintPolicy, customerRelationshipPolicy],
  registers: [contractRegister, reviewRegister],
  routes: relationshipRoutes,
  subscribers: [surveyTriggerSubscriber],
  datasets,
  events: relationshipEvents,
  messages: relationshipMessages,
  jobs: [
    {
      type: 'relationship.survey_tick',
      everyMs: 15 * 60_000,
      run: (ctx) => inTransaction(ctx, null, (tx) => surveyTick(tx)),
    },
    {
      type: 'relationship.contract_renewals',
      everyMs: 6 * 3_600_000,
      run: (ctx) => inTransaction(ctx, null, (tx) => remindRenewals(tx)),
    },
    {
      type: 'relationship.complaint_escalation',
      everyMs: 60_000,
      run: (ctx) => inTransaction(ctx, null, (tx) => escalateComplaints(tx)),
    },
  ],
  errors: {
    'survey.not_found': 404,
    'survey.link_invalid': 400,
    'survey.link_expired': 410,
    'survey.link_used': 409,
    'survey.answer_required': 400,
    'survey.answer_invalid': 400,
    'survey.not_periodic': 409,
    'survey.followup_closed': 409,
    'survey.default_required': 400,
    'complaint.illegal_transition': 409,
    'complaint.response_required': 400,
    'complaint.actions_open': 409,
    'review.actions_open': 409,
  },
  demo: loadRelationshipDemo,
});
