import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError, multipartFile, report } from '../support/http.js';

type Ci = {
  id: string;
  code: string;
  name: string;
  unauthorized: boolean;
  attributes: Record<string, unknown>;
  state: string;
};
type Release = {
  id: string;
  number: string;
  state: string;
  type: string;
  changes: { id: string; number: string; state: string }[];
  problems: { id: string; number: string; state: string; role: string }[];
  sites: { id: string; state: string; location: { id: string } }[];
  tests: { id: string; result: string; attachments: { filename: string }[] }[];
  acceptance: { conditions: string; by: { id: string } } | null;
  reworkCount: number;
  outcome: string | null;
  baselineId: string | null;
  notesArticleId: string | null;
  successLog: { kind: string; ref: string; detail?: string }[];
  abilities: Record<string, boolean>;
};

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

for (const dialect of await dialectsUnderTest()) {
  describe(`release management [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let manager: Client;
    let agent: Client;
    let requester: Client;
    let requesterB: Client;
    let classes: Record<string, string>;
    let service: { id: string };
    let question: { id: string };
    let beijing: Ci;
    let shanghai: Ci;
    const now = Date.now();
    const current = { plannedStart: iso(now - 10 * 60_000), plannedEnd: iso(now + 4 * HOUR) };
    const siteWindow = { windowStart: iso(now - 5 * 60_000), windowEnd: iso(now + 3 * HOUR) };

    const ok = async <T = Release>(res: { statusCode: number; body: string; json: () => unknown }, status = 200) => {
      expect(res.statusCode, res.body).toBe(status);
      return res.json() as T;
    };
    const ci = async (classCode: string, name: string, more: Record<string, unknown> = {}) =>
      ok<Ci>(
        await admin.post('/api/v1/cmdb/cis', {
          classId: classes[classCode],
          name,
          organizationId: world.orgA.id,
          state: 'in_use',
          attributes: {},
          ...more,
        }),
        201,
      );
    /** A change raised, assessed low-risk and approved by the change manager (已批准（已排期）). */
    const approvedChange = async (ciIds: string[], title = 'OA 升级') => {
      const change = await ok<{ id: string; number: string }>(
        await manager.post('/api/v1/changes', {
          title,
          backoutPlan: '回退到旧版本',
          serviceIds: [service.id],
          ciIds,
          ...current,
        }),
        201,
      );
      await ok(await manager.post(`/api/v1/changes/${change.id}/submit`));
      await ok(await manager.post(`/api/v1/changes/${change.id}/assess`));
      await ok(
        await manager.post(`/api/v1/changes/${change.id}/risk`, { answers: [{ questionId: question.id, answer: 0 }] }),
      );
      await ok(await manager.post(`/api/v1/changes/${change.id}/request-approval`));
      const voted = await ok<{ state: string }>(
        await manager.post(`/api/v1/changes/${change.id}/vote`, { vote: 'approve' }),
      );
      expect(voted.state).toBe('scheduled');
      return change;
    };
    const plan = {
      releaseDate: iso(now + HOUR),
      deliverables: 'OA 2.0 安装包与数据库脚本',
      backoutPlan: '恢复 1.9 安装包与数据库备份',
      verificationPlan: '冒烟测试与业务验收',
      communication: '提前一天邮件通知用户与服务台',
    };
    /** A release of the given changes, moved to 测试中. */
    const releaseInTesting = async (changeIds: string[], body: Record<string, unknown> = {}) => {
      const release = await ok(
        await manager.post('/api/v1/releases', {
          title: 'OA 2.0 发布',
          version: '2.0',
          changeIds,
          serviceIds: [service.id],
          organizationId: world.orgA.id,
          customerRepIds: [world.requesterA.id],
          plan,
          ...body,
        }),
        201,
      );
      await ok(await manager.post(`/api/v1/releases/${release.id}/plan`));
      await ok(await manager.post(`/api/v1/releases/${release.id}/build`));
      return ok(await manager.post(`/api/v1/releases/${release.id}/test`));
    };
    const passTest = async (releaseId: string, environment = 'staging', testCase = '登录与审批流程') =>
      ok(
        await agent.post(`/api/v1/releases/${releaseId}/tests`, {
          testCase,
          expected: '可登录并完成审批',
          actual: '符合预期',
          environment,
          result: 'pass',
        }),
      );
    /** Tested, accepted by the customer representative, with a site per location, awaiting approval. */
    const readyForApproval = async (release: Release, locations: Ci[]) => {
      await passTest(release.id);
      await ok(await manager.post(`/api/v1/releases/${release.id}/request-acceptance`));
      await ok(
        await requester.post(`/api/v1/releases/${release.id}/acceptance`, {
          decision: 'accept',
          conditions: '上线后一周内观察',
        }),
      );
      for (const location of locations)
        await ok(
          await manager.post(`/api/v1/releases/${release.id}/sites`, {
            locationId: location.id,
            ownerId: world.agent.id,
            activities: '停服、安装、启动、冒烟测试',
            ...siteWindow,
          }),
        );
      return ok(await manager.get(`/api/v1/releases/${release.id}`));
    };

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      manager = await signIn(test, 'manager@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
      requesterB = await signIn(test, 'req-b@test.local', PASSWORD);
      const list = (await admin.get('/api/v1/cmdb/classes')).json() as { id: string; code: string }[];
      classes = Object.fromEntries(list.map((c) => [c.code, c.id]));
      expect(
        (
          await admin.request('PUT', `/api/v1/change-capabilities/${world.manager.id}`, {
            capabilities: ['change_manager'],
          })
        ).statusCode,
      ).toBe(200);
      // The release manager capability sits beside the change manager's; only an administrator grants it.
      expectError(
        await manager.request('PUT', `/api/v1/release-managers/${world.manager.id}`, { releaseManager: true }),
        403,
      );
      expect(
        (await admin.request('PUT', `/api/v1/release-managers/${world.manager.id}`, { releaseManager: true })).json(),
      ).toEqual({ capabilities: ['change_manager', 'release_manager'] });
      expectError(
        await admin.request('PUT', `/api/v1/release-managers/${world.requesterA.id}`, { releaseManager: true }),
        403,
      );
      service = await ok(
        await admin.post('/api/v1/services', {
          code: 'OA',
          nameZh: 'OA 系统',
          nameEn: 'OA',
          ownerId: world.manager.id,
        }),
        201,
      );
      question = await ok(
        await admin.post('/api/v1/change-risk-questions', {
          textZh: '是否影响生产数据？',
          textEn: 'Does it touch production data?',
          answers: [
            { labelZh: '否', labelEn: 'No', score: 0 },
            { labelZh: '是', labelEn: 'Yes', score: 30 },
          ],
        }),
        201,
      );
      await ok(
        await admin.post('/api/v1/change-windows', {
          name: '例行维护窗口',
          kind: 'maintenance',
          startsAt: iso(now - HOUR),
          endsAt: iso(now + 7 * 24 * HOUR),
        }),
        201,
      );
      beijing = await ci('location', '北京机房');
      shanghai = await ci('location', '上海机房');
    });
    afterAll(() => test?.close());

    it('plans a release of two changes, gates on tests, takes rework and acceptance, deploys to two sites and on success updates the CMDB under the changes, takes a baseline and drafts the notes', async () => {
      const appBj = await ci('software', 'OA 北京', { locationId: beijing.id, attributes: { version: '1.9' } });
      const appSh = await ci('software', 'OA 上海', { locationId: shanghai.id, attributes: { version: '1.9' } });
      const stray = await ci('software', '不在变更中的软件', { attributes: { version: '1.0' } });
      const c1 = await approvedChange([appBj.id], 'OA 北京升级');
      const c2 = await approvedChange([appSh.id], 'OA 上海升级');
      // A problem the release fixes, with its root cause found and the fix under way.
      const problem = await ok<{ id: string; number: string }>(
        await manager.post('/api/v1/problems', { title: 'OA 审批超时', description: '审批页面偶发超时' }),
        201,
      );
      await ok(await manager.post(`/api/v1/problems/${problem.id}/analyse`));
      await ok(
        await manager.patch(`/api/v1/problems/${problem.id}`, {
          rca: { whys: [], fishbone: [], rootCause: '连接池过小', conclusion: '2.0 调整连接池' },
        }),
      );
      await ok(await manager.post(`/api/v1/problems/${problem.id}/start-fix`));

      const draft = await ok(
        await manager.post('/api/v1/releases', {
          title: 'OA 2.0 发布',
          version: '2.0',
          changeIds: [c1.number, c2.number],
          problemIds: [problem.number],
          serviceIds: [service.id],
          organizationId: world.orgA.id,
          customerRepIds: [world.requesterA.id],
          plan: { ...plan, releaseDate: undefined },
        }),
        201,
      );
      expect(draft.number).toMatch(/^REL-\d{4}-\d{6}$/);
      expect(draft.changes.map((c) => c.number).sort()).toEqual([c1.number, c2.number].sort());
      expectError(await agent.post('/api/v1/releases', { title: 'x', version: '1' }), 403);
      expectError(
        await manager.post('/api/v1/releases', { title: 'x', version: '1', changeIds: ['CHG-2020-999999'] }),
        400,
        'release.change_unknown',
      );

      // The CIs it updates must be listed by one of its changes, so the write is authorised.
      expectError(
        await manager.patch(`/api/v1/releases/${draft.id}`, { ciTargets: [{ ciId: stray.id, version: '2.0' }] }),
        400,
        'release.ci_not_in_change',
      );
      await ok(
        await manager.patch(`/api/v1/releases/${draft.id}`, {
          ciTargets: [
            { ciId: appBj.id, version: '2.0' },
            { ciId: appSh.id, version: '2.0' },
          ],
        }),
      );
      await ok(await manager.post(`/api/v1/releases/${draft.id}/plan`));
      expectError(await manager.post(`/api/v1/releases/${draft.id}/build`), 409, 'release.plan_incomplete');
      await ok(await manager.patch(`/api/v1/releases/${draft.id}`, { plan: { releaseDate: plan.releaseDate } }));
      await ok(await manager.post(`/api/v1/releases/${draft.id}/build`));
      const testing = await ok(await manager.post(`/api/v1/releases/${draft.id}/test`));
      expect(testing.state).toBe('testing');

      // Tests: none yet, then a failure with a known error found, then the same case passes.
      expectError(await manager.post(`/api/v1/releases/${draft.id}/request-acceptance`), 409, 'release.tests_required');
      const failing = {
        testCase: '登录与审批流程',
        expected: '可登录并完成审批',
        actual: '大附件审批失败',
        environment: 'staging',
        result: 'fail',
        knownErrors: [
          { title: '大附件审批失败', description: '超过 50MB 的附件审批报错', workaround: '先压缩附件再提交' },
        ],
      };
      // Declaring a known error is problem management's work: a first-line agent may not, and nothing is kept.
      expectError(await agent.post(`/api/v1/releases/${draft.id}/tests`, failing), 403);
      expect((await ok(await manager.get(`/api/v1/releases/${draft.id}`))).tests).toEqual([]);
      const failed = await ok(await manager.post(`/api/v1/releases/${draft.id}/tests`, failing));
      const found = failed.problems.find((p) => p.role === 'found')!;
      expect(found.state).toBe('known_error');
      const evidence = multipartFile('staging-run.log', 'approval failed at 50MB');
      const withEvidence = await ok(
        await agent.request(
          'POST',
          `/api/v1/releases/${draft.id}/tests/${failed.tests[0]!.id}/evidence`,
          evidence.payload,
          evidence.headers,
        ),
      );
      expect(withEvidence.tests[0]!.attachments.map((a) => a.filename)).toEqual(['staging-run.log']);
      expectError(await manager.post(`/api/v1/releases/${draft.id}/request-acceptance`), 409, 'release.tests_failing');
      await passTest(draft.id);
      await ok(await manager.post(`/api/v1/releases/${draft.id}/request-acceptance`));

      // Acceptance (验收): not by just anyone; the customer representative sends it back once, then accepts.
      expectError(
        await agent.post(`/api/v1/releases/${draft.id}/acceptance`, { decision: 'accept' }),
        403,
        'release.not_acceptor',
      );
      expectError(await requesterB.get(`/api/v1/releases/${draft.id}`), 404);
      const awaiting = (await requester.get('/api/v1/releases?awaitingMe=true')).json().items as { number: string }[];
      expect(awaiting.map((r) => r.number)).toContain(draft.number);
      const reworked = await ok(
        await requester.post(`/api/v1/releases/${draft.id}/acceptance`, {
          decision: 'rework',
          note: '审批页面文字需调整',
        }),
      );
      expect(reworked).toMatchObject({ state: 'testing', reworkCount: 1, acceptance: null });
      await passTest(draft.id, 'staging', '审批页面文字');
      await ok(await manager.post(`/api/v1/releases/${draft.id}/request-acceptance`));
      const accepted = await ok(
        await requester.post(`/api/v1/releases/${draft.id}/acceptance`, {
          decision: 'accept',
          conditions: '上线后一周内观察',
        }),
      );
      expect(accepted.state).toBe('approval');
      expect(accepted.acceptance).toMatchObject({ conditions: '上线后一周内观察', by: { id: world.requesterA.id } });

      // Sites: within the maintenance window; a time outside it is refused.
      expectError(await manager.post(`/api/v1/releases/${draft.id}/approve`), 409, 'release.sites_required');
      expectError(
        await manager.post(`/api/v1/releases/${draft.id}/sites`, {
          locationId: beijing.id,
          ownerId: world.agent.id,
          windowStart: iso(now + 30 * 24 * HOUR),
          windowEnd: iso(now + 30 * 24 * HOUR + HOUR),
        }),
        409,
        'release.window_blocked',
      );
      expectError(
        await manager.post(`/api/v1/releases/${draft.id}/sites`, {
          locationId: appBj.id,
          ownerId: world.agent.id,
          ...siteWindow,
        }),
        400,
        'release.not_a_location',
      );
      for (const location of [beijing, shanghai])
        await ok(
          await manager.post(`/api/v1/releases/${draft.id}/sites`, {
            locationId: location.id,
            ownerId: world.agent.id,
            ...siteWindow,
          }),
        );

      // Approved: the grouped changes start (实施中).
      const deploying = await ok(await manager.post(`/api/v1/releases/${draft.id}/approve`));
      expect(deploying.state).toBe('deployment');
      expect(deploying.changes.map((c) => c.state)).toEqual(['implementing', 'implementing']);
      expectError(await manager.patch(`/api/v1/releases/${draft.id}`, { version: '2.1' }), 409, 'release.not_editable');
      for (const site of deploying.sites) {
        await ok(await agent.post(`/api/v1/releases/${draft.id}/sites/${site.id}/step`, { action: 'start' }));
        await ok(
          await agent.post(`/api/v1/releases/${draft.id}/sites/${site.id}/step`, {
            action: 'complete',
            note: '冒烟测试通过',
          }),
        );
      }
      const verifying = await ok(await manager.post(`/api/v1/releases/${draft.id}/complete-deployment`));
      expect(verifying.state).toBe('verification');
      expectError(await manager.post(`/api/v1/releases/${draft.id}/verify`, { note: '' }), 400);
      const succeeded = await ok(
        await manager.post(`/api/v1/releases/${draft.id}/verify`, { note: '两地业务验证通过' }),
      );
      expect(succeeded).toMatchObject({ state: 'review', outcome: 'success' });

      // The CMDB: new versions, written under the changes and authorised (no unauthorised flag).
      for (const [target, change] of [
        [appBj, c1],
        [appSh, c2],
      ] as const) {
        const after = await ok<Ci>(await admin.get(`/api/v1/cmdb/cis/${target.id}`));
        expect(after.attributes.version).toBe('2.0');
        expect(after.unauthorized).toBe(false);
        const versions = (await admin.get(`/api/v1/cmdb/cis/${target.id}/versions`)).json() as {
          items?: { record: { id: string } | null; unauthorized: boolean }[];
        };
        const list =
          versions.items ?? (versions as unknown as { record: { id: string } | null; unauthorized: boolean }[]);
        expect(list.some((v) => v.record?.id === change.id && !v.unauthorized)).toBe(true);
      }
      expect(succeeded.changes.map((c) => c.state)).toEqual(['implemented', 'implemented']);
      // A baseline of the CIs it updated, and a draft of the release notes with the known error's workaround.
      expect(succeeded.baselineId).toBeTruthy();
      const baselines = (await admin.get('/api/v1/cmdb/baselines')).json() as
        | { id: string; itemCount: number }[]
        | { items: { id: string; itemCount: number }[] };
      const baseline = (Array.isArray(baselines) ? baselines : baselines.items).find(
        (b) => b.id === succeeded.baselineId,
      );
      expect(baseline?.itemCount).toBe(2);
      const article = await ok<{ state: string; title: string; body: string }>(
        await manager.get(`/api/v1/knowledge/articles/${succeeded.notesArticleId}`),
      );
      expect(article.state).toBe('draft');
      expect(article.title).toContain(draft.number);
      expect(article.body).toContain('先压缩附件再提交');
      expect(article.body).toContain(c1.number);
      // The problem it closes moved on to 已解决.
      expect((await manager.get(`/api/v1/problems/${problem.id}`)).json().state).toBe('resolved');

      // Review (expected against actual), then closing; the dataset counts it as a success.
      expectError(await manager.post(`/api/v1/releases/${draft.id}/close`), 409, 'release.review_required');
      await ok(
        await manager.post(`/api/v1/releases/${draft.id}/review-record`, {
          expected: '两地上线，无事件',
          actual: '两地上线，无事件',
          objectivesMet: true,
          lessons: '提前准备回退包',
        }),
      );
      expect((await ok(await manager.post(`/api/v1/releases/${draft.id}/close`))).state).toBe('closed');
      const measures = await manager.get('/api/v1/reports/releases.measures?groupBy=outcome');
      expect(measures.statusCode, measures.body).toBe(200);
      const row = (measures.json().rows as Record<string, unknown>[]).find((r) => r.outcome === 'success');
      expect(row).toMatchObject({ releases: 1 });
    });

    it('cannot deploy while one of its changes is not approved, and a major release must pass in staging', async () => {
      const sw = await ci('software', 'ERP 客户端', { attributes: { version: '5' } });
      const approved = await approvedChange([sw.id], 'ERP 升级');
      const pending = await ok<{ id: string; number: string }>(
        await manager.post('/api/v1/changes', { title: '尚未审批的变更', backoutPlan: '无', ...current }),
        201,
      );
      const release = await releaseInTesting([approved.id, pending.id], { type: 'major' });
      await passTest(release.id, 'production');
      expectError(
        await manager.post(`/api/v1/releases/${release.id}/request-acceptance`),
        409,
        'release.tests_required',
      );
      await passTest(release.id, 'staging', '仿真环境全流程');
      const ready = await readyForApproval(release, [beijing]);
      expect(ready.state).toBe('approval');
      expectError(await manager.post(`/api/v1/releases/${release.id}/approve`), 409, 'release.changes_not_approved');
      // Taking the unapproved change out lets it go.
      await ok(await manager.patch(`/api/v1/releases/${release.id}`, { changeIds: [approved.id] }));
      expect((await ok(await manager.post(`/api/v1/releases/${release.id}/approve`))).state).toBe('deployment');
    });

    it('rolls one site back while the other succeeds: only the live site’s CI gets the new version, and a problem is raised from the failure', async () => {
      const appBj = await ci('software', 'CRM 北京', { locationId: beijing.id, attributes: { version: '3.1' } });
      const appSh = await ci('software', 'CRM 上海', { locationId: shanghai.id, attributes: { version: '3.1' } });
      const change = await approvedChange([appBj.id, appSh.id], 'CRM 升级');
      const release = await releaseInTesting([change.id], { title: 'CRM 3.2 发布', version: '3.2' });
      await ok(
        await manager.patch(`/api/v1/releases/${release.id}`, {
          ciTargets: [
            { ciId: appBj.id, version: '3.2' },
            { ciId: appSh.id, version: '3.2' },
          ],
        }),
      );
      const ready = await readyForApproval(release, [beijing, shanghai]);
      const siteBj = ready.sites.find((s) => s.location.id === beijing.id)!;
      const siteSh = ready.sites.find((s) => s.location.id === shanghai.id)!;
      expectError(
        await agent.post(`/api/v1/releases/${release.id}/sites/${siteBj.id}/step`, { action: 'start' }),
        409,
        'release.not_deploying',
      );
      await ok(await manager.post(`/api/v1/releases/${release.id}/approve`));
      expectError(
        await manager.post(`/api/v1/releases/${release.id}/follow-up`, {
          kind: 'problem',
          title: 'x',
          description: 'y',
        }),
        409,
        'release.not_failed',
      );
      for (const site of [siteBj, siteSh])
        await ok(await agent.post(`/api/v1/releases/${release.id}/sites/${site.id}/step`, { action: 'start' }));
      await ok(await agent.post(`/api/v1/releases/${release.id}/sites/${siteBj.id}/step`, { action: 'complete' }));
      expectError(
        await agent.post(`/api/v1/releases/${release.id}/sites/${siteSh.id}/step`, { action: 'fail' }),
        400,
        'release.site_note_required',
      );
      await ok(
        await agent.post(`/api/v1/releases/${release.id}/sites/${siteSh.id}/step`, {
          action: 'fail',
          note: '上海数据库迁移脚本报错',
        }),
      );
      expectError(
        await manager.post(`/api/v1/releases/${release.id}/complete-deployment`),
        409,
        'release.site_not_rolled_back',
      );
      const rolled = await ok(
        await agent.post(`/api/v1/releases/${release.id}/sites/${siteSh.id}/step`, {
          action: 'roll_back',
          note: '已恢复 3.1 与数据库备份',
        }),
      );
      expect(rolled.sites.find((s) => s.id === siteSh.id)!.state).toBe('rolled_back');
      expect(rolled.abilities.followUp).toBe(true);
      const raised = await ok<{ number: string; kind: string }>(
        await manager.post(`/api/v1/releases/${release.id}/follow-up`, {
          kind: 'problem',
          title: '上海迁移脚本失败',
          description: '迁移脚本在上海库报错',
        }),
        201,
      );
      expect(raised).toMatchObject({ kind: 'problem' });
      const links = (await manager.get(`/api/v1/releases/${release.id}`)).json().links;
      expect(JSON.stringify(links)).toContain(raised.number);
      await ok(await manager.post(`/api/v1/releases/${release.id}/complete-deployment`));
      const done = await ok(
        await manager.post(`/api/v1/releases/${release.id}/verify`, { note: '北京验证通过，上海已回退' }),
      );
      expect(done.outcome).toBe('success');
      expect((await ok<Ci>(await admin.get(`/api/v1/cmdb/cis/${appBj.id}`))).attributes.version).toBe('3.2');
      expect((await ok<Ci>(await admin.get(`/api/v1/cmdb/cis/${appSh.id}`))).attributes.version).toBe('3.1');
      expect(done.successLog).toContainEqual(expect.objectContaining({ kind: 'ci_skipped', ref: appSh.code }));
    });

    it('rolls the whole release back with its report: the changes fail, and it closes only after its review', async () => {
      const sw = await ci('software', '门户', { attributes: { version: '1' } });
      const change = await approvedChange([sw.id], '门户升级');
      const release = await releaseInTesting([change.id], { title: '门户 2 发布', version: '2' });
      await readyForApproval(release, [beijing]);
      await ok(await manager.post(`/api/v1/releases/${release.id}/approve`));
      expectError(await manager.post(`/api/v1/releases/${release.id}/roll-back`, { report: ' ' }), 400);
      const rolled = await ok(
        await manager.post(`/api/v1/releases/${release.id}/roll-back`, { report: '安装后首页 500，已恢复旧版本' }),
      );
      expect(rolled).toMatchObject({ state: 'rolled_back', outcome: 'rolled_back' });
      expect(rolled.changes[0]!.state).toBe('failed');
      expect((await ok<Ci>(await admin.get(`/api/v1/cmdb/cis/${sw.id}`))).attributes.version).toBe('1');
      // An incident on the change's CI after it started is a candidate, found as the change PIR finds them.
      const incident = await report(requester, '门户首页打不开');
      const unrelated = await report(requester, '打印机卡纸');
      expect((await agent.post(`/api/v1/records/${incident.id}/cis`, { ciId: sw.id })).statusCode).toBe(200);
      await ok(await manager.post(`/api/v1/releases/${release.id}/review`));
      const candidates = (await manager.get(`/api/v1/releases/${release.id}/incident-candidates`)).json().items as {
        id: string;
      }[];
      expect(candidates.map((c) => c.id)).toEqual([incident.id]);
      expect(candidates.map((c) => c.id)).not.toContain(unrelated.id);
      expectError(await manager.post(`/api/v1/releases/${release.id}/close`), 409, 'release.review_required');
      await ok(
        await manager.post(`/api/v1/releases/${release.id}/review-record`, {
          expected: '首页正常',
          actual: '首页 500，已回退',
          objectivesMet: false,
          lessons: '仿真环境与生产配置不一致',
          incidentIds: candidates.map((c) => c.id),
        }),
      );
      expect((await ok(await manager.post(`/api/v1/releases/${release.id}/close`))).state).toBe('closed');
      const measures = (await manager.get('/api/v1/reports/releases.measures?groupBy=outcome')).json().rows as Record<
        string,
        unknown
      >[];
      expect(measures.find((r) => r.outcome === 'rolled_back')).toMatchObject({ releases: 1, incidentsPerRelease: 1 });
    });

    it('keeps the definitive software library: checksum, licence and location; software CIs link to an entry', async () => {
      const checksum = 'a'.repeat(64);
      const entry = await ok<{ id: string; checksum: string }>(
        await manager.post('/api/v1/dsl-items', {
          name: 'OA',
          version: '2.0',
          checksum: `sha256:${checksum.toUpperCase()}`,
          licence: '商业授权 100 用户',
          location: 'smb://dsl/oa/2.0/oa-2.0.tar.gz',
        }),
        201,
      );
      expect(entry.checksum).toBe(checksum);
      expectError(
        await manager.post('/api/v1/dsl-items', { name: 'OA', version: '2.0', checksum, licence: 'x', location: 'y' }),
        409,
        'release.dsl_duplicate',
      );
      expectError(
        await manager.post('/api/v1/dsl-items', {
          name: 'OA',
          version: '2.1',
          checksum: 'abc',
          licence: 'x',
          location: 'y',
        }),
        400,
      );
      expectError(
        await agent.post('/api/v1/dsl-items', { name: 'OA', version: '2.2', checksum, licence: 'x', location: 'y' }),
        403,
      );
      const sw = await ci('software', 'OA 测试环境', { attributes: { version: '2.0' } });
      expectError(
        await manager.request('PUT', `/api/v1/dsl-items/${entry.id}/cis`, { ciIds: [beijing.id] }),
        400,
        'release.not_software',
      );
      expect((await manager.request('PUT', `/api/v1/dsl-items/${entry.id}/cis`, { ciIds: [sw.id] })).json()).toEqual({
        ciIds: [sw.id],
      });
      expect(
        ((await agent.get(`/api/v1/dsl-items/${entry.id}/cis`)).json().items as { id: string }[]).map((c) => c.id),
      ).toEqual([sw.id]);
      expectError(await requester.get('/api/v1/dsl-items'), 403);
      const release = await ok(
        await manager.post('/api/v1/releases', { title: 'OA 2.0 包', version: '2.0', dslItemIds: [entry.id] }),
        201,
      );
      expect((release as unknown as { dslItems: { id: string }[] }).dslItems.map((d) => d.id)).toEqual([entry.id]);
    });
  });
}
