import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { anonymous, expectError, numbersOf, report, upload } from '../support/http.js';

type Who = 'admin' | 'manager' | 'agent' | 'agentA' | 'idle' | 'reqA' | 'colleagueA' | 'salesA' | 'reqB';
type Rec = 'finance' | 'colleague' | 'sales' | 'b' | 'idle';

const EMAILS: Record<Who, string> = {
  admin: 'admin@test.local',
  manager: 'manager@test.local',
  agent: 'agent@test.local',
  agentA: 'agent-a@test.local',
  idle: 'idle@test.local',
  reqA: 'req-a@test.local',
  colleagueA: 'colleague-a@test.local',
  salesA: 'sales-a@test.local',
  reqB: 'req-b@test.local',
};

/** Who sees which record: the rule the policy and the SQL scope must both implement. */
const SEES: Record<Who, Rec[]> = {
  admin: ['finance', 'colleague', 'sales', 'b', 'idle'],
  manager: ['finance', 'colleague', 'sales', 'b', 'idle'],
  agent: ['finance', 'colleague', 'sales', 'b'],
  agentA: ['finance', 'colleague', 'sales'],
  idle: ['idle'],
  reqA: ['finance', 'colleague'],
  colleagueA: ['finance', 'colleague'],
  salesA: ['sales'],
  reqB: ['b'],
};

