import { defineMachine } from './machine.js';

/**
 * The problem life cycle of the seeds' 问题管理流程: 新建 → 分析中 → 已知错误 → 解决中 → 已解决 → 已关闭.
 * Pure: the service applies the result and nothing here saves. Guards are facts the service reads.
 */
export const PROBLEM_STATES = ['new', 'analysis', 'known_error', 'resolving', 'resolved', 'closed'] as const;
export type ProblemState = (typeof PROBLEM_STATES)[number];

export const OPEN_PROBLEM_STATES: readonly ProblemState[] = ['new', 'analysis', 'known_error', 'resolving'];

export const PROBLEM_ACTIONS = ['analyse', 'declare_known_error', 'start_fix', 'resolve', 'reopen', 'close'] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];

export interface ProblemFacts {
  state: ProblemState;
  /** A workaround is written down: a known error without one helps nobody. */
  hasWorkaround: boolean;
  /** The root-cause analysis reached a conclusion. */
  hasRootCause: boolean;
  /** Corrective or preventive actions still open or in progress. */
  openActions: number;
}

export type ProblemTransitionError =
  | 'problem.illegal_transition'
  | 'problem.workaround_required'
  | 'problem.root_cause_required'
  | 'problem.actions_open';

export type ProblemTransition = { ok: true; state: ProblemState } | { ok: false; code: ProblemTransitionError };

const FROM: Record<ProblemAction, readonly ProblemState[]> = {
  analyse: ['new'],
  declare_known_error: ['analysis'],
  start_fix: ['analysis', 'known_error'],
  resolve: ['resolving'],
  reopen: ['resolved'],
  close: ['resolved'],
};

const TO: Record<ProblemAction, ProblemState> = {
  analyse: 'analysis',
  declare_known_error: 'known_error',
  start_fix: 'resolving',
  resolve: 'resolved',
  reopen: 'analysis',
  close: 'closed',
};

export function nextProblemState(facts: ProblemFacts, action: ProblemAction): ProblemTransition {
  if (!FROM[action].includes(facts.state)) return { ok: false, code: 'problem.illegal_transition' };
  if (action === 'declare_known_error' && !facts.hasWorkaround)
    return { ok: false, code: 'problem.workaround_required' };
  if (action === 'resolve' && !facts.hasRootCause) return { ok: false, code: 'problem.root_cause_required' };
  // A permanent fix is only done when its corrective actions are (纠正措施闭环).
  if ((action === 'resolve' || action === 'close') && facts.openActions > 0)
    return { ok: false, code: 'problem.actions_open' };
  return { ok: true, state: TO[action] };
}

export const problemMachine = defineMachine({
  labels: 'problem.',
  states: PROBLEM_STATES,
  actions: PROBLEM_ACTIONS,
  stateOf: (facts: ProblemFacts) => facts.state,
  transition: nextProblemState,
});

export function problemActionsAllowed(facts: ProblemFacts): ProblemAction[] {
  return problemMachine.allowed(facts);
}
