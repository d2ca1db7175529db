import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';
import { expectError, report } from '../support/http.js';

/**
 * "Take" is exclusive, and a write made from a stale screen is refused: clients send the version
 * they loaded in If-Match; a record changed since answers 409 instead of silently overwriting.
 * On PostgreSQL the racing requests run in parallel transactions.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`exclusive take and record versions [${dialect}]`, () => {
    let test: TestApp;
    let requester: Client;
    let agent: Client;
    let specialist: Client;
    let admin: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      await buildWorld(test);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      specialist = await signIn(test, 'agent-a@test.local', PASSWORD);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
    });
    afterAll(() => test?.close());

    const versionOf = async (id: string) => (await admin.get(`/api/v1/incidents/${id}`)).json().version as number;
    const withVersion = (client: Client, url: string, version: number, body: unknown = {}, locale = 'zh-CN') =>
      client.request('POST', url, body, { 'if-match': `"${version}"`, 'x-trellis-locale': locale });

    it('refuses a second take with 409 naming who took it, in the reader’s language', async () => {
      const inc = await report(requester, '第二人受理');
      expect((await agent.post(`/api/v1/incidents/${inc.id}/take`)).statusCode).toBe(200);
      const zh = expectError(await specialist.post(`/api/v1/incidents/${inc.id}/take`), 409, 'incident.already_taken');
      expect(zh.message).toContain('agent');
      expect(zh.message).toMatch(/[\u4e00-\u9fff]/);
      const en = expectError(
        await specialist.request('POST', `/api/v1/incidents/${inc.id}/take`, {}, { 'x-trellis-locale': 'en-US' }),
        409,
        'incident.already_taken',
      );
      expect(en.message).toMatch(/already taken by agent/i);
      expect(en.details).toMatchObject({ assignee: { name: 'agent' } });
      const view = (await admin.get(`/api/v1/incidents/${inc.id}`)).json();
      expect(view.assignee.name).toBe('agent');
    });

    it('lets exactly one of many racing takers have the record', async () => {
      for (let round = 0; round < 3; round++) {
        const inc = await report(requester, `并发受理 ${round}`);
        const responses = await Promise.all(
          [agent, specialist, admin, agent, specialist].map((c) => c.post(`/api/v1/incidents/${inc.id}/take`)),
        );
        const ok = responses.filter((r) => r.statusCode === 200);
        expect(ok, responses.map((r) => `${r.statusCode} ${r.body.slice(0, 80)}`).join('\n')).toHaveLength(1);
        for (const res of responses.filter((r) => r.statusCode !== 200)) {
          expect(res.statusCode, res.body).toBe(409);
          expect(['incident.already_taken', 'error.conflict']).toContain(res.json().error.code);
        }
        const view = (await admin.get(`/api/v1/incidents/${inc.id}`)).json();
        expect(view.assignee.id).toBe(ok[0]!.json().assignee.id);
        expect(view.timeline.filter((t: { type: string }) => t.type === 'taken')).toHaveLength(1);
      }
    });

    it('answers every incident with its version, bumped by each change', async () => {
      const inc = await report(requester, '版本号');
      const v1 = await versionOf(inc.id);
      expect(Number.isInteger(v1)).toBe(true);
      const taken = await withVersion(agent, `/api/v1/incidents/${inc.id}/take`, v1);
      expect(taken.statusCode, taken.body).toBe(200);
      expect(taken.json().version).toBeGreaterThan(v1);
    });

    it('refuses a write made from a stale version with 409, and changes nothing', async () => {
      const inc = await report(requester, '过期写入');
      await agent.post(`/api/v1/incidents/${inc.id}/take`);
      const seen = await versionOf(inc.id);
      const first = await withVersion(agent, `/api/v1/incidents/${inc.id}/classify`, seen, { impact: 2, urgency: 2 });
      expect(first.statusCode, first.body).toBe(200);
      const stale = expectError(
        await withVersion(agent, `/api/v1/incidents/${inc.id}/classify`, seen, { impact: 4, urgency: 4 }, 'en-US'),
        409,
        'record.stale',
      );
      expect(stale.message).toMatch(/changed/i);
      const view = (await admin.get(`/api/v1/incidents/${inc.id}`)).json();
      expect(view.impact).toBe(2);
      expect(view.version).toBe(first.json().version);
      // A malformed version is the caller's mistake.
      expectError(
        await agent.request('POST', `/api/v1/incidents/${inc.id}/classify`, { impact: 3 }, { 'if-match': 'abc' }),
        400,
        'error.validation',
      );
    });

    it('lets only one of two racing writes from the same version through', async () => {
      for (let round = 0; round < 3; round++) {
        const inc = await report(requester, `并发改级 ${round}`);
        await agent.post(`/api/v1/incidents/${inc.id}/take`);
        const seen = await versionOf(inc.id);
        const responses = await Promise.all([
          withVersion(agent, `/api/v1/incidents/${inc.id}/classify`, seen, { impact: 1, urgency: 2 }),
          withVersion(admin, `/api/v1/incidents/${inc.id}/classify`, seen, { impact: 4, urgency: 4 }),
        ]);
        expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
        const winner = responses.find((r) => r.statusCode === 200)!.json();
        const view = (await admin.get(`/api/v1/incidents/${inc.id}`)).json();
        expect(view.impact).toBe(winner.impact);
      }
    });

    it('checks versions on the other record kinds through the same kit', async () => {
      const problem = await admin.post('/api/v1/problems', { title: '反复断网', description: '多次断网' });
      expect(problem.statusCode, problem.body).toBe(201);
      const { id, version } = problem.json();
      expect(Number.isInteger(version)).toBe(true);
      const first = await admin.request(
        'PATCH',
        `/api/v1/problems/${id}`,
        { title: '反复断网（一楼）' },
        {
          'if-match': `"${version}"`,
        },
      );
      expect(first.statusCode, first.body).toBe(200);
      expectError(
        await admin.request('PATCH', `/api/v1/problems/${id}`, { title: '覆盖' }, { 'if-match': `"${version}"` }),
        409,
        'record.stale',
      );
    });
  });
}
