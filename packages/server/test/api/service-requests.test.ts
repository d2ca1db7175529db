import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError, multipartFile } from '../support/http.js';

type Req = {
  id: string;
  number: string;
  state: string;
  approvals: { step: number; state: string; approver: { id: string }; mode: string }[];
  tasks: { id: string; stage: number; state: string; group: { id: string } }[];
  answers: { key: string; label: string; value: string; attachments?: { id: string; filename: string }[] }[];
  abilities: Record<string, unknown> & { completeTasks: string[] };
  reworkReason: string | null;
};

for (const dialect of await dialectsUnderTest()) {
  describe(`service catalogue and requests [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let requester: Client; // req-a, finance A, manager: colleague-a
    let boss: Client; // colleague-a: a requester who manages req-a
    let owner: Client; // service manager owns the service
    let agent: Client; // tier 1 member
    let agentA: Client; // tier 2A member
    let outsider: Client; // req-b
    let serviceId: string;
    let pcItem: string;
    let simpleItem: string;
    let anyItem: string;
    const events: string[] = [];

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      test.trellis.bus.subscribe('*', (e) => {
        if (e.type.startsWith('request.')) events.push(e.type);
      });
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      requester = await signIn(test, world.requesterA.email, PASSWORD);
      boss = await signIn(test, world.colleagueA.email, PASSWORD);
      owner = await signIn(test, world.manager.email, PASSWORD);
      agent = await signIn(test, world.agent.email, PASSWORD);
      agentA = await signIn(test, world.agentA.email, PASSWORD);
      outsider = await signIn(test, world.requesterB.email, PASSWORD);
      const res = await admin.post('/api/v1/services', {
        code: 'IMAC',
        nameZh: '办公设备 IMAC',
        nameEn: 'IMAC',
        ownerId: world.manager.id,
      });
      expect(res.statusCode, res.body).toBe(201);
      serviceId = res.json().id;
    });
    afterAll(() => test?.close());

    it('lets an admin set a manager on a user, refusing oneself', async () => {
      const res = await admin.patch(`/api/v1/users/${world.requesterA.id}`, { managerId: world.colleagueA.id });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().manager).toEqual({ id: world.colleagueA.id, name: 'colleague-a' });
      expectError(
        await admin.patch(`/api/v1/users/${world.requesterA.id}`, { managerId: world.requesterA.id }),
        400,
        'request.manager_cycle',
      );
      expectError(await requester.patch(`/api/v1/users/${world.requesterA.id}`, { managerId: null }), 403);
    });

    it('builds catalogue items, refusing bad definitions with details', async () => {
      const pc = await admin.post('/api/v1/catalog/items', {
        serviceId,
        nameZh: '新电脑申领',
        nameEn: 'New PC',
        icon: 'laptop',
        form: [
          {
            key: 'model',
            type: 'choice',
            labelZh: '机型',
            labelEn: 'Model',
            required: true,
            options: [
              { value: 'std', labelZh: '标准办公本', labelEn: 'Standard laptop' },
              { value: 'other', labelZh: '其他', labelEn: 'Other' },
            ],
          },
          {
            key: 'other_model',
            type: 'text',
            labelZh: '其他机型说明',
            labelEn: 'Other model',
            required: true,
            when: { field: 'model', values: ['other'] },
          },
          { key: 'qty', type: 'number', labelZh: '数量', labelEn: 'Quantity', required: true, min: 1, max: 3 },
          { key: 'needed_by', type: 'date', labelZh: '需要日期', labelEn: 'Needed by', required: false },
          { key: 'user', type: 'user', labelZh: '使用人', labelEn: 'User', required: false },
          { key: 'old_asset', type: 'asset', labelZh: '旧电脑资产编号', labelEn: 'Old PC asset tag', required: false },
          { key: 'quote', type: 'attachment', labelZh: '报价单', labelEn: 'Quote', required: false },
        ],
        approvals: [
          { mode: 'all', approvers: [{ type: 'manager' }] },
          { mode: 'all', approvers: [{ type: 'service_owner' }] },
        ],
        stages: [
          { tasks: [{ titleZh: '准备电脑', titleEn: 'Prepare PC', groupId: world.tier1.id }] },
          { tasks: [{ titleZh: '安装软件', titleEn: 'Install software', groupId: world.tier2A.id }] },
        ],
      });
      expect(pc.statusCode, pc.body).toBe(201);
      pcItem = pc.json().id;
      const simple = await admin.post('/api/v1/catalog/items', {
        serviceId,
        nameZh: '硒鼓更换',
        nameEn: 'Toner',
        form: [{ key: 'printer', type: 'text', labelZh: '打印机位置', labelEn: 'Printer location', required: true }],
      });
      expect(simple.statusCode, simple.body).toBe(201);
      simpleItem = simple.json().id;
      const any = await admin.post('/api/v1/catalog/items', {
        serviceId,
        nameZh: '账号开通',
        nameEn: 'Account',
        organizationIds: [world.orgA.id],
        approvals: [{ mode: 'any', approvers: [{ type: 'user', userId: world.admin.id }, { type: 'service_owner' }] }],
        stages: [
          {
            tasks: [
              { titleZh: '开通账号', titleEn: 'Create account', groupId: world.tier1.id },
              { titleZh: '分配权限', titleEn: 'Grant access', groupId: world.tier2A.id },
            ],
          },
        ],
      });
      expect(any.statusCode, any.body).toBe(201);
      anyItem = any.json().id;

      const bad = expectError(
        await admin.post('/api/v1/catalog/items', {
          serviceId,
          nameZh: '坏',
          nameEn: 'Bad',
          form: [
            { key: 'a', type: 'choice', labelZh: 'A', labelEn: 'A', required: false, options: [] },
            {
              key: 'b',
              type: 'text',
              labelZh: 'B',
              labelEn: 'B',
              required: false,
              when: { field: 'z', values: ['1'] },
            },
          ],
          stages: [{ tasks: [{ titleZh: 't', titleEn: 't', groupId: 'nope' }] }],
        }),
        400,
        'error.validation',
      );
      expect((bad.details as { path: unknown[]; message: string }[]).map((d) => d.path.join('.'))).toEqual([
        'form.0',
        'form.1',
        'stages.0.tasks.0.groupId',
      ]);
      expect((bad.details as { message: string }[])[0]!.message).toBe('选择题至少需要一个选项');
      expectError(await requester.post('/api/v1/catalog/items', { serviceId, nameZh: 'x', nameEn: 'x' }), 403);
    });

    it('shows each requester only the items offered to their organisation', async () => {
      const mine = (await requester.get('/api/v1/catalog/items')).json().map((i: { nameEn: string }) => i.nameEn);
      expect(mine.sort()).toEqual(['Account', 'New PC', 'Toner']);
      const theirs = (await outsider.get('/api/v1/catalog/items')).json().map((i: { nameEn: string }) => i.nameEn);
      expect(theirs.sort()).toEqual(['New PC', 'Toner']);
      expectError(await outsider.get(`/api/v1/catalog/items/${anyItem}`), 404, 'catalog.item_not_found');
      expectError(await outsider.post('/api/v1/requests', { itemId: anyItem, answers: {} }), 404);
      const people = (await requester.get('/api/v1/catalog/people?q=sales')).json();
      expect(people.map((p: { name: string }) => p.name)).toEqual(['sales-a']);
    });

    it('validates answers per field, in the reader’s language', async () => {
      const zh = expectError(
        await requester.post('/api/v1/requests', {
          itemId: pcItem,
          answers: { model: 'other', qty: 9, needed_by: '2026-02-30', user: world.requesterB.id, extra: 'x' },
        }),
        400,
        'error.validation',
      );
      expect(zh.details).toEqual([
        { path: ['answers', 'extra'], message: '表单中没有“extra”这一项' },
        { path: ['answers', 'other_model'], message: '请填写“其他机型说明”' },
        { path: ['answers', 'qty'], message: '“数量”不能大于 3' },
        { path: ['answers', 'needed_by'], message: '“需要日期”必须是有效日期（年-月-日）' },
        { path: ['answers', 'user'], message: '“使用人”中选择的人员不存在或已停用' },
      ]);
      const enClient = await signIn(test, world.salesPersonA.email, PASSWORD, 'en-US');
      expect((await enClient.patch('/api/v1/me', { locale: 'en-US' })).statusCode).toBe(200);
      const en = expectError(await enClient.post('/api/v1/requests', { itemId: simpleItem, answers: {} }), 400);
      expect(en.details).toEqual([{ path: ['answers', 'printer'], message: 'Please fill in "Printer location"' }]);
    });

    it('refuses a request needing a manager when the requester has none', async () => {
      const sales = await signIn(test, world.salesPersonA.email, PASSWORD);
      expectError(
        await sales.post('/api/v1/requests', { itemId: pcItem, answers: { model: 'std', qty: 1 } }),
        409,
        'request.no_manager',
      );
    });

    it('runs approvals in sequence, then tasks in stages, then acceptance with rework', async () => {
      events.length = 0;
      const { payload, headers } = multipartFile('quote.pdf', '%PDF-1.4 quote', 'application/pdf');
      // One file in the field "quote", plus the JSON part.
      const boundary = headers['content-type']!.split('boundary=')[1]!;
      const data = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify({
          itemId: pcItem,
          answers: { model: 'std', qty: 2, needed_by: '2026-12-01', user: world.colleagueA.id, old_asset: 'PC-0042' },
        })}\r\n`,
      );
      const body = Buffer.concat([
        data,
        Buffer.from(payload.toString('binary').replace('name="file"', 'name="quote"'), 'binary'),
      ]);
      const created = await requester.request('POST', '/api/v1/requests/with-files', body, headers);
      expect(created.statusCode, created.body).toBe(201);
      let req = created.json() as Req;
      expect(req.number).toMatch(/^REQ-\d{4}-000001$/);
      expect(req.state).toBe('awaiting_approval');
      expect(req.approvals).toMatchObject([{ step: 1, state: 'pending', approver: { id: world.colleagueA.id } }]);
      expect(req.answers.map((a) => [a.label, a.value])).toEqual([
        ['机型', '标准办公本'],
        ['数量', '2'],
        ['需要日期', '2026-12-01'],
        ['使用人', 'colleague-a'],
        ['旧电脑资产编号', 'PC-0042'],
        ['报价单', 'quote.pdf'],
      ]);
      expect(req.answers.at(-1)!.attachments).toHaveLength(1);

      // Not the approver of step 1, and no skipping ahead.
      expectError(await owner.post(`/api/v1/requests/${req.id}/approve`, {}), 403, 'request.not_approver');
      expectError(await requester.post(`/api/v1/requests/${req.id}/approve`, {}), 403, 'request.not_approver');
      expectError(await outsider.post(`/api/v1/requests/${req.id}/approve`, {}), 404);
      expectError(await requester.post(`/api/v1/requests/${req.id}/accept`, {}), 409, 'request.illegal_transition');
      expectError(
        await agent.post(`/api/v1/requests/${req.id}/tasks/${req.tasks[0]!.id}/complete`, {}),
        409,
        'request.illegal_transition',
      );

      // The manager, a requester too, finds it in 我的审批.
      const inbox = (await boss.get('/api/v1/approvals')).json();
      expect(inbox.map((a: { request: { number: string } }) => a.request.number)).toEqual([req.number]);
      req = (await boss.post(`/api/v1/requests/${req.number}/approve`, { comment: '同意' })).json();
      expect(req.state).toBe('awaiting_approval');
      expect(req.approvals.map((a) => [a.step, a.state])).toEqual([
        [1, 'approved'],
        [2, 'pending'],
      ]);
      expectError(await boss.post(`/api/v1/requests/${req.id}/approve`, {}), 403, 'request.not_approver');
      expect((await boss.get('/api/v1/approvals')).json()).toEqual([]);

      const ownerRes = await owner.post(`/api/v1/requests/${req.id}/approve`, {});
      expect(ownerRes.statusCode, ownerRes.body).toBe(200);
      req = ownerRes.json();
      expect(req.state).toBe('in_fulfilment');
      expect(req.tasks.map((t) => [t.stage, t.state])).toEqual([
        [1, 'open'],
        [2, 'waiting'],
      ]);

      // Group members see their tasks; others cannot complete them.
      expect((await agent.get('/api/v1/request-tasks')).json().map((t: { id: string }) => t.id)).toEqual([
        req.tasks[0]!.id,
      ]);
      expect((await agentA.get('/api/v1/request-tasks')).json()).toEqual([]);
      expectError(
        await agentA.post(`/api/v1/requests/${req.id}/tasks/${req.tasks[0]!.id}/complete`, {}),
        403,
        'request.not_task_group',
      );
      expectError(
        await agentA.post(`/api/v1/requests/${req.id}/tasks/${req.tasks[1]!.id}/complete`, {}),
        409,
        'request.task_not_open',
      );
      expectError(await agent.post(`/api/v1/requests/${req.id}/deliver`, {}), 409, 'request.tasks_open');

      req = (
        await agent.post(`/api/v1/requests/${req.id}/tasks/${req.tasks[0]!.id}/complete`, { note: '已备机' })
      ).json();
      expect(req.tasks.map((t) => t.state)).toEqual(['done', 'open']);
      expect((await agentA.get('/api/v1/request-tasks')).json()).toHaveLength(1);
      req = (await agentA.post(`/api/v1/requests/${req.id}/tasks/${req.tasks[1]!.id}/complete`, {})).json();
      expect(req.state).toBe('delivered');

      // 验收: only the requester; a rejection sends it back with the reason.
      expectError(await agent.post(`/api/v1/requests/${req.id}/accept`, {}), 403);
      expectError(await requester.post(`/api/v1/requests/${req.id}/reject-delivery`, {}), 400);
      expectError(
        await requester.post(`/api/v1/requests/${req.id}/cancel`, { reason: 'x' }),
        409,
        'request.illegal_transition',
      );
      req = (await requester.post(`/api/v1/requests/${req.id}/reject-delivery`, { reason: '缺少扩展坞' })).json();
      expect(req.state).toBe('in_fulfilment');
      expect(req.reworkReason).toBe('缺少扩展坞');
      expect(req.tasks.map((t) => t.state)).toEqual(['done', 'open']);
      req = (
        await agentA.post(`/api/v1/requests/${req.id}/tasks/${req.tasks[1]!.id}/complete`, { note: '已补扩展坞' })
      ).json();
      expect(req.state).toBe('delivered');
      req = (await requester.post(`/api/v1/requests/${req.id}/accept`, { comment: '满意' })).json();
      expect(req.state).toBe('closed');
      expectError(
        await requester.post(`/api/v1/requests/${req.id}/comments`, { body: '再说一句' }),
        409,
        'request.illegal_transition',
      );

      await new Promise((r) => setTimeout(r, 20));
      expect(new Set(events)).toEqual(
        new Set([
          'request.created',
          'request.approval_requested',
          'request.approval_given',
          'request.approved',
          'request.task_assigned',
          'request.task_completed',
          'request.routed',
          'request.delivered',
          'request.delivery_rejected',
          'request.accepted',
        ]),
      );
      const mine = (await requester.get('/api/v1/requests?requester=me')).json().items;
      expect(mine.map((r: { number: string; state: string }) => [r.number, r.state])).toEqual([[req.number, 'closed']]);
      expect((await outsider.get('/api/v1/requests')).json().items).toEqual([]);
    });

    it('ends a request on one rejection', async () => {
      const created = (
        await requester.post('/api/v1/requests', { itemId: pcItem, answers: { model: 'std', qty: 1 } })
      ).json() as Req;
      expectError(await boss.post(`/api/v1/requests/${created.id}/reject`, {}), 400);
      const rejected = (
        await boss.post(`/api/v1/requests/${created.id}/reject`, { comment: '预算不足' })
      ).json() as Req;
      expect(rejected.state).toBe('rejected');
      expect(rejected.tasks.every((t) => t.state === 'cancelled')).toBe(true);
      expectError(await owner.post(`/api/v1/requests/${created.id}/approve`, {}), 409, 'request.illegal_transition');
    });

    it('settles an any-of step with one approval and runs parallel tasks', async () => {
      const created = (await requester.post('/api/v1/requests', { itemId: anyItem, answers: {} })).json() as Req;
      expect(created.approvals.map((a) => a.approver.id).sort()).toEqual([world.admin.id, world.manager.id].sort());
      const approved = (await admin.post(`/api/v1/requests/${created.id}/approve`, {})).json() as Req;
      expect(approved.state).toBe('in_fulfilment');
      expect(approved.approvals.map((a) => a.state).sort()).toEqual(['approved', 'skipped']);
      expectError(await owner.post(`/api/v1/requests/${created.id}/approve`, {}), 409);
      expect(approved.tasks.map((t) => t.state)).toEqual(['open', 'open']);
      const one = (
        await agent.post(`/api/v1/requests/${created.id}/tasks/${approved.tasks[0]!.id}/complete`, {})
      ).json() as Req;
      expect(one.state).toBe('in_fulfilment');
      const cancelled = (
        await requester.post(`/api/v1/requests/${created.id}/cancel`, { reason: '不需要了' })
      ).json() as Req;
      expect(cancelled.state).toBe('cancelled');
      expect(cancelled.tasks.map((t) => t.state)).toEqual(['done', 'cancelled']);
    });

    it('delivers an item without tasks by hand, and keeps outsiders out', async () => {
      const created = await requester.post('/api/v1/requests', {
        itemId: simpleItem,
        answers: { printer: '3 楼东侧' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const req = created.json() as Req;
      expect(req.state).toBe('in_fulfilment');
      expectError(await requester.post(`/api/v1/requests/${req.id}/deliver`, {}), 403);
      expectError(await outsider.get(`/api/v1/requests/${req.id}`), 404);
      expectError(await outsider.post(`/api/v1/requests/${req.id}/comments`, { body: 'hi' }), 404);
      expect(
        (await agent.post(`/api/v1/requests/${req.id}/comments`, { body: '内部', visibility: 'internal' })).statusCode,
      ).toBe(200);
      expectError(
        await requester.post(`/api/v1/requests/${req.id}/comments`, { body: '内部', visibility: 'internal' }),
        403,
      );
      const delivered = (await agent.post(`/api/v1/requests/${req.id}/deliver`, { note: '已更换' })).json() as Req;
      expect(delivered.state).toBe('delivered');
      const seen = (await requester.get(`/api/v1/requests/${req.id}`)).json() as Req & { timeline: { type: string }[] };
      expect(seen.abilities).toMatchObject({ accept: true, rejectDelivery: true, cancel: false });
      expect(seen.timeline.some((t) => t.type === 'comment')).toBe(false);
    });

    it('staff submit on behalf of a requester they serve', async () => {
      const res = await agent.post('/api/v1/requests', {
        itemId: simpleItem,
        requesterId: world.requesterB.id,
        answers: { printer: '前台' },
        channel: 'phone',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ requester: { id: world.requesterB.id }, channel: 'phone' });
      expectError(
        await requester.post('/api/v1/requests', {
          itemId: simpleItem,
          requesterId: world.requesterB.id,
          answers: { printer: 'x' },
        }),
        403,
      );
    });
  });
}
