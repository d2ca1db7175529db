import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escalateComplaints, remindRenewals, sampled, surveyTick } from '../../src/modules/relationship/index.js';
import { setClock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { anonymous, expectError, report } from '../support/http.js';

const DAY = 86_400_000;
const DEFAULT_SURVEY = '00000000-0000-7000-8000-00000000516e';

for (const dialect of await dialectsUnderTest()) {
  describe(`business relationship: surveys and complaints [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let manager: Client;
    let agent: Client;
    let requester: Client;
    let colleague: Client;
    let requesterB: Client;
    let restoreClock: (() => void) | undefined;
    const travel = (ms: number) => {
      restoreClock?.();
      restoreClock = setClock(() => Date.now() + ms);
    };
    const db = () => test.trellis.database.db;
    const services = () => ({ db: db(), dialect: test.trellis.database.dialect, bus: test.trellis.bus });
    const runJobs = () => test.trellis.jobs.runDue(500);

    /** report → take → resolve → sign-off with a rating → archive (the callback): the desk's whole flow. */
    const closedIncident = async (who: Client, title: string, rating: number) => {
      const inc = await report(who, title);
      expect((await agent.post(`/api/v1/incidents/${inc.id}/take`)).statusCode).toBe(200);
      const resolved = await agent.post(`/api/v1/incidents/${inc.id}/resolve`, {
        cause: '原因',
        solution: '方案',
        timeSpentMinutes: 10,
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      expect((await who.post(`/api/v1/incidents/${inc.id}/confirm`, { rating })).statusCode).toBe(200);
      const archived = await agent.post(`/api/v1/incidents/${inc.id}/archive`, { callbackNote: '已回访' });
      expect(archived.statusCode, archived.body).toBe(200);
      await runJobs();
      return inc as { id: string; number: string };
    };
    const responseOf = (surveyId: string, recordId: string) =>
      db()
        .selectFrom('survey_responses')
        .selectAll()
        .where('survey_id', '=', surveyId)
        .where('record_id', '=', recordId)
        .executeTakeFirst();
    /** The link as the requester receives it: read from the queued mail. */
    const mailedToken = async (responseId: string) => {
      const rows = await db()
        .selectFrom('channel_deliveries')
        .select('events_json')
        .where('channel', '=', 'email')
        .execute();
      const urls = rows
        .flatMap((r) => JSON.parse(r.events_json) as { key: string; vars: { url: string } }[])
        .filter((e) => e.key.startsWith(`survey:${responseId}:`))
        .map((e) => e.vars.url);
      expect(urls.length).toBeGreaterThan(0);
      const url = urls.at(-1)!;
      expect(url.startsWith('https://itsm.example.com/s/')).toBe(true);
      return url.slice('https://itsm.example.com/s/'.length);
    };
    const setActive = async (id: string, active: boolean) =>
      expect((await admin.patch(`/api/v1/surveys/${id}`, { active })).statusCode).toBe(200);

    beforeAll(async () => {
      test = await createTestApp(dialect, { TRELLIS_SESSION_HOURS: String(24 * 80) });
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      manager = await signIn(test, 'manager@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
      colleague = await signIn(test, 'colleague-a@test.local', PASSWORD);
      requesterB = await signIn(test, 'req-b@test.local', PASSWORD);
      // Mail is configured (to a closed port: deliveries stay queued and show what would be sent).
      const settings = await admin.post('/api/v1/channels/settings', {
        smtp: {
          host: '127.0.0.1',
          port: 1,
          secure: false,
          tlsVerify: false,
          fromAddress: 'it@prov.example',
          fromName: 'IT',
        },
        options: { coalesceSeconds: 0, senderHourlyLimit: 1000, publicUrl: 'https://itsm.example.com' },
      });
      expect(settings.statusCode, settings.body).toBe(200);
    });
    afterEach(() => {
      restoreClock?.();
      restoreClock = undefined;
    });
    afterAll(() => test?.close());

    it('turns the sign-off rating into the default survey’s first question and mails a signed one-use link', async () => {
      const inc = await closedIncident(requester, '打印机卡纸', 4);
      const response = await responseOf(DEFAULT_SURVEY, inc.id);
      expect(response).toMatchObject({ state: 'invited', person_id: world.requesterA.id, score: 4 });
      const token = await mailedToken(response!.id);

      // Anyone holding the link may open it without signing in; the rating is already there.
      const form = await anonymous(test, 'GET', `/api/v1/survey-links/${token}`);
      expect(form.statusCode, form.body).toBe(200);
      expect(form.json()).toMatchObject({ prefilled: { rating: 4 }, record: { number: inc.number }, answered: false });
      expect(form.json().questions.map((q: { id: string }) => q.id)).toEqual(['rating', 'recommend', 'comment']);

      // Tampered: one character of the signature, or the response id, changed.
      const [id, exp, sig] = token.split('.') as [string, string, string];
      const flipped = `${id}.${exp}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
      expectError(await anonymous(test, 'GET', `/api/v1/survey-links/${flipped}`), 400, 'survey.link_invalid');
      expectError(
        await anonymous(test, 'GET', `/api/v1/survey-links/${id}.${Number(exp) + 86400}.${sig}`),
        400,
        'survey.link_invalid',
      );
      expectError(await anonymous(test, 'GET', '/api/v1/survey-links/nonsense'), 400, 'survey.link_invalid');

      // A bad answer is a 400 naming the question, and nothing is stored.
      expectError(
        await anonymous(test, 'POST', `/api/v1/survey-links/${token}`, { answers: { recommend: 11 } }),
        400,
        'survey.answer_invalid',
      );
      const ok = await anonymous(test, 'POST', `/api/v1/survey-links/${token}`, {
        answers: { recommend: 9, comment: '工程师很耐心' },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const answered = await responseOf(DEFAULT_SURVEY, inc.id);
      expect(answered).toMatchObject({ state: 'answered', answered_via: 'link', score: 4, followup_state: null });
      // One use.
      expectError(
        await anonymous(test, 'POST', `/api/v1/survey-links/${token}`, { answers: { recommend: 1 } }),
        409,
        'survey.link_used',
      );
      expectError(await anonymous(test, 'GET', `/api/v1/survey-links/${token}`), 409, 'survey.link_used');
    });

    it('refuses an expired link', async () => {
      const inc = await closedIncident(colleague, '显示器闪烁', 5);
      const response = await responseOf(DEFAULT_SURVEY, inc.id);
      const token = await mailedToken(response!.id);
      travel(15 * DAY);
      expectError(await anonymous(test, 'GET', `/api/v1/survey-links/${token}`), 410, 'survey.link_expired');
      expectError(
        await anonymous(test, 'POST', `/api/v1/survey-links/${token}`, { answers: { recommend: 5 } }),
        410,
        'survey.link_expired',
      );
      const ticked = await inTransaction(services(), null, (tx) => surveyTick(tx));
      expect(ticked.expired).toBeGreaterThanOrEqual(1);
      expect((await responseOf(DEFAULT_SURVEY, inc.id))?.state).toBe('expired');
    });

    it('versions the designer: changed questions make a new version and answers keep theirs', async () => {
      const created = await admin.post('/api/v1/surveys', {
        name: '桌面服务回访',
        kind: 'transactional',
        trigger: { on: 'closed', kinds: ['incident'], serviceIds: [], organizationIds: [world.orgB.id] },
        samplePercent: 100,
        cooldownDays: 0,
        questions: [{ id: 'speed', type: 'stars', required: true, label: { zh: '响应速度', en: 'Speed' } }],
      });
      expect(created.statusCode, created.body).toBe(201);
      const survey = created.json();
      expect(survey.version).toBe(1);
      expectError(await agent.post('/api/v1/surveys', { ...survey, questions: survey.questions }), 403);
      expectError(
        await admin.post('/api/v1/surveys', {
          name: 'x',
          kind: 'periodic',
          questions: [
            {
              id: 'a',
              type: 'single',
              label: { zh: '甲', en: 'A' },
              options: [{ id: 'x', label: { zh: 'x', en: 'x' } }],
            },
          ],
        }),
        400,
        'error.validation',
      );

      await setActive(DEFAULT_SURVEY, false);
      const first = await closedIncident(requesterB, '乙方电脑蓝屏', 5);
      const v1 = await responseOf(survey.id, first.id);
      expect(v1?.version).toBe(1);

      const changed = await admin.patch(`/api/v1/surveys/${survey.id}`, {
        questions: [
          { id: 'speed', type: 'stars', required: true, label: { zh: '响应速度', en: 'Speed' } },
          {
            id: 'channel',
            type: 'single',
            required: false,
            label: { zh: '您通过什么渠道报修?', en: 'How did you reach us?' },
            options: [
              { id: 'phone', label: { zh: '电话', en: 'Phone' } },
              { id: 'portal', label: { zh: '门户', en: 'Portal' } },
            ],
          },
        ],
      });
      expect(changed.json().version).toBe(2);
      // The same questions again are no new version.
      expect(
        (await admin.patch(`/api/v1/surveys/${survey.id}`, { questions: changed.json().questions })).json().version,
      ).toBe(2);

      const second = await closedIncident(requesterB, '乙方打印机', 3);
      expect((await responseOf(survey.id, second.id))?.version).toBe(2);
      // The first invitation still shows version 1's single question.
      const old = await anonymous(test, 'GET', `/api/v1/survey-links/${await mailedToken(v1!.id)}`);
      expect(old.json().questions.map((q: { id: string }) => q.id)).toEqual(['speed']);
      await anonymous(test, 'POST', `/api/v1/survey-links/${await mailedToken(v1!.id)}`, { answers: { speed: 5 } });
      const versions = (await admin.get(`/api/v1/surveys/${survey.id}/versions`)).json().items;
      expect(versions.map((v: { version: number; answers: number }) => [v.version, v.answers])).toEqual([
        [2, 0],
        [1, 1],
      ]);
      // The default survey's first question stays the sign-off star rating.
      const def = (await admin.get(`/api/v1/surveys/${DEFAULT_SURVEY}`)).json();
      expectError(
        await admin.patch(`/api/v1/surveys/${DEFAULT_SURVEY}`, { questions: def.questions.slice(1) }),
        400,
        'survey.default_required',
      );
      await setActive(survey.id, false);
      await setActive(DEFAULT_SURVEY, true);
    });

    it('samples transactional sending and keeps a per-person cooldown', async () => {
      await setActive(DEFAULT_SURVEY, false);
      const sampledSurvey = (
        await admin.post('/api/v1/surveys', {
          name: '抽样回访',
          kind: 'transactional',
          trigger: { on: 'confirmed', kinds: ['incident'], serviceIds: [], organizationIds: [] },
          samplePercent: 50,
          cooldownDays: 0,
          questions: [{ id: 'q', type: 'stars', required: true, label: { zh: '评分', en: 'Score' } }],
        })
      ).json();
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push((await closedIncident(colleague, `抽样 ${i}`, 4)).id);
      const rows = await db()
        .selectFrom('survey_responses')
        .select(['record_id', 'state'])
        .where('survey_id', '=', sampledSurvey.id)
        .execute();
      expect(rows).toHaveLength(10);
      const invited = rows
        .filter((r) => r.state === 'invited')
        .map((r) => r.record_id)
        .sort();
      // Exactly those the deterministic draw picks: none missing, none extra, and not all or none.
      expect(invited).toEqual(ids.filter((id) => sampled(sampledSurvey.id, id, 50)).sort());
      expect(invited.length).toBeGreaterThan(0);
      expect(invited.length).toBeLessThan(10);
      await setActive(sampledSurvey.id, false);

      const cooling = (
        await admin.post('/api/v1/surveys', {
          name: '冷却回访',
          kind: 'transactional',
          trigger: { on: 'closed', kinds: ['incident'], serviceIds: [], organizationIds: [] },
          samplePercent: 100,
          cooldownDays: 30,
          questions: [{ id: 'q', type: 'stars', required: true, label: { zh: '评分', en: 'Score' } }],
        })
      ).json();
      // salesPersonA has never been asked: the first is invited, the second within 30 days is not.
      const sales = await signIn(test, 'sales-a@test.local', PASSWORD);
      const a = await closedIncident(sales, '冷却一', 5);
      const b = await closedIncident(sales, '冷却二', 5);
      expect((await responseOf(cooling.id, a.id))?.state).toBe('invited');
      expect((await responseOf(cooling.id, b.id))?.state).toBe('skipped');
      travel(31 * DAY);
      const c = await closedIncident(sales, '冷却三', 5);
      expect((await responseOf(cooling.id, c.id))?.state).toBe('invited');
      await setActive(cooling.id, false);
      await setActive(DEFAULT_SURVEY, true);
    });

    let periodicId = '';
    it('runs a periodic survey to an audience with reminders until the deadline', async () => {
      const survey = (
        await admin.post('/api/v1/surveys', {
          name: '年度满意度调查',
          kind: 'periodic',
          questions: [
            { id: 'overall', type: 'stars', required: true, label: { zh: '总体满意度', en: 'Overall' } },
            { id: 'nps', type: 'nps', required: true, label: { zh: '推荐意愿', en: 'Recommend' } },
            {
              id: 'good',
              type: 'multiple',
              label: { zh: '做得好的方面', en: 'What went well' },
              options: [
                { id: 'speed', label: { zh: '速度', en: 'Speed' } },
                { id: 'skill', label: { zh: '技能', en: 'Skill' } },
              ],
            },
            { id: 'comment', type: 'text', label: { zh: '建议', en: 'Suggestions' } },
          ],
        })
      ).json();
      periodicId = survey.id;
      expectError(
        await admin.post(`/api/v1/surveys/${DEFAULT_SURVEY}/campaigns`, {
          name: 'x',
          organizationIds: [world.orgA.id],
          deadline: '2099-01-01',
        }),
        409,
        'survey.not_periodic',
      );
      const deadline = new Date(Date.now() + 6 * DAY).toISOString().slice(0, 10);
      const started = await admin.post(`/api/v1/surveys/${survey.id}/campaigns`, {
        name: '2026 年度调查',
        organizationIds: [world.orgA.id],
        deadline,
        reminderEveryDays: 2,
      });
      expect(started.statusCode, started.body).toBe(201);
      // Every active requester of customer A, nobody of B.
      expect(started.json()).toMatchObject({ invited: 3, answered: 0, state: 'open' });
      const mine = (await requester.get('/api/v1/my/surveys')).json().items;
      const pending = mine.find((p: { surveyName: string }) => p.surveyName === '年度满意度调查');
      expect(pending).toBeTruthy();
      expect(
        (await requesterB.get('/api/v1/my/surveys'))
          .json()
          .items.some((p: { surveyName: string }) => p.surveyName === '年度满意度调查'),
      ).toBe(false);
      // Someone else's response is not yours to open.
      expectError(await requesterB.get(`/api/v1/my/surveys/${pending.responseId}`), 404);
      // A required question left out is refused, naming it.
      expectError(
        await requester.post(`/api/v1/my/surveys/${pending.responseId}`, { answers: { overall: 5 } }),
        400,
        'survey.answer_required',
      );
      const answered = await requester.post(`/api/v1/my/surveys/${pending.responseId}`, {
        answers: { overall: 5, nps: 10, good: ['speed', 'skill'], comment: '响应很快' },
      });
      expect(answered.statusCode, answered.body).toBe(200);

      // Nothing is due on day one; on day two the two who have not answered are reminded, once.
      expect((await inTransaction(services(), null, (tx) => surveyTick(tx))).reminded).toBe(0);
      travel(2 * DAY + 60_000);
      expect((await inTransaction(services(), null, (tx) => surveyTick(tx))).reminded).toBe(2);
      expect((await inTransaction(services(), null, (tx) => surveyTick(tx))).reminded).toBe(0);
      const reminders = await db()
        .selectFrom('survey_responses')
        .select(['person_id', 'reminders'])
        .where('survey_id', '=', survey.id)
        .execute();
      expect(reminders.find((r) => r.person_id === world.requesterA.id)?.reminders).toBe(0);
      expect(reminders.filter((r) => r.reminders === 1)).toHaveLength(2);

      // Colleague answers low from the reminder link; a follow-up opens.
      const colleagueRow = await db()
        .selectFrom('survey_responses')
        .select('id')
        .where('survey_id', '=', survey.id)
        .where('person_id', '=', world.colleagueA.id)
        .executeTakeFirstOrThrow();
      const token = await mailedToken(colleagueRow.id);
      const low = await anonymous(test, 'POST', `/api/v1/survey-links/${token}`, {
        answers: { overall: 2, nps: 3, good: ['speed'], comment: '多次反映的问题都没有解决' },
      });
      expect(low.statusCode, low.body).toBe(200);

      travel(7 * DAY);
      const end = await inTransaction(services(), null, (tx) => surveyTick(tx));
      expect(end.closed).toBe(1);
      const campaign = (await admin.get(`/api/v1/surveys/${survey.id}/campaigns`)).json().items[0];
      expect(campaign).toMatchObject({ state: 'closed', invited: 3, answered: 2 });
      expect(
        (
          await db()
            .selectFrom('survey_responses')
            .select('state')
            .where('survey_id', '=', survey.id)
            .where('person_id', '=', world.salesPersonA.id)
            .executeTakeFirstOrThrow()
        ).state,
      ).toBe('expired');
    });

    it('computes results from the answers: response rate, averages, distributions, NPS and the ≥ 4 share', async () => {
      const res = await manager.get(`/api/v1/surveys/${periodicId}/results?by=organization`);
      expect(res.statusCode, res.body).toBe(200);
      const r = res.json();
      // Answers given above: overall 5 and 2; NPS 10 and 3; good [speed, skill] and [speed].
      expect(r).toMatchObject({ invited: 3, answered: 2, responseRate: 0.6667, target: 0.8, satisfiedShare: 0.5 });
      const q = Object.fromEntries(r.questions.map((x: { questionId: string }) => [x.questionId, x]));
      expect(q.overall).toMatchObject({
        count: 2,
        average: 3.5,
        distribution: { '5': 1, '2': 1 },
        satisfiedShare: 0.5,
      });
      expect(q.nps).toMatchObject({ count: 2, average: 6.5, nps: 0 });
      expect(q.good.distribution).toEqual({ speed: 2, skill: 1 });
      expect(r.groups).toEqual([
        { key: world.orgA.id, label: '客户甲', answered: 2, average: 3.5, satisfiedShare: 0.5 },
      ]);
      expect(r.comments.map((c: { text: string }) => c.text).sort()).toEqual(
        ['响应很快', '多次反映的问题都没有解决'].sort(),
      );
      // Agents and requesters do not read results.
      expectError(await agent.get(`/api/v1/surveys/${periodicId}/results`), 403);
      expectError(await requester.get(`/api/v1/surveys/${periodicId}/results`), 403);
      // The dataset agrees.
      const ds = await manager.get('/api/v1/reports/relationship.surveys?groupBy=survey');
      expect(ds.statusCode, ds.body).toBe(200);
      const row = ds.json().rows.find((x: { survey: string }) => x.survey === periodicId);
      expect(row).toMatchObject({ answers: 2, average: 3.5, satisfied: 0.5 });
    });

    let complaintId = '';
    it('turns a low score into a complaint with its own targets, escalated when missed', async () => {
      const followups = (await manager.get('/api/v1/survey-followups?state=open')).json().items;
      const f = followups.find((x: { person: { id: string } }) => x.person.id === world.colleagueA.id);
      expect(f).toMatchObject({ score: 2, comment: '多次反映的问题都没有解决', state: 'open' });
      expectError(await agent.get('/api/v1/survey-followups'), 403);
      const made = await manager.post(`/api/v1/survey-followups/${f.id}/complaint`, {
        category: 'repeated_failure',
        severity: 'medium',
      });
      expect(made.statusCode, made.body).toBe(201);
      const complaint = made.json();
      complaintId = complaint.id;
      expect(complaint.number).toMatch(/^CMP-\d{4}-\d{6}$/);
      expect(complaint).toMatchObject({
        state: 'new',
        source: 'survey',
        complainant: { id: world.colleagueA.id },
        escalation: 0,
      });
      // Medium: acknowledge within 8 h, respond within 48 h, close within 168 h.
      const created = Date.parse(complaint.createdAt);
      expect(Date.parse(complaint.acknowledgeDueAt) - created).toBe(8 * 3_600_000);
      expect(Date.parse(complaint.respondDueAt) - created).toBe(48 * 3_600_000);
      expect(Date.parse(complaint.closeDueAt) - created).toBe(168 * 3_600_000);
      expectError(await manager.post(`/api/v1/survey-followups/${f.id}/complaint`, {}), 409, 'survey.followup_closed');

      expect(await inTransaction(services(), null, (tx) => escalateComplaints(tx))).toBe(0);
      travel(9 * 3_600_000);
      expect(await inTransaction(services(), null, (tx) => escalateComplaints(tx))).toBe(1);
      expect((await manager.get(`/api/v1/complaints/${complaintId}`)).json()).toMatchObject({
        escalation: 1,
        breached: true,
      });
      // Once per level.
      expect(await inTransaction(services(), null, (tx) => escalateComplaints(tx))).toBe(0);
      travel(17 * 3_600_000);
      expect(await inTransaction(services(), null, (tx) => escalateComplaints(tx))).toBe(1);
      const escalated = (await manager.get(`/api/v1/complaints/${complaintId}`)).json();
      expect(escalated.escalation).toBe(2);
      expect(
        escalated.timeline
          .filter((e: { type: string }) => e.type === 'complaint_escalated')
          .map((e: { data: { level: number } }) => e.data.level),
      ).toEqual([1, 2]);
    });

    it('hides a complaint from the person complained about until a manager shares it', async () => {
      const inc = await closedIncident(requester, '态度问题', 3);
      const logged = await agent.post('/api/v1/complaints', {
        title: '工程师态度生硬',
        description: '电话里不耐烦',
        complainantId: world.requesterA.id,
        source: 'phone',
        about: 'record',
        aboutRecord: inc.number,
        category: 'attitude',
        severity: 'low',
      });
      expect(logged.statusCode, logged.body).toBe(201);
      const c = logged.json();
      // The agent logged it but is the one complained about (the record's assignee): from now on, not theirs to see.
      expect(Object.keys(c).sort()).toEqual(['id', 'number']);
      expect((await manager.get(`/api/v1/complaints/${c.id}`)).json().aboutPerson).toEqual({
        id: world.agent.id,
        name: 'agent',
      });
      expectError(await agent.get(`/api/v1/complaints/${c.id}`), 404);
      expect(
        (await agent.get('/api/v1/complaints?state=all')).json().items.some((x: { id: string }) => x.id === c.id),
      ).toBe(false);
      // The shared queue applies the same rule: the manager's lists it, the agent's does not.
      const queue = (client: Client) => client.get('/api/v1/console/queue?kinds=complaint&limit=200');
      expect((await queue(manager)).json().items.map((i: { number: string }) => i.number)).toContain(c.number);
      const agentQueue = await queue(agent);
      expect(agentQueue.statusCode, agentQueue.body).toBe(200);
      expect(agentQueue.json().items.map((i: { number: string }) => i.number)).not.toContain(c.number);
      // Nor can they be made its handler.
      expectError(
        await manager.patch(`/api/v1/complaints/${c.id}`, { assigneeId: world.agent.id }),
        400,
        'error.validation',
      );
      // The complainant sees their own; another customer does not.
      expect((await requester.get(`/api/v1/complaints/${c.id}`)).statusCode).toBe(200);
      expectError(await requesterB.get(`/api/v1/complaints/${c.id}`), 404);
      // Only a manager shares.
      expectError(await agent.patch(`/api/v1/complaints/${c.id}`, { sharedWithSubject: true }), 404);
      expect((await manager.patch(`/api/v1/complaints/${c.id}`, { sharedWithSubject: true })).statusCode).toBe(200);
      expect((await agent.get(`/api/v1/complaints/${c.id}`)).statusCode).toBe(200);
    });

    it('handles a complaint to closure: investigation, root cause, response, actions, acceptance', async () => {
      const id = complaintId;
      expectError(await requesterB.post(`/api/v1/complaints/${id}/acknowledge`, {}), 404);
      expectError(await colleague.post(`/api/v1/complaints/${id}/acknowledge`, {}), 403);
      expect((await manager.post(`/api/v1/complaints/${id}/acknowledge`, {})).json()).toMatchObject({
        state: 'acknowledged',
        assignee: { id: world.manager.id },
      });
      expectError(await manager.post(`/api/v1/complaints/${id}/respond`, {}), 400, 'complaint.response_required');
      await manager.post(`/api/v1/complaints/${id}/investigate`, {});
      const patched = await manager.patch(`/api/v1/complaints/${id}`, {
        investigation: '同一打印机三次报修都只做了重启',
        rootCause: '硬件老化未更换',
        response: '已更换打印机并建立巡检',
      });
      expect(patched.statusCode, patched.body).toBe(200);
      const action = await manager.post(`/api/v1/complaints/${id}/actions`, {
        title: '更换老旧打印机',
        ownerId: world.agentA.id,
        dueDate: '2027-01-15',
      });
      expect(action.statusCode, action.body).toBe(201);
      const actionId = action.json().actions[0].id;
      // The complainant sees the response once given, never the internal investigation or actions.
      const asComplainant = (await colleague.get(`/api/v1/complaints/${id}`)).json();
      expect(asComplainant).toMatchObject({ investigation: '', rootCause: '', response: '', actions: [] });
      expect((await manager.post(`/api/v1/complaints/${id}/respond`, {})).json().state).toBe('responded');
      expect((await colleague.get(`/api/v1/complaints/${id}`)).json().response).toBe('已更换打印机并建立巡检');
      // Not accepted: back to investigation.
      expect(
        (await colleague.post(`/api/v1/complaints/${id}/reject_response`, { note: '还要说明原因' })).json(),
      ).toMatchObject({ state: 'investigating', accepted: false });
      await manager.post(`/api/v1/complaints/${id}/respond`, {});
      expectError(await colleague.post(`/api/v1/complaints/${id}/close`, {}), 409, 'complaint.actions_open');
      // The action's owner reports it done.
      const agentA = await signIn(test, 'agent-a@test.local', PASSWORD);
      expect((await agentA.patch(`/api/v1/complaints/${id}/actions/${actionId}`, { status: 'done' })).statusCode).toBe(
        200,
      );
      // Accepted a day and a half later: the time to close is counted from receipt.
      travel(36 * 3_600_000);
      const closed = await colleague.post(`/api/v1/complaints/${id}/close`, {});
      expect(closed.json()).toMatchObject({ state: 'closed', accepted: true });
      expectError(await manager.post(`/api/v1/complaints/${id}/respond`, {}), 409, 'complaint.illegal_transition');

      const stats = await manager.get('/api/v1/reports/relationship.complaints?groupBy=category');
      expect(stats.statusCode, stats.body).toBe(200);
      const repeated = stats.json().rows.find((r: { category: string }) => r.category === 'repeated_failure');
      expect(repeated).toMatchObject({ complaints: 1, closed: 1, breached: 1 });
      expect(repeated.hoursToClose).toBeGreaterThan(35);
      expect(repeated.hoursToClose).toBeLessThan(37);
    });

    it('shows a customer manager their organisation’s complaints and results, nothing of another', async () => {
      await requesterB.post('/api/v1/complaints', { title: '乙方投诉', description: '乙方的事', category: 'billing' });
      expect((await requester.get('/api/v1/my/organization-relationship')).json()).toMatchObject({
        customerManager: false,
        complaints: [],
      });
      expectError(await agent.post('/api/v1/customer-managers', { userId: world.requesterA.id }), 403);
      expectError(await admin.post('/api/v1/customer-managers', { userId: world.agent.id }), 400, 'error.validation');
      expect((await admin.post('/api/v1/customer-managers', { userId: world.requesterA.id })).statusCode).toBe(204);
      const view = (await requester.get('/api/v1/my/organization-relationship')).json();
      expect(view.customerManager).toBe(true);
      expect(view.complaints.length).toBeGreaterThanOrEqual(2);
      expect(view.complaints.every((c: { organization: { id: string } }) => c.organization.id === world.orgA.id)).toBe(
        true,
      );
      // Their colleague's complaint is theirs to read as the customer's manager; B's is not.
      expect((await requester.get(`/api/v1/complaints/${complaintId}`)).statusCode).toBe(200);
      const bList = (await requesterB.get('/api/v1/complaints?state=all')).json().items;
      expect(bList.map((c: { title: string }) => c.title)).toEqual(['乙方投诉']);
      const own = (await requester.get(`/api/v1/surveys/${periodicId}/results`)).json();
      expect(own).toMatchObject({ invited: 3, answered: 2 });
      // A customer manager of A reads only A's answers: B's of the default survey are not counted.
      const defaultForA = (await requester.get(`/api/v1/surveys/${DEFAULT_SURVEY}/results?by=organization`)).json();
      expect(defaultForA.groups.every((g: { key: string }) => g.key === world.orgA.id)).toBe(true);
      expectError(await requesterB.get(`/api/v1/surveys/${periodicId}/results`), 403);
    });
    it('keeps customer contracts with a renewal reminder, visible to that customer’s managers only', async () => {
      const renewal = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
      const body = {
        number: 'HT-2026-A01',
        organizationId: world.orgA.id,
        name: '客户甲 IT 运维外包',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        services: [],
        reportCycle: 'monthly',
        contacts: ['王经理 13800000000'],
        value: 1_200_000,
        renewalOn: renewal,
        renewalReminderDays: 60,
      };
      expectError(await agent.post('/api/v1/customer-contracts', body), 403);
      expectError(
        await manager.post('/api/v1/customer-contracts', { ...body, endsOn: '2025-12-31' }),
        400,
        'error.validation',
      );
      expectError(
        await manager.post('/api/v1/customer-contracts', { ...body, services: [{ serviceId: 'nope', slaId: null }] }),
        400,
        'error.validation',
      );
      const created = await manager.post('/api/v1/customer-contracts', body);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({
        number: 'HT-2026-A01',
        renewalDue: true,
        reportCycle: 'monthly',
        value: 1_200_000,
      });
      await manager.post('/api/v1/customer-contracts', {
        ...body,
        number: 'HT-2026-B01',
        organizationId: world.orgB.id,
        renewalOn: null,
      });
      // The reminder goes once per renewal date.
      expect(await inTransaction(services(), null, (tx) => remindRenewals(tx))).toBe(1);
      expect(await inTransaction(services(), null, (tx) => remindRenewals(tx))).toBe(0);
      const numbers = async (client: Client) =>
        ((await client.get('/api/v1/customer-contracts')).json().items as { number: string }[])
          .map((c) => c.number)
          .sort();
      expect(await numbers(manager)).toEqual(['HT-2026-A01', 'HT-2026-B01']);
      // requesterA is customer A's manager (granted above): A's contract, not B's; requester B sees none.
      expect(await numbers(requester)).toEqual(['HT-2026-A01']);
      expect(await numbers(requesterB)).toEqual([]);
      expect(await numbers(colleague)).toEqual([]);
      const contractB = (await manager.get('/api/v1/customer-contracts?q=B01')).json().items[0].id as string;
      expectError(await requester.get(`/api/v1/customer-contracts/${contractB}`), 404);
      expect((await requester.get(`/api/v1/customer-contracts/${created.json().id}`)).statusCode).toBe(200);
    });

    it('prefills a service review’s agenda from the customer’s figures and closes it only when its actions are done', async () => {
      const scheduledOn = new Date(Date.now() + DAY).toISOString().slice(0, 10);
      const created = await manager.post('/api/v1/service-reviews', {
        organizationId: world.orgA.id,
        title: '客户甲季度服务评审',
        scheduledOn,
        cycle: 'quarterly',
        attendees: ['客户甲 王经理', '服务经理'],
      });
      expect(created.statusCode, created.body).toBe(201);
      const review = created.json();
      // The incidents this suite created for customer A in the quarter before the meeting are in the figures.
      const from = new Date(Date.parse(`${scheduledOn}T00:00:00Z`) - 91 * DAY).toISOString();
      const incidentsA = await db()
        .selectFrom('work_records')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', world.orgA.id)
        .where('kind', '=', 'incident')
        .where('created_at', '>=', from)
        .where('created_at', '<', `${scheduledOn}T00:00:00.000Z`)
        .executeTakeFirstOrThrow();
      expect(Number(incidentsA.n)).toBeGreaterThan(5);
      expect(review.agenda).toContain(`事件 Incidents: ${Number(incidentsA.n)}`);
      expect(review.agenda).toContain('目标 target 80%');
      const held = await manager.patch(`/api/v1/service-reviews/${review.id}`, {
        state: 'held',
        minutes: '回顾了本季度的服务绩效',
        decisions: '增加夜间值班',
        actions: [{ title: '制定夜间值班表', owner: '服务经理', dueDate: '2027-01-31', done: false }],
        changeRequests: [{ kind: 'sla', description: '将 P2 响应时间缩短到 30 分钟', status: 'approved' }],
      });
      expect(held.statusCode, held.body).toBe(200);
      const actions = held.json().actions;
      expect(actions[0].id).toBeTruthy();
      expectError(
        await manager.patch(`/api/v1/service-reviews/${review.id}`, { state: 'closed' }),
        409,
        'review.actions_open',
      );
      const closed = await manager.patch(`/api/v1/service-reviews/${review.id}`, {
        state: 'closed',
        actions: [{ ...actions[0], done: true }],
      });
      expect(closed.json()).toMatchObject({ state: 'closed', changeRequests: [{ kind: 'sla', status: 'approved' }] });
      expect(((await requester.get('/api/v1/service-reviews')).json().items as unknown[]).length).toBe(1);
      expect(((await requesterB.get('/api/v1/service-reviews')).json().items as unknown[]).length).toBe(0);
      expectError(await requester.patch(`/api/v1/service-reviews/${review.id}`, { minutes: 'x' }), 403);
    });
  });
}
