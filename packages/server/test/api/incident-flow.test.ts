import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';

for (const dialect of await dialectsUnderTest()) {
  describe(`incident flow end to end [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
    });
    afterAll(() => test?.close());

    it('walks report → take → classify → comment → assign → resolve → confirm → archive', async () => {
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      const agent = await signIn(test, 'agent@test.local', PASSWORD);

      const created = await requester.post('/api/v1/incidents', {
        title: '打印机无法打印',
        description: '财务部共享打印机一直排队',
        affectedScope: '本部门',
        urgency: 2,
        contact: '分机 8001',
      });
      expect(created.statusCode).toBe(201);
      const incident = created.json();
      expect(incident.number).toMatch(/^INC-\d{4}-\d{6}$/);
      expect(incident.state).toBe('pending');
      expect(incident.channel).toBe('portal');
      expect(incident.organization.id).toBe(world.orgA.id);
      expect(incident.abilities.confirm).toBe(false);

      const queue = await agent.get('/api/v1/incidents?state=pending');
      expect(queue.json().items.map((i: { number: string }) => i.number)).toContain(incident.number);

      const taken = await agent.post(`/api/v1/incidents/${incident.number}/take`);
      expect(taken.statusCode).toBe(200);
      expect(taken.json().state).toBe('in_progress');
      expect(taken.json().owner.id).toBe(agent.userId);

      const classified = await agent.post(`/api/v1/incidents/${incident.id}/classify`, {
        categoryId: world.category.id,
        impact: 1,
        urgency: 2,
      });
      expect(classified.json().level).toBe(1);
      expect(classified.json().categoryName).toBe('硬件');

      expect(
        (await agent.post(`/api/v1/incidents/${incident.id}/comments`, { body: '已远程排查', visibility: 'public' }))
          .statusCode,
      ).toBe(200);
      expect(
        (
          await agent.post(`/api/v1/incidents/${incident.id}/comments`, {
            body: '内部：疑似驱动问题',
            visibility: 'internal',
          })
        ).statusCode,
      ).toBe(200);

      const assigned = await agent.post(`/api/v1/incidents/${incident.id}/assign`, {
        groupId: world.tier2A.id,
        assigneeId: world.agentA.id,
      });
      expect(assigned.statusCode).toBe(200);
      expect(assigned.json().assignee.id).toBe(world.agentA.id);
      // First-contact ownership survives the hand-over.
      expect(assigned.json().owner.id).toBe(agent.userId);

      const specialist = await signIn(test, 'agent-a@test.local', PASSWORD);
      const resolved = await specialist.post(`/api/v1/incidents/${incident.id}/resolve`, {
        cause: '打印后台服务卡死',
        solution: '清空队列并重启服务',
        timeSpentMinutes: 45,
      });
      expect(resolved.statusCode).toBe(200);
      expect(resolved.json().state).toBe('resolved');
      expect(resolved.json().resolution).toMatchObject({ cause: '打印后台服务卡死', solution: '清空队列并重启服务' });

      const early = await agent.post(`/api/v1/incidents/${incident.id}/archive`, { callbackNote: '已回访' });
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe('incident.not_confirmed');

      const seen = (await requester.get(`/api/v1/incidents/${incident.number}`)).json();
      expect(seen.abilities.confirm).toBe(true);
      expect(seen.timeline.some((t: { body: string }) => t.body === '内部：疑似驱动问题')).toBe(false);
      expect(seen.timeline.some((t: { body: string }) => t.body === '已远程排查')).toBe(true);

      const confirmed = await requester.post(`/api/v1/incidents/${incident.id}/confirm`, {
        rating: 4,
        comment: '很及时',
      });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json().rating).toBe(4);

      const archived = await agent.post(`/api/v1/incidents/${incident.id}/archive`, { callbackNote: '已回访' });
      expect(archived.statusCode).toBe(200);
      expect(archived.json().state).toBe('archived');

      const types = archived.json().timeline.map((t: { type: string }) => t.type);
      expect(types).toEqual([
        'created',
        'taken',
        'classified',
        'comment',
        'comment',
        'assigned',
        'resolved',
        'confirmed',
        'archived',
      ]);

      const again = await agent.post(`/api/v1/incidents/${incident.id}/comments`, {
        body: 'late',
        visibility: 'public',
      });
      expect(again.statusCode).toBe(409);
    });

    it('lets the requester reopen an unconfirmed resolution, which returns it to work', async () => {
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      const agent = await signIn(test, 'agent@test.local', PASSWORD);
      const { id } = (
        await requester.post('/api/v1/incidents', { title: 'VPN 连接失败', description: '提示证书错误' })
      ).json();
      await agent.post(`/api/v1/incidents/${id}/take`);
      await agent.post(`/api/v1/incidents/${id}/resolve`, {
        cause: '证书过期',
        solution: '重新签发',
        timeSpentMinutes: 30,
      });
      const reopened = await requester.post(`/api/v1/incidents/${id}/reopen`, { reason: '仍然连不上' });
      expect(reopened.statusCode).toBe(200);
      expect(reopened.json().state).toBe('in_progress');
      expect(reopened.json().resolvedAt).toBeNull();
    });

    it('numbers records in sequence within the year', async () => {
      const requester = await signIn(test, 'req-b@test.local', PASSWORD);
      const numbers = [];
      for (let i = 0; i < 3; i++)
        numbers.push((await requester.post('/api/v1/incidents', { title: `t${i}`, description: 'd' })).json().number);
      const seqs = numbers.map((n: string) => Number(n.slice(-6)));
      expect(seqs[1]).toBe(seqs[0]! + 1);
      expect(seqs[2]).toBe(seqs[0]! + 2);
    });
  });
}
