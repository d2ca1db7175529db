import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError } from '../support/http.js';

/** Who may do a thing is answered before whether the thing fits the current state, and requesters give urgency only. */
for (const dialect of await dialectsUnderTest()) {
  describe(`permission before state, urgency not impact [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let requester: Client;
    let agent: Client;
    let manager: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      manager = await signIn(test, 'manager@test.local', PASSWORD);
    });
    afterAll(() => test?.close());

    it('refuses a requester who sets the impact of their own incident, naming the field', async () => {
      const refused = expectError(
        await requester.post('/api/v1/incidents', { title: '全厂断网', description: 'd', urgency: 1, impact: 1 }),
        403,
        'incident.impact_by_desk',
      );
      expect(refused.details).toEqual([expect.objectContaining({ path: ['impact'] })]);
      const mine = await requester.get('/api/v1/incidents?q=全厂断网');
      expect(mine.json().items).toHaveLength(0);

      // Urgency is theirs to give; the desk's default impact decides the level until an agent classifies it.
      const urgent = await requester.post('/api/v1/incidents', { title: '打印机坏了', description: 'd', urgency: 1 });
      expect(urgent.statusCode, urgent.body).toBe(201);
      expect(urgent.json()).toMatchObject({ urgency: 1, impact: 3 });
      expect(urgent.json().level).not.toBe(1);

      // Staff logging a call assess the impact themselves.
      const logged = await agent.post('/api/v1/incidents', {
        title: '代录：全厂断网',
        description: 'd',
        urgency: 1,
        impact: 1,
        requesterId: world.requesterA.id,
      });
      expect(logged.statusCode, logged.body).toBe(201);
      expect(logged.json()).toMatchObject({ impact: 1, level: 1 });

      // A requester cannot classify either.
      expectError(
        await requester.post(`/api/v1/incidents/${urgent.json().id}/classify`, { impact: 1 }),
        403,
        'error.forbidden',
      );
    });

    it('answers 403, not 409, when someone without the right tries an article action the state forbids', async () => {
      const created = await agent.post('/api/v1/knowledge/articles', {
        title: '顺序检查',
        body: '<p>先权限后状态</p>',
        audience: 'agents',
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      // A desk agent is no reviewer: every review action is forbidden, whatever the draft's state allows.
      for (const action of ['approve', 'reject', 'retire', 'restore']) {
        expectError(await agent.post(`/api/v1/knowledge/articles/${id}/${action}`), 403, 'error.forbidden');
      }
      // A reviewer hitting the wrong state still learns it is the state.
      expectError(await manager.post(`/api/v1/knowledge/articles/${id}/restore`), 409);
      expect((await agent.post(`/api/v1/knowledge/articles/${id}/submit`)).statusCode).toBe(200);
      expect((await manager.post(`/api/v1/knowledge/articles/${id}/approve`)).statusCode).toBe(200);
      // Published: the agent still gets 403 for review actions, and for submitting again a 409 (they may submit).
      for (const action of ['approve', 'reject', 'retire', 'restore']) {
        expectError(await agent.post(`/api/v1/knowledge/articles/${id}/${action}`), 403, 'error.forbidden');
      }
      expectError(await agent.post(`/api/v1/knowledge/articles/${id}/submit`), 409);
    });
  });
}
