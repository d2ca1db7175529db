import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';
import { anonymous, expectError, report } from '../support/http.js';
import { httpSignIn, listen, openLive, recordEvent } from '../support/sse.js';

for (const dialect of await dialectsUnderTest()) {
  describe(`live updates over server-sent events [${dialect}]`, () => {
    let test: TestApp;
    let baseUrl: string;
    let reqA: Client;
    let reqB: Client;
    let agent: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      await buildWorld(test);
      baseUrl = await listen(test);
      reqA = await signIn(test, 'req-a@test.local', PASSWORD);
      reqB = await signIn(test, 'req-b@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
    });
    afterAll(() => test?.close());

    it('streams a change to a real HTTP client, only for records the subscriber may see', async () => {
      const { cookie } = await httpSignIn(baseUrl, 'agent-a@test.local', PASSWORD);
      const live = await openLive(baseUrl, cookie);
      try {
        expect(live.contentType).toContain('text/event-stream');
        await live.next((e) => e.event === 'ready');
        const hidden = await report(reqB, 'B 的事件'); // agentA does not serve organisation B
        const seen = await report(reqA, 'A 的事件');
        const created = await live.next(recordEvent(seen.id, 'incident.created'));
        expect(created.data).toEqual({
          type: 'incident.created',
          recordId: seen.id,
          kind: 'incident',
          number: seen.number,
        });
        const taken = await agent.post(`/api/v1/incidents/${seen.id}/take`);
        expect(taken.statusCode).toBe(200);
        await live.next(recordEvent(seen.id, 'incident.taken'));
        // B's record was created before A's second change was streamed: it would be here by now.
        expect(live.events.some(recordEvent(hidden.id))).toBe(false);
        // Each change arrives once.
        expect(live.events.filter(recordEvent(seen.id, 'incident.created'))).toHaveLength(1);
      } finally {
        live.close();
      }
    });

    it('does not tell a requester that staff wrote an internal comment on their record', async () => {
      const requesterLive = await openLive(baseUrl, (await httpSignIn(baseUrl, 'req-a@test.local', PASSWORD)).cookie);
      const agentLive = await openLive(baseUrl, (await httpSignIn(baseUrl, 'agent@test.local', PASSWORD)).cookie);
      try {
        await requesterLive.next((e) => e.event === 'ready');
        await agentLive.next((e) => e.event === 'ready');
        const mine = await report(reqA, '内部备注不外泄');
        const comment = (visibility: 'internal' | 'public') =>
          agent.post(`/api/v1/incidents/${mine.id}/comments`, { body: `${visibility} 备注`, visibility });
        expect((await comment('internal')).statusCode).toBe(200);
        expect((await comment('public')).statusCode).toBe(200);
        // Staff see both; the public one reaches the requester, and the internal one, sent first, would be here by then.
        await agentLive.next(() => agentLive.events.filter(recordEvent(mine.id, 'incident.commented')).length === 2);
        await requesterLive.next(recordEvent(mine.id, 'incident.commented'));
        const sentinel = await report(reqA, '哨兵');
        await requesterLive.next(recordEvent(sentinel.id, 'incident.created'));
        expect(requesterLive.events.filter(recordEvent(mine.id, 'incident.commented'))).toHaveLength(1);
        expect(agentLive.events.filter(recordEvent(mine.id, 'incident.commented'))).toHaveLength(2);
      } finally {
        requesterLive.close();
        agentLive.close();
      }
    });

    it('needs a session', async () => {
      expectError(await anonymous(test, 'GET', '/api/v1/live'), 401, 'error.unauthenticated');
    });
  });
}