for (const dialect of await dialectsUnderTest()) {
  describe(`tenancy and permissions [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    const as = {} as Record<Who, Client>;
    const rec = {} as Record<Rec, { id: string; number: string }>;
    let attachmentA: string;
    let attachmentB: string;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      for (const who of Object.keys(EMAILS) as Who[]) as[who] = await signIn(test, EMAILS[who], PASSWORD);
      rec.finance = await report(as.reqA, '财务系统无法登录');
      rec.colleague = await report(as.colleagueA, '报销单打印乱码');
      rec.sales = await report(as.salesA, '客户管理系统卡顿');
      rec.b = await report(as.reqB, '乙方会议室投影仪故障');
      rec.idle = await report(as.idle, '值班电脑键盘失灵');
      const upA = await upload(as.reqA, rec.finance.id, '截图.txt', 'A 的附件');
      const upB = await upload(as.reqB, rec.b.id, 'b.txt', 'B 的附件');
      expect(upA.statusCode, upA.body).toBe(201);
      expect(upB.statusCode, upB.body).toBe(201);
      attachmentA = upA.json().id;
      attachmentB = upB.json().id;
    });
    afterAll(() => test?.close());

    it('list and single GET agree with the visibility rule for every role', async () => {
      const all = Object.keys(rec) as Rec[];
      for (const who of Object.keys(SEES) as Who[]) {
        const listed = numbersOf(await as[who].get('/api/v1/incidents?limit=200'));
        const expected = SEES[who].map((r) => rec[r].number).sort();
        expect(
          listed.filter((n) => all.some((r) => rec[r].number === n)).sort(),
          `${who} lists exactly what they may see`,
        ).toEqual(expected);
        for (const r of all) {
          const visible = SEES[who].includes(r);
          for (const key of [rec[r].id, rec[r].number, rec[r].number.toLowerCase()]) {
            const res = await as[who].get(`/api/v1/incidents/${key}`);
            expect(res.statusCode, `${who} GET ${r} by ${key}`).toBe(visible ? 200 : 404);
            if (!visible) expectError(res, 404, 'error.not_found');
          }
        }
      }
    });

    it('filters cannot widen what a requester sees', async () => {
      for (const query of [
        `organizationId=${world.orgA.id}`,
        `requester=${world.requesterA.id}`,
        'q=财务',
        `state=pending&organizationId=${world.orgA.id}`,
      ]) {
        const listed = numbersOf(await as.reqB.get(`/api/v1/incidents?${query}`));
        expect(listed, query).not.toContain(rec.finance.number);
        expect(listed.every((n) => n === rec.b.number)).toBe(true);
      }
      const q = numbersOf(await as.salesA.get('/api/v1/incidents?q=报销'));
      expect(q).toEqual([]);
    });

    it('another organisation’s record answers 404 to every action, download and link', async () => {
      const target = rec.finance.id;
      const attempts: [string, unknown][] = [
        ['take', {}],
        ['comments', { body: '我来看看', visibility: 'public' }],
        ['classify', { impact: 1 }],
        ['resolve', { cause: 'x', solution: 'y', timeSpentMinutes: 5 }],
        ['confirm', { rating: 5 }],
        ['reopen', { reason: 'again' }],
        ['cancel', { reason: 'no' }],
        ['hold', { kind: 'requester' }],
        ['transfer', { groupId: world.tier1.id, reason: 'r' }],
        ['escalate', { reason: 'r' }],
        ['collaborators', { userId: world.agent.id }],
        ['major', { major: true }],
        ['major-updates', { body: 'u' }],
        ['merge', { into: rec.b.id }],
        ['time', { minutes: 5 }],
        ['watchers', { userId: world.requesterB.id }],
        ['links', { kind: 'relates_to', target: rec.b.id }],
        ['archive', { callbackNote: 'n' }],
      ];
      for (const [verb, body] of attempts) {
        expectError(await as.reqB.post(`/api/v1/incidents/${target}/${verb}`, body), 404, 'error.not_found');
        expectError(
          await as.reqB.post(`/api/v1/incidents/${rec.finance.number}/${verb}`, body),
          404,
          'error.not_found',
        );
      }
      expectError(await upload(as.reqB, target, 'x.txt', 'x'), 404, 'error.not_found');
      expectError(
        await as.reqB.delete(`/api/v1/incidents/${target}/watchers/${world.requesterA.id}`),
        404,
        'error.not_found',
      );
      expectError(await as.reqB.get(`/api/v1/attachments/${attachmentA}`), 404, 'error.not_found');
      expectError(await as.agentA.get(`/api/v1/attachments/${attachmentB}`), 404, 'error.not_found');
      expectError(await as.salesA.get(`/api/v1/attachments/${attachmentA}`), 404, 'error.not_found');
      expect((await as.colleagueA.get(`/api/v1/attachments/${attachmentA}`)).statusCode).toBe(200);
      expect((await as.agent.get(`/api/v1/attachments/${attachmentB}`)).statusCode).toBe(200);

      // agent-a may link A's records, but not to a record of B it cannot see.
      expectError(
        await as.agentA.post(`/api/v1/incidents/${rec.finance.id}/links`, { kind: 'relates_to', target: rec.b.number }),
        404,
        'error.not_found',
      );
      // The first-line agent serves A and B but not the provider's own records.
      expectError(
        await as.agent.post(`/api/v1/incidents/${rec.b.id}/links`, { kind: 'relates_to', target: rec.idle.number }),
        404,
        'error.not_found',
      );
      // Nothing was written to the record by any of the refused attempts.
      const seen = (await as.admin.get(`/api/v1/incidents/${target}`)).json();
      expect(seen.state).toBe('pending');
      expect(seen.links).toEqual([]);
      expect(seen.watchers).toEqual([]);
      expect(seen.timeline.map((t: { type: string }) => t.type)).toEqual(['created', 'attachment_added']);
    });

    it('links never reveal a record the viewer cannot see', async () => {
      const fromA = await report(as.reqA, '与乙方相关的问题');
      const linkedB = await as.admin.post(`/api/v1/incidents/${fromA.id}/links`, {
        kind: 'relates_to',
        target: rec.b.id,
      });
      expect(linkedB.statusCode, linkedB.body).toBe(200);
      const linkedSales = await as.admin.post(`/api/v1/incidents/${fromA.id}/links`, {
        kind: 'relates_to',
        target: rec.sales.id,
      });
      expect(linkedSales.statusCode, linkedSales.body).toBe(200);
      const targets = (c: Client) =>
        c.get(`/api/v1/incidents/${fromA.id}`).then((r) =>
          r
            .json()
            .links.map((l: { record: { number: string } }) => l.record.number)
            .sort(),
        );

      expect(await targets(as.admin)).toEqual([rec.b.number, rec.sales.number].sort());
      expect(await targets(as.agent)).toEqual([rec.b.number, rec.sales.number].sort());
      // agent-a serves only A; req-a may not see sales-a's record (their department does not share).
      expect(await targets(as.agentA)).toEqual([rec.sales.number]);
      expect(await targets(as.reqA)).toEqual([]);
      // The linked records' own timelines mention the link; a viewer of B must not learn A's number from it.
      const bView = (await as.reqB.get(`/api/v1/incidents/${rec.b.id}`)).json();
      expect(bView.links).toEqual([]);
      expect(JSON.stringify(bView.timeline)).not.toContain(fromA.number);
    });

    it('agent-a does not see B; the idle agent sees only their own; admin and manager see all', async () => {
      expectError(await as.agentA.get(`/api/v1/incidents/${rec.b.number}`), 404);
      expectError(await as.agentA.post(`/api/v1/incidents/${rec.b.id}/take`), 404);
      expectError(await as.idle.post(`/api/v1/incidents/${rec.finance.id}/take`), 404);
      expect(numbersOf(await as.idle.get('/api/v1/incidents?limit=200'))).toEqual([rec.idle.number]);
      for (const who of ['admin', 'manager'] as const) {
        const listed = numbersOf(await as[who].get('/api/v1/incidents?limit=200'));
        for (const r of Object.values(rec)) expect(listed).toContain(r.number);
      }
      const taken = await as.agentA.post(`/api/v1/incidents/${rec.sales.id}/take`);
      expect(taken.statusCode, taken.body).toBe(200);
    });

    it('ids from elsewhere in a body are a 400, not a 5xx', async () => {
      const inc = await report(as.reqA, '指派校验');
      const url = `/api/v1/incidents/${inc.id}`;
      expectError(await as.agent.post(`${url}/assign`, { assigneeId: world.requesterB.id }), 400);
      expectError(await as.agent.post(`${url}/assign`, { assigneeId: randomUUID() }), 400);
      expectError(await as.agent.post(`${url}/assign`, { assigneeId: 'not-a-user' }), 400);
      expectError(
        await as.agent.post(`${url}/assign`, { groupId: world.tier1.id, assigneeId: world.agentA.id }),
        400,
        'incident.assignee_not_in_group',
      );
      expectError(await as.agent.post(`${url}/assign`, { groupId: randomUUID() }), 400, 'error.validation');
      expectError(await as.agent.post(`${url}/classify`, { categoryId: randomUUID() }), 400, 'error.validation');
      expectError(
        await as.reqA.post('/api/v1/incidents', { title: 't', description: 'd', categoryId: randomUUID() }),
        400,
        'error.validation',
      );
      expectError(await as.agent.post(`${url}/watchers`, { userId: randomUUID() }), 400, 'error.validation');
      // A watcher must be someone who may see the record: not B's requester, not an agent who does not serve A.
      expectError(await as.agent.post(`${url}/watchers`, { userId: world.requesterB.id }), 400, 'error.validation');
      expectError(await as.agent.post(`${url}/watchers`, { userId: world.idle.id }), 400, 'error.validation');
      expectError(await as.agent.post(`${url}/watchers`, { userId: world.salesPersonA.id }), 400, 'error.validation');
      // A requester may not report in someone else's name; agent-a may not log a call for B.
      expectError(
        await as.reqA.post('/api/v1/incidents', { title: 't', description: 'd', requesterId: world.colleagueA.id }),
        403,
      );
      expectError(
        await as.agentA.post('/api/v1/incidents', { title: 't', description: 'd', requesterId: world.requesterB.id }),
        403,
      );
      expectError(
        await as.agent.post('/api/v1/incidents', { title: 't', description: 'd', requesterId: randomUUID() }),
        400,
      );
      const unchanged = (await as.admin.get(url)).json();
      expect(unchanged.assignee).toBeNull();
      expect(unchanged.group).toBeNull();
      expect(unchanged.watchers).toEqual([]);
      const colleague = await as.agent.post(`${url}/watchers`, { userId: world.colleagueA.id });
      expect(colleague.statusCode, colleague.body).toBe(200);
    });

    it('a record of B cannot be handed to a group or person that does not serve B', async () => {
      const url = `/api/v1/incidents/${rec.b.id}`;
      expectError(await as.agent.post(`${url}/assign`, { groupId: world.tier2A.id }), 400, 'incident.not_served');
      expectError(
        await as.agent.post(`${url}/assign`, { groupId: world.tier2A.id, assigneeId: world.agentA.id }),
        400,
        'incident.not_served',
      );
      expectError(await as.agent.post(`${url}/assign`, { assigneeId: world.idle.id }), 400, 'incident.not_served');
      expectError(await as.agent.post(`${url}/assign`, { assigneeId: world.agentA.id }), 400, 'incident.not_served');
      const after = (await as.admin.get(url)).json();
      expect(after.group).toBeNull();
      expect(after.assignee).toBeNull();
      // Handing it to the first line, which serves B, works.
      const ok = await as.agent.post(`${url}/assign`, { groupId: world.tier1.id, assigneeId: world.agent.id });
      expect(ok.statusCode, ok.body).toBe(200);
    });

    it('requesters may not handle records, post internal notes or confirm for others', async () => {
      const inc = await report(as.reqA, '权限检查');
      const url = `/api/v1/incidents/${inc.id}`;
      for (const who of ['reqA', 'colleagueA'] as const) {
        expectError(await as[who].post(`${url}/take`), 403, 'error.forbidden');
        expectError(await as[who].post(`${url}/assign`, { groupId: world.tier1.id }), 403, 'error.forbidden');
        expectError(await as[who].post(`${url}/classify`, { impact: 1 }), 403, 'error.forbidden');
        expectError(
          await as[who].post(`${url}/resolve`, { cause: 'c', solution: 's', timeSpentMinutes: 30 }),
          403,
          'error.forbidden',
        );
        expectError(await as[who].post(`${url}/archive`, { callbackNote: '已回访' }), 403, 'error.forbidden');
        expectError(await as[who].post(`${url}/hold`, { kind: 'other', reason: 'r' }), 403, 'error.forbidden');
        expectError(
          await as[who].post(`${url}/comments`, { body: '内部', visibility: 'internal' }),
          403,
          'error.forbidden',
        );
        expectError(await as[who].post(`${url}/watchers`, { userId: world.agent.id }), 403, 'error.forbidden');
        expectError(
          await as[who].post(`${url}/links`, { kind: 'relates_to', target: rec.finance.id }),
          403,
          'error.forbidden',
        );
      }
      // The colleague may comment publicly on a shared record, though.
      expect(
        (await as.colleagueA.post(`${url}/comments`, { body: '我也遇到了', visibility: 'public' })).statusCode,
      ).toBe(200);
      expect((await as.agent.post(`${url}/take`)).statusCode).toBe(200);
      expect(
        (await as.agent.post(`${url}/resolve`, { cause: 'c', solution: 's', timeSpentMinutes: 30 })).statusCode,
      ).toBe(200);
      expectError(await as.agent.post(`${url}/confirm`, { rating: 5 }), 403, 'error.forbidden');
      expectError(await as.admin.post(`${url}/confirm`, { rating: 5 }), 403, 'error.forbidden');
      expectError(await as.colleagueA.post(`${url}/confirm`, { rating: 5 }), 403, 'error.forbidden');
      const view = (await as.colleagueA.get(url)).json();
      expect(view.abilities.confirm).toBe(false);
      expect(view.abilities.take).toBe(false);
      expect(view.confirmedAt).toBeNull();
      expect((await as.reqA.post(`${url}/confirm`, { rating: 5 })).statusCode).toBe(200);
    });

    it('admin-only endpoints refuse everyone else, and anonymous callers get 401', async () => {
      const writes: [string, unknown][] = [
        [
          '/api/v1/users',
          {
            email: 'new@test.local',
            name: 'new',
            role: 'requester',
            organizationId: world.orgA.id,
            password: 'long-enough-1',
          },
        ],
        ['/api/v1/organizations', { kind: 'customer', code: 'NEWCO', name: '新客户' }],
        ['/api/v1/groups', { name: '三线', tier: 3 }],
        ['/api/v1/categories', { nameZh: '网络', nameEn: 'Network' }],
        [`/api/v1/organizations/${world.orgA.id}/departments`, { name: '新部门' }],
      ];
      for (const who of ['manager', 'agent', 'agentA', 'reqA', 'reqB'] as const) {
        for (const [url, body] of writes) expectError(await as[who].post(url, body), 403, 'error.forbidden');
        expectError(await as[who].patch(`/api/v1/users/${world.requesterA.id}`, { name: 'x' }), 403);
        expectError(await as[who].patch(`/api/v1/categories/${world.category.id}`, { nameZh: 'x' }), 403);
      }
      for (const who of ['agent', 'agentA', 'idle', 'reqA', 'reqB'] as const) {
        expectError(await as[who].get('/api/v1/audit'), 403, 'error.forbidden');
      }
      expect((await as.manager.get('/api/v1/audit')).statusCode).toBe(200);
      expect((await as.admin.get('/api/v1/audit')).statusCode).toBe(200);

      // Requesters do not browse the staff directory, nor another organisation's departments.
      expectError(await as.reqA.get('/api/v1/users'), 403);
      expectError(await as.reqA.get(`/api/v1/users/${world.agent.id}`), 403);
      expectError(await as.reqB.get('/api/v1/groups'), 403);
      expectError(await as.reqB.get(`/api/v1/organizations/${world.orgA.id}/departments`), 404);
      const orgs = (await as.reqB.get('/api/v1/organizations')).json().map((o: { id: string }) => o.id);
      expect(orgs).toEqual([world.orgB.id]);

      const anonymousCalls: [string, string][] = [
        ['GET', '/api/v1/incidents'],
        ['GET', `/api/v1/incidents/${rec.finance.id}`],
        ['POST', '/api/v1/incidents'],
        ['POST', `/api/v1/incidents/${rec.finance.id}/take`],
        ['GET', `/api/v1/attachments/${attachmentA}`],
        ['GET', '/api/v1/audit'],
        ['GET', '/api/v1/users'],
        ['POST', '/api/v1/users'],
        ['GET', '/api/v1/organizations'],
        ['GET', '/api/v1/categories'],
        ['GET', '/api/v1/auth/session'],
        ['PATCH', '/api/v1/me'],
        ['GET', '/api/v1/me/tokens'],
        ['GET', '/api/v1/priority-matrix'],
      ];
      for (const [method, url] of anonymousCalls) {
        const body = method === 'GET' ? undefined : { title: 't', description: 'd' };
        expectError(await anonymous(test, method, url, body), 401, 'error.unauthenticated');
      }
    });
  });
}
