/**
 * One shape for every state machine: its states, its actions, and a pure transition function that
 * answers `{ ok, state }` or `{ ok: false, code }`. The record core applies any kind's machine the
 * same way (an illegal step is a 409 naming the state and the action), and the web and the
 * abilities ask `allowed` which actions the state permits before the policy narrows by who asks.
 */
export type MachineResult<S extends string, C extends string> = { ok: true; state: S } | { ok: false; code: C };

export interface MachineDefinition<
  S extends string,
  A extends string,
  F,
  R extends MachineResult<S, string>,
  O = undefined,
> {
  /** The i18n prefix of the state and action labels: `${prefix}state.x`, `${prefix}action.y`. */
  labels: string;
  states: readonly S[];
  actions: readonly A[];
  /** The state a record is in according to its facts (null before it exists). */
  stateOf: (facts: F) => S | null;
  transition: (facts: F, action: A, options?: O) => R;
}

export interface Machine<S extends string, A extends string, F, R extends MachineResult<S, string>, O = undefined>
  extends MachineDefinition<S, A, F, R, O> {
  /** Which actions the state allows at all; the policy then narrows by who asks. */
  allowed: (facts: F) => A[];
  stateLabel: (state: string) => string;
  actionLabel: (action: string) => string;
}

export function defineMachine<
  const S extends string,
  const A extends string,
  F,
  R extends MachineResult<S, string>,
  O = undefined,
>(definition: MachineDefinition<S, A, F, R, O>): Machine<S, A, F, R, O> {
  return {
    ...definition,
    allowed: (facts) => definition.actions.filter((action) => definition.transition(facts, action).ok),
    stateLabel: (state) => `${definition.labels}state.${state}`,
    actionLabel: (action) => `${definition.labels}action.${action}`,
  };
}

/** Any machine, as the record core sees it. */
// biome-ignore lint/suspicious/noExplicitAny: the core applies machines of every kind's facts and options
export type AnyMachine = Machine<string, any, any, MachineResult<string, string>, any>;
