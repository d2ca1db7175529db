import { describe, expect, it } from 'vitest';
import { nextArticleState, stateAfterEdit } from '../src/knowledge.state.js';
import {
  nextProblemState,
  PROBLEM_ACTIONS,
  PROBLEM_STATES,
  type ProblemFacts,
  problemActionsAllowed,
} from '../src/problem.state.js';

const facts = (over: Partial<ProblemFacts> = {}): ProblemFacts => ({
  state: 'new',
  hasWorkaround: false,
  hasRootCause: false,
  openActions: 0,
  ...over,
});

describe('problem state machine', () => {
  it('walks the happy path 新建 → 分析中 → 已知错误 → 解决中 → 已解决 → 已关闭', () => {
    let f = facts();
    const path = ['analyse', 'declare_known_error', 'start_fix', 'resolve', 'close'] as const;
    const expected = ['analysis', 'known_error', 'resolving', 'resolved', 'closed'];
    path.forEach((action, i) => {
      const r = nextProblemState({ ...f, hasWorkaround: true, hasRootCause: true }, action);
      expect(r).toEqual({ ok: true, state: expected[i] });
      if (r.ok) f = { ...f, state: r.state };
    });
  });

  it('requires a workaround for a known error and a root cause to resolve', () => {
    expect(nextProblemState(facts({ state: 'analysis' }), 'declare_known_error')).toEqual({
      ok: false,
      code: 'problem.workaround_required',
    });
    expect(nextProblemState(facts({ state: 'resolving' }), 'resolve')).toEqual({
      ok: false,
      code: 'problem.root_cause_required',
    });
  });

  it('will not resolve or close while corrective actions are open', () => {
    expect(nextProblemState(facts({ state: 'resolving', hasRootCause: true, openActions: 2 }), 'resolve')).toEqual({
      ok: false,
      code: 'problem.actions_open',
    });
    expect(nextProblemState(facts({ state: 'resolved', openActions: 1 }), 'close')).toEqual({
      ok: false,
      code: 'problem.actions_open',
    });
  });

  it('may skip the known error and go from analysis straight to a fix; reopen goes back to analysis', () => {
    expect(nextProblemState(facts({ state: 'analysis' }), 'start_fix')).toEqual({ ok: true, state: 'resolving' });
    expect(nextProblemState(facts({ state: 'resolved' }), 'reopen')).toEqual({ ok: true, state: 'analysis' });
  });

  it('refuses every action in the closed state and out-of-order actions', () => {
    for (const action of PROBLEM_ACTIONS) {
      expect(nextProblemState(facts({ state: 'closed', hasWorkaround: true, hasRootCause: true }), action).ok).toBe(
        false,
      );
    }
    expect(nextProblemState(facts({ state: 'new' }), 'resolve')).toEqual({
      ok: false,
      code: 'problem.illegal_transition',
    });
  });

  it('lists allowed actions per state', () => {
    const all = facts({ hasWorkaround: true, hasRootCause: true });
    const allowed = Object.fromEntries(PROBLEM_STATES.map((s) => [s, problemActionsAllowed({ ...all, state: s })]));
    expect(allowed).toEqual({
      new: ['analyse'],
      analysis: ['declare_known_error', 'start_fix'],
      known_error: ['start_fix'],
      resolving: ['resolve'],
      resolved: ['reopen', 'close'],
      closed: [],
    });
  });
});

describe('article state machine', () => {
  it('draft → in review → published → retired, with send-back and restore', () => {
    expect(nextArticleState('draft', 'submit')).toEqual({ ok: true, state: 'in_review' });
    expect(nextArticleState('in_review', 'reject')).toEqual({ ok: true, state: 'draft' });
    expect(nextArticleState('in_review', 'approve')).toEqual({ ok: true, state: 'published' });
    expect(nextArticleState('published', 'retire')).toEqual({ ok: true, state: 'retired' });
    expect(nextArticleState('retired', 'restore')).toEqual({ ok: true, state: 'draft' });
    expect(nextArticleState('draft', 'approve')).toEqual({ ok: false, code: 'knowledge.illegal_transition' });
    expect(nextArticleState('published', 'submit').ok).toBe(false);
  });

  it('an edit makes a new draft, except of a retired article', () => {
    expect(stateAfterEdit('published')).toBe('draft');
    expect(stateAfterEdit('in_review')).toBe('draft');
    expect(stateAfterEdit('retired')).toBe('retired');
  });
});
