import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDetection } from '../../src/modules/problems/index.js';
import { setClock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { report } from '../support/http.js';

/** What the record-kind kit gives every kind: clocks from its own state groups, CI grouping, merged history in search. */
for (const dialect of await dialectsUnderTest()) {
  describe(`record kinds [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let agent: Client;
    let requester: Client;
    let boss: Client;
    let now = '2026-03-02T01:00:00.000Z';
    let restore: () => void;
    const services = () => ({
      db: test.trellis.database.db,
      dialect: test.trellis.database.dialect,
      bus: test.trellis.bus,
    });
    /** Moves the clock; sessions expire with it, so everyone signs in again. */
    const at = async (iso: string) => {
      now = iso;
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      requester = await signIn(test, world.requesterA.email, PASSWORD);
      boss = await signIn(test, world.colleagueA.email, PASSWORD);
    };
    const clocksOf = async (id: string) =>
      (await agent.get(`/api/v1/records/${id}/sla`)).json().clocks as {
        metric: string;
        state: string;
        elapsedMinutes: number;
        pausedMinutes: number;
      }[];

    beforeAll(async () => {
      restore = setClock(() => Date.parse(now));
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      await at(now);
      const calendars = (await admin.get('/api/v1/calendars')).json() as { id: string; name: string }[];
      const always = calendars.find((c) => c.name === '7×24')!.id;
      const sla = await admin.post('/api/v1/slas', {
        name: '默认 SLA',
        isDefault: true,
        targets: [1, 2, 3, 4].map((level) => ({
          level,
          responseMinutes: 240,
          resolutionMinutes: 2250,
          calendarId: always,
        })),
      });
      expect(sla.statusCode, sla.body).toBe(201);
    });
    afterAll(async () => {
      restore();
      await test?.close();
    });

    it('runs a request’s response clock from submission and pauses it in the request’s own waiting states', async () => {
      const manager = await admin.patch(`/api/v1/users/${world.requesterA.id}`, { managerId: world.colleagueA.id });
      expect(manager.statusCode, manager.body).toBe(200);
      const service = await admin.post('/api/v1/services', {
        code: 'ACC',
        nameZh: '账号',
        nameEn: 'Accounts',
        ownerId: world.manager.id,
      });
      const approved = await admin.post('/api/v1/catalog/items', {
        serviceId: service.json().id,
        nameZh: '共享盘权限',
        nameEn: 'Share access',
        approvals: [{ mode: 'all', approvers: [{ type: 'manager' }] }],
      });
      expect(approved.statusCode, approved.body).toBe(201);
      const plain = await admin.post('/api/v1/catalog/items', {
        serviceId: service.json().id,
        nameZh: '鼠标更换',
        nameEn: 'Mouse',
      });
      expect(plain.statusCode, plain.body).toBe(201);

      // Straight to fulfilment: nobody has answered, so the response clock runs.
      const direct = (await requester.post('/api/v1/requests', { itemId: plain.json().id, answers: {} })).json();
      expect(direct.state).toBe('in_fulfilment');
      expect((await clocksOf(direct.id)).map((c) => [c.metric, c.state])).toEqual([
        ['response', 'running'],
        ['resolution', 'running'],
      ]);

      // Waiting for the manager's approval is not the desk's time: both clocks pause.
      const waiting = (await requester.post('/api/v1/requests', { itemId: approved.json().id, answers: {} })).json();
      expect(waiting.state).toBe('awaiting_approval');
      expect((await clocksOf(waiting.id)).map((c) => [c.metric, c.state])).toEqual([
        ['response', 'paused'],
        ['resolution', 'paused'],
      ]);

      await at('2026-03-02T01:30:00.000Z');
      const decided = await boss.post(`/api/v1/requests/${waiting.id}/approve`, {});
      expect(decided.statusCode, decided.body).toBe(200);
      expect(decided.json().state).toBe('in_fulfilment');
      await at('2026-03-02T01:50:00.000Z');
      let clocks = await clocksOf(waiting.id);
      expect(clocks[0]).toMatchObject({ state: 'running', pausedMinutes: 30, elapsedMinutes: 20 });

      // A staff reply answers it; delivery then pauses the resolution clock for the requester's acceptance.
      const reply = await agent.post(`/api/v1/requests/${waiting.id}/comments`, {
        body: '已处理',
        visibility: 'public',
      });
      expect(reply.statusCode, reply.body).toBe(200);
      clocks = await clocksOf(waiting.id);
      expect(clocks[0]).toMatchObject({ state: 'met', elapsedMinutes: 20 });
      const delivered = await agent.post(`/api/v1/requests/${waiting.id}/deliver`, {});
      expect(delivered.statusCode, delivered.body).toBe(200);
      expect(delivered.json().state).toBe('delivered');
      expect((await clocksOf(waiting.id))[1]).toMatchObject({ state: 'met' });
    });

    it('groups recurring incidents that share a configuration item', async () => {
      const classes = (await admin.get('/api/v1/cmdb/classes')).json() as { id: string; code: string }[];
      const ci = await admin.post('/api/v1/cmdb/cis', {
        classId: classes[0]!.id,
        name: '核心交换机 SW-01',
        organizationId: world.orgA.id,
        state: 'in_use',
      });
      expect(ci.statusCode, ci.body).toBe(201);
      // Similar words, but no shared category or service: not enough on their own.
      const incidents: { id: string }[] = [];
      for (const title of ['核心交换机端口丢包', '核心交换机端口频繁丢包', '交换机端口丢包告警'])
        incidents.push(await report(requester, title));
      const candidates = async () =>
        ((await admin.get('/api/v1/problems/candidates')).json().items as { incidents: { id: string }[] }[]).filter(
          (c) => c.incidents.some((i) => incidents.some((x) => x.id === i.id)),
        );
      await inTransaction(services(), null, (tx) => runDetection(tx, undefined, now));
      expect(await candidates()).toEqual([]);

      // Linked to the same switch, they are one recurring fault.
      for (const incident of incidents) {
        const linked = await agent.post(`/api/v1/records/${incident.id}/cis`, { ciId: ci.json().id });
        expect(linked.statusCode, linked.body).toBe(200);
      }
      await inTransaction(services(), null, (tx) => runDetection(tx, undefined, now));
      const found = await candidates();
      expect(found).toHaveLength(1);
      expect(found[0]!.incidents.map((i) => i.id).sort()).toEqual(incidents.map((i) => i.id).sort());
    });

    it('finds a merged duplicate’s comments on the surviving incident', async () => {
      const survivor = await report(requester, '邮箱无法登录');
      const duplicate = await report(requester, '邮件客户端登录失败');
      await requester.post(`/api/v1/incidents/${duplicate.id}/comments`, {
        body: '提示证书过期弹窗',
        visibility: 'public',
      });
      const merged = await agent.post(`/api/v1/incidents/${duplicate.id}/merge`, { into: survivor.id });
      expect(merged.statusCode, merged.body).toBe(200);
      const hits = (await agent.get(`/api/v1/search?q=${encodeURIComponent('证书过期弹窗')}`)).json().items as {
        id: string;
      }[];
      expect(hits.map((h) => h.id)).toContain(survivor.id);
    });
    it('takes requests in console bulk actions through their own use cases', async () => {
      const service = await admin.post('/api/v1/services', { code: 'BULK', nameZh: '批量', nameEn: 'Bulk' });
      const item = await admin.post('/api/v1/catalog/items', {
        serviceId: service.json().id,
        nameZh: '键盘更换',
        nameEn: 'Keyboard',
      });
      expect(item.statusCode, item.body).toBe(201);
      const request = (await requester.post('/api/v1/requests', { itemId: item.json().id, answers: {} })).json();
      const incident = await report(requester, '键盘失灵');

      const comment = await agent.post('/api/v1/console/bulk', {
        action: 'comment',
        ids: [request.id, incident.id],
        body: '已安排工程师上门',
        visibility: 'public',
      });
      expect(comment.statusCode, comment.body).toBe(200);
      expect(comment.json().results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
      const seen = (await requester.get(`/api/v1/requests/${request.id}`)).json() as {
        timeline: { body: string | null }[];
      };
      expect(seen.timeline.some((t) => t.body === '已安排工程师上门')).toBe(true);

      // Requests are fulfilled through tasks, not taken: the row fails with a reason that says so.
      const take = (
        await agent.post('/api/v1/console/bulk', { action: 'take', ids: [request.id, incident.id] })
      ).json();
      expect(take.results.map((r: { ok: boolean }) => r.ok)).toEqual([false, true]);
      expect(take.results[0].error.code).toBe('request.bulk_unsupported');
      expect(take.results[0].error.message).toContain('受理');
    });
  });
}
