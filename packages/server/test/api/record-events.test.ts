import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/platform/context.js';
import { createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';
import { report } from '../support/http.js';

for (const dialect of await dialectsUnderTest()) {
  describe(`record events [${dialect}]`, () => {
    let test: TestApp;
    const events: DomainEvent[] = [];

    beforeAll(async () => {
      test = await createTestApp(dialect);
      await buildWorld(test);
      test.trellis.bus.subscribe('*', (event) => {
        events.push(event);
      });
    });
    afterAll(() => test?.close());

    it('a comment event names its own timeline entry, so two quick comments are never confused', async () => {
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      const agent = await signIn(test, 'agent@test.local', PASSWORD);
      const incident = await report(requester, '打印机卡纸');
      await agent.post(`/api/v1/incidents/${incident.id}/comments`, { body: '第一条', visibility: 'public' });
      await agent.post(`/api/v1/incidents/${incident.id}/comments`, { body: '第二条', visibility: 'internal' });
      await expect.poll(() => events.filter((e) => e.type === 'incident.commented').length).toBe(2);

      const timeline = (await agent.get(`/api/v1/incidents/${incident.id}`)).json().timeline as {
        id: string;
        type: string;
        body: string;
      }[];
      const idOf = (body: string) => timeline.find((t) => t.type === 'comment' && t.body === body)?.id;
      const commented = events.filter((e) => e.type === 'incident.commented' && e.recordId === incident.id);
      expect(commented.map((e) => e.payload)).toEqual([
        { visibility: 'public', commentId: idOf('第一条') },
        { visibility: 'internal', commentId: idOf('第二条') },
      ]);
      expect(idOf('第一条')).toBeTruthy();
    });
  });
}
