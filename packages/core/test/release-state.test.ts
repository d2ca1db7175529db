import { describe, expect, it } from 'vitest';
import { catalogues } from '../src/i18n/index.js';
import {
  nextReleaseState,
  nextSiteState,
  RELEASE_ACTIONS,
  RELEASE_STATES,
  type ReleaseFacts,
  releaseMachine,
  type SiteFacts,
  testGate,
} from '../src/modules/releases.js';

const ready: ReleaseFacts = {
  state: 'draft',
  type: 'minor',
  changes: 2,
  unapprovedChanges: 0,
  planComplete: true,
  tests: { passedStaging: 1, passed: 2, failing: 0 },
  sites: { pending: 0, inProgress: 0, done: 2, failed: 0, rolledBack: 0 },
  accepted: true,
  hasBackoutReport: true,
  verified: true,
  reviewDone: true,
};
const at = (state: ReleaseFacts['state'], more: Partial<ReleaseFacts> = {}): ReleaseFacts => ({
  ...ready,
  state,
  ...more,
});

describe('the release machine', () => {
  it('walks 草稿 → 计划中 → 构建中 → 测试中 → 验收中 → 待审批 → 部署中 → 验证中 → 评审中 → 已关闭', () => {
    const path = [
      ['draft', 'plan', 'planning'],
      ['planning', 'build', 'build'],
      ['build', 'test', 'testing'],
      ['testing', 'request_acceptance', 'acceptance'],
      ['acceptance', 'accept', 'approval'],
      ['approval', 'approve', 'deployment'],
      ['deployment', 'complete_deployment', 'verification'],
      ['verification', 'verify', 'review'],
      ['review', 'close', 'closed'],
    ] as const;
    for (const [from, action, to] of path) expect(nextReleaseState(at(from), action)).toEqual({ ok: true, state: to });
  });

  it('refuses steps the state does not allow, and nothing leaves 已关闭 or 已取消', () => {
    expect(nextReleaseState(at('draft'), 'approve')).toEqual({ ok: false, code: 'release.illegal_transition' });
    for (const action of RELEASE_ACTIONS) {
      expect(nextReleaseState(at('closed'), action).ok).toBe(false);
      expect(nextReleaseState(at('cancelled'), action).ok).toBe(false);
    }
    expect(releaseMachine.allowed(at('deployment'))).toEqual(['complete_deployment', 'roll_back']);
  });

  it('builds only a release with changes and the essentials of its plan', () => {
    expect(nextReleaseState(at('planning', { changes: 0 }), 'build')).toEqual({
      ok: false,
      code: 'release.changes_required',
    });
    expect(nextReleaseState(at('planning', { planComplete: false }), 'build')).toEqual({
      ok: false,
      code: 'release.plan_incomplete',
    });
  });

  it('gates acceptance and approval on the test records the type asks for', () => {
    const none = { passedStaging: 0, passed: 0, failing: 0 };
    const prodOnly = { passedStaging: 0, passed: 1, failing: 0 };
    expect(testGate('major', prodOnly)).toBe('release.tests_required');
    expect(testGate('minor', prodOnly)).toBeNull();
    expect(testGate('minor', none)).toBe('release.tests_required');
    expect(testGate('emergency', none)).toBeNull();
    expect(testGate('minor', { passedStaging: 1, passed: 3, failing: 1 })).toBe('release.tests_failing');
    expect(nextReleaseState(at('testing', { type: 'major', tests: prodOnly }), 'request_acceptance')).toEqual({
      ok: false,
      code: 'release.tests_required',
    });
    expect(nextReleaseState(at('approval', { tests: { ...prodOnly, failing: 1 } }), 'approve')).toEqual({
      ok: false,
      code: 'release.tests_failing',
    });
  });

  it('cannot deploy while one of its changes is not approved, unaccepted, or without sites', () => {
    expect(nextReleaseState(at('approval', { unapprovedChanges: 1 }), 'approve')).toEqual({
      ok: false,
      code: 'release.changes_not_approved',
    });
    expect(nextReleaseState(at('approval', { accepted: false }), 'approve')).toEqual({
      ok: false,
      code: 'release.acceptance_required',
    });
    const noSites = { pending: 0, inProgress: 0, done: 0, failed: 0, rolledBack: 0 };
    expect(nextReleaseState(at('approval', { sites: noSites }), 'approve')).toEqual({
      ok: false,
      code: 'release.sites_required',
    });
  });

  it('accepts only with an acceptance on record; rework loops back to testing', () => {
    expect(nextReleaseState(at('acceptance', { accepted: false }), 'accept')).toEqual({
      ok: false,
      code: 'release.acceptance_required',
    });
    expect(nextReleaseState(at('acceptance'), 'rework')).toEqual({ ok: true, state: 'testing' });
    expect(nextReleaseState(at('approval'), 'rework')).toEqual({ ok: true, state: 'testing' });
  });

  it('finishes deployment only when every site is done or rolled back and one succeeded', () => {
    const sites = (s: Partial<ReleaseFacts['sites']>) => ({
      sites: { pending: 0, inProgress: 0, done: 0, failed: 0, rolledBack: 0, ...s },
    });
    expect(nextReleaseState(at('deployment', sites({ done: 1, inProgress: 1 })), 'complete_deployment')).toEqual({
      ok: false,
      code: 'release.sites_open',
    });
    expect(nextReleaseState(at('deployment', sites({ done: 1, failed: 1 })), 'complete_deployment')).toEqual({
      ok: false,
      code: 'release.site_not_rolled_back',
    });
    expect(nextReleaseState(at('deployment', sites({ rolledBack: 2 })), 'complete_deployment')).toEqual({
      ok: false,
      code: 'release.no_site_succeeded',
    });
    expect(nextReleaseState(at('deployment', sites({ done: 1, rolledBack: 1 })), 'complete_deployment')).toEqual({
      ok: true,
      state: 'verification',
    });
  });

  it('rolls back only with a back-out report, verifies with a note, closes after its review', () => {
    expect(nextReleaseState(at('deployment', { hasBackoutReport: false }), 'roll_back')).toEqual({
      ok: false,
      code: 'release.backout_report_required',
    });
    expect(nextReleaseState(at('verification', { verified: false }), 'verify')).toEqual({
      ok: false,
      code: 'release.verification_required',
    });
    expect(nextReleaseState(at('rolled_back'), 'review')).toEqual({ ok: true, state: 'review' });
    expect(nextReleaseState(at('review', { reviewDone: false }), 'close')).toEqual({
      ok: false,
      code: 'release.review_required',
    });
  });

  it('names every state and action in both languages', () => {
    for (const state of RELEASE_STATES)
      for (const locale of ['zh-CN', 'en-US'] as const)
        expect((catalogues[locale] as Record<string, string>)[releaseMachine.stateLabel(state)]).toBeTruthy();
    for (const action of RELEASE_ACTIONS)
      expect((catalogues['zh-CN'] as Record<string, string>)[releaseMachine.actionLabel(action)]).toBeTruthy();
  });
});

