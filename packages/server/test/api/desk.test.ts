import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_CONFIRM_JOB, AUTO_ESCALATE_JOB } from '../../src/modules/incidents/index.js';
import { nowIso, setClock } from '../../src/platform/clock.js';
import type { DomainEvent } from '../../src/platform/context.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError, report } from '../support/http.js';

type Entry = { type: string; body: string | null; visibility: string; data: Record<string, unknown> };
const typesOf = (incident: { timeline: Entry[] }) => incident.timeline.map((t) => t.type);
const MINUTE = 60_000;
const DAY = 86_400_000;

for (const dialect of await dialectsUnderTest()) {
  describe(`service desk incident work [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let manager: Client;
    let agent: Client;
    let specialist: Client;
    let idle: Client;
    let requester: Client;
    let colleague: Client;
    let requesterB: Client;
    const events: DomainEvent[] = [];
    let restoreClock: (() => void) | null = null;

    /** Moves the clock forward for the app and the job runner alike. */
    const travel = (ms: number) => {
      restoreClock?.();
      const offset = ms;
      restoreClock = setClock(() => Date.now() + offset);
    };
    /** The recurring timer sweeps come due at the (travelled) present, then the runner runs them. */
    const runTimers = async () => {
      await test.trellis.database.db
        .updateTable('jobs')
        .set({ run_at: nowIso() })
        .where('type', 'in', [AUTO_ESCALATE_JOB, AUTO_CONFIRM_JOB])
        .where('state', '=', 'queued')
        .execute();
      await test.trellis.jobs.runDue();
    };
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    const eventsOf = async (type: string, recordId?: string) => {
      await settle();
      return events.filter((e) => e.type === type && (!recordId || e.recordId === recordId));
    };
    const url = (id: string, verb = '') => `/api/v1/incidents/${id}${verb ? `/${verb}` : ''}`;
    const take = async (client: Client, id: string) =>
      expect((await client.post(url(id, 'take'))).statusCode).toBe(200);
    const resolve = (client: Client, id: string, extra: Record<string, unknown> = {}) =>
      client.post(url(id, 'resolve'), { cause: '原因', solution: '方案', timeSpentMinutes: 20, ...extra });

    beforeAll(async () => {
      // Sessions must outlive the days this suite travels forward.
      test = await createTestApp(dialect, { TRELLIS_SESSION_HOURS: String(24 * 30) });
      world = await buildWorld(test);
      test.trellis.bus.subscribe('*', (e) => {
        events.push(e);
      });
      const as = (email: string) => signIn(test, email, PASSWORD);
      admin = await as('admin@test.local');
      manager = await as('manager@test.local');
      agent = await as('agent@test.local');
      specialist = await as('agent-a@test.local');
      idle = await as('idle@test.local');
      requester = await as('req-a@test.local');
      colleague = await as('sales-a@test.local');
      requesterB = await as('req-b@test.local');
    });
    afterEach(() => {
      restoreClock?.();
      restoreClock = null;
    });
    afterAll(() => test?.close());

    const put = (client: Client, path: string, body: unknown) => client.request('PUT', path, body);

    describe('classification', () => {
      it('levels by the configured matrix, which only an admin changes', async () => {
        const defaults = (await agent.get('/api/v1/desk/settings')).json();
        expect(defaults.matrix[0]).toEqual([1, 1, 2, 3]);
        expect(defaults.reopenDays).toBe(7);
        expectError(await put(agent, '/api/v1/desk/settings', { reopenDays: 1 }), 403, 'error.forbidden');
        expectError(await requester.get('/api/v1/desk/settings'), 403, 'error.forbidden');
        expectError(await put(admin, '/api/v1/desk/settings', { matrix: [[1, 2]] }), 400, 'error.validation');
        expectError(await put(admin, '/api/v1/desk/settings', { reopenDays: -1 }), 400, 'error.validation');

        const everythingUrgent = [
          [1, 1, 1, 1],
          [1, 1, 1, 1],
          [1, 1, 1, 1],
          [1, 1, 1, 1],
        ];
        const saved = await put(admin, '/api/v1/desk/settings', { matrix: everythingUrgent });
        expect(saved.statusCode, saved.body).toBe(200);
        expect(saved.json().reopenDays).toBe(7);
        const matrix = (await requester.get('/api/v1/priority-matrix')).json();
        expect(matrix.matrix).toEqual(everythingUrgent);
        expect(matrix.levels[0].examples).toContain('网络中断');
        // The requester gives urgency only; the desk's default impact (3) meets the all-urgent matrix.
        const inc = await report(requester, '矩阵测试', { urgency: 4 });
        expect((await agent.get(url(inc.id))).json().level).toBe(1);
        await put(admin, '/api/v1/desk/settings', { matrix: defaults.matrix });
        const reclassified = await agent.post(url(inc.id, 'classify'), { impact: 4, urgency: 4 });
        expect(reclassified.json().level).toBe(4);
      });

      it('takes the service from the category unless one is named', async () => {
        const service = await admin.post('/api/v1/services', { code: 'PRINT', nameZh: '打印服务', nameEn: 'Printing' });
        expect(service.statusCode, service.body).toBe(201);
        const serviceId = service.json().id;
        const linked = await admin.patch(`/api/v1/categories/${world.category.id}`, { serviceId });
        expect(linked.json().serviceId).toBe(serviceId);
        expectError(
          await admin.patch(`/api/v1/categories/${world.category.id}`, { serviceId: 'nope' }),
          400,
          'error.validation',
        );

        const inc = await report(requester, '打印机卡纸');
        const classified = (await agent.post(url(inc.id, 'classify'), { categoryId: world.category.id })).json();
        expect(classified.desk.service).toEqual({ id: serviceId, name: '打印服务' });
        const cleared = (await agent.post(url(inc.id, 'classify'), { serviceId: null })).json();
        expect(cleared.desk.service).toBeNull();
        expectError(await agent.post(url(inc.id, 'classify'), { serviceId: 'nope' }), 400, 'error.validation');
        expectError(await requester.post(url(inc.id, 'classify'), { serviceId }), 403, 'error.forbidden');
      });
    });

    describe('on hold and reopen', () => {
      it('records why it waits, on the record and in the queue', async () => {
        const inc = await report(requester, '等待备件');
        expectError(await agent.post(url(inc.id, 'hold'), { kind: 'supplier' }), 409, 'incident.illegal_transition');
        await take(agent, inc.id);
        expectError(await agent.post(url(inc.id, 'hold'), { kind: 'other' }), 400, 'error.validation');
        expectError(await agent.post(url(inc.id, 'hold'), { kind: 'weather' }), 400, 'error.validation');
        const held = await agent.post(url(inc.id, 'hold'), { kind: 'supplier', reason: '硬盘备件在途' });
        expect(held.json()).toMatchObject({ state: 'on_hold', holdReason: '硬盘备件在途' });
        expect(held.json().desk.holdKind).toBe('supplier');
        const queue = (await agent.get('/api/v1/incidents?state=on_hold')).json();
        expect(queue.items.find((i: { id: string }) => i.id === inc.id).holdKind).toBe('supplier');
        const resumed = (await agent.post(url(inc.id, 'resume'))).json();
        expect(resumed.state).toBe('in_progress');
        expect(resumed.desk.holdKind).toBeNull();
      });

      it('lets the requester reopen only within the period; staff any time before sign-off', async () => {
        const inc = await report(requester, '邮件收不到');
        await take(agent, inc.id);
        expect((await resolve(agent, inc.id)).statusCode).toBe(200);
        const seen = (await requester.get(url(inc.id))).json();
        expect(seen.desk.reopenUntil).not.toBeNull();
        expect(seen.abilities.reopen).toBe(true);

        travel(8 * DAY);
        const late = (await requester.get(url(inc.id))).json();
        expect(late.abilities.reopen).toBe(false);
        const refused = expectError(
          await requester.post(url(inc.id, 'reopen'), { reason: '又坏了' }),
          409,
          'incident.reopen_period_over',
        );
        expect(refused.message).toContain('7');
        const english = await requester.request(
          'POST',
          url(inc.id, 'reopen'),
          { reason: 'x' },
          { 'x-trellis-locale': 'en-US' },
        );
        expect(expectError(english, 409).message).toContain('period');
        expectError(await colleague.post(url(inc.id, 'reopen'), { reason: 'x' }), 404, 'error.not_found');
        const byStaff = await agent.post(url(inc.id, 'reopen'), { reason: '用户电话反馈仍有问题' });
        expect(byStaff.json().state).toBe('in_progress');
      });
    });

    describe('tiers and escalation', () => {
      it('transfers 一线 → 二线 with a mandatory reason; the first taker stays the owner', async () => {
        const inc = await report(requester, '系统登录报错');
        await take(agent, inc.id);
        const path = url(inc.id, 'transfer');
        expectError(await agent.post(path, { groupId: world.tier2A.id }), 400, 'error.validation');
        expectError(await agent.post(path, { groupId: world.tier2A.id, reason: ' ' }), 400, 'error.validation');
        expectError(
          await agent.post(path, { groupId: world.tier1.id, reason: '同组' }),
          400,
          'incident.transfer_same_group',
        );
        expectError(
          await agent.post(path, { groupId: world.tier2A.id, assigneeId: world.agent.id, reason: 'x' }),
          400,
          'incident.assignee_not_in_group',
        );
        expectError(await requester.post(path, { groupId: world.tier2A.id, reason: 'x' }), 403, 'error.forbidden');

        const moved = await agent.post(path, {
          groupId: world.tier2A.id,
          assigneeId: world.agentA.id,
          reason: '需要二线排查',
        });
        expect(moved.statusCode, moved.body).toBe(200);
        const body = moved.json();
        expect(body.group).toMatchObject({ id: world.tier2A.id, tier: 2 });
        expect(body.assignee.id).toBe(world.agentA.id);
        expect(body.owner.id).toBe(world.agent.id);
        const entry = body.timeline.find((t: Entry) => t.type === 'transferred');
        expect(entry.body).toBe('需要二线排查');
        expect(entry.data).toMatchObject({ fromTier: 1, toTier: 2, fromGroup: '一线' });
        expect(await eventsOf('incident.transferred', inc.id)).toHaveLength(1);

        const orgB = await report(requesterB, '乙方的问题');
        await take(agent, orgB.id);
        expectError(
          await agent.post(url(orgB.id, 'transfer'), { groupId: world.tier2A.id, reason: 'x' }),
          400,
          'incident.not_served',
        );
      });

      it('escalates to the group manager, who then watches the record', async () => {
        const inc = await report(requester, '核心交换机告警');
        expectError(await agent.post(url(inc.id, 'escalate'), { reason: '影响面大' }), 409, 'incident.no_group');
        await take(agent, inc.id);
        const escalated = await agent.post(url(inc.id, 'escalate'), { reason: '影响面大' });
        expect(escalated.statusCode, escalated.body).toBe(200);
        expect(escalated.json().watchers.map((w: { id: string }) => w.id)).toContain(world.manager.id);
        expect(typesOf(escalated.json())).toContain('escalated');
        expect((await eventsOf('incident.escalated', inc.id))[0]?.payload).toMatchObject({
          mode: 'hierarchical',
          managerId: world.manager.id,
        });
        await agent.post(url(inc.id, 'transfer'), { groupId: world.tier2A.id, reason: '二线' });
        expectError(await agent.post(url(inc.id, 'escalate'), { reason: '再上报' }), 409, 'incident.no_manager');
      });

      it('invited collaborators see the record and note internally, but do not resolve', async () => {
        const inc = await report(requester, '数据库连接池耗尽');
        await take(agent, inc.id);
        expectError(await idle.get(url(inc.id)), 404, 'error.not_found');
        expectError(
          await agent.post(url(inc.id, 'collaborators'), { userId: world.requesterA.id }),
          400,
          'incident.collaborator_invalid',
        );
        const invited = await agent.post(url(inc.id, 'collaborators'), { userId: world.idle.id, note: '请协助' });
        expect(invited.json().desk.collaborators.map((c: { id: string }) => c.id)).toEqual([world.idle.id]);
        const seen = await idle.get(url(inc.id));
        expect(seen.statusCode).toBe(200);
        expect(seen.json().abilities).toMatchObject({ commentInternal: true, resolve: false, logTime: true });
        expect(
          (await idle.post(url(inc.id, 'comments'), { body: '查看了连接数', visibility: 'internal' })).statusCode,
        ).toBe(200);
        expectError(await resolve(idle, inc.id), 403, 'error.forbidden');
        expect(await eventsOf('incident.collaborator_invited', inc.id)).toHaveLength(1);
      });

      it('escalates on its own once a level’s limit passes, once per stage, then to the manager', async () => {
        await put(admin, '/api/v1/desk/settings', { escalationMinutes: { 1: 5, 2: 5, 3: 5, 4: 5 } });
        const inc = await report(requester, '共享盘无法访问');
        const other = await report(requesterB, '乙方打印机');
        await take(agent, other.id);
        travel(4 * MINUTE);
        await runTimers();
        expect((await agent.get(url(inc.id))).json().group).toBeNull();

        travel(6 * MINUTE);
        await runTimers();
        await runTimers();
        const escalated = (await agent.get(url(inc.id))).json();
        expect(escalated.group).toMatchObject({ id: world.tier2A.id, tier: 2 });
        expect(typesOf(escalated).filter((t) => t === 'auto_escalated')).toHaveLength(1);
        const entry = escalated.timeline.find((t: Entry) => t.type === 'auto_escalated');
        expect(entry.data).toMatchObject({ toTier: 2, limitMinutes: 5 });
        // Organisation B has no second line: its first-line group's manager is called in instead.
        const toManager = (await agent.get(url(other.id))).json();
        expect(toManager.group.id).toBe(world.tier1.id);
        expect(toManager.watchers.map((w: { id: string }) => w.id)).toContain(world.manager.id);
        expect((await eventsOf('incident.escalated', other.id))[0]?.payload).toMatchObject({ automatic: true });

        // A record on hold or resolved is not escalated.
        const held = await report(requester, '等待用户');
        await take(agent, held.id);
        await agent.post(url(held.id, 'hold'), { kind: 'requester' });
        travel(20 * MINUTE);
        await runTimers();
        expect(typesOf((await agent.get(url(held.id))).json())).not.toContain('auto_escalated');
        // The second tier's own limit, with no third tier and no manager: nothing more happens.
        expect(typesOf((await agent.get(url(inc.id))).json()).filter((t) => t === 'auto_escalated')).toHaveLength(1);
        await put(admin, '/api/v1/desk/settings', { escalationMinutes: { 1: 30, 2: 120, 3: 480, 4: null } });
      });
    });

    describe('resolution and sign-off', () => {
      it('requires the full handling record and keeps time spent and the time log in step', async () => {
        const inc = await report(requester, '蓝屏');
        await take(agent, inc.id);
        expectError(await agent.post(url(inc.id, 'resolve'), { cause: 'c', solution: 's' }), 400, 'error.validation');
        expectError(await resolve(agent, inc.id, { timeSpentMinutes: 0 }), 400, 'error.validation');
        expectError(await resolve(agent, inc.id, { cause: '  ' }), 400, 'error.validation');
        expect((await agent.post(url(inc.id, 'time'), { minutes: 40, note: '远程诊断' })).statusCode).toBe(200);
        expect((await specialist.post(url(inc.id, 'time'), { minutes: 15, workDate: '2026-11-20' })).statusCode).toBe(
          200,
        );
        expectError(await requester.post(url(inc.id, 'time'), { minutes: 5 }), 403, 'error.forbidden');
        expectError(await agent.post(url(inc.id, 'time'), { minutes: 0 }), 400, 'error.validation');
        // A day that does not exist is refused, not stored to break the time reports later.
        expectError(
          await agent.post(url(inc.id, 'time'), { minutes: 5, workDate: '2026-02-30' }),
          400,
          'error.validation',
        );

        const resolved = await resolve(agent, inc.id, {
          timeSpentMinutes: 90,
          knowledgeRef: 'KB-0042',
          ciChanged: true,
        });
        expect(resolved.statusCode, resolved.body).toBe(200);
        expect(resolved.json().desk.handling).toEqual({
          timeSpentMinutes: 90,
          knowledgeRef: 'KB-0042',
          ciChanged: true,
        });
        expect(resolved.json().desk.timeTotalMinutes).toBe(90);
        const time = (await agent.get(`/api/v1/time-entries?recordId=${inc.id}`)).json();
        expect(time.totalMinutes).toBe(90);
        expect(time.perPerson).toEqual([
          { user: { id: world.agent.id, name: 'agent' }, minutes: 75 },
          { user: { id: world.agentA.id, name: 'agent-a' }, minutes: 15 },
        ]);
        expectError(await requester.get(`/api/v1/time-entries?recordId=${inc.id}`), 403, 'error.forbidden');
        const mine = (await agent.get('/api/v1/time-entries/summary?userId=me')).json();
        expect(mine.perPerson[0].user.id).toBe(world.agent.id);
        expect(mine.perPerson[0].minutes).toBeGreaterThanOrEqual(75);
        expect((await resolved.json()).resolution.resolvedBy.id).toBe(world.agent.id);
        expect(await eventsOf('incident.resolved', inc.id)).toHaveLength(1);
      });

      it('confirms automatically after the configured days, with notice first', async () => {
        const inc = await report(requester, '无人确认');
        await take(agent, inc.id);
        const resolved = (await resolve(agent, inc.id)).json();
        expect(resolved.desk.autoConfirmAt).not.toBeNull();
        travel(2 * DAY + 1 * MINUTE);
        await runTimers();
        const noticed = (await requester.get(url(inc.id))).json();
        expect(typesOf(noticed)).toContain('auto_confirm_notice');
        expect(noticed.confirmedAt).toBeNull();
        expect(await eventsOf('incident.auto_confirm_notified', inc.id)).toHaveLength(1);

        travel(3 * DAY + 1 * MINUTE);
        await runTimers();
        await runTimers();
        const confirmed = (await agent.get(url(inc.id))).json();
        expect(confirmed.confirmedAt).not.toBeNull();
        expect(confirmed.desk.autoConfirmed).toBe(true);
        expect(typesOf(confirmed).filter((t) => t === 'auto_confirmed')).toHaveLength(1);
        expect(await eventsOf('incident.auto_confirmed', inc.id)).toHaveLength(1);
        expectError(await requester.post(url(inc.id, 'reopen'), { reason: 'x' }), 409, 'incident.already_confirmed');
        expect(confirmed.abilities.archive).toBe(true);
      });

      it('does not auto-confirm a resolution that was reopened', async () => {
        const inc = await report(requester, '重开后不自动确认');
        await take(agent, inc.id);
        await resolve(agent, inc.id);
        await requester.post(url(inc.id, 'reopen'), { reason: '还是不行' });
        travel(4 * DAY);
        await runTimers();
        const still = (await agent.get(url(inc.id))).json();
        expect(still.state).toBe('in_progress');
        expect(still.confirmedAt).toBeNull();
      });

      it('opens a follow-up for the service manager on a rating of 2 or less', async () => {
        const inc = await report(requester, '处理太慢');
        await take(agent, inc.id);
        await resolve(agent, inc.id);
        expect((await requester.post(url(inc.id, 'confirm'), { rating: 2, comment: '等了两天' })).statusCode).toBe(200);
        const happy = await report(requester, '很满意');
        await take(agent, happy.id);
        await resolve(agent, happy.id);
        await requester.post(url(happy.id, 'confirm'), { rating: 5 });

        expectError(await agent.get('/api/v1/desk/followups'), 403, 'error.forbidden');
        const open = (await manager.get('/api/v1/desk/followups?state=open')).json();
        const followup = open.find((f: { record: { id: string } }) => f.record.id === inc.id);
        expect(followup).toMatchObject({ rating: 2, comment: '等了两天', state: 'open' });
        expect(open.some((f: { record: { id: string } }) => f.record.id === happy.id)).toBe(false);
        expect(await eventsOf('incident.followup_opened', inc.id)).toHaveLength(1);
        const closePath = `/api/v1/desk/followups/${followup.id}/close`;
        expectError(await agent.post(closePath, { note: 'x' }), 403, 'error.forbidden');
        expectError(await manager.post(closePath, {}), 400, 'error.validation');
        const closed = await manager.post(closePath, { note: '已致电道歉并说明原因' });
        expect(closed.json()).toMatchObject({ state: 'closed', note: '已致电道歉并说明原因' });
        expectError(await manager.post(closePath, { note: 'again' }), 409, 'followup.already_closed');
        expectError(await manager.post('/api/v1/desk/followups/nope/close', { note: 'x' }), 404, 'error.not_found');
      });

      it('archives with the callback and asks for the survey', async () => {
        const inc = await report(requester, '归档回访');
        await take(agent, inc.id);
        await resolve(agent, inc.id);
        await requester.post(url(inc.id, 'confirm'), { rating: 4 });
        expectError(await agent.post(url(inc.id, 'archive'), {}), 400, 'error.validation');
        expectError(await requester.post(url(inc.id, 'archive'), { callbackNote: 'x' }), 403, 'error.forbidden');
        const archived = await agent.post(url(inc.id, 'archive'), {
          callbackNote: '用户表示满意',
          callbackAt: '2026-11-21T08:00:00.000Z',
        });
        expect(archived.statusCode, archived.body).toBe(200);
        expect(archived.json().desk.callback).toEqual({
          by: { id: world.agent.id, name: 'agent' },
          at: '2026-11-21T08:00:00.000Z',
          note: '用户表示满意',
        });
        expect(await eventsOf('incident.survey_requested', inc.id)).toHaveLength(1);
        expectError(
          await agent.post(url(inc.id, 'archive'), { callbackNote: 'x' }),
          409,
          'incident.illegal_transition',
        );
      });
    });

    describe('major incidents and related work', () => {
      it('flags a major incident, lists it, and posts updates onto every child', async () => {
        const parent = await report(requester, '全楼断网');
        const child = await report(colleague, '我这里也上不了网');
        await take(agent, parent.id);
        expectError(await agent.post(url(parent.id, 'major-updates'), { body: '排查中' }), 409, 'incident.not_major');
        expectError(await requester.post(url(parent.id, 'major'), { major: true }), 403, 'error.forbidden');
        const flagged = (await agent.post(url(parent.id, 'major'), { major: true, reason: '影响全楼' })).json();
        expect(flagged.desk.major.by.id).toBe(world.agent.id);
        const majors = (await agent.get('/api/v1/incidents?major=true')).json();
        expect(majors.items.map((i: { id: string }) => i.id)).toEqual([parent.id]);
        expect(majors.items[0].major).toBe(true);

        await agent.post(url(parent.id, 'links'), { kind: 'parent_of', target: child.id });
        const posted = await agent.post(url(parent.id, 'major-updates'), {
          body: '核心交换机已更换，预计 30 分钟恢复',
        });
        expect(posted.statusCode, posted.body).toBe(200);
        expect(posted.json().desk.children.map((c: { id: string }) => c.id)).toEqual([child.id]);
        const seenByChild = (await colleague.get(url(child.id))).json();
        const update = seenByChild.timeline.find((t: Entry) => t.type === 'major_update');
        expect(update).toMatchObject({ visibility: 'public', body: '核心交换机已更换，预计 30 分钟恢复' });
        const [event] = await eventsOf('incident.major_update_posted', parent.id);
        expect(event?.payload).toMatchObject({ recordIds: [parent.id, child.id] });
        expect([...((event?.payload?.requesterIds as string[] | undefined) ?? [])].sort()).toEqual(
          [world.requesterA.id, world.salesPersonA.id].sort(),
        );

        // Resolving the parent can resolve its children with the same handling record.
        const resolved = await resolve(agent, parent.id, { resolveChildren: true });
        expect(resolved.statusCode, resolved.body).toBe(200);
        const childAfter = (await colleague.get(url(child.id))).json();
        expect(childAfter.state).toBe('resolved');
        expect(childAfter.resolution.cause).toBe('原因');
        expect(childAfter.abilities.confirm).toBe(true);
        const unflagged = (await agent.post(url(parent.id, 'major'), { major: false })).json();
        expect(unflagged.desk.major).toBeNull();
      });

      it('merges a duplicate: cancelled with a link, its requester watches the survivor, comments copied', async () => {
        const survivor = await report(requester, 'VPN 连不上');
        const duplicate = await report(colleague, 'VPN 无法连接');
        await colleague.post(url(duplicate.id, 'comments'), { body: '从家里也连不上', visibility: 'public' });
        expectError(await colleague.get(url(survivor.id)), 404, 'error.not_found');
        const foreign = await report(requesterB, '乙方 VPN');
        expectError(await agent.post(url(duplicate.id, 'merge'), { into: foreign.id }), 400, 'incident.merge_invalid');
        expectError(
          await agent.post(url(duplicate.id, 'merge'), { into: duplicate.id }),
          400,
          'incident.merge_invalid',
        );
        expectError(await colleague.post(url(duplicate.id, 'merge'), { into: survivor.id }), 403, 'error.forbidden');

        const merged = await agent.post(url(duplicate.id, 'merge'), { into: survivor.number });
        expect(merged.statusCode, merged.body).toBe(200);
        expect(merged.json().state).toBe('cancelled');
        expect(merged.json().desk.mergedInto).toEqual({ id: survivor.id, number: survivor.number });
        expect(merged.json().links[0]).toMatchObject({ kind: 'duplicates', record: { id: survivor.id } });

        const seen = await colleague.get(url(survivor.id));
        expect(seen.statusCode).toBe(200);
        const body = seen.json();
        expect(body.watchers.map((w: { id: string }) => w.id)).toContain(world.salesPersonA.id);
        expect(body.timeline.some((t: Entry) => t.type === 'comment' && t.body === '从家里也连不上')).toBe(true);
        expect(typesOf(body)).toContain('merged_in');
        expect(body.abilities.comment).toBe(true);
        expect(body.abilities.commentInternal).toBe(false);
        expectError(
          await agent.post(url(duplicate.id, 'merge'), { into: survivor.id }),
          409,
          'incident.illegal_transition',
        );
        expect(await eventsOf('incident.merged', duplicate.id)).toHaveLength(1);
      });
    });

    it('refuses every desk action that the state forbids, with a localized 409', async () => {
      const inc = await report(requester, '状态守卫');
      await take(agent, inc.id);
      await resolve(agent, inc.id);
      const other = await report(requester, '另一个');
      const guarded: [string, unknown][] = [
        ['transfer', { groupId: world.tier2A.id, reason: 'r' }],
        ['escalate', { reason: 'r' }],
        ['merge', { into: other.id }],
        ['hold', { kind: 'change' }],
        ['resolve', { cause: 'c', solution: 's', timeSpentMinutes: 5 }],
      ];
      for (const [verb, body] of guarded) {
        const error = expectError(await agent.post(url(inc.id, verb), body), 409, 'incident.illegal_transition');
        expect(error.message, verb).toContain('完成');
      }
      const en = await agent.request('POST', url(inc.id, 'transfer'), guarded[0]![1], { 'x-trellis-locale': 'en-US' });
      expect(expectError(en, 409).message).toMatch(/Resolved|resolved/);
      await requester.post(url(inc.id, 'confirm'), { rating: 5 });
      await agent.post(url(inc.id, 'archive'), { callbackNote: '满意' });
      for (const verb of ['major', 'collaborators', 'time']) {
        const body =
          verb === 'major' ? { major: true } : verb === 'time' ? { minutes: 5 } : { userId: world.agentA.id };
        expectError(await agent.post(url(inc.id, verb), body), 409, 'incident.illegal_transition');
      }
    });
  });
}
