import { describe, expect, it } from 'vitest';
import {
  type ChangeFacts,
  changeMachine,
  fitsInside,
  impactPoints,
  nextChangeState,
  occurrences,
  overlapsAny,
  riskLevelOf,
  scoreRisk,
  tallyLevel,
} from '../src/modules/changes.js';

const ready: ChangeFacts = {
  state: 'draft',
  type: 'normal',
  hasRiskLevel: true,
  hasPlannedWindow: true,
  fitsWindow: true,
  nowInPlannedWindow: true,
  hasOverrideReason: false,
  openTasks: 0,
  verified: true,
  pirDone: false,
  retrospectivePending: false,
  hasBackoutNote: false,
};
const at = (state: ChangeFacts['state'], more: Partial<ChangeFacts> = {}): ChangeFacts => ({
  ...ready,
  state,
  ...more,
});

describe('the change machine', () => {
  it('walks 草稿 → 已提交 → 评估中 → 待审批 → 已批准（已排期）→ 实施中 → 已实施 → 回顾中 → 已关闭', () => {
    const path = [
      ['draft', 'submit', 'submitted'],
      ['submitted', 'assess', 'assessing'],
      ['assessing', 'request_approval', 'pending_approval'],
      ['pending_approval', 'approve', 'scheduled'],
      ['scheduled', 'start', 'implementing'],
      ['implementing', 'complete', 'implemented'],
      ['implemented', 'review', 'reviewing'],
    ] as const;
    for (const [from, action, to] of path) expect(nextChangeState(at(from), action)).toEqual({ ok: true, state: to });
    expect(nextChangeState(at('reviewing', { pirDone: true }), 'close')).toEqual({ ok: true, state: 'closed' });
  });

  it('refuses what the state does not allow', () => {
    expect(nextChangeState(at('draft'), 'approve')).toEqual({ ok: false, code: 'change.illegal_transition' });
    expect(nextChangeState(at('closed'), 'cancel')).toEqual({ ok: false, code: 'change.illegal_transition' });
    expect(nextChangeState(at('implementing'), 'cancel')).toEqual({ ok: false, code: 'change.illegal_transition' });
    // A normal change is never implemented before it is approved.
    expect(nextChangeState(at('pending_approval'), 'start')).toEqual({ ok: false, code: 'change.illegal_transition' });
    expect(changeMachine.allowed(at('pending_approval'))).toEqual(['approve', 'reject', 'cancel']);
  });

  it('approves nothing without a risk level', () => {
    const noRisk = { hasRiskLevel: false };
    expect(nextChangeState(at('assessing', noRisk), 'request_approval')).toEqual({
      ok: false,
      code: 'change.risk_required',
    });
    expect(nextChangeState(at('pending_approval', noRisk), 'approve')).toEqual({
      ok: false,
      code: 'change.risk_required',
    });
    expect(nextChangeState(at('assessing', { hasPlannedWindow: false }), 'request_approval')).toEqual({
      ok: false,
      code: 'change.window_required',
    });
  });

  it('keeps a normal change inside its maintenance window; an emergency overrides with a reason', () => {
    expect(nextChangeState(at('assessing', { fitsWindow: false }), 'request_approval')).toEqual({
      ok: false,
      code: 'change.outside_window',
    });
    expect(nextChangeState(at('scheduled', { nowInPlannedWindow: false }), 'start')).toEqual({
      ok: false,
      code: 'change.outside_window',
    });
    const emergency = { type: 'emergency' as const, nowInPlannedWindow: false, fitsWindow: false };
    expect(nextChangeState(at('scheduled', emergency), 'start')).toEqual({
      ok: false,
      code: 'change.override_reason_required',
    });
    expect(nextChangeState(at('scheduled', { ...emergency, hasOverrideReason: true }), 'start')).toEqual({
      ok: true,
      state: 'implementing',
    });
    expect(nextChangeState(at('assessing', { ...emergency, hasOverrideReason: true }), 'request_approval').ok).toBe(
      true,
    );
  });

  it('lets an emergency be implemented before approval, and closes it only after retrospective approval and review', () => {
    const emergency = { type: 'emergency' as const, hasOverrideReason: true };
    expect(nextChangeState(at('submitted', emergency), 'start')).toEqual({ ok: true, state: 'implementing' });
    expect(nextChangeState(at('submitted', { type: 'emergency' }), 'start')).toEqual({
      ok: false,
      code: 'change.override_reason_required',
    });
    expect(nextChangeState(at('implemented', { ...emergency, retrospectivePending: true }), 'close')).toEqual({
      ok: false,
      code: 'change.retrospective_approval_required',
    });
    expect(nextChangeState(at('implemented', emergency), 'close')).toEqual({ ok: false, code: 'change.pir_required' });
    expect(nextChangeState(at('implemented', { ...emergency, pirDone: true }), 'close').ok).toBe(true);
  });

  it('closes nothing unverified, implements nothing with open tasks, fails only with what was backed out', () => {
    expect(nextChangeState(at('implemented', { verified: false }), 'close')).toEqual({
      ok: false,
      code: 'change.verification_required',
    });
    expect(nextChangeState(at('implemented', { verified: false }), 'review')).toEqual({
      ok: false,
      code: 'change.verification_required',
    });
    expect(nextChangeState(at('implementing', { openTasks: 2 }), 'complete')).toEqual({
      ok: false,
      code: 'change.tasks_open',
    });
    expect(nextChangeState(at('implementing'), 'fail')).toEqual({ ok: false, code: 'change.backout_note_required' });
    expect(nextChangeState(at('implementing', { hasBackoutNote: true }), 'fail')).toEqual({
      ok: true,
      state: 'failed',
    });
    // A failed change is closed only through review, and the review needs its PIR.
    expect(nextChangeState(at('failed'), 'close')).toEqual({ ok: false, code: 'change.illegal_transition' });
    expect(nextChangeState(at('failed', { verified: false }), 'review')).toEqual({ ok: true, state: 'reviewing' });
    expect(nextChangeState(at('reviewing'), 'close')).toEqual({ ok: false, code: 'change.pir_required' });
  });

  it('sends a standard change straight to 已批准（已排期）, and never through assessment', () => {
    const standard = { type: 'standard' as const };
    expect(nextChangeState(at('draft', standard), 'submit')).toEqual({ ok: true, state: 'scheduled' });
    expect(nextChangeState(at('draft', { ...standard, fitsWindow: false }), 'submit')).toEqual({
      ok: false,
      code: 'change.outside_window',
    });
    expect(nextChangeState(at('submitted', standard), 'assess')).toEqual({
      ok: false,
      code: 'change.illegal_transition',
    });
  });
});

