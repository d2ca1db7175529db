import { defineMachine } from './machine.js';

/**
 * The incident life cycle of the seeds: 待处理 → 处理中 → 完成 → 归档, plus 挂起 (on hold)
 * and 已取消 (cancelled). Pure: the service applies the result, nothing here saves.
 */
export const INCIDENT_STATES = ['pending', 'in_progress', 'on_hold', 'resolved', 'archived', 'cancelled'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const OPEN_INCIDENT_STATES: readonly IncidentState[] = ['pending', 'in_progress', 'on_hold'];
export const TERMINAL_INCIDENT_STATES: readonly IncidentState[] = ['archived', 'cancelled'];

export const INCIDENT_ACTIONS = [
  'take',
  'assign',
  'classify',
  'comment',
  'hold',
  'resume',
  'resolve',
  'confirm',
  'reopen',
  'archive',
  'cancel',
  'transfer',
  'escalate',
  'invite',
  'flagMajor',
  'majorUpdate',
  'merge',
  'logTime',
] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

export interface IncidentFacts {
  state: IncidentState;
  /** Whether a person is assigned; assigning a person starts the work. */
  hasAssignee: boolean;
  /** Whether the requester has signed off the resolution (签字确认). */
  confirmed: boolean;
  /** Whether the configured reopen period after resolution is still running; absent means yes. */
  reopenWindowOpen?: boolean;
}

export type TransitionResult =
  | { ok: true; state: IncidentState }
  | {
      ok: false;
      code:
        | 'incident.illegal_transition'
        | 'incident.not_confirmed'
        | 'incident.already_confirmed'
        | 'incident.reopen_period_over';
    };

const ALLOWED_FROM: Record<IncidentAction, readonly IncidentState[]> = {
  take: ['pending', 'in_progress', 'on_hold'],
  assign: ['pending', 'in_progress', 'on_hold'],
  classify: ['pending', 'in_progress', 'on_hold'],
  comment: ['pending', 'in_progress', 'on_hold', 'resolved'],
  hold: ['in_progress'],
  resume: ['on_hold'],
  resolve: ['in_progress', 'on_hold'],
  confirm: ['resolved'],
  reopen: ['resolved'],
  archive: ['resolved'],
  cancel: ['pending', 'in_progress', 'on_hold'],
  transfer: ['pending', 'in_progress', 'on_hold'],
  escalate: ['pending', 'in_progress', 'on_hold'],
  invite: ['pending', 'in_progress', 'on_hold', 'resolved'],
  flagMajor: ['pending', 'in_progress', 'on_hold', 'resolved'],
  majorUpdate: ['pending', 'in_progress', 'on_hold', 'resolved'],
  // The duplicate ends as cancelled; its history lives on in the survivor.
  merge: ['pending', 'in_progress', 'on_hold'],
  logTime: ['pending', 'in_progress', 'on_hold', 'resolved'],
};

/** Why work stops (挂起): waiting for the requester, a supplier or a change, or something else. */
export const HOLD_REASONS = ['requester', 'supplier', 'change', 'other'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/**
 * @param assigningPerson for `assign`: whether the new assignment names a person
 */
export function nextIncidentState(
  facts: IncidentFacts,
  action: IncidentAction,
  options: { assigningPerson?: boolean } = {},
): TransitionResult {
  if (!ALLOWED_FROM[action].includes(facts.state)) return { ok: false, code: 'incident.illegal_transition' };
  switch (action) {
    case 'take':
      return { ok: true, state: facts.state === 'pending' ? 'in_progress' : facts.state };
    case 'assign':
    case 'transfer':
      return { ok: true, state: facts.state === 'pending' && options.assigningPerson ? 'in_progress' : facts.state };
    case 'escalate':
    case 'invite':
    case 'flagMajor':
    case 'majorUpdate':
    case 'logTime':
      return { ok: true, state: facts.state };
    case 'merge':
      return { ok: true, state: 'cancelled' };
    case 'classify':
    case 'comment':
      return { ok: true, state: facts.state };
    case 'hold':
      return { ok: true, state: 'on_hold' };
    case 'resume':
      return { ok: true, state: 'in_progress' };
    case 'resolve':
      return { ok: true, state: 'resolved' };
    case 'confirm':
      return facts.confirmed ? { ok: false, code: 'incident.already_confirmed' } : { ok: true, state: 'resolved' };
    case 'reopen':
      // Once signed off, the requester opens a new incident instead.
      if (facts.confirmed) return { ok: false, code: 'incident.already_confirmed' };
      return facts.reopenWindowOpen === false
        ? { ok: false, code: 'incident.reopen_period_over' }
        : { ok: true, state: 'in_progress' };
    case 'archive':
      return facts.confirmed ? { ok: true, state: 'archived' } : { ok: false, code: 'incident.not_confirmed' };
    case 'cancel':
      return { ok: true, state: 'cancelled' };
  }
}

export const incidentMachine = defineMachine({
  labels: '',
  states: INCIDENT_STATES,
  actions: INCIDENT_ACTIONS,
  stateOf: (facts: IncidentFacts) => facts.state,
  transition: nextIncidentState,
});

/** Which actions the state allows at all; the policy then narrows by who asks. */
export function actionsAllowedIn(facts: IncidentFacts): IncidentAction[] {
  return incidentMachine.allowed(facts);
}
