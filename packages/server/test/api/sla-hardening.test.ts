import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_ESCALATE_JOB } from '../../src/modules/incidents/index.js';
import { nowIso, setClock } from '../../src/platform/clock.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { report } from '../support/http.js';

/**
 * Service levels as audited: due times that run into a year without holiday data say so, tier
 * escalation counts business time, and an SLA edit re-targets the open records in a job.
 */

const sh = (local: string) => Date.parse(`${local}:00+08:00`);
const iso = (local: string) => new Date(sh(local)).toISOString();

interface Clock {
  metric: string;
  state: string;
  targetMinutes: number;
  dueAt: string | null;
  missingHolidayYears: number[];
}

for (const dialect of await dialectsUnderTest()) {
  describe(`service levels, hardened [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let agent: Client;
    let agentEn: Client;
    let requester: Client;
    let office: string;
    let always: string;
    let slaId: string;
    let now = sh('2026-12-21T09:00');
    let restore = () => {};

    const targets = (resolutionMinutes: number, calendarId = office) =>
      [1, 2, 3, 4].map((level) => ({ level, responseMinutes: 60, resolutionMinutes, calendarId }));
    /** Moves the clock; sessions expire with it, so everyone signs in again. */
    const at = async (local: string) => {
      now = sh(local);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      agentEn = await signIn(test, 'agent-a@test.local', PASSWORD);
      requester = await signIn(test, world.requesterA.email, PASSWORD);
    };
    const runJobs = async () => {
      for (let i = 0; i < 20 && (await test.trellis.jobs.runDue(50)) > 0; i++);
    };
    const clocksOf = async (id: string) => (await agent.get(`/api/v1/records/${id}/sla`)).json().clocks as Clock[];

    beforeAll(async () => {
      restore = setClock(() => now);
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      // A specialist who reads English: the saved choice is the language the server answers in.
      const english = await signIn(test, 'agent-a@test.local', PASSWORD);
      expect((await english.patch('/api/v1/me', { locale: 'en-US' })).statusCode).toBe(200);
      await at('2026-12-21T09:00');
      const calendars = (await admin.get('/api/v1/calendars')).json() as { id: string; name: string }[];
      office = calendars.find((c) => c.name === '工作时间')!.id;
      always = calendars.find((c) => c.name === '7×24')!.id;
      const sla = await admin.post('/api/v1/slas', { name: '默认 SLA', isDefault: true, targets: targets(2250) });
      expect(sla.statusCode, sla.body).toBe(201);
      slaId = sla.json().id;
      await runJobs();
    });
    afterAll(async () => {
      restore();
      await test?.close();
    });

    it('says when a due date assumes no holidays in a year that has no holiday data', async () => {
      // 2026-12-31 09:00 + 10 business hours runs into 2027, which the holiday package has not published.
      const crossing = await agent.post(`/api/v1/calendars/${office}/due`, {
        start: iso('2026-12-31T09:00'),
        businessMinutes: 600,
      });
      expect(crossing.statusCode, crossing.body).toBe(200);
      expect(crossing.json()).toMatchObject({ missingHolidayYears: [2027] });
      expect(crossing.json().warning).toBe('到期时间按 2027 年无节假日计算');
      const english = await agentEn.post(`/api/v1/calendars/${office}/due`, {
        start: iso('2026-12-31T09:00'),
        businessMinutes: 600,
      });
      expect(english.json().warning).toBe('due date assumes no holidays in 2027');

      const inside = await agent.post(`/api/v1/calendars/${office}/due`, {
        start: iso('2026-12-21T09:00'),
        businessMinutes: 60,
      });
      expect(inside.json()).toMatchObject({ missingHolidayYears: [], warning: null });
      // 7×24 needs no holidays.
      const allDay = await agent.post(`/api/v1/calendars/${always}/due`, {
        start: iso('2026-12-31T09:00'),
        businessMinutes: 6000,
      });
      expect(allDay.json()).toMatchObject({ missingHolidayYears: [], warning: null });
    });

    it('marks the clocks, on the record and in the queue batch, whose due time runs into such a year', async () => {
      await at('2026-12-28T09:00');
      const incident = await report(requester, '年末打印机故障');
      const clocks = await clocksOf(incident.id);
      // Response (60 min) is due this year; resolution (5 business days) runs into 2027.
      expect(clocks.find((c) => c.metric === 'response')!.missingHolidayYears).toEqual([]);
      expect(clocks.find((c) => c.metric === 'resolution')!.missingHolidayYears).toEqual([2027]);
      const batch = (await agent.post('/api/v1/records/sla', { ids: [incident.id] })).json();
      expect(
        batch[0].clocks.find((c: Clock) => c.metric === 'resolution').missingHolidayYears,
        'the queue reads the batch',
      ).toEqual([2027]);

      // Once 2027 is marked complete, nothing is assumed any more.
      const marked = await admin.request('PUT', `/api/v1/calendars/${office}/days`, {
        days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }],
        completeYears: [2027],
      });
      expect(marked.statusCode, marked.body).toBe(200);
      expect((await clocksOf(incident.id)).every((c) => c.missingHolidayYears.length === 0)).toBe(true);
      await agent.post(`/api/v1/incidents/${incident.id}/take`);
    });

    it('re-targets open records in a job after an SLA edit, and says so until it is done', async () => {
      await at('2026-12-29T09:00');
      const incident = await report(requester, 'SLA 变更前的事件');
      expect((await clocksOf(incident.id)).find((c) => c.metric === 'resolution')!.targetMinutes).toBe(2250);

      const edited = await admin.patch(`/api/v1/slas/${slaId}`, { targets: targets(900) });
      expect(edited.statusCode, edited.body).toBe(200);
      // The edit answers at once; the open records are re-targeted by the job it queued.
      expect(edited.json()).toMatchObject({ recomputing: true, isDefault: true }); // the fields left out stay
      expect((await clocksOf(incident.id)).find((c) => c.metric === 'resolution')!.targetMinutes).toBe(2250);
      const listed = (await admin.get('/api/v1/slas')).json() as { id: string; recomputing: boolean }[];
      expect(listed.find((s) => s.id === slaId)!.recomputing).toBe(true);

      await runJobs();
      expect((await clocksOf(incident.id)).find((c) => c.metric === 'resolution')!.targetMinutes).toBe(900);
      const after = (await admin.get('/api/v1/slas')).json() as { id: string; recomputing: boolean }[];
      expect(after.find((s) => s.id === slaId)!.recomputing).toBe(false);
      await agent.post(`/api/v1/incidents/${incident.id}/take`);
    });

    it('escalates a tier after the level’s limit in business time, not wall-clock time', async () => {
      await admin.request('PUT', '/api/v1/desk/settings', { escalationMinutes: { 1: 60, 2: 60, 3: 60, 4: 60 } });
      // Friday 17:00 on office hours: half an hour of working time left this week.
      await at('2027-01-08T17:00');
      const incident = await report(requester, '周五傍晚的故障');
      const runSweep = async () => {
        await test.trellis.database.db
          .updateTable('jobs')
          .set({ run_at: nowIso() })
          .where('type', '=', AUTO_ESCALATE_JOB)
          .where('state', '=', 'queued')
          .execute();
        await runJobs();
      };
      const group = async () => (await agent.get(`/api/v1/incidents/${incident.id}`)).json().group;

      // Saturday noon: 19 hours on the wall, 30 business minutes.
      await at('2027-01-09T12:00');
      await runSweep();
      expect(await group()).toBeNull();

      // Monday 09:10: 30 + 40 business minutes, past the hour.
      await at('2027-01-11T09:10');
      await runSweep();
      expect(await group()).toMatchObject({ id: world.tier2A.id });
      await admin.request('PUT', '/api/v1/desk/settings', { escalationMinutes: { 1: 30, 2: 120, 3: 480, 4: null } });
    });

    it('names services in the reader’s language in the SLA report and its export', async () => {
      const service = await admin.post('/api/v1/services', { code: 'MAIL', nameZh: '邮件服务', nameEn: 'Email' });
      expect(service.statusCode, service.body).toBe(201);
      const incident = await report(requester, '邮箱收不到信');
      const classified = await agent.post(`/api/v1/incidents/${incident.id}/classify`, {
        serviceId: service.json().id,
      });
      expect(classified.statusCode, classified.body).toBe(200);
      const query = `from=${iso('2026-12-01T00:00')}&to=${iso('2027-02-01T00:00')}&groupBy=service`;
      const labels = async (client: Client) =>
        ((await client.get(`/api/v1/sla/report?${query}`)).json() as { label: string }[]).map((r) => r.label);
      expect(await labels(agent)).toContain('邮件服务');
      expect(await labels(agentEn)).toContain('Email');
      expect(await labels(agentEn)).not.toContain('邮件服务');
      const csv = (await agentEn.get(`/api/v1/sla/report/export?${query}&locale=en-US`)).body;
      expect(csv).toContain('Email');
      expect(csv).not.toContain('邮件服务');
    });
  });
}
