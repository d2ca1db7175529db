import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError, report } from '../support/http.js';

type QueueBody = { items: { number: string; kind: string; state: string }[]; nextCursor: string | null };
type BulkBody = {
  results: { id: string; number: string | null; ok: boolean; error?: { code: string; message: string } }[];
  succeeded: number;
  failed: number;
};

for (const dialect of await dialectsUnderTest()) {
  describe(`agent console: views, queue, bulk, replies, templates, presence [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let agent: Client;
    let agentA: Client;
    let manager: Client;
    let reqA: Client;
    const records: Record<string, { id: string; number: string }> = {};

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      agentA = await signIn(test, 'agent-a@test.local', PASSWORD);
      manager = await signIn(test, 'manager@test.local', PASSWORD);
      reqA = await signIn(test, 'req-a@test.local', PASSWORD);
      // Logged by the desk for the requesters: the desk sets the impact (issue 12: requesters give urgency).
      records.a1 = await report(agent, '打印机卡纸', { requesterId: world.requesterA.id, impact: 2, urgency: 2 });
      records.a2 = await report(reqA, '邮箱无法收信');
      records.b1 = await report(agent, '共享盘无法访问', { requesterId: world.requesterB.id, impact: 1, urgency: 1 });
      records.phone = await report(agent, '电话报修：显示器黑屏', {
        requesterId: world.requesterA.id,
        channel: 'walk_in',
        categoryId: world.category.id,
      });
    });
    afterAll(() => test?.close());

    it('queues filter by channel, category, level, text and assignee, newest first', async () => {
      const q = async (query: string) => {
        const res = await agent.get(`/api/v1/console/queue?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return (res.json() as QueueBody).items.map((i) => i.number);
      };
      expect(await q('')).toEqual([records.phone!.number, records.b1!.number, records.a2!.number, records.a1!.number]);
      expect(await q('channel=walk_in')).toEqual([records.phone!.number]);
      expect(await q(`categoryId=${world.category.id}`)).toEqual([records.phone!.number]);
      expect(await q('level=1,2')).toEqual(expect.arrayContaining([records.a1!.number, records.b1!.number]));
      expect(await q('level=1,2')).toHaveLength(2);
      expect(await q(`q=${encodeURIComponent('打印机')}`)).toEqual([records.a1!.number]);
      expect(await q(`q=${records.a2!.number}`)).toEqual([records.a2!.number]);
      expect(await q('assignee=none&state=pending')).toHaveLength(4);
      // agentA serves only organisation A: B's record is not in the queue at all.
      const res = await agentA.get('/api/v1/console/queue');
      expect((res.json() as QueueBody).items.map((i) => i.number)).not.toContain(records.b1!.number);
    });

    it('keeps the queue and its tools for staff', async () => {
      expectError(await reqA.get('/api/v1/console/queue'), 403, 'error.forbidden');
      expectError(await reqA.get('/api/v1/console/views'), 403, 'error.forbidden');
      expectError(await reqA.post('/api/v1/console/bulk', { action: 'take', ids: [records.a1!.id] }), 403);
      expectError(await agent.get('/api/v1/console/queue?level=9'), 400, 'error.validation');
    });

    it('saves personal views and shares them with a group', async () => {
      const personal = await agent.post('/api/v1/console/views', {
        name: '高优先级',
        filters: { level: [1, 2] },
        columns: ['number', 'title', 'level'],
      });
      expect(personal.statusCode, personal.body).toBe(201);
      const shared = await agent.post('/api/v1/console/views', {
        name: '一线的现场报修',
        groupId: world.tier1.id,
        filters: { channel: ['walk_in'] },
      });
      expect(shared.statusCode, shared.body).toBe(201);
      // Sharing with a group one is not in is refused.
      expectError(
        await agentA.post('/api/v1/console/views', { name: 'x', groupId: world.tier1.id, filters: {} }),
        400,
        'console.not_group_member',
      );
      const views = (await agent.get('/api/v1/console/views')).json() as { id: string; name: string; mine: boolean }[];
      expect(views.map((v) => v.name).sort()).toEqual(['一线的现场报修', '高优先级']);
      // agentA is not in 一线, so sees neither; the manager is a member? No — only the group's members see it.
      expect(((await agentA.get('/api/v1/console/views')).json() as unknown[]).length).toBe(0);

      const viewId = (personal.json() as { id: string }).id;
      const applied = (await agent.get(`/api/v1/console/queue?view=${viewId}`)).json() as QueueBody;
      expect(applied.items.map((i) => i.number).sort()).toEqual([records.a1!.number, records.b1!.number].sort());
      // Explicit parameters narrow a view.
      const narrowed = (
        await agent.get(`/api/v1/console/queue?view=${viewId}&organizationId=${world.orgB.id}`)
      ).json() as QueueBody;
      expect(narrowed.items.map((i) => i.number)).toEqual([records.b1!.number]);
      expectError(await agentA.get(`/api/v1/console/queue?view=${viewId}`), 404, 'error.not_found');

      const renamed = await agent.patch(`/api/v1/console/views/${viewId}`, { name: '一二级' });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect((renamed.json() as { name: string }).name).toBe('一二级');
      expectError(await agentA.patch(`/api/v1/console/views/${viewId}`, { name: 'mine now' }), 404);
      expectError(await agentA.delete(`/api/v1/console/views/${viewId}`), 404);
      expect((await agent.delete(`/api/v1/console/views/${viewId}`)).statusCode).toBe(204);
      expectError(await agent.get(`/api/v1/console/queue?view=${viewId}`), 404);
    });

    it('bulk actions go through each use case and report every partial failure', async () => {
      // agentA (二线甲, serves only A) takes A's two records and B's: B's is invisible to them.
      const take = await agentA.post('/api/v1/console/bulk', {
        action: 'take',
        ids: [records.a1!.id, records.a2!.id, records.b1!.id],
      });
      expect(take.statusCode, take.body).toBe(200);
      const body = take.json() as BulkBody;
      expect(body.succeeded).toBe(2);
      expect(body.failed).toBe(1);
      const failed = body.results.find((r) => !r.ok)!;
      expect(failed.id).toBe(records.b1!.id);
      expect(failed.error?.code).toBe('error.not_found');
      expect(failed.number).toBeNull();

      // Assigning to 二线甲 works for A's records; B's is refused by the assign guard.
      const assign = (
        await agent.post('/api/v1/console/bulk', {
          action: 'assign',
          ids: [records.a1!.id, records.b1!.id],
          groupId: world.tier2A.id,
          note: '转二线',
        })
      ).json() as BulkBody;
      expect(assign.results.map((r) => [r.number, r.ok, r.error?.code])).toEqual([
        [records.a1!.number, true, undefined],
        [records.b1!.number, false, 'incident.not_served'],
      ]);
      expect(assign.results[1]!.error!.message).toContain('支持组');

      const classify = (
        await agent.post('/api/v1/console/bulk', {
          action: 'classify',
          ids: [records.a2!.id, records.b1!.id],
          impact: 1,
          urgency: 1,
        })
      ).json() as BulkBody;
      expect(classify.succeeded).toBe(2);
      const a2 = (await agent.get(`/api/v1/incidents/${records.a2!.id}`)).json() as { level: number };
      expect(a2.level).toBe(1);

      const comment = (
        await agent.post('/api/v1/console/bulk', {
          action: 'comment',
          ids: [records.a1!.id, records.b1!.id, '01900000-0000-7000-8000-000000000000'],
          body: '批量回复：正在处理',
          visibility: 'public',
        })
      ).json() as BulkBody;
      expect(comment.results.map((r) => r.ok)).toEqual([true, true, false]);
      expect(comment.results[2]!.error!.code).toBe('error.not_found');
      const a1 = (await reqA.get(`/api/v1/incidents/${records.a1!.id}`)).json() as {
        timeline: { body: string | null }[];
      };
      expect(a1.timeline.some((t) => t.body === '批量回复：正在处理')).toBe(true);

      expectError(await agent.post('/api/v1/console/bulk', { action: 'assign', ids: [records.a1!.id] }), 400);
      expectError(await agent.post('/api/v1/console/bulk', { action: 'take', ids: [] }), 400, 'error.validation');
    });

    it('canned replies: personal for anyone on staff, shared only from managers', async () => {
      const mine = await agent.post('/api/v1/console/canned-replies', {
        title: '已受理',
        body: '{requester} 您好，{number} 已受理',
      });
      expect(mine.statusCode, mine.body).toBe(201);
      expectError(
        await agent.post('/api/v1/console/canned-replies', { title: '共享', body: 'x', shared: true }),
        403,
        'error.forbidden',
      );
      const shared = await manager.post('/api/v1/console/canned-replies', {
        title: '共享回复',
        body: '您好 {requester}',
        shared: true,
      });
      expect(shared.statusCode, shared.body).toBe(201);
      const agentList = (await agent.get('/api/v1/console/canned-replies')).json() as {
        title: string;
        editable: boolean;
      }[];
      expect(agentList.map((r) => [r.title, r.editable])).toEqual([
        ['共享回复', false],
        ['已受理', true],
      ]);
      // Someone else's personal reply is invisible.
      expect(
        ((await agentA.get('/api/v1/console/canned-replies')).json() as { title: string }[]).map((r) => r.title),
      ).toEqual(['共享回复']);
      const sharedId = (shared.json() as { id: string }).id;
      expectError(await agent.patch(`/api/v1/console/canned-replies/${sharedId}`, { body: 'changed' }), 403);
      const mineId = (mine.json() as { id: string }).id;
      expectError(await agentA.delete(`/api/v1/console/canned-replies/${mineId}`), 404);
      expect((await agent.patch(`/api/v1/console/canned-replies/${mineId}`, { body: '新内容' })).statusCode).toBe(200);
      expect((await agent.delete(`/api/v1/console/canned-replies/${mineId}`)).statusCode).toBe(204);
      expectError(await reqA.get('/api/v1/console/canned-replies'), 403);
    });

    it('incident templates: managed by managers, listed for agents', async () => {
      expectError(await agent.post('/api/v1/console/templates', { name: 't', title: 't' }), 403);
      const created = await manager.post('/api/v1/console/templates', {
        name: '打印机卡纸',
        title: '打印机卡纸',
        description: '打印机位置：',
        categoryId: world.category.id,
        impact: 4,
        urgency: 3,
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ level: 4, categoryId: world.category.id, active: true });
      expectError(
        await manager.post('/api/v1/console/templates', { name: 'x', title: 'x', categoryId: 'nope' }),
        400,
        'error.validation',
      );
      const id = (created.json() as { id: string }).id;
      expect((await agent.get('/api/v1/console/templates')).json()).toHaveLength(1);
      await manager.patch(`/api/v1/console/templates/${id}`, { active: false });
      expect((await agent.get('/api/v1/console/templates')).json()).toHaveLength(0);
      expect((await manager.get('/api/v1/console/templates?all=true')).json()).toHaveLength(1);
    });

    it('presence: who else is viewing or editing a record, only among those who can see it', async () => {
      const first = await agent.request('PUT', `/api/v1/console/presence/${records.a1!.id}`, { mode: 'editing' });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ others: [] });
      const second = await agentA.request('PUT', `/api/v1/console/presence/${records.a1!.id}`, { mode: 'viewing' });
      expect(second.json()).toMatchObject({ others: [{ user: { id: world.agent.id }, mode: 'editing' }] });
      const again = await agent.request('PUT', `/api/v1/console/presence/${records.a1!.id}`, { mode: 'editing' });
      expect(again.json()).toMatchObject({ others: [{ user: { id: world.agentA.id }, mode: 'viewing' }] });
      // B's record is invisible to agentA.
      expectError(await agentA.request('PUT', `/api/v1/console/presence/${records.b1!.id}`, { mode: 'viewing' }), 404);
      expect((await agentA.delete(`/api/v1/console/presence/${records.a1!.id}`)).statusCode).toBe(204);
      const after = await agent.request('PUT', `/api/v1/console/presence/${records.a1!.id}`, { mode: 'viewing' });
      expect(after.json()).toEqual({ others: [] });
    });

    it('filters major incidents and shows why a record on hold waits', async () => {
      const outage = await report(reqA, '整栋楼无法上网');
      const waiting = await report(reqA, '显示器需要更换');
      const flagged = await agent.post(`/api/v1/incidents/${outage.id}/major`, { major: true, reason: '影响全楼' });
      expect(flagged.statusCode, flagged.body).toBe(200);
      expect((await agent.post(`/api/v1/incidents/${waiting.id}/take`)).statusCode).toBe(200);
      const held = await agent.post(`/api/v1/incidents/${waiting.id}/hold`, {
        kind: 'supplier',
        reason: '等待厂商备件',
      });
      expect(held.statusCode, held.body).toBe(200);

      const items = async (query: string) =>
        (
          (await agent.get(`/api/v1/console/queue?${query}`)).json() as {
            items: { number: string; major?: boolean; holdKind?: string | null }[];
          }
        ).items;
      expect((await items('major=true')).map((i) => i.number)).toEqual([outage.number]);
      const others = await items('major=false');
      expect(others.map((i) => i.number)).not.toContain(outage.number);
      expect(others.find((i) => i.number === waiting.number)).toMatchObject({ major: false, holdKind: 'supplier' });
    });

    it('pages through several states newest first, one page per state merged, losing and repeating nothing', async () => {
      for (const title of ['状态分页一', '状态分页二', '状态分页三']) {
        const r = await report(reqA, title);
        if (title !== '状态分页二') expect((await agent.post(`/api/v1/incidents/${r.id}/take`)).statusCode).toBe(200);
      }
      const get = async (query: string) => {
        const res = await agent.get(`/api/v1/console/queue?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as QueueBody;
      };
      const states = ['pending', 'in_progress', 'on_hold'];
      // The whole queue unfiltered (one index walk), then narrowed here: what the split pages must give.
      const expected = (await get('limit=200')).items.filter((i) => states.includes(i.state)).map((i) => i.number);
      const present = (await get('limit=200')).items.map((i) => i.state);
      expect(present).toEqual(expect.arrayContaining(['pending', 'in_progress']));
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: QueueBody = await get(
          `state=${states.join(',')}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.items.map((i) => i.number));
        cursor = page.nextCursor;
      } while (cursor);
      expect(expected.length).toBeGreaterThan(4);
      expect(paged).toEqual(expected);
    });
  });
}
