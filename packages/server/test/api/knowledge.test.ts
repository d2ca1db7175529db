import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendReviewReminders } from '../../src/modules/knowledge/index.js';
import type { DomainEvent } from '../../src/platform/context.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError, report } from '../support/http.js';

/** A bilingual corpus; each search below names the hits it expects. */
const CORPUS: Record<string, [string, string, string[]]> = {
  printerJam: ['打印机卡纸处理方法', '<p>打开前盖，取出卡住的纸张，检查硒鼓是否安装到位。</p>', ['打印机']],
  printerShare: [
    '共享打印机无法连接',
    '<p>在 Windows 10 上重新添加网络打印机，安装最新驱动。</p>',
    ['打印机', 'Windows'],
  ],
  vpn: ['VPN 连不上怎么办', '<p>确认网络正常，重新登录 VPN 客户端；提示连接超时请切换接入点。</p>', ['VPN']],
  mail: ['邮箱无法收信', '<p>Outlook 收不到邮件时检查邮箱容量是否已满。</p>', ['邮箱', 'Outlook']],
  lockout: ['账号被锁定如何解锁', '<p>连续输错密码五次后域账号被锁定，30 分钟后自动解锁或联系服务台。</p>', ['账号']],
  wifi: ['Wi-Fi 频繁掉线', '<p>忘记网络后重新连接 Corp-WiFi，更新无线网卡驱动。</p>', ['Wi-Fi']],
  outlookEn: [
    'Outlook cannot receive mail',
    '<p>Check the mailbox quota and the Outlook connection status.</p>',
    ['Outlook', 'mail'],
  ],
  vpnEn: ['VPN connection timeout', '<p>Switch the VPN gateway and reinstall the client.</p>', ['VPN']],
  passwordEn: ['Reset your password', '<p>Use the self-service portal to reset a forgotten password.</p>', ['account']],
};

