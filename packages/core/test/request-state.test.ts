import { describe, expect, it } from 'vitest';
import { nextRequestState, REQUEST_ACTIONS, REQUEST_STATES, type RequestState } from '../src/request.state.js';

const facts = (state: RequestState | null, extra: Partial<Parameters<typeof nextRequestState>[0]> = {}) => ({
  state,
  approvalStepsLeft: 0,
  openTasks: 0,
  ...extra,
});

describe('request state machine', () => {
  it('submits into approval when there are steps, else straight into fulfilment', () => {
    expect(nextRequestState(facts(null, { approvalStepsLeft: 2 }), 'submit')).toEqual({
      ok: true,
      state: 'awaiting_approval',
    });
    expect(nextRequestState(facts(null), 'submit')).toEqual({ ok: true, state: 'in_fulfilment' });
    expect(nextRequestState(facts('in_fulfilment'), 'submit').ok).toBe(false);
  });

  it('stays in approval until the last step completes', () => {
    const waiting = facts('awaiting_approval', { approvalStepsLeft: 2, stepCompleteAfterDecision: false });
    expect(nextRequestState(waiting, 'approve')).toMatchObject({ state: 'awaiting_approval', stepAdvanced: false });
    const stepDone = facts('awaiting_approval', { approvalStepsLeft: 2, stepCompleteAfterDecision: true });
    expect(nextRequestState(stepDone, 'approve')).toMatchObject({ state: 'awaiting_approval', stepAdvanced: true });
    const lastDone = facts('awaiting_approval', { approvalStepsLeft: 1, stepCompleteAfterDecision: true });
    expect(nextRequestState(lastDone, 'approve')).toMatchObject({ state: 'in_fulfilment', stepAdvanced: true });
  });

  it('ends on one rejection', () => {
    expect(nextRequestState(facts('awaiting_approval', { approvalStepsLeft: 3 }), 'reject')).toEqual({
      ok: true,
      state: 'rejected',
    });
  });

  it('delivers when the last task completes, and refuses a manual delivery while tasks are open', () => {
    expect(nextRequestState(facts('in_fulfilment', { openTasks: 2 }), 'complete_task')).toMatchObject({
      state: 'in_fulfilment',
    });
    expect(nextRequestState(facts('in_fulfilment', { openTasks: 1 }), 'complete_task')).toMatchObject({
      state: 'delivered',
    });
    expect(nextRequestState(facts('in_fulfilment', { openTasks: 1 }), 'deliver')).toEqual({
      ok: false,
      code: 'request.tasks_open',
    });
    expect(nextRequestState(facts('in_fulfilment'), 'deliver')).toEqual({ ok: true, state: 'delivered' });
  });

  it('acceptance closes; a rejected delivery goes back to fulfilment', () => {
    expect(nextRequestState(facts('delivered'), 'accept')).toEqual({ ok: true, state: 'closed' });
    expect(nextRequestState(facts('delivered'), 'reject_delivery')).toEqual({ ok: true, state: 'in_fulfilment' });
  });

  it('cancels only before delivery', () => {
    expect(nextRequestState(facts('awaiting_approval'), 'cancel').ok).toBe(true);
    expect(nextRequestState(facts('in_fulfilment'), 'cancel').ok).toBe(true);
    expect(nextRequestState(facts('delivered'), 'cancel').ok).toBe(false);
  });

  it('allows nothing in a terminal state', () => {
    for (const state of ['closed', 'rejected', 'cancelled'] as const) {
      for (const action of REQUEST_ACTIONS) {
        expect(nextRequestState(facts(state), action)).toEqual({ ok: false, code: 'request.illegal_transition' });
      }
    }
  });

  it('names every state', () => {
    expect(REQUEST_STATES).toHaveLength(6);
  });
});