describe('risk', () => {
  it('adds the weighted answers to the CMDB impact and maps the score to 低/中/高/重大', () => {
    expect(impactPoints({ services: 0, users: 0 })).toBe(0);
    expect(impactPoints({ services: 2, users: 9 })).toBe(10 + 8);
    expect(impactPoints({ services: 100, users: 1e9 })).toBe(50);
    expect(scoreRisk([{ weight: 10 }, { weight: 5 }], { services: 0, users: 0 })).toMatchObject({
      score: 15,
      level: 'low',
    });
    expect(scoreRisk([{ weight: 10 }], { services: 2, users: 0 })).toMatchObject({
      cmdb: 10,
      score: 20,
      level: 'medium',
    });
    expect(riskLevelOf(44)).toBe('medium');
    expect(riskLevelOf(45)).toBe('high');
    expect(riskLevelOf(70)).toBe('major');
  });
});

describe('approval rules', () => {
  it('any: the first approval decides; a rejection ends the round', () => {
    expect(tallyLevel('any', 3, 0, 0)).toBe('pending');
    expect(tallyLevel('any', 3, 1, 0)).toBe('approved');
    expect(tallyLevel('any', 3, 0, 1)).toBe('rejected');
  });
  it('all: every approver; one rejection ends the round', () => {
    expect(tallyLevel('all', 3, 2, 0)).toBe('pending');
    expect(tallyLevel('all', 3, 3, 0)).toBe('approved');
    expect(tallyLevel('all', 3, 2, 1)).toBe('rejected');
  });
  it('majority: more than half; rejected once approval can no longer win', () => {
    expect(tallyLevel('majority', 3, 1, 1)).toBe('pending');
    expect(tallyLevel('majority', 3, 2, 1)).toBe('approved');
    expect(tallyLevel('majority', 3, 0, 2)).toBe('rejected');
    expect(tallyLevel('majority', 4, 2, 0)).toBe('pending');
    expect(tallyLevel('majority', 4, 2, 2)).toBe('rejected');
    expect(tallyLevel('majority', 4, 3, 1)).toBe('approved');
  });
});

describe('windows', () => {
  const weeklySaturdayNight = {
    startsAt: '2026-12-05T14:00:00.000Z',
    endsAt: '2026-12-05T20:00:00.000Z',
    recurrence: 'weekly' as const,
  };
  it('repeats a weekly window and finds a change inside one occurrence', () => {
    const from = Date.parse('2026-12-01T00:00:00Z');
    const to = Date.parse('2026-12-31T00:00:00Z');
    expect(occurrences(weeklySaturdayNight, from, to).map((o) => new Date(o.start).toISOString().slice(0, 10))).toEqual(
      ['2026-12-05', '2026-12-12', '2026-12-19', '2026-12-26'],
    );
    const inside = [Date.parse('2026-12-19T15:00:00Z'), Date.parse('2026-12-19T17:00:00Z')] as const;
    expect(fitsInside([weeklySaturdayNight], ...inside)).toBe(true);
    expect(
      fitsInside([weeklySaturdayNight], Date.parse('2026-12-19T19:00:00Z'), Date.parse('2026-12-19T21:00:00Z')),
    ).toBe(false);
  });
  it('repeats a month-end freeze monthly, clamped to short months', () => {
    const monthEnd = {
      startsAt: '2026-01-31T00:00:00Z',
      endsAt: '2026-02-01T00:00:00Z',
      recurrence: 'monthly' as const,
    };
    const feb = occurrences(monthEnd, Date.parse('2026-02-01T00:00:00Z'), Date.parse('2026-03-01T00:00:00Z'));
    expect(feb.map((o) => new Date(o.start).toISOString().slice(0, 10))).toEqual(['2026-02-28']);
    expect(overlapsAny([monthEnd], Date.parse('2026-04-30T10:00:00Z'), Date.parse('2026-04-30T11:00:00Z'))).toBe(true);
    expect(overlapsAny([monthEnd], Date.parse('2026-04-15T10:00:00Z'), Date.parse('2026-04-15T11:00:00Z'))).toBe(false);
  });
});
