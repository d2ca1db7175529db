import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDetection, verifyDueProblems } from '../../src/modules/problems/index.js';
import { setClock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError, multipartFile, report } from '../support/http.js';

for (const dialect of await dialectsUnderTest()) {
  describe(`problem management [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let agent: Client;
    let specialist: Client;
    let manager: Client;
    let requester: Client;
    const services = () => ({
      db: test.trellis.database.db,
      dialect: test.trellis.database.dialect,
      bus: test.trellis.bus,
    });

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      specialist = await signIn(test, 'agent-a@test.local', PASSWORD);
      manager = await signIn(test, 'manager@test.local', PASSWORD);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
    });
    afterAll(() => test?.close());

    it('walks 新建 → 分析中 → 已知错误 → 解决中 → 已解决 → 已关闭 with its guards', async () => {
      const incident = await report(requester, 'VPN 连接超时');
      // An agent creates the problem from the incident; it gets its own PRB number.
      const created = await agent.post('/api/v1/problems', {
        title: 'VPN 网关间歇性超时',
        description: '多名用户反映 VPN 连接超时',
        incidentIds: [incident.id],
      });
      expect(created.statusCode, created.body).toBe(201);
      const problem = created.json();
      expect(problem.number).toMatch(/^PRB-\d{4}-\d{6}$/);
      expect(problem.state).toBe('new');
      expect(problem.incidents.map((i: { id: string }) => i.id)).toEqual([incident.id]);
      // Agents create and link; the analysis is for specialists and managers (or the assignee).
      expect(problem.allowedActions).toEqual([]);
      expectError(await agent.post(`/api/v1/problems/${problem.id}/analyse`), 403);

      const id = problem.id as string;
      expect((await specialist.post(`/api/v1/problems/${id}/analyse`)).json().state).toBe('analysis');
      expectError(await specialist.post(`/api/v1/problems/${id}/resolve`), 409, 'problem.illegal_transition');
      expectError(
        await specialist.post(`/api/v1/problems/${id}/declare-known-error`),
        400,
        'problem.workaround_required',
      );

      const rca = {
        whys: [
          { question: '为什么 VPN 超时？', answer: '网关会话数满' },
          { question: '为什么会话数满？', answer: '空闲会话不释放' },
        ],
        fishbone: [
          { category: 'technology', cause: '网关固件缺陷' },
          { category: 'supplier', cause: '厂商补丁滞后' },
        ],
        rootCause: '网关固件不释放空闲会话',
        conclusion: '升级固件并设置空闲超时',
      };
      const analysed = await specialist.patch(`/api/v1/problems/${id}`, {
        rca,
        workaround: '断开后重连并切换备用网关',
      });
      expect(analysed.statusCode, analysed.body).toBe(200);
      expect(analysed.json().rca).toEqual(rca);
      expectError(
        await specialist.patch(`/api/v1/problems/${id}`, {
          rca: { ...rca, fishbone: [{ category: '天气', cause: 'x' }] },
        }),
        400,
      );

      const known = await specialist.post(`/api/v1/problems/${id}/declare-known-error`);
      expect(known.json().state).toBe('known_error');
      expect(known.json().knownErrorAt).not.toBeNull();

      // Publishing the known error makes an agents-only article that search finds.
      const published = await specialist.post(`/api/v1/problems/${id}/known-error-article`);
      expect(published.statusCode, published.body).toBe(200);
      const articleId = published.json().knownErrorArticleId as string;
      const article = (await agent.get(`/api/v1/knowledge/articles/${articleId}`)).json();
      expect(article.state).toBe('published');
      expect(article.audience).toBe('agents');
      expect(article.body).toContain('断开后重连并切换备用网关');
      expectError(await requester.get(`/api/v1/knowledge/articles/${articleId}`), 404);
      const suggested = await agent.get(`/api/v1/knowledge/suggest?q=${encodeURIComponent('VPN 又超时了')}`);
      expect(suggested.json().items.map((a: { id: string }) => a.id)).toContain(articleId);
      expectError(await specialist.post(`/api/v1/problems/${id}/known-error-article`), 409);

      expect((await specialist.post(`/api/v1/problems/${id}/start-fix`)).json().state).toBe('resolving');
      const withAction = await specialist.post(`/api/v1/problems/${id}/actions`, {
        kind: 'corrective',
        title: '升级 VPN 网关固件',
        ownerId: world.agentA.id,
        dueDate: '2026-12-31',
        changeRef: 'chg-2026-000001',
      });
      expect(withAction.statusCode, withAction.body).toBe(200);
      const action = withAction.json().actions[0];
      expect(action.changeRef).toBe('CHG-2026-000001');
      expectError(await specialist.post(`/api/v1/problems/${id}/resolve`), 409, 'problem.actions_open');
      expectError(
        await specialist.post(`/api/v1/problems/${id}/actions`, {
          kind: 'x',
          title: 'y',
          ownerId: world.agentA.id,
          dueDate: '2026-01-01',
        }),
        400,
      );
      // The owner of an action may report its status, nothing more.
      expectError(await agent.patch(`/api/v1/problems/${id}/actions/${action.id}`, { status: 'done' }), 403);
      const done = await specialist.patch(`/api/v1/problems/${id}/actions/${action.id}`, { status: 'done' });
      expect(done.json().actions[0].status).toBe('done');

      const resolved = await specialist.post(`/api/v1/problems/${id}/resolve`);
      expect(resolved.json().state).toBe('resolved');
      expect(resolved.json().verification).toBe('pending');
      expect(resolved.json().verifyAt).not.toBeNull();
      expect((await manager.post(`/api/v1/problems/${id}/close`)).json().state).toBe('closed');
      expectError(await manager.post(`/api/v1/problems/${id}/reopen`), 409, 'problem.illegal_transition');
      expectError(await manager.patch(`/api/v1/problems/${id}`, { title: '改名' }), 409);
    });

    it('keeps problems from requesters and validates input', async () => {
      expectError(await requester.get('/api/v1/problems'), 403);
      expectError(await requester.post('/api/v1/problems', { title: 'x', description: 'y' }), 403);
      expectError(await agent.post('/api/v1/problems', { title: ' ', description: 'y' }), 400, 'error.validation');
      expectError(await agent.get('/api/v1/problems/PRB-2020-999999'), 404);
      const other = await report(await signIn(test, 'req-b@test.local', PASSWORD), '别的组织的事件');
      // The second-line specialist does not serve customer B, so cannot link its incident.
      const p = (await specialist.post('/api/v1/problems', { title: 't', description: 'd' })).json();
      expectError(await specialist.post(`/api/v1/problems/${p.id}/incidents`, { incidentIds: [other.id] }), 404);
    });

    it('takes evidence attachments', async () => {
      const p = (await specialist.post('/api/v1/problems', { title: '证据', description: 'd' })).json();
      const { payload, headers } = multipartFile('gateway.log', 'session table full');
      const res = await specialist.request('POST', `/api/v1/problems/${p.id}/attachments`, payload, headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().attachments.map((a: { filename: string }) => a.filename)).toEqual(['gateway.log']);
      // Any staff member may read the evidence.
      expect((await agent.get(`/api/v1/attachments/${res.json().attachments[0].id}`)).body).toBe('session table full');
    });

    it('proposes recurring incidents as candidates, and accepting one makes a problem', async () => {
      for (const title of ['打印机卡纸', '三楼打印机又卡纸', '打印机频繁卡纸', '财务部打印机卡纸']) {
        await report(requester, title, { categoryId: world.category.id });
      }
      await report(requester, '显示器闪烁');
      const result = await inTransaction(services(), null, (tx) => runDetection(tx));
      expect(result.proposed).toBeGreaterThanOrEqual(1);
      const candidates = (await specialist.get('/api/v1/problems/candidates')).json().items;
      const printer = candidates.find((c: { title: string }) => c.title.includes('卡纸'));
      expect(printer.incidents).toHaveLength(4);
      expect(printer.evidence.categoryName).toBe('硬件');
      expect(printer.evidence.commonTerms).toContain('卡纸');
      // Running again updates the same candidate rather than proposing it twice.
      await inTransaction(services(), null, (tx) => runDetection(tx));
      expect((await specialist.get('/api/v1/problems/candidates')).json().items).toHaveLength(candidates.length);

      expectError(await agent.post(`/api/v1/problems/candidates/${printer.id}/accept`), 403);
      const accepted = await specialist.post(`/api/v1/problems/candidates/${printer.id}/accept`);
      expect(accepted.statusCode, accepted.body).toBe(201);
      expect(accepted.json().source).toBe('detected');
      expect(accepted.json().incidents).toHaveLength(4);
      expectError(
        await specialist.post(`/api/v1/problems/candidates/${printer.id}/dismiss`),
        409,
        'problem.candidate_closed',
      );
      // Incidents now tied to a problem are not proposed again.
      await inTransaction(services(), null, (tx) => runDetection(tx));
      const again = (await specialist.get('/api/v1/problems/candidates')).json().items;
      expect(again.find((c: { title: string }) => c.title.includes('卡纸'))).toBeUndefined();

      // The similar-records panel of a new printer incident shows the problem and its incidents.
      const fresh = await report(requester, '打印机卡纸了');
      const similar = (await agent.get(`/api/v1/incidents/${fresh.id}/similar`)).json();
      expect(similar.items.some((r: { kind: string }) => r.kind === 'problem')).toBe(true);
      expect(similar.items.filter((r: { kind: string }) => r.kind === 'incident').length).toBeGreaterThanOrEqual(3);
      expect(similar.items.every((r: { title: string }) => !r.title.includes('显示器'))).toBe(true);
      expectError(await requester.get(`/api/v1/incidents/${fresh.id}/similar`), 403);
    });

    it('verifies effectiveness after the set period: recurred or effective', async () => {
      const make = async (title: string) => {
        const incident = await report(requester, title);
        const p = (
          await specialist.post('/api/v1/problems', { title, description: title, incidentIds: [incident.id] })
        ).json();
        await specialist.patch(`/api/v1/problems/${p.id}`, {
          verifyAfterDays: 7,
          rca: { whys: [], fishbone: [], rootCause: '原因', conclusion: '' },
        });
        for (const a of ['analyse', 'start-fix', 'resolve']) await specialist.post(`/api/v1/problems/${p.id}/${a}`);
        return p.id as string;
      };
      const recurring = await make('邮箱无法同步日历');
      const fixed = await make('考勤机时间不准');
      await report(requester, '邮箱无法同步日历了');
      const later = Date.now() + 8 * 86_400_000;
      const restore = setClock(() => later);
      try {
        const checked = await inTransaction(services(), null, (tx) => verifyDueProblems(tx));
        expect(checked).toBe(2);
      } finally {
        restore();
      }
      const r = (await specialist.get(`/api/v1/problems/${recurring}`)).json();
      expect(r.verification).toBe('recurred');
      expect(r.verificationNote).toMatch(/^INC-/);
      expect((await specialist.get(`/api/v1/problems/${fixed}`)).json().verification).toBe('effective');
      const review = (await agent.get('/api/v1/problems/review')).json().items;
      expect(review.find((p: { id: string }) => p.id === recurring).reasons).toContain('problem.review.recurred');
    });
  });
}
