import { defineMachine } from './machine.js';

/**
 * The service request life cycle (服务请求受理 → 审批 → 交付 → 验收). Pure: the service applies
 * the result, nothing here saves. Approval steps and fulfilment stages are facts the caller
 * counts; this decides where the request goes next.
 */
export const REQUEST_STATES = [
  'awaiting_approval',
  'in_fulfilment',
  'delivered',
  'closed',
  'rejected',
  'cancelled',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const OPEN_REQUEST_STATES: readonly RequestState[] = ['awaiting_approval', 'in_fulfilment', 'delivered'];
export const TERMINAL_REQUEST_STATES: readonly RequestState[] = ['closed', 'rejected', 'cancelled'];

export const REQUEST_ACTIONS = [
  'submit',
  'approve',
  'reject',
  'complete_task',
  'deliver',
  'accept',
  'reject_delivery',
  'cancel',
  'comment',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export interface RequestFacts {
  /** null before submission. */
  state: RequestState | null;
  /** Approval steps not yet passed, counting the current one. */
  approvalStepsLeft: number;
  /** After this decision, whether the current approval step is complete (all-of: everyone; any-of: one). */
  stepCompleteAfterDecision?: boolean;
  /** Fulfilment tasks still open or waiting, counting the one being completed. */
  openTasks: number;
}

export type RequestTransition =
  | { ok: true; state: RequestState; stepAdvanced?: boolean }
  | { ok: false; code: 'request.illegal_transition' | 'request.tasks_open' };

const ALLOWED_FROM: Record<RequestAction, readonly (RequestState | null)[]> = {
  submit: [null],
  approve: ['awaiting_approval'],
  reject: ['awaiting_approval'],
  complete_task: ['in_fulfilment'],
  deliver: ['in_fulfilment'],
  accept: ['delivered'],
  reject_delivery: ['delivered'],
  cancel: ['awaiting_approval', 'in_fulfilment'],
  comment: ['awaiting_approval', 'in_fulfilment', 'delivered'],
};

export function nextRequestState(facts: RequestFacts, action: RequestAction): RequestTransition {
  if (!ALLOWED_FROM[action].includes(facts.state)) return { ok: false, code: 'request.illegal_transition' };
  switch (action) {
    case 'submit':
      return { ok: true, state: facts.approvalStepsLeft > 0 ? 'awaiting_approval' : 'in_fulfilment' };
    case 'approve': {
      if (!facts.stepCompleteAfterDecision) return { ok: true, state: 'awaiting_approval', stepAdvanced: false };
      const left = facts.approvalStepsLeft - 1;
      return { ok: true, state: left > 0 ? 'awaiting_approval' : 'in_fulfilment', stepAdvanced: true };
    }
    case 'reject':
      // One refusal ends the request, whatever the step's mode.
      return { ok: true, state: 'rejected' };
    case 'complete_task':
      return { ok: true, state: facts.openTasks <= 1 ? 'delivered' : 'in_fulfilment' };
    case 'deliver':
      // Delivering by hand is for items without tasks, or once every task is done.
      return facts.openTasks > 0 ? { ok: false, code: 'request.tasks_open' } : { ok: true, state: 'delivered' };
    case 'accept':
      return { ok: true, state: 'closed' };
    case 'reject_delivery':
      // 验收不合格: back to fulfilment for rework, with the reason.
      return { ok: true, state: 'in_fulfilment' };
    case 'cancel':
      return { ok: true, state: 'cancelled' };
    case 'comment':
      return { ok: true, state: facts.state as RequestState };
  }
}

export const requestMachine = defineMachine({
  labels: 'request.',
  states: REQUEST_STATES,
  actions: REQUEST_ACTIONS,
  stateOf: (facts: RequestFacts) => facts.state,
  transition: nextRequestState,
});
