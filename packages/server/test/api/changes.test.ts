import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOutageNotices } from '../../src/modules/changes/change.schedule.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError, report } from '../support/http.js';

type Ci = { id: string; code: string; name: string; unauthorized: boolean };
type Change = {
  id: string;
  number: string;
  state: string;
  type: string;
  riskLevel: string | null;
  riskScore: number | null;
  approvals: { name: string; rule: string; state: string; approvers: { id: string }[]; round: number }[];
  tasks: { id: string; state: string }[];
  abilities: Record<string, boolean>;
  retrospective: boolean;
  approvedAt: string | null;
};
type Conflict = { kind: string; change: { number: string } | null; ci: { id: string; depth?: number } | null };

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

for (const dialect of await dialectsUnderTest()) {
  describe(`change management [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let manager: Client;
    let agent: Client;
    let specialist: Client;
    let idle: Client;
    let requester: Client;
    let requesterB: Client;
    let classes: Record<string, string>;
    let service: { id: string };
    let question: { id: string };
    const now = Date.now();
    /** A planned window that contains now, so the change may start right away. */
    const current = { plannedStart: iso(now - 10 * 60_000), plannedEnd: iso(now + 2 * HOUR) };

    const REQUIRED: Record<string, Record<string, string>> = {
      database: { engine: 'PostgreSQL' },
      business_service: { criticality: '高' },
    };
    const ci = async (classCode: string, name: string) => {
      const res = await admin.post('/api/v1/cmdb/cis', {
        classId: classes[classCode],
        name,
        organizationId: world.orgA.id,
        state: 'in_use',
        attributes: REQUIRED[classCode] ?? {},
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Ci;
    };
    const dependsOn = async (from: Ci, to: Ci) => {
      const res = await admin.post(`/api/v1/cmdb/cis/${from.id}/relations`, { type: 'depends_on', targetId: to.id });
      expect(res.statusCode, res.body).toBe(201);
    };
    const ok = async (res: { statusCode: number; body: string; json: () => unknown }, status = 200) => {
      expect(res.statusCode, res.body).toBe(status);
      return res.json() as Change;
    };
    const raise = async (client: Client, body: Record<string, unknown>) =>
      ok(
        await client.post('/api/v1/changes', {
          title: '数据库补丁升级',
          purpose: '修复安全漏洞',
          content: '升级数据库到最新补丁版本',
          reason: '厂商安全公告',
          plan: [{ title: '备份', detail: '全量备份' }, { title: '升级' }],
          backoutPlan: '从备份恢复',
          testPlan: '冒烟测试',
          ...current,
          ...body,
        }),
        201,
      );
    /** Submitted and under assessment, with a risk level from the questionnaire. */
    const assessed = async (change: Change, answer = 0) => {
      await ok(await specialist.post(`/api/v1/changes/${change.id}/submit`));
      await ok(await manager.post(`/api/v1/changes/${change.id}/assess`));
      return ok(
        await manager.post(`/api/v1/changes/${change.id}/risk`, { answers: [{ questionId: question.id, answer }] }),
      );
    };

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      manager = await signIn(test, 'manager@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      specialist = await signIn(test, 'agent-a@test.local', PASSWORD);
      idle = await signIn(test, 'idle@test.local', PASSWORD);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
      requesterB = await signIn(test, 'req-b@test.local', PASSWORD);
      const list = (await admin.get('/api/v1/cmdb/classes')).json() as { id: string; code: string }[];
      classes = Object.fromEntries(list.map((c) => [c.code, c.id]));
      // The change manager and three CAB members, granted alongside their roles.
      expectError(
        await manager.request('PUT', `/api/v1/change-capabilities/${world.manager.id}`, {
          capabilities: ['change_manager'],
        }),
        403,
      );
      expect(
        (
          await admin.request('PUT', `/api/v1/change-capabilities/${world.manager.id}`, {
            capabilities: ['change_manager'],
          })
        ).json(),
      ).toEqual({ capabilities: ['change_manager'] });
      for (const user of [world.agent, world.agentA, world.idle])
        expect(
          (await admin.request('PUT', `/api/v1/change-capabilities/${user.id}`, { capabilities: ['cab_member'] }))
            .statusCode,
        ).toBe(200);
      expectError(
        await admin.request('PUT', `/api/v1/change-capabilities/${world.requesterA.id}`, {
          capabilities: ['cab_member'],
        }),
        403,
      );
      const svc = await admin.post('/api/v1/services', {
        code: 'ERP',
        nameZh: 'ERP 系统',
        nameEn: 'ERP',
        ownerId: world.manager.id,
      });
      expect(svc.statusCode, svc.body).toBe(201);
      service = svc.json();
      const q = await admin.post('/api/v1/change-risk-questions', {
        textZh: '是否影响生产数据？',
        textEn: 'Does it touch production data?',
        weight: 1,
        answers: [
          { labelZh: '否', labelEn: 'No', score: 0 },
          { labelZh: '是', labelEn: 'Yes', score: 30 },
        ],
      });
      expect(q.statusCode, q.body).toBe(201);
      question = q.json();
      expectError(
        await manager.post('/api/v1/change-risk-questions', {
          textZh: 'x',
          textEn: 'x',
          answers: [{ labelZh: 'a', labelEn: 'a', score: 1 }],
        }),
        403,
      );
      // A general maintenance window around now, for a week.
      const window = await admin.post('/api/v1/change-windows', {
        name: '例行维护窗口',
        kind: 'maintenance',
        startsAt: iso(now - HOUR),
        endsAt: iso(now + 7 * 24 * HOUR),
      });
      expect(window.statusCode, window.body).toBe(201);
    });
    afterAll(() => test?.close());

    it('raises an RFC, assesses its risk from the questionnaire and the CMDB, approves it by CAB majority, implements it through the CMDB gate, verifies, reviews and closes', async () => {
      const db = await ci('database', '财务库');
      const app = await ci('business_service', '财务系统');
      await dependsOn(app, db);
      const change = await raise(specialist, { ciIds: [db.id], serviceIds: [service.id] });
      expect(change.number).toMatch(/^CHG-\d{4}-\d{6}$/);
      expect(change.state).toBe('draft');

      // No approval without a risk level.
      await ok(await specialist.post(`/api/v1/changes/${change.id}/submit`));
      await ok(await manager.post(`/api/v1/changes/${change.id}/assess`));
      expectError(await manager.post(`/api/v1/changes/${change.id}/request-approval`), 409, 'change.risk_required');
      expectError(
        await agent.post(`/api/v1/changes/${change.id}/risk`, { answers: [{ questionId: question.id, answer: 1 }] }),
        403,
      );
      const risked = await ok(
        await manager.post(`/api/v1/changes/${change.id}/risk`, { answers: [{ questionId: question.id, answer: 1 }] }),
      );
      // 30 from the questionnaire + 5 for the business service downstream of the database + 5 for ERP.
      expect(risked).toMatchObject({ riskScore: 40, riskLevel: 'medium' });

      const pending = await ok(await manager.post(`/api/v1/changes/${change.id}/request-approval`));
      expect(pending.state).toBe('pending_approval');
      expect(pending.approvals).toEqual([
        expect.objectContaining({ name: 'cab', rule: 'majority', state: 'pending', round: 1 }),
      ]);
      expect(pending.approvals[0]!.approvers.map((a) => a.id).sort()).toEqual(
        [world.agent.id, world.agentA.id, world.idle.id].sort(),
      );
      expectError(await requester.post(`/api/v1/changes/${change.id}/vote`, { vote: 'approve' }), 404);
      expectError(
        await manager.post(`/api/v1/changes/${change.id}/vote`, { vote: 'approve' }),
        403,
        'change.not_an_approver',
      );
      expectError(await agent.post(`/api/v1/changes/${change.id}/vote`, { vote: 'reject' }), 400);

      // The CAB meets: the agenda is the changes awaiting it; two of three approve.
      expectError(await requester.post('/api/v1/cab-meetings', { title: 'x', startsAt: iso(now) }), 403);
      const meeting = await manager.post('/api/v1/cab-meetings', { title: '周例会', startsAt: iso(now) });
      expect(meeting.statusCode, meeting.body).toBe(201);
      const agenda = meeting.json() as { id: string; items: { number: string }[] };
      expect(agenda.items.map((i) => i.number)).toContain(change.number);
      const decided = await manager.post(`/api/v1/cab-meetings/${agenda.id}/decisions`, {
        changeId: change.id,
        conditions: '须在维护窗口内完成',
        votes: [
          { voterId: world.agent.id, vote: 'approve' },
          { voterId: world.agentA.id, vote: 'reject', reason: '风险偏高' },
          { voterId: world.idle.id, vote: 'approve' },
        ],
      });
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json().items.find((i: { number: string }) => i.number === change.number)).toMatchObject({
        decision: 'approved',
        conditions: '须在维护窗口内完成',
      });
      const minutes = await manager.get(`/api/v1/cab-meetings/${agenda.id}/minutes.xlsx`);
      expect(minutes.statusCode).toBe(200);
      expect(minutes.headers['content-type']).toContain('spreadsheetml');
      const approved = await ok(await specialist.get(`/api/v1/changes/${change.id}`));
      expect(approved.state).toBe('scheduled');
      expect(approved.approvals[0]!.state).toBe('approved');

      // Approved but not yet being implemented: a CI write naming it is still flagged.
      const early = await admin.patch(`/api/v1/cmdb/cis/${db.id}`, { name: '财务库-early', changeRef: change.number });
      expect(early.json().unauthorized).toBe(true);

      const task = await ok(
        await manager.post(`/api/v1/changes/${change.id}/tasks`, { title: '执行升级', assigneeId: world.agentA.id }),
      );
      const taskId = task.tasks[0]!.id;
      const started = await ok(await specialist.post(`/api/v1/changes/${change.id}/start`));
      expect(started.state).toBe('implementing');
      expectError(await specialist.post(`/api/v1/changes/${change.id}/complete`), 409, 'change.tasks_open');

      // 实施中: writes on its CIs (and new CIs under it) are authorised; others stay flagged.
      const authorised = await admin.patch(`/api/v1/cmdb/cis/${db.id}`, {
        name: '财务库 v2',
        changeRef: change.number,
      });
      expect(authorised.json().unauthorized).toBe(false);
      const elsewhere = await admin.patch(`/api/v1/cmdb/cis/${app.id}`, {
        name: '财务系统 v2',
        changeRef: change.number,
      });
      expect(elsewhere.json().unauthorized).toBe(true);
      const unnamed = await admin.patch(`/api/v1/cmdb/cis/${db.id}`, { name: '财务库 v3' });
      expect(unnamed.json().unauthorized).toBe(true);
      const created = await admin.post('/api/v1/cmdb/cis', {
        classId: classes.database,
        attributes: { engine: 'MySQL' },
        name: '财务库副本',
        organizationId: world.orgA.id,
        state: 'in_use',
        changeRef: change.number,
      });
      expect(created.json().unauthorized, created.body).toBe(false);
      const later = await admin.patch(`/api/v1/cmdb/cis/${created.json().id}`, {
        name: '财务库副本 2',
        changeRef: change.number,
      });
      expect(later.json().unauthorized).toBe(false);
      const versions = (await specialist.get(`/api/v1/changes/${change.id}/ci-versions`)).json().items as {
        ci: { id: string };
        unauthorized: boolean;
      }[];
      expect(
        versions
          .filter((v) => !v.unauthorized)
          .map((v) => v.ci.id)
          .sort(),
      ).toEqual([db.id, created.json().id, created.json().id].sort());
      expect(versions.filter((v) => v.unauthorized).map((v) => v.ci.id)).toEqual([app.id, db.id]);

      expectError(await requester.patch(`/api/v1/changes/${change.id}/tasks/${taskId}`, { state: 'done' }), 404);
      await ok(await specialist.patch(`/api/v1/changes/${change.id}/tasks/${taskId}`, { state: 'in_progress' }));
      await ok(
        await specialist.patch(`/api/v1/changes/${change.id}/tasks/${taskId}`, { state: 'done', note: '已完成' }),
      );
      expectError(
        await specialist.patch(`/api/v1/changes/${change.id}/tasks/${taskId}`, { state: 'open' }),
        409,
        'change.task_closed',
      );
      const implemented = await ok(
        await specialist.post(`/api/v1/changes/${change.id}/complete`, { note: '升级完成' }),
      );
      expect(implemented.state).toBe('implemented');
      // After implementation the CMDB gate closes again.
      const after = await admin.patch(`/api/v1/cmdb/cis/${db.id}`, { name: '财务库 v4', changeRef: change.number });
      expect(after.json().unauthorized).toBe(true);

      expectError(await manager.post(`/api/v1/changes/${change.id}/close`), 409, 'change.verification_required');
      await ok(await specialist.post(`/api/v1/changes/${change.id}/verify`, { note: '核对版本号与业务功能' }));

      // An incident on the changed CI shortly after is found for the review.
      const incident = await report(requester, '财务系统无法登录');
      expect((await agent.post(`/api/v1/records/${incident.id}/cis`, { ciId: db.id })).statusCode).toBe(200);
      const unrelated = await report(requester, '打印机卡纸');
      await ok(await manager.post(`/api/v1/changes/${change.id}/review`));
      const candidates = (await manager.get(`/api/v1/changes/${change.id}/pir-candidates`)).json().items as {
        id: string;
      }[];
      expect(candidates.map((c) => c.id)).toEqual([incident.id]);
      expectError(await manager.post(`/api/v1/changes/${change.id}/close`), 409, 'change.pir_required');
      expectError(
        await manager.post(`/api/v1/changes/${change.id}/pir`, { objectivesMet: true, incidentIds: [unrelated.id] }),
        400,
      );
      await ok(
        await manager.post(`/api/v1/changes/${change.id}/pir`, {
          objectivesMet: true,
          lessons: '升级前检查连接池配置',
          followUps: ['更新升级手册'],
          incidentIds: [incident.id],
        }),
      );
      const closed = await ok(await manager.post(`/api/v1/changes/${change.id}/close`));
      expect(closed.state).toBe('closed');
      const links = (await manager.get(`/api/v1/incidents/${incident.id}`)).json().links as {
        kind: string;
        number?: string;
      }[];
      expect(JSON.stringify(links)).toContain(change.number);

      // Measures: the change counts as caused-incident and successful.
      const measures = await manager.get('/api/v1/reports/changes.measures?groupBy=type');
      expect(measures.statusCode, measures.body).toBe(200);
      const row = (measures.json().rows as Record<string, unknown>[]).find((r) => r.type === 'normal');
      expect(row).toMatchObject({ causingIncidents: 1 });
    });

    it('approves by all or any per configured level, and a rejection with a reason ends the round', async () => {
      for (const [seq, name, rule, userIds] of [
        [1, '运维经理', 'any', [world.agent.id, world.agentA.id]],
        [2, '业务负责人', 'all', [world.manager.id, world.idle.id]],
      ] as const) {
        const level = await admin.post('/api/v1/change-approval-levels', {
          riskLevel: 'low',
          seq,
          name,
          rule,
          source: 'users',
          userIds,
        });
        expect(level.statusCode, level.body).toBe(201);
      }
      const first = await assessed(await raise(specialist, { title: '调整备份策略' }));
      expect(first.riskLevel).toBe('low');
      const pending = await ok(await manager.post(`/api/v1/changes/${first.id}/request-approval`));
      expect(pending.approvals.map((a) => [a.name, a.state])).toEqual([
        ['运维经理', 'pending'],
        ['业务负责人', 'waiting'],
      ]);
      // any: one approval opens the next level; all: both must approve.
      expect(
        (await ok(await agent.post(`/api/v1/changes/${first.id}/vote`, { vote: 'approve' }))).approvals[1]!.state,
      ).toBe('pending');
      expectError(
        await specialist.post(`/api/v1/changes/${first.id}/vote`, { vote: 'approve' }),
        403,
        'change.not_an_approver',
      );
      expect((await ok(await manager.post(`/api/v1/changes/${first.id}/vote`, { vote: 'approve' }))).state).toBe(
        'pending_approval',
      );
      expectError(
        await manager.post(`/api/v1/changes/${first.id}/vote`, { vote: 'approve' }),
        403,
        'change.not_an_approver',
      );
      expect(
        (await ok(await idle.post(`/api/v1/changes/${first.id}/vote`, { vote: 'approve', conditions: '周末实施' })))
          .state,
      ).toBe('scheduled');

      const second = await assessed(await raise(specialist, { title: '调整日志策略' }));
      await ok(await manager.post(`/api/v1/changes/${second.id}/request-approval`));
      await ok(await agent.post(`/api/v1/changes/${second.id}/vote`, { vote: 'approve' }));
      const rejected = await ok(
        await idle.post(`/api/v1/changes/${second.id}/vote`, { vote: 'reject', reason: '业务高峰期' }),
      );
      expect(rejected.state).toBe('rejected');
      expect(rejected.approvals.map((a) => a.state)).toEqual(['approved', 'rejected']);
      expectError(
        await manager.post(`/api/v1/changes/${second.id}/vote`, { vote: 'approve' }),
        403,
        'change.not_an_approver',
      );
    });

    it('raises a standard change from its template straight to 已批准（已排期）, skipping assessment and CAB', async () => {
      const template = await admin.post('/api/v1/change-templates', {
        name: '服务器重启',
        content: '按标准步骤重启应用服务器',
        plan: [{ title: '通知用户' }, { title: '重启' }],
        backoutPlan: '无需回退',
        tasks: [{ title: '重启服务' }],
        riskLevel: 'low',
      });
      expect(template.statusCode, template.body).toBe(201);
      const change = await raise(specialist, { title: '重启 app-01', templateId: template.json().id });
      expect(change).toMatchObject({ type: 'standard', riskLevel: 'low' });
      expect(change.tasks).toHaveLength(1);
      const scheduled = await ok(await specialist.post(`/api/v1/changes/${change.id}/submit`));
      expect(scheduled.state).toBe('scheduled');
      expect(scheduled.approvals).toEqual([]);
      expect(scheduled.approvedAt).not.toBeNull();
      expectError(await manager.post(`/api/v1/changes/${change.id}/assess`), 409, 'change.illegal_transition');
      // An archived template raises nothing.
      expect((await admin.delete(`/api/v1/change-templates/${template.json().id}`)).statusCode).toBe(204);
      expectError(
        await specialist.post('/api/v1/changes', { title: '再次重启', templateId: template.json().id }),
        409,
        'change.template_inactive',
      );
    });

    it('lets an emergency be implemented first, approved retrospectively, and closed only after its review', async () => {
      const emergencyCi = await ci('server', '支付网关');
      const change = await raise(specialist, {
        title: '紧急修复支付网关',
        type: 'emergency',
        assigneeId: world.agentA.id,
        ciIds: [emergencyCi.id],
        serviceIds: [service.id],
        plannedStart: iso(now + 48 * HOUR),
        plannedEnd: iso(now + 49 * HOUR),
      });
      await ok(await specialist.post(`/api/v1/changes/${change.id}/submit`));
      expectError(await specialist.post(`/api/v1/changes/${change.id}/start`), 409, 'change.override_reason_required');
      await ok(await specialist.patch(`/api/v1/changes/${change.id}`, { overrideReason: '支付中断，须立即修复' }));
      const started = await ok(await specialist.post(`/api/v1/changes/${change.id}/start`));
      expect(started).toMatchObject({ state: 'implementing', retrospective: true });
      // The emergency CAB approves afterwards (high risk when not yet assessed: CAB, then the business owner).
      expect(started.approvals.map((a) => [a.name, a.state])).toEqual([
        ['cab', 'pending'],
        ['business_owner', 'waiting'],
      ]);
      const write = await admin.patch(`/api/v1/cmdb/cis/${emergencyCi.id}`, {
        name: '支付网关 hotfix',
        changeRef: change.number,
      });
      expect(write.json().unauthorized).toBe(false);
      await ok(await specialist.post(`/api/v1/changes/${change.id}/complete`));
      await ok(await specialist.post(`/api/v1/changes/${change.id}/verify`, { note: '支付恢复' }));
      expectError(
        await manager.post(`/api/v1/changes/${change.id}/close`),
        409,
        'change.retrospective_approval_required',
      );
      for (const voter of [agent, idle])
        await ok(await voter.post(`/api/v1/changes/${change.id}/vote`, { vote: 'approve' }));
      const afterCab = await ok(await specialist.get(`/api/v1/changes/${change.id}`));
      expect(afterCab.approvals.map((a) => a.state)).toEqual(['approved', 'pending']);
      const owner = await ok(await manager.post(`/api/v1/changes/${change.id}/vote`, { vote: 'approve' }));
      expect(owner).toMatchObject({ state: 'implemented', retrospective: true });
      expect(owner.approvedAt).not.toBeNull();
      // Approved retrospectively, it is still always reviewed.
      expectError(await manager.post(`/api/v1/changes/${change.id}/close`), 409, 'change.pir_required');
      await ok(await manager.post(`/api/v1/changes/${change.id}/review`));
      await ok(await manager.post(`/api/v1/changes/${change.id}/pir`, { objectivesMet: true, lessons: '补充监控' }));
      expect((await ok(await manager.post(`/api/v1/changes/${change.id}/close`))).state).toBe('closed');
    });

    it('records a failed change with what was backed out, and closes it only through review', async () => {
      const change = await assessed(await raise(specialist, { title: '迁移文件服务器', assigneeId: world.agentA.id }));
      await ok(await manager.post(`/api/v1/changes/${change.id}/request-approval`));
      await ok(await agent.post(`/api/v1/changes/${change.id}/vote`, { vote: 'approve' }));
      await ok(await manager.post(`/api/v1/changes/${change.id}/vote`, { vote: 'approve' }));
      await ok(await idle.post(`/api/v1/changes/${change.id}/vote`, { vote: 'approve' }));
      await ok(await specialist.post(`/api/v1/changes/${change.id}/start`));
      expectError(await specialist.post(`/api/v1/changes/${change.id}/fail`, {}), 400);
      const failed = await ok(
        await specialist.post(`/api/v1/changes/${change.id}/fail`, { note: '数据同步失败，已切回旧服务器' }),
      );
      expect(failed.state).toBe('failed');
      expectError(await manager.post(`/api/v1/changes/${change.id}/close`), 409, 'change.illegal_transition');
      await ok(await manager.post(`/api/v1/changes/${change.id}/review`));
      expectError(await manager.post(`/api/v1/changes/${change.id}/close`), 409, 'change.verification_required');
      await ok(await specialist.post(`/api/v1/changes/${change.id}/verify`, { note: '旧服务器运行正常' }));
      expectError(await manager.post(`/api/v1/changes/${change.id}/close`), 409, 'change.pir_required');
      await ok(
        await manager.post(`/api/v1/changes/${change.id}/pir`, { objectivesMet: false, lessons: '先做同步演练' }),
      );
      expect((await ok(await manager.post(`/api/v1/changes/${change.id}/close`))).state).toBe('closed');
    });

    it('raises a change for a problem’s corrective action, which follows the change’s outcome', async () => {
      const problem = await specialist.post('/api/v1/problems', {
        title: '备份任务频繁失败',
        description: '夜间备份失败',
      });
      expect(problem.statusCode, problem.body).toBe(201);
      const added = await specialist.post(`/api/v1/problems/${problem.json().id}/actions`, {
        kind: 'corrective',
        title: '更换备份存储',
        ownerId: world.agentA.id,
        dueDate: '2027-01-31',
      });
      expect(added.statusCode, added.body).toBe(200);
      const actionOf = async () =>
        (
          (await specialist.get(`/api/v1/problems/${problem.json().id}`)).json().actions as {
            id: string;
            status: string;
            changeRef: string | null;
          }[]
        )[0]!;
      const actionId = (await actionOf()).id;
      expectError(
        await specialist.post('/api/v1/changes', { title: '无此措施', problemActionId: 'nope' }),
        400,
        'change.problem_action_unknown',
      );
      const change = await raise(specialist, { title: '更换备份存储', problemActionId: actionId });
      expect(await actionOf()).toMatchObject({ status: 'in_progress', changeRef: change.number });
      await ok(await specialist.post(`/api/v1/changes/${change.id}/cancel`, { note: '改用其他方案' }));
      expect((await actionOf()).status).toBe('open');
    });

    it('tells the people of the affected services about a planned outage once, within the lead time', async () => {
      const template = (
        await admin.post('/api/v1/change-templates', { name: '证书更新', backoutPlan: '恢复旧证书', riskLevel: 'low' })
      ).json() as { id: string };
      const soon = await raise(specialist, {
        title: '更新 ERP 证书',
        templateId: template.id,
        serviceIds: [service.id],
        plannedStart: iso(now + 2 * HOUR),
        plannedEnd: iso(now + 3 * HOUR),
      });
      const later = await raise(specialist, {
        title: '更新 OA 证书',
        templateId: template.id,
        plannedStart: iso(now + 5 * 24 * HOUR),
        plannedEnd: iso(now + 5 * 24 * HOUR + HOUR),
      });
      for (const c of [soon, later]) await ok(await specialist.post(`/api/v1/changes/${c.id}/submit`));
      const services = { db: test.trellis.database.db, dialect: test.trellis.database.dialect, bus: test.trellis.bus };
      const first = await inTransaction(services, null, (tx) => sendOutageNotices(tx));
      expect(first).toBe(1);
      expect(await inTransaction(services, null, (tx) => sendOutageNotices(tx))).toBe(0);
      // The service's owner (the manager) now watches the change and heard the notice.
      const view = (await manager.get(`/api/v1/changes/${soon.id}`)).json() as { timeline: { type: string }[] };
      expect(view.timeline.map((e) => e.type)).toContain('watcher_added');
    });

    it('shows a customer requester only their own organisation’s changes', async () => {
      const mine = await raise(requester, { title: '客户申请：开通 VPN 账号' });
      expect(mine.state).toBe('draft');
      expectError(await requester.post('/api/v1/changes', { title: '紧急', type: 'emergency' }), 403);
      expect((await requester.get(`/api/v1/changes/${mine.id}`)).statusCode).toBe(200);
      expectError(await requesterB.get(`/api/v1/changes/${mine.id}`), 404);
      const listed = (await requesterB.get('/api/v1/changes')).json().items as { id: string }[];
      expect(listed.map((c) => c.id)).not.toContain(mine.id);
      const staffChanges = (await requester.get('/api/v1/changes')).json().items as { id: string; number: string }[];
      expect(staffChanges.map((c) => c.id)).toEqual([mine.id]);
      // The requester submits their own RFC but does not assess it.
      await ok(await requester.post(`/api/v1/changes/${mine.id}/submit`));
      expectError(await requester.post(`/api/v1/changes/${mine.id}/assess`), 403);
    });

    it('finds conflicts known in advance: same CI, related CI at depth 1 and 3, same service, blackout, and none', async () => {
      // c3 → c2 → c1 → c0 (each depends on the next); `lone` is related to nothing.
      const c = [
        await ci('server', 'K0'),
        await ci('server', 'K1'),
        await ci('server', 'K2'),
        await ci('server', 'K3'),
      ];
      for (let i = 1; i < 4; i++) await dependsOn(c[i]!, c[i - 1]!);
      const lone = await ci('server', 'K-lone');
      const svc2 = (await admin.post('/api/v1/services', { code: 'OA', nameZh: 'OA 办公', nameEn: 'OA' })).json() as {
        id: string;
      };
      const slot = { plannedStart: iso(now + 24 * HOUR), plannedEnd: iso(now + 26 * HOUR) };
      const other = { plannedStart: iso(now + 72 * HOUR), plannedEnd: iso(now + 74 * HOUR) };
      const scheduled = async (title: string, body: Record<string, unknown>) => {
        const change = await raise(specialist, { title, ...slot, ...body });
        await ok(await specialist.post(`/api/v1/changes/${change.id}/submit`));
        await ok(await manager.post(`/api/v1/changes/${change.id}/assess`));
        return change;
      };
      const ours = await scheduled('我们的变更', { ciIds: [c[0]!.id], serviceIds: [svc2.id] });
      const sameCi = await scheduled('同一配置项', { ciIds: [c[0]!.id] });
      const depth1 = await scheduled('依赖一层', { ciIds: [c[1]!.id] });
      const depth3 = await scheduled('依赖三层', { ciIds: [c[3]!.id] });
      const sameService = await scheduled('同一服务', { ciIds: [lone.id], serviceIds: [svc2.id] });
      await scheduled('另一时间', { ciIds: [c[0]!.id], ...other });
      await raise(specialist, { title: '仍是草稿', ciIds: [c[0]!.id] });
      const conflicts = (await manager.get(`/api/v1/changes/${ours.id}/conflicts`)).json().items as Conflict[];
      const summary = conflicts.map((x) => `${x.kind}:${x.change?.number ?? ''}:${x.ci?.depth ?? ''}`).sort();
      expect(summary).toEqual(
        [
          `same_ci:${sameCi.number}:`,
          `dependent_ci:${depth1.number}:1`,
          `dependent_ci:${depth3.number}:3`,
          `same_service:${sameService.number}:`,
        ].sort(),
      );
      // The configured depth decides how far the CMDB is followed.
      const shallow = (await manager.get(`/api/v1/changes/${ours.id}/conflicts?depth=1`)).json().items as Conflict[];
      expect(shallow.map((x) => x.change?.number)).not.toContain(depth3.number);
      // A blackout over the slot is a conflict; the lone change elsewhere in time has none.
      await admin.post('/api/v1/change-windows', {
        name: '国庆封网',
        kind: 'blackout',
        startsAt: iso(now + 23 * HOUR),
        endsAt: iso(now + 25 * HOUR),
      });
      const withBlackout = (await manager.get(`/api/v1/changes/${ours.id}/conflicts`)).json().items as Conflict[];
      expect(withBlackout.map((x) => x.kind)).toContain('blackout');
      const far = await raise(specialist, {
        title: '无冲突',
        ciIds: [lone.id],
        plannedStart: iso(now + 5 * 24 * HOUR),
        plannedEnd: iso(now + 5 * 24 * HOUR + HOUR),
      });
      expect((await manager.get(`/api/v1/changes/${far.id}/conflicts`)).json().items).toEqual([]);
      // And a normal change in the blackout cannot be sent for approval.
      const blocked = await ok(
        await manager.post(`/api/v1/changes/${ours.id}/risk`, { answers: [{ questionId: question.id, answer: 0 }] }),
      );
      expect(blocked.riskLevel).toBe('low');
      expectError(await manager.post(`/api/v1/changes/${ours.id}/request-approval`), 409, 'change.outside_window');

      // The calendar shows scheduled changes and windows; the FSC exports to Excel and ICS.
      const calendar = await manager.get(
        `/api/v1/change-calendar?from=${encodeURIComponent(iso(now))}&to=${encodeURIComponent(iso(now + 4 * 24 * HOUR))}`,
      );
      expect(calendar.statusCode, calendar.body).toBe(200);
      expect(calendar.json().changes.map((x: { number: string }) => x.number)).toEqual(
        expect.arrayContaining([sameCi.number, depth1.number]),
      );
      expect(calendar.json().windows.map((w: { kind: string }) => w.kind)).toContain('blackout');
      const range = `from=${encodeURIComponent(iso(now))}&to=${encodeURIComponent(iso(now + 4 * 24 * HOUR))}`;
      const ics = await manager.get(`/api/v1/change-calendar/fsc?${range}&format=ics`);
      expect(ics.statusCode).toBe(200);
      expect(ics.body).toContain('BEGIN:VCALENDAR');
      expect(ics.body).toContain(sameCi.number);
      const xlsx = await manager.get(`/api/v1/change-calendar/fsc?${range}`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      expectError(
        await manager.get(
          `/api/v1/change-calendar?from=${encodeURIComponent(iso(now))}&to=${encodeURIComponent(iso(now - HOUR))}`,
        ),
        400,
      );
    });
  });
}
