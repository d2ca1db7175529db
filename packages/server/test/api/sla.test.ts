import fs from 'node:fs';
import { createRequire } from 'node:module';
import { instantReaching, type MessageKey, translate } from '@trellis/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { businessCalendar } from '../../src/modules/calendars/index.js';
import {
  evaluate,
  historyOf,
  nextThreshold,
  type RecomputeProgress,
  recomputeClocksOnCalendar,
  thresholdsOf,
} from '../../src/modules/sla/sla.clock.js';
import { setClock } from '../../src/platform/clock.js';
import type { DomainEvent } from '../../src/platform/context.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { anonymous, expectError, report } from '../support/http.js';

const sh = (local: string) => Date.parse(`${local}:00+08:00`);

for (const dialect of await dialectsUnderTest()) {
  describe(`service levels [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let agent: Client;
    let requester: Client;
    let office: string;
    let always: string;
    let now = sh('2026-02-12T09:00');
    let restore = () => {};
    const events: DomainEvent[] = [];

    beforeAll(async () => {
      restore = setClock(() => now);
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      requester = await signIn(test, world.requesterA.email, PASSWORD);
      const calendars = (await admin.get('/api/v1/calendars')).json() as { id: string; name: string }[];
      office = calendars.find((c) => c.name === '工作时间')!.id;
      always = calendars.find((c) => c.name === '7×24')!.id;
      test.trellis.bus.subscribe('sla.warned', (e) => void events.push(e));
      test.trellis.bus.subscribe('sla.breached', (e) => void events.push(e));
      const sla = await admin.post('/api/v1/slas', {
        name: '默认 SLA',
        isDefault: true,
        breachActions: ['notify_owner', 'raise_level'],
        targets: [
          { level: 1, responseMinutes: 15, resolutionMinutes: 240, calendarId: always },
          { level: 2, responseMinutes: 30, resolutionMinutes: 480, calendarId: office },
          { level: 3, responseMinutes: 60, resolutionMinutes: 1440, calendarId: office },
          { level: 4, responseMinutes: 240, resolutionMinutes: 2250, calendarId: office },
        ],
      });
      expect(sla.statusCode, sla.body).toBe(201);
    });
    afterAll(async () => {
      restore();
      await test?.close();
    });
    afterEach(() => {
      events.length = 0;
    });

    const clocksOf = async (id: string) =>
      (await agent.get(`/api/v1/records/${id}/sla`)).json().clocks as {
        metric: string;
        state: string;
        dueAt: string | null;
        elapsedMinutes: number;
        pausedMinutes: number;
        targetMinutes: number;
        level: number;
      }[];
    /** Moves the clock; sessions expire with it, so everyone signs in again. */
    const at = async (local: string) => {
      now = sh(local);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      requester = await signIn(test, world.requesterA.email, PASSWORD);
    };
    const runJobs = async () => {
      let ran = 0;
      for (let i = 0; i < 20; i++) {
        const n = await test.trellis.jobs.runDue(50);
        ran += n;
        if (n === 0) break;
      }
      return ran;
    };

    it('seeds 2025 and 2026 statutory holidays and make-up days from chinese-days, matching the notices', async () => {
      const cal = (await admin.get(`/api/v1/calendars/${office}`)).json();
      expect(cal.coveredYears).toEqual(expect.arrayContaining([2025, 2026]));
      expect(cal.missingYears).toEqual([]);
      const days = (await admin.get(`/api/v1/calendars/${office}/days?year=2026`)).json() as {
        date: string;
        kind: string;
      }[];
      const kind = (d: string) => days.find((x) => x.date === d)?.kind;
      for (const d of ['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10']) expect(kind(d)).toBe('workday');
      for (const d of ['2026-02-16', '2026-02-23', '2026-10-01', '2026-10-07']) expect(kind(d)).toBe('holiday');
      expect(kind('2026-10-08')).toBeUndefined();
      // The requester may not see calendars.
      expectError(await requester.get('/api/v1/calendars'), 403);
    });

    it('answers due dates with the clocks’ arithmetic, and refuses bad input with 400', async () => {
      const due = await agent.post(`/api/v1/calendars/${office}/due`, {
        start: '2026-02-14T09:00:00+08:00',
        businessMinutes: 8 * 60,
      });
      expect(due.statusCode, due.body).toBe(200);
      // Sat 2.14 is a make-up day (7.5 h to 17:30 from 08:30; 7 h from 09:00), then nine days off.
      expect(due.json().due).toBe(new Date(sh('2026-02-24T09:30')).toISOString());
      expectError(await agent.post(`/api/v1/calendars/${office}/due`, { start: 'yesterday', businessMinutes: 5 }), 400);
      expectError(
        await agent.post('/api/v1/calendars/nope/due', { start: '2026-02-14T09:00:00Z', businessMinutes: 5 }),
        404,
      );
    });

    it('admins edit days and import ICS and JSON; a missing year is reported, never guessed', async () => {
      const created = await admin.post('/api/v1/calendars', {
        name: '厂区日历',
        week: [[], [[480, 1020]], [[480, 1020]], [[480, 1020]], [[480, 1020]], [[480, 1020]], []],
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id;
      const ics = fs.readFileSync(createRequire(import.meta.url).resolve('chinese-days/dist/years/2026.ics'), 'utf8');
      const imported = await admin.post(`/api/v1/calendars/${id}/import`, { format: 'ics', content: ics });
      expect(imported.statusCode, imported.body).toBe(200);
      expect(imported.json().years).toEqual([2026]);
      const days = (await admin.get(`/api/v1/calendars/${id}/days`)).json() as { date: string; kind: string }[];
      expect(days.find((d) => d.date === '2026-02-28')?.kind).toBe('workday');
      expect(days.find((d) => d.date === '2026-02-17')?.kind).toBe('holiday');
      const json = await admin.post(`/api/v1/calendars/${id}/import`, {
        format: 'json',
        content: JSON.stringify([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]),
      });
      expect(json.statusCode, json.body).toBe(200);
      expectError(
        await admin.post(`/api/v1/calendars/${id}/import`, { format: 'json', content: '{"x":1}' }),
        400,
        'calendar.import_invalid',
      );
      expectError(await agent.post(`/api/v1/calendars/${id}/import`, { format: 'json', content: '[]' }), 403);

      // Late November 2030: 2030 and 2031 are needed, the package has neither.
      const saved = now;
      now = Date.parse('2030-11-20T02:00:00Z');
      try {
        const ready = await anonymous(test, 'GET', '/readyz');
        expect(ready.json().checks.holidays).toContain('工作时间 2030, 2031');
        // Sessions expire with the clock: sign in again in the future.
        const future = await signIn(test, 'admin@test.local', PASSWORD);
        const listed = (await future.get(`/api/v1/calendars/${office}`)).json();
        expect(listed.missingYears).toEqual([2030, 2031]);
        const fixed = await future.request('PUT', `/api/v1/calendars/${office}/days`, {
          days: [{ date: '2030-10-01', kind: 'holiday', name: '国庆节' }],
          completeYears: [2030, 2031],
        });
        expect(fixed.statusCode, fixed.body).toBe(200);
        expect(fixed.json().missingYears).toEqual([]);
        expect((await anonymous(test, 'GET', '/readyz')).json().checks.holidays).toBe('ok');
      } finally {
        now = saved;
      }
    });

    it('clocks start, pause and resume; a level change in the middle of a pause keeps elapsed and paused time', async () => {
      await at('2026-02-12T09:00'); // Thu, level 3: 60 / 1440 business minutes
      const incident = await report(requester, '打印机卡纸');
      let clocks = await clocksOf(incident.id);
      expect(clocks.map((c) => [c.metric, c.state, c.targetMinutes])).toEqual([
        ['response', 'running', 60],
        ['resolution', 'running', 1440],
      ]);
      expect(clocks[0]!.dueAt).toBe(new Date(sh('2026-02-12T10:00')).toISOString());

      await at('2026-02-12T09:20');
      expect((await agent.post(`/api/v1/incidents/${incident.id}/take`)).statusCode).toBe(200);
      await at('2026-02-12T10:00');
      expect(
        (await agent.post(`/api/v1/incidents/${incident.id}/hold`, { kind: 'requester', reason: '等待用户' }))
          .statusCode,
      ).toBe(200);
      clocks = await clocksOf(incident.id);
      expect(clocks[0]).toMatchObject({ state: 'met', elapsedMinutes: 20 });
      expect(clocks[1]).toMatchObject({ state: 'paused', elapsedMinutes: 60, dueAt: null });

      // During the pause, across the Spring Festival: raise to level 2 (480 business minutes).
      await at('2026-02-24T09:00');
      const classified = await agent.post(`/api/v1/incidents/${incident.id}/classify`, { impact: 2, urgency: 2 });
      expect(classified.statusCode, classified.body).toBe(200);
      clocks = await clocksOf(incident.id);
      expect(clocks[1]).toMatchObject({ state: 'paused', level: 2, targetMinutes: 480, elapsedMinutes: 60 });

      await at('2026-02-24T10:00');
      expect((await agent.post(`/api/v1/incidents/${incident.id}/resume`)).statusCode).toBe(200);
      clocks = await clocksOf(incident.id);
      // 60 min used; 420 left from 10:00: 2 h to noon, 4 h afternoon, then 1 h on Wed → 2.25 09:30.
      expect(clocks[1]).toMatchObject({ state: 'running', elapsedMinutes: 60 });
      expect(clocks[1]!.dueAt).toBe(new Date(sh('2026-02-25T09:30')).toISOString());
      // Paused business time: 2.12 10:00–17:30 (6.5 h wait: 10–12, 13:30–17:30 = 6 h), 2.13 (7.5 h), 2.14 make-up day (7.5 h), 2.24 08:30–10:00 (1.5 h).
      expect(clocks[1]!.pausedMinutes).toBe((6 + 7.5 + 7.5 + 1.5) * 60);
    });

    it('warnings and breaches fire once each, only in working time, catch up after downtime, and are reported', async () => {
      await at('2026-02-27T16:00'); // Fri; response due 17:00, 75 % at 16:45
      const incident = await report(requester, 'VPN 无法连接');
      const mine = () => events.filter((e) => e.recordId === incident.id);
      await runJobs();
      expect(mine()).toEqual([]);

      // Nothing ran over the weekend; on Saturday 2.28 (a make-up workday!) at 03:00 it is night.
      await at('2026-02-28T03:00');
      await runJobs();
      await new Promise((r) => setTimeout(r, 20));
      expect(mine()).toEqual([]);
      // The make-up Saturday morning counts as working time: the warnings and the breach go out, once each.
      await at('2026-02-28T08:31');
      await runJobs();
      await runJobs();
      await new Promise((r) => setTimeout(r, 20));
      expect(mine().map((e) => [e.type, e.payload?.metric, e.payload?.threshold])).toEqual([
        ['sla.warned', 'response', 75],
        ['sla.warned', 'response', 90],
        ['sla.breached', 'response', 100],
      ]);
      expect(mine()[2]!.payload).toMatchObject({
        recordId: incident.id,
        dueAt: new Date(sh('2026-02-27T17:00')).toISOString(),
      });

      const breaches = (await admin.get('/api/v1/sla/breaches')).json() as { recordId: string; reason: string }[];
      expect(breaches.filter((b) => b.recordId === incident.id)).toEqual([
        expect.objectContaining({ reason: 'sla.response_not_in_target' }),
      ]);
      // raise_level: level 3 → 2, and the resolution clock is re-targeted.
      const clocks = await clocksOf(incident.id);
      expect(clocks.find((c) => c.metric === 'resolution')).toMatchObject({ level: 2, targetMinutes: 480 });
      expect(clocks.find((c) => c.metric === 'response')).toMatchObject({ state: 'breached' });
      // Done by the system: no user on the timeline or in the audit trail, and sentences that say so.
      const { db } = test.trellis.database;
      const system = await db
        .selectFrom('record_timeline')
        .select(['type', 'actor_id'])
        .where('record_id', '=', incident.id)
        .where('type', 'like', 'sla_%')
        .orderBy('at')
        .execute();
      expect(system).toEqual([
        { type: 'sla_breached_response', actor_id: null },
        { type: 'sla_raised_to_2', actor_id: null },
      ]);
      for (const { type } of system) {
        expect(
          translate('zh-CN', `timeline.${type}` as MessageKey, { actor: translate('zh-CN', 'system.actor') }),
        ).toMatch(/^系统/);
        expect(translate('en-US', `timeline.${type}` as MessageKey, { actor: 'System' })).toMatch(/^System/);
      }
      const audited = await db
        .selectFrom('audit_events')
        .select(['action', 'actor_id', 'actor_name'])
        .where('entity_id', '=', incident.id)
        .where('action', 'in', ['sla.breach', 'incident.sla_raise_level'])
        // Both are written in the same millisecond; the order between them is not the point.
        .orderBy('action', 'desc')
        .execute();
      expect(audited).toEqual([
        { action: 'sla.breach', actor_id: null, actor_name: null },
        { action: 'incident.sla_raise_level', actor_id: null, actor_name: null },
      ]);
      await runJobs();
      expect(events.filter((e) => e.type === 'sla.breached' && e.recordId === incident.id)).toHaveLength(1);

      const reportRows = await admin.get(
        '/api/v1/sla/report?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&groupBy=level',
      );
      expect(reportRows.statusCode, reportRows.body).toBe(200);
      expect(reportRows.json().length).toBeGreaterThan(0);
      expectError(await requester.get('/api/v1/sla/breaches'), 403);

      // CSV exports: a byte-order mark for Excel, headers and words in the reader's language.
      const zh = await admin.get('/api/v1/sla/breaches/export?locale=zh-CN&tz=Asia/Shanghai');
      expect(zh.statusCode, zh.body).toBe(200);
      expect(zh.headers['content-type']).toContain('text/csv');
      expect(zh.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const zhLines = zh.body.replace(/^\uFEFF/, '').split('\r\n');
      expect(zhLines[0]).toBe('记录编号,标题,指标,级别,客户组织,业务服务,支持组,应完成时间 (Asia/Shanghai),违约原因');
      const row = zhLines.find((l) => l.startsWith(`${incident.number},`));
      expect(row).toContain(',响应,三级,');
      expect(row).toContain('2026-02-27 17:00,未在目标时间内响应');
      const en = await admin.get('/api/v1/sla/breaches/export?locale=en-US&tz=UTC');
      expect(en.body.split('\r\n')[0]).toBe(
        '\uFEFFRecord number,Title,Metric,Level,Customer organisation,Business service,Support group,Due at (UTC),Breach reason',
      );
      expect(en.body).toContain('2026-02-27 09:00,Not responded within target');
      const compliance = await admin.get(
        '/api/v1/sla/report/export?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&groupBy=level&locale=zh-CN',
      );
      expect(compliance.statusCode, compliance.body).toBe(200);
      expect(compliance.body.startsWith('\uFEFF级别,记录数,已响应,按时响应,响应达标率（%）')).toBe(true);
      expect(compliance.body).toMatch(/\r\n[一二三四]级,\d+,/);
      expectError(await requester.get('/api/v1/sla/breaches/export'), 403);
      expectError(await admin.get('/api/v1/sla/breaches/export?tz=Mars/Olympus'), 400);
    });

    it('records a breach when a clock stops late although no timer fired (the job runner was down)', async () => {
      await at('2026-03-09T09:00'); // Mon, level 3: response due 10:00
      const late = await report(requester, '打印机无法连接');
      // No job runs; the desk answers at 11:30, an hour and a half late.
      await at('2026-03-09T11:30');
      expect((await agent.post(`/api/v1/incidents/${late.id}/take`)).statusCode).toBe(200);
      const listed = () =>
        admin
          .get('/api/v1/sla/breaches')
          .then((r) =>
            (r.json() as { recordId: string; metric: string; dueAt: string }[]).filter((b) => b.recordId === late.id),
          );
      expect(await listed()).toEqual([
        expect.objectContaining({ metric: 'response', dueAt: new Date(sh('2026-03-09T10:00')).toISOString() }),
      ]);
      expect((await clocksOf(late.id)).find((c) => c.metric === 'response')).toMatchObject({ state: 'breached' });
      // The timer that wakes later finds the breach there: still one.
      await runJobs();
      expect(await listed()).toHaveLength(1);
    });

    it('admins edit OLAs, suppliers and underpinning contracts; agents may not; bad input is a 400', async () => {
      const ola = await admin.post('/api/v1/olas', {
        groupId: world.tier2A.id,
        targetMinutes: 240,
        calendarId: office,
      });
      expect(ola.statusCode, ola.body).toBe(201);
      const olaEdit = await admin.patch(`/api/v1/olas/${ola.json().id}`, { targetMinutes: 300, active: false });
      expect(olaEdit.statusCode, olaEdit.body).toBe(200);
      expect(olaEdit.json()).toMatchObject({ targetMinutes: 300, active: false, calendarId: office });
      expectError(await admin.patch(`/api/v1/olas/${ola.json().id}`, { calendarId: 'nope' }), 400);
      expectError(await agent.patch(`/api/v1/olas/${ola.json().id}`, { targetMinutes: 10 }), 403);

      const supplier = await admin.post('/api/v1/suppliers', { name: '华为技术服务', contact: '400-000-0000' });
      expect(supplier.statusCode, supplier.body).toBe(201);
      const supplierEdit = await admin.patch(`/api/v1/suppliers/${supplier.json().id}`, { contact: '400-111-1111' });
      expect(supplierEdit.json()).toMatchObject({ name: '华为技术服务', contact: '400-111-1111', active: true });
      expectError(await admin.patch(`/api/v1/suppliers/${supplier.json().id}`, { name: '' }), 400);
      expectError(await admin.patch('/api/v1/suppliers/00000000-0000-7000-8000-000000000000', { contact: 'x' }), 404);

      const contract = await admin.post('/api/v1/underpinning-contracts', {
        supplierId: supplier.json().id,
        name: '硬件维保',
        responseMinutes: 60,
        resolutionMinutes: 1440,
        calendarId: office,
      });
      expect(contract.statusCode, contract.body).toBe(201);
      const contractEdit = await admin.patch(`/api/v1/underpinning-contracts/${contract.json().id}`, {
        resolutionMinutes: 960,
        calendarId: always,
      });
      expect(contractEdit.statusCode, contractEdit.body).toBe(200);
      expect(contractEdit.json()).toMatchObject({ resolutionMinutes: 960, responseMinutes: 60, calendarId: always });
      expectError(
        await admin.patch(`/api/v1/underpinning-contracts/${contract.json().id}`, { responseMinutes: 0 }),
        400,
      );
      expectError(await agent.patch(`/api/v1/underpinning-contracts/${contract.json().id}`, { name: 'x' }), 403);
      const audit = await test.trellis.database.db
        .selectFrom('audit_events')
        .select('action')
        .where('entity_id', 'in', [ola.json().id, supplier.json().id, contract.json().id])
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual(
        ['ola.create', 'ola.update', 'supplier.create', 'supplier.update', 'contract.update', 'contract.create'].sort(),
      );
    });

    it('a calendar edit queues one recompute job; the stored due time and timer move when it has run', async () => {
      await at('2026-03-02T09:00'); // Mon; level 3 response due 10:00
      await runJobs();
      const incident = await report(requester, '邮件无法发送');
      expect((await clocksOf(incident.id))[0]!.dueAt).toBe(new Date(sh('2026-03-02T10:00')).toISOString());
      const stored = () =>
        test.trellis.database.db
          .selectFrom('sla_clocks')
          .select(['id', 'due_at'])
          .where('record_id', '=', incident.id)
          .where('metric', '=', 'response')
          .executeTakeFirstOrThrow();
      const timerOf = async (clockId: string) =>
        (
          await test.trellis.database.db
            .selectFrom('jobs')
            .select('run_at')
            .where('unique_key', 'in', [`sla:${clockId}`, `sla:${clockId}:r`])
            .where('state', '=', 'queued')
            .executeTakeFirstOrThrow()
        ).run_at;
      const before = await stored();
      // 75 % of one business hour: 09:45.
      expect(await timerOf(before.id)).toBe(new Date(sh('2026-03-02T09:45')).toISOString());
      for (const name of ['公司活动日', '公司活动日（改）']) {
        const edit = await admin.request('PUT', `/api/v1/calendars/${office}/days`, {
          days: [{ date: '2026-03-02', kind: 'holiday', name }],
        });
        expect(edit.statusCode, edit.body).toBe(200);
        expect(edit.json().recomputing).toBe(true);
      }
      const queued = await test.trellis.database.db
        .selectFrom('jobs')
        .select('id')
        .where('type', '=', 'sla.recompute_calendar')
        .where('state', '=', 'queued')
        .execute();
      expect(queued).toHaveLength(1);
      // The API derives due times live, so it is right at once; the stored copy follows the job.
      expect((await clocksOf(incident.id))[0]!.dueAt).toBe(new Date(sh('2026-03-03T09:30')).toISOString());
      expect((await stored()).due_at).toBe(new Date(sh('2026-03-02T10:00')).toISOString());
      await runJobs();
      expect((await stored()).due_at).toBe(new Date(sh('2026-03-03T09:30')).toISOString());
      expect(await timerOf(before.id)).toBe(new Date(sh('2026-03-03T09:15')).toISOString());
      const calendar = (await admin.get(`/api/v1/calendars/${office}`)).json();
      expect(calendar.recomputing).toBe(false);
    });

    it('the batched recompute after new weekly hours leaves every open clock and timer where the per-clock computation puts it', async () => {
      const { db } = test.trellis.database;
      // Open clocks of every shape on the office calendar: started at different times, some
      // answered, some paused and resumed, one with its timer under the second key.
      await at('2026-03-09T09:00'); // Mon
      const made: string[] = [];
      for (let i = 0; i < 9; i++) {
        await at(`2026-03-09T${String(9 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '37' : '05'}`);
        const incident = await report(requester, `批量重算 ${i}`);
        made.push(incident.id);
        if (i % 3 === 1) expect((await agent.post(`/api/v1/incidents/${incident.id}/take`)).statusCode).toBe(200);
        if (i % 3 === 2) {
          expect((await agent.post(`/api/v1/incidents/${incident.id}/take`)).statusCode).toBe(200);
          const held = await agent.post(`/api/v1/incidents/${incident.id}/hold`, { kind: 'requester', reason: '等待' });
          expect(held.statusCode, held.body).toBe(200);
          if (i !== 8) expect((await agent.post(`/api/v1/incidents/${incident.id}/resume`)).statusCode).toBe(200);
        }
      }
      await runJobs();
      const open = () =>
        db
          .selectFrom('sla_clocks')
          .selectAll()
          .where('calendar_id', '=', office)
          .where('stopped_at', 'is', null)
          .orderBy('id')
          .execute();
      const ours = (await open()).filter((c) => made.includes(c.record_id));
      expect(ours.length).toBeGreaterThanOrEqual(12);
      const second = ours.find((c) => c.metric === 'resolution')!;
      const moved = await db
        .updateTable('jobs')
        .set({ unique_key: `sla:${second.id}:r` })
        .where('unique_key', '=', `sla:${second.id}`)
        .where('state', '=', 'queued')
        .executeTakeFirst();
      expect(Number(moved.numUpdatedRows)).toBe(1);

      // Work starts at 09:00, not 08:30: every due time moves.
      const later: [number, number][] = [
        [9 * 60, 12 * 60],
        [13 * 60 + 30, 17 * 60 + 30],
      ];
      const edit = await admin.patch(`/api/v1/calendars/${office}`, {
        week: [[], later, later, later, later, later, []],
      });
      expect(edit.statusCode, edit.body).toBe(200);
      const all = await open();
      // Chunks of 3, so clocks meet chunk edges; the progress counts every one of them.
      const progress: RecomputeProgress[] = [];
      const done = await recomputeClocksOnCalendar(db, office, { chunk: 3, onProgress: (p) => progress.push(p) });
      expect(done.recomputed).toBe(all.length);
      expect(done.written).toBeGreaterThanOrEqual(ours.length);
      expect(progress.at(-1)).toEqual(done);
      expect(progress.map((p) => p.recomputed)).toEqual(
        Array.from({ length: Math.ceil(all.length / 3) }, (_, i) => Math.min(all.length, (i + 1) * 3)),
      );

      const cal = await businessCalendar(db, office);
      const timers = await db
        .selectFrom('jobs')
        .select(['unique_key', 'run_at'])
        .where('type', '=', 'sla.timer')
        .where('state', '=', 'queued')
        .execute();
      let paused = 0;
      for (const clock of await open()) {
        const expectedDue = evaluate(cal, clock).dueAt;
        expect(clock.due_at, clock.id).toBe(expectedDue);
        if (expectedDue === null) paused++;
        const pct = nextThreshold(clock, await thresholdsOf(db, clock));
        const reach =
          pct === null ? null : instantReaching(cal, historyOf(clock), (clock.target_minutes * 60_000 * pct) / 100);
        const queued = timers.filter((t) => t.unique_key === `sla:${clock.id}` || t.unique_key === `sla:${clock.id}:r`);
        expect(
          queued.map((t) => t.run_at),
          clock.id,
        ).toEqual(reach === null ? [] : [new Date(reach).toISOString()]);
      }
      expect(paused).toBeGreaterThan(0);
      // The timer kept its second key and moved with the rest.
      expect(timers.filter((t) => t.unique_key === `sla:${second.id}:r`)).toHaveLength(1);
      expect(timers.filter((t) => t.unique_key === `sla:${second.id}`)).toHaveLength(0);
      await runJobs();
    });
  });
}