for (const dialect of await dialectsUnderTest()) {
  describe(`knowledge base [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let agent: Client;
    let manager: Client;
    let specialist: Client;
    let requester: Client;
    const ids: Record<string, string> = {};

    const publish = async (key: string, audience = 'requesters') => {
      const [title, body, tags] = CORPUS[key]!;
      const created = await agent.post('/api/v1/knowledge/articles', { title, body, tags, audience });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await agent.post(`/api/v1/knowledge/articles/${id}/submit`)).statusCode).toBe(200);
      const approved = await manager.post(`/api/v1/knowledge/articles/${id}/approve`);
      expect(approved.statusCode, approved.body).toBe(200);
      ids[key] = id;
      return id;
    };
    const search = async (client: Client, q: string) => {
      const res = await client.get(`/api/v1/knowledge/articles?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, res.body).toBe(200);
      const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
      return (res.json().items as { id: string }[]).map((a) => byId[a.id] ?? a.id);
    };

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      manager = await signIn(test, 'manager@test.local', PASSWORD);
      specialist = await signIn(test, 'agent-a@test.local', PASSWORD);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
      for (const key of Object.keys(CORPUS)) await publish(key, key === 'vpnEn' ? 'agents' : 'requesters');
    });
    afterAll(() => test?.close());

    it('ranks bilingual search hits with the expected articles first', async () => {
      expect((await search(agent, '打印机')).slice(0, 2).sort()).toEqual(['printerJam', 'printerShare']);
      expect((await search(agent, '打印机卡纸'))[0]).toBe('printerJam');
      expect((await search(agent, 'VPN 连不上'))[0]).toBe('vpn');
      expect((await search(agent, 'outlook')).sort()).toEqual(['mail', 'outlookEn']);
      expect(await search(agent, 'Outlook receive')).toEqual(['outlookEn']);
      expect((await search(agent, '账号锁定'))[0]).toBe('lockout');
      expect(await search(agent, 'password')).toEqual(['passwordEn']);
      expect(await search(agent, '硒鼓')).toEqual(['printerJam']);
      expect(await search(agent, '量子纠缠')).toEqual([]);
    });

    it('shows requesters only what is published for everyone', async () => {
      expect(await search(requester, 'VPN')).toEqual(['vpn']);
      expect((await search(agent, 'VPN')).sort()).toEqual(['vpn', 'vpnEn']);
      expectError(await requester.get(`/api/v1/knowledge/articles/${ids.vpnEn}`), 404);
      const draft = await agent.post('/api/v1/knowledge/articles', {
        title: '草稿',
        body: '<p>内部</p>',
        audience: 'requesters',
      });
      expectError(await requester.get(`/api/v1/knowledge/articles/${draft.json().id}`), 404);
      expectError(await requester.post('/api/v1/knowledge/articles', { title: 'x', body: 'y' }), 403);
    });

    it('limits a group article to that group', async () => {
      const created = await manager.post('/api/v1/knowledge/articles', {
        title: '二线网络排障手册',
        body: '<p>核心交换机巡检步骤</p>',
        audience: 'group',
        audienceGroupId: world.tier2A.id,
      });
      expect(created.statusCode, created.body).toBe(201);
      expect((await specialist.get(`/api/v1/knowledge/articles/${created.json().id}`)).statusCode).toBe(200);
      expectError(await agent.get(`/api/v1/knowledge/articles/${created.json().id}`), 404);
      expectError(
        await agent.post('/api/v1/knowledge/articles', { title: 'x', body: 'y', audience: 'group' }),
        400,
        'knowledge.group_required',
      );
    });

    it('sanitises rich text on the server', async () => {
      const res = await agent.post('/api/v1/knowledge/articles', {
        title: '含脚本的文章',
        body: '<h2>步骤</h2><p onclick="steal()">点击<script>alert(1)</script><a href="javascript:alert(2)">链接</a><img src=x onerror=alert(3)></p>',
      });
      expect(res.statusCode).toBe(201);
      const body = res.json().body as string;
      expect(body).toContain('<h2>步骤</h2>');
      expect(body).not.toMatch(/script|onclick|onerror|javascript:/i);
    });

    it('needs a reviewer other than the author and keeps versions with diffs', async () => {
      const created = await specialist.post('/api/v1/knowledge/articles', {
        title: '显示器黑屏',
        body: '<p>检查电源线</p>',
        audience: 'requesters',
      });
      const id = created.json().id as string;
      // The author may never approve their own article: that is said before the draft's state is.
      expectError(await specialist.post(`/api/v1/knowledge/articles/${id}/approve`), 403, 'knowledge.self_review');
      expectError(await manager.post(`/api/v1/knowledge/articles/${id}/approve`), 409, 'knowledge.illegal_transition');
      await specialist.post(`/api/v1/knowledge/articles/${id}/submit`);
      expectError(await specialist.post(`/api/v1/knowledge/articles/${id}/approve`), 403, 'knowledge.self_review');
      expectError(await agent.post(`/api/v1/knowledge/articles/${id}/approve`), 403, 'error.forbidden');
      expect((await manager.post(`/api/v1/knowledge/articles/${id}/approve`)).json().state).toBe('published');

      const edited = await specialist.patch(`/api/v1/knowledge/articles/${id}`, {
        body: '<p>检查电源线</p><p>更换视频线</p>',
        changeNote: '补充视频线',
      });
      expect(edited.json().state).toBe('draft');
      expect(edited.json().currentVersion).toBe(2);
      expect(edited.json().publishedVersion).toBe(1);
      // Readers keep the approved version while the new one waits for review.
      const read = await requester.get(`/api/v1/knowledge/articles/${id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json().body).not.toContain('视频线');
      const versions = (await specialist.get(`/api/v1/knowledge/articles/${id}/versions`)).json().items;
      expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(versions[0].diff).toContainEqual(['+', '更换视频线']);
      expect(versions[0].note).toBe('补充视频线');
      expect(versions[1].approvedBy.id).toBe(manager.userId);
      expectError(await requester.get(`/api/v1/knowledge/articles/${id}/versions`), 403);
    });

    it('counts views and takes one feedback per reader', async () => {
      const id = ids.lockout!;
      const before = (await requester.get(`/api/v1/knowledge/articles/${id}`)).json().viewCount as number;
      expect((await requester.get(`/api/v1/knowledge/articles/${id}`)).json().viewCount).toBe(before + 1);
      await requester.post(`/api/v1/knowledge/articles/${id}/feedback`, { useful: false, comment: '没说清楚' });
      const again = await requester.post(`/api/v1/knowledge/articles/${id}/feedback`, {
        useful: true,
        comment: '解决了',
      });
      expect(again.json().usefulCount).toBe(1);
      expect(again.json().notUsefulCount).toBe(0);
      expect(again.json().myFeedback).toEqual({ useful: true, comment: '解决了' });
      expect((await agent.get(`/api/v1/knowledge/articles/${id}`)).json().feedback[0].comment).toBe('解决了');
    });

    it('prefills an article from a resolved incident and links it back', async () => {
      const incident = await report(requester, '打印机卡纸无法打印');
      expectError(
        await agent.get(`/api/v1/knowledge/prefill?fromIncident=${incident.id}`),
        409,
        'knowledge.source_not_resolved',
      );
      await agent.post(`/api/v1/incidents/${incident.id}/take`);
      await agent.post(`/api/v1/incidents/${incident.id}/comments`, {
        body: '远程指导用户打开前盖',
        visibility: 'public',
      });
      await agent.post(`/api/v1/incidents/${incident.id}/resolve`, {
        cause: '纸张受潮 <b>卡住</b>',
        solution: '更换干燥纸张',
        timeSpentMinutes: 20,
      });
      const prefill = await agent.get(`/api/v1/knowledge/prefill?fromIncident=${incident.number}`);
      expect(prefill.statusCode, prefill.body).toBe(200);
      const p = prefill.json();
      expect(p.title).toBe('打印机卡纸无法打印');
      expect(p.body).toContain('纸张受潮 &lt;b&gt;卡住&lt;/b&gt;');
      expect(p.body).toContain('更换干燥纸张');
      expect(p.body).toContain('远程指导用户打开前盖');
      expect(p.sourceIncidentId).toBe(incident.id);
      expectError(await requester.get(`/api/v1/knowledge/prefill?fromIncident=${incident.id}`), 403);

      const created = await agent.post('/api/v1/knowledge/articles', {
        title: p.title,
        body: p.body,
        sourceIncidentId: incident.id,
      });
      expect(created.json().sourceRecord.number).toBe(incident.number);
      expect(created.json().links.map((l: { id: string }) => l.id)).toEqual([incident.id]);
      const linked = await agent.get(`/api/v1/knowledge/for-record/${incident.id}`);
      expect(linked.json().items.map((a: { id: string }) => a.id)).toContain(created.json().id);
    });

    it('suggests articles for a half-typed report and counts deflection', async () => {
      const suggest = await requester.get(
        `/api/v1/knowledge/suggest?q=${encodeURIComponent('Outlook 收不到邮件了 since this morning')}`,
      );
      const hits = (suggest.json().items as { id: string }[]).map((a) => a.id);
      expect(hits.slice(0, 2).sort()).toEqual([ids.mail, ids.outlookEn].sort());
      // Words in every report suggest nothing on their own.
      const vague = await requester.get(`/api/v1/knowledge/suggest?q=${encodeURIComponent('今天早上没有任何响应')}`);
      expect(vague.json().items).toEqual([]);

      const deflected = crypto.randomUUID();
      const filed = crypto.randomUUID();
      const event = (client: Client, sessionId: string, e: string, articleIds: string[]) =>
        client.post('/api/v1/knowledge/suggestion-events', { sessionId, event: e, articleIds });
      expect((await event(requester, deflected, 'shown', [ids.mail!])).statusCode).toBe(204);
      await event(requester, deflected, 'opened', [ids.mail!]);
      // Someone else cannot write into another person's session.
      expectError(await event(agent, deflected, 'opened', [ids.mail!]), 403);
      const stats1 = (await manager.get('/api/v1/knowledge/stats')).json();
      expect(stats1.deflected).toBe(1);

      const colleague = await signIn(test, 'colleague-a@test.local', PASSWORD);
      await event(colleague, filed, 'shown', [ids.vpn!]);
      await event(colleague, filed, 'opened', [ids.vpn!]);
      await report(colleague, 'VPN 还是连不上');
      // The report is matched to the session by a durable subscriber (a job written with the report).
      await test.trellis.jobs.runDue(100);
      const stats2 = (await manager.get('/api/v1/knowledge/stats')).json();
      expect(stats2.sessionsOpened).toBe(2);
      expect(stats2.deflected).toBe(1);
      expect(stats2.deflectionRate).toBe(0.5);
      expectError(await agent.get('/api/v1/knowledge/stats'), 403);
    });

    it('reminds owners once when a review falls due', async () => {
      const id = ids.wifi!;
      await agent.patch(`/api/v1/knowledge/articles/${id}`, { reviewDate: '2020-01-01' });
      const events: DomainEvent[] = [];
      const off = test.trellis.bus.subscribe('knowledge.review_reminded', (e) => void events.push(e));
      const services = { db: test.trellis.database.db, dialect: test.trellis.database.dialect, bus: test.trellis.bus };
      expect(await inTransaction(services, null, (tx) => sendReviewReminders(tx))).toBe(1);
      expect(await inTransaction(services, null, (tx) => sendReviewReminders(tx))).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 20));
      off();
      expect(events).toHaveLength(1);
      expect(events[0]!.payload).toMatchObject({ articleId: id, ownerId: agent.userId });
      const due = await agent.get('/api/v1/knowledge/reviews-due');
      expect(due.json().items.map((a: { id: string }) => a.id)).toEqual([id]);
    });

    it('retires an article out of search', async () => {
      await manager.post(`/api/v1/knowledge/articles/${ids.passwordEn}/retire`);
      expect(await search(agent, 'password')).toEqual([]);
      expectError(await requester.get(`/api/v1/knowledge/articles/${ids.passwordEn}`), 404);
    });
  });
}
