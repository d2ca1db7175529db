import { describe, expect, it } from 'vitest';
import {
  actionsAllowedIn,
  INCIDENT_ACTIONS,
  INCIDENT_STATES,
  type IncidentAction,
  type IncidentState,
  nextIncidentState,
  type TransitionResult,
} from '../src/incident.state.js';

type ErrorCode = Extract<TransitionResult, { ok: false }>['code'];
type Expected = IncidentState | ErrorCode;

const ILLEGAL = 'incident.illegal_transition';

/**
 * The life cycle written out by hand, independently of the implementation's table:
 * for each action, the next state (or error) from each state, before the requester signs off.
 * A missing state means the action is illegal there.
 */
const BEFORE_CONFIRMATION: Record<IncidentAction, Partial<Record<IncidentState, Expected>>> = {
  take: { pending: 'in_progress', in_progress: 'in_progress', on_hold: 'on_hold' },
  assign: { pending: 'pending', in_progress: 'in_progress', on_hold: 'on_hold' },
  classify: { pending: 'pending', in_progress: 'in_progress', on_hold: 'on_hold' },
  comment: { pending: 'pending', in_progress: 'in_progress', on_hold: 'on_hold', resolved: 'resolved' },
  hold: { in_progress: 'on_hold' },
  resume: { on_hold: 'in_progress' },
  resolve: { in_progress: 'resolved', on_hold: 'resolved' },
  confirm: { resolved: 'resolved' },
  reopen: { resolved: 'in_progress' },
  archive: { resolved: 'incident.not_confirmed' },
  cancel: { pending: 'cancelled', in_progress: 'cancelled', on_hold: 'cancelled' },
  transfer: { pending: 'pending', in_progress: 'in_progress', on_hold: 'on_hold' },
  escalate: { pending: 'pending', in_progress: 'in_progress', on_hold: 'on_hold' },
  invite: { pending: 'pending', in_progress: 'in_progress', on_hold: 'on_hold', resolved: 'resolved' },
  flagMajor: { pending: 'pending', in_progress: 'in_progress', on_hold: 'on_hold', resolved: 'resolved' },
  majorUpdate: { pending: 'pending', in_progress: 'in_progress', on_hold: 'on_hold', resolved: 'resolved' },
  merge: { pending: 'cancelled', in_progress: 'cancelled', on_hold: 'cancelled' },
  logTime: { pending: 'pending', in_progress: 'in_progress', on_hold: 'on_hold', resolved: 'resolved' },
};

/** After the sign-off only the resolved row changes: archive opens, confirm and reopen close. */
const AFTER_CONFIRMATION: Record<IncidentAction, Partial<Record<IncidentState, Expected>>> = {
  ...BEFORE_CONFIRMATION,
  confirm: { resolved: 'incident.already_confirmed' },
  reopen: { resolved: 'incident.already_confirmed' },
  archive: { resolved: 'archived' },
};

function expectOutcome(result: TransitionResult, expected: Expected) {
  if (expected.startsWith('incident.')) {
    expect(result).toEqual({ ok: false, code: expected });
  } else {
    expect(result).toEqual({ ok: true, state: expected });
  }
}

