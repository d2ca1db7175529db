import { changeEvents, changeMessages } from '@trellis/core/modules/changes';
import { defineModule } from '../../platform/module.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { loadChangeDemo } from './change.demo.js';
import { changeKind } from './change.kind.js';
import { changePolicy } from './change.policy.js';
import { approvalLevelRegister, riskQuestionRegister, templateRegister, windowRegister } from './change.registers.js';
import { changeRoutes } from './change.routes.js';
import { changeMeasures, sendOutageNotices } from './change.schedule.js';

export const changesModule = defineModule({
  name: 'changes',
  recordKinds: [changeKind],
  policies: [changePolicy],
  registers: [riskQuestionRegister, templateRegister, windowRegister, approvalLevelRegister],
  datasets: [changeMeasures],
  events: changeEvents,
  messages: changeMessages,
  routes: changeRoutes,
  jobs: [
    {
      type: 'changes.outage_notices',
      everyMs: 15 * 60_000,
      run: (ctx) => inTransaction(ctx, null, (tx) => sendOutageNotices(tx)),
    },
  ],
  errors: {
    'change.illegal_transition': 409,
    'change.risk_required': 409,
    'change.window_required': 409,
    'change.outside_window': 409,
    'change.override_reason_required': 409,
    'change.tasks_open': 409,
    'change.verification_required': 409,
    'change.pir_required': 409,
    'change.retrospective_approval_required': 409,
    'change.backout_note_required': 400,
    'change.not_an_approver': 403,
    'change.no_approvers': 409,
    'change.template_inactive': 409,
    'change.task_closed': 409,
    'change.not_reviewing': 409,
    'change.not_verifiable': 409,
    'change.not_on_agenda': 409,
    'change.meeting_closed': 409,
    'change.not_editable': 409,
    'change.problem_action_unknown': 400,
  },
  demo: loadChangeDemo,
});
