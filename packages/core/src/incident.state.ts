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
] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

export interface IncidentFacts {
  state: IncidentState;
  /** Whether a person is assigned; assigning a person starts the work. */
  hasAssignee: boolean;
  /** Whether the requester has signed off the resolution (签字确认). */
  confirmed: boolean;
}

export type TransitionResult =
  | { ok: true; state: IncidentState }
  | { ok: false; code: 'incident.illegal_transition' | 'incident.not_confirmed' | 'incident.already_confirmed' };

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
};

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
      return { ok: true, state: facts.state === 'pending' && options.assigningPerson ? 'in_progress' : facts.state };
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
      return facts.confirmed ? { ok: false, code: 'incident.already_confirmed' } : { ok: true, state: 'in_progress' };
    case 'archive':
      return facts.confirmed ? { ok: true, state: 'archived' } : { ok: false, code: 'incident.not_confirmed' };
    case 'cancel':
      return { ok: true, state: 'cancelled' };
  }
}

/** Which actions the state allows at all; the policy then narrows by who asks. */
export function actionsAllowedIn(facts: IncidentFacts): IncidentAction[] {
  return INCIDENT_ACTIONS.filter((action) => nextIncidentState(facts, action).ok);
}
