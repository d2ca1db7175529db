import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { report } from '../support/http.js';

/** Requests that race each other: on PostgreSQL they really run in parallel transactions. */
for (const dialect of await dialectsUnderTest()) {
  describe(`concurrent requests [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let staff: Client[];
    let requester: Client;
    let admin: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      staff = [
        admin,
        await signIn(test, 'manager@test.local', PASSWORD),
        await signIn(test, 'agent@test.local', PASSWORD),
        await signIn(test, 'agent-a@test.local', PASSWORD),
      ];
    });
    afterAll(() => test?.close());

    const statuses = (responses: { statusCode: number }[]) => responses.map((r) => r.statusCode).sort();

    it('gives a record one first owner however many take it at once', async () => {
      for (let round = 0; round < 3; round++) {
        const inc = await report(requester, `同时受理 ${round}`);
        const responses = await Promise.all(staff.map((c) => c.post(`/api/v1/incidents/${inc.id}/take`)));
        for (const res of responses) expect([200, 409], res.body).toContain(res.statusCode);
        const view = (await admin.get(`/api/v1/incidents/${inc.id}`)).json();
        const takes = view.timeline.filter((t: { type: string }) => t.type === 'taken');
        const owners = takes.filter((t: { data: { owner: boolean } }) => t.data.owner);
        expect(owners, 'exactly one taker became the owner').toHaveLength(1);
        expect(view.owner.id).toBe(owners[0].actor.id);
        expect(view.state).toBe('in_progress');
        expect(takes).toHaveLength(responses.filter((r) => r.statusCode === 200).length);
      }
    });

    it('confirms once when the requester double-clicks', async () => {
      const inc = await report(requester, '双击确认');
      await staff[2]!.post(`/api/v1/incidents/${inc.id}/take`);
      await staff[2]!.post(`/api/v1/incidents/${inc.id}/resolve`, { cause: 'c', solution: 's', timeSpentMinutes: 30 });
      const responses = await Promise.all([
        requester.post(`/api/v1/incidents/${inc.id}/confirm`, { rating: 5 }),
        requester.post(`/api/v1/incidents/${inc.id}/confirm`, { rating: 1 }),
        requester.post(`/api/v1/incidents/${inc.id}/confirm`, { rating: 3 }),
      ]);
      expect(statuses(responses)).toEqual([200, 409, 409]);
      const ok = responses.find((r) => r.statusCode === 200)!;
      const view = (await requester.get(`/api/v1/incidents/${inc.id}`)).json();
      expect(view.rating).toBe(ok.json().rating);
      expect(view.timeline.filter((t: { type: string }) => t.type === 'confirmed')).toHaveLength(1);
    });

    it('numbers records uniquely and without gaps under load', async () => {
      const responses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          requester.post('/api/v1/incidents', { title: `并发报障 ${i}`, description: 'd' }),
        ),
      );
      for (const res of responses) expect(res.statusCode, res.body).toBe(201);
      const seqs = responses.map((r) => Number(r.json().number.slice(-6))).sort((a, b) => a - b);
      expect(new Set(seqs).size).toBe(12);
      expect(seqs.at(-1)! - seqs[0]!).toBe(11);
    });

    it('answers racing duplicates with 409, never 500', async () => {
      const users = await Promise.all(
        Array.from({ length: 4 }, () =>
          admin.post('/api/v1/users', {
            email: 'twin@test.local',
            name: '双胞胎',
            role: 'requester',
            organizationId: world.orgA.id,
            password: 'long-enough-pw',
          }),
        ),
      );
      expect(statuses(users)).toEqual([201, 409, 409, 409]);
      const groups = await Promise.all(
        Array.from({ length: 4 }, () => admin.post('/api/v1/groups', { name: '同名组', tier: 1 })),
      );
      expect(statuses(groups)).toEqual([201, 409, 409, 409]);
      const orgs = await Promise.all(
        Array.from({ length: 4 }, () => admin.post('/api/v1/organizations', { code: 'SAME', name: '同码' })),
      );
      expect(statuses(orgs)).toEqual([201, 409, 409, 409]);

      const inc = await report(requester, '同时关注');
      const watches = await Promise.all(
        staff.map((c) => c.post(`/api/v1/incidents/${inc.id}/watchers`, { userId: world.colleagueA.id })),
      );
      for (const res of watches) expect([200, 409], res.body).toContain(res.statusCode);
      expect((await admin.get(`/api/v1/incidents/${inc.id}`)).json().watchers).toHaveLength(1);
    });
  });
}