describe('a site’s deployment activity', () => {
  const site: SiteFacts = { state: 'pending', releaseDeploying: true, nowInWindow: true, hasNote: false };
  it('starts only while the release deploys and inside its window', () => {
    expect(nextSiteState(site, 'start')).toEqual({ ok: true, state: 'in_progress' });
    expect(nextSiteState({ ...site, releaseDeploying: false }, 'start')).toEqual({
      ok: false,
      code: 'release.not_deploying',
    });
    expect(nextSiteState({ ...site, nowInWindow: false }, 'start')).toEqual({
      ok: false,
      code: 'release.site_outside_window',
    });
  });
  it('fails and rolls back only with a note; done is final unless backed out', () => {
    const running = { ...site, state: 'in_progress' as const };
    expect(nextSiteState(running, 'complete')).toEqual({ ok: true, state: 'done' });
    expect(nextSiteState(running, 'fail')).toEqual({ ok: false, code: 'release.site_note_required' });
    expect(nextSiteState({ ...running, hasNote: true }, 'fail')).toEqual({ ok: true, state: 'failed' });
    expect(nextSiteState({ ...site, state: 'failed', hasNote: true }, 'roll_back')).toEqual({
      ok: true,
      state: 'rolled_back',
    });
    expect(nextSiteState({ ...site, state: 'done' }, 'complete')).toEqual({
      ok: false,
      code: 'release.site_illegal_transition',
    });
  });
});