describe('nextIncidentState', () => {
  for (const [label, confirmed, table] of [
    ['before confirmation', false, BEFORE_CONFIRMATION],
    ['after confirmation', true, AFTER_CONFIRMATION],
  ] as const) {
    describe(label, () => {
      for (const action of INCIDENT_ACTIONS) {
        for (const state of INCIDENT_STATES) {
          const expected = table[action][state] ?? ILLEGAL;
          it(`${action} from ${state} → ${expected}`, () => {
            for (const hasAssignee of [false, true]) {
              expectOutcome(nextIncidentState({ state, hasAssignee, confirmed }, action), expected);
            }
          });
        }
      }
    });
  }

  it('the terminal states allow nothing at all', () => {
    for (const state of ['archived', 'cancelled'] as const) {
      for (const action of INCIDENT_ACTIONS) {
        for (const confirmed of [false, true]) {
          expect(nextIncidentState({ state, hasAssignee: true, confirmed }, action)).toEqual({
            ok: false,
            code: ILLEGAL,
          });
        }
      }
    }
  });

  describe('assign', () => {
    it('naming a person on a pending incident starts the work', () => {
      const facts = { state: 'pending', hasAssignee: false, confirmed: false } as const;
      expect(nextIncidentState(facts, 'assign', { assigningPerson: true })).toEqual({ ok: true, state: 'in_progress' });
    });

    it('assigning only a group leaves a pending incident pending', () => {
      const facts = { state: 'pending', hasAssignee: false, confirmed: false } as const;
      expect(nextIncidentState(facts, 'assign', { assigningPerson: false })).toEqual({ ok: true, state: 'pending' });
      expect(nextIncidentState(facts, 'assign')).toEqual({ ok: true, state: 'pending' });
    });

    it('naming a person does not move an incident out of in_progress or on_hold', () => {
      for (const state of ['in_progress', 'on_hold'] as const) {
        expect(
          nextIncidentState({ state, hasAssignee: true, confirmed: false }, 'assign', { assigningPerson: true }),
        ).toEqual({ ok: true, state });
      }
    });

    it('naming a person does not make assignment legal where it is not', () => {
      for (const state of ['resolved', 'archived', 'cancelled'] as const) {
        expect(
          nextIncidentState({ state, hasAssignee: false, confirmed: false }, 'assign', { assigningPerson: true }),
        ).toEqual({ ok: false, code: ILLEGAL });
      }
    });
  });

  describe('sign-off (签字确认)', () => {
    const resolved = (confirmed: boolean) => ({ state: 'resolved', hasAssignee: true, confirmed }) as const;

    it('archiving needs the requester’s confirmation first', () => {
      expect(nextIncidentState(resolved(false), 'archive')).toEqual({ ok: false, code: 'incident.not_confirmed' });
      expect(nextIncidentState(resolved(true), 'archive')).toEqual({ ok: true, state: 'archived' });
    });

    it('a confirmed resolution can be neither confirmed again nor reopened', () => {
      expect(nextIncidentState(resolved(true), 'confirm')).toEqual({ ok: false, code: 'incident.already_confirmed' });
      expect(nextIncidentState(resolved(true), 'reopen')).toEqual({ ok: false, code: 'incident.already_confirmed' });
    });

    it('reopening after the configured period is refused with its own reason', () => {
      expect(nextIncidentState({ ...resolved(false), reopenWindowOpen: false }, 'reopen')).toEqual({
        ok: false,
        code: 'incident.reopen_period_over',
      });
      expect(nextIncidentState({ ...resolved(false), reopenWindowOpen: true }, 'reopen')).toEqual({
        ok: true,
        state: 'in_progress',
      });
      // Confirmation is the stronger reason and wins.
      expect(nextIncidentState({ ...resolved(true), reopenWindowOpen: false }, 'reopen')).toEqual({
        ok: false,
        code: 'incident.already_confirmed',
      });
    });

    it('an unconfirmed resolution can be confirmed (staying resolved) or reopened', () => {
      expect(nextIncidentState(resolved(false), 'confirm')).toEqual({ ok: true, state: 'resolved' });
      expect(nextIncidentState(resolved(false), 'reopen')).toEqual({ ok: true, state: 'in_progress' });
    });
  });
});

describe('actionsAllowedIn', () => {
  it('lists exactly the actions the table allows, in declaration order', () => {
    for (const [confirmed, table] of [
      [false, BEFORE_CONFIRMATION],
      [true, AFTER_CONFIRMATION],
    ] as const) {
      for (const state of INCIDENT_STATES) {
        const expected = INCIDENT_ACTIONS.filter((action) => {
          const outcome = table[action][state];
          return outcome !== undefined && !outcome.startsWith('incident.');
        });
        expect(actionsAllowedIn({ state, hasAssignee: false, confirmed }), `${state}, confirmed=${confirmed}`).toEqual(
          expected,
        );
      }
    }
  });

  it('offers nothing on archived or cancelled incidents', () => {
    expect(actionsAllowedIn({ state: 'archived', hasAssignee: true, confirmed: true })).toEqual([]);
    expect(actionsAllowedIn({ state: 'cancelled', hasAssignee: false, confirmed: false })).toEqual([]);
  });
});
