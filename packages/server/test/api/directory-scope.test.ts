import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError } from '../support/http.js';

/**
 * The people directory is scoped like records: staff see the people of the organisations their
 * groups serve and of their own organisation; service managers and admins see everyone. A
 * specialist serving only customer A must not read customer B's people (mail, phone) by listing,
 * searching, filtering or asking for one by id.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`people directory scope [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    const clients: Record<string, Client> = {};

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      for (const who of ['agent-a', 'agent', 'idle', 'manager', 'admin', 'req-a'])
        clients[who] = await signIn(test, `${who}@test.local`, PASSWORD);
    });
    afterAll(() => test?.close());

    const emailsSeenBy = async (who: string, query = '') => {
      const res = await clients[who]!.get(`/api/v1/users${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { email: string }[]).map((u) => u.email).sort();
    };

    it('shows a specialist serving one customer only that customer and the provider', async () => {
      const seen = await emailsSeenBy('agent-a');
      expect(seen).toContain('req-a@test.local');
      expect(seen).toContain('sales-a@test.local');
      expect(seen).toContain('agent@test.local');
      expect(seen).not.toContain('req-b@test.local');
      expect(await emailsSeenBy('agent-a', '?q=req-b')).toEqual([]);
      expect(await emailsSeenBy('agent-a', `?organizationId=${world.orgB.id}`)).toEqual([]);
      expect(await emailsSeenBy('agent-a', '?role=requester')).not.toContain('req-b@test.local');
      expectError(await clients['agent-a']!.get(`/api/v1/users/${world.requesterB.id}`), 404, 'error.not_found');
      expect((await clients['agent-a']!.get(`/api/v1/users/${world.requesterA.id}`)).statusCode).toBe(200);
    });

    it('shows an agent in no group only the provider’s own people', async () => {
      const seen = await emailsSeenBy('idle');
      expect(seen).toContain('agent@test.local');
      expect(seen.filter((e) => e.startsWith('req-') || e.startsWith('sales-') || e.startsWith('colleague-'))).toEqual(
        [],
      );
    });

    it('shows agents serving both customers, managers and admins everyone', async () => {
      const everyone = (await emailsSeenBy('admin')).length;
      expect(everyone).toBeGreaterThanOrEqual(9);
      expect(await emailsSeenBy('agent')).toContain('req-b@test.local');
      expect((await emailsSeenBy('manager')).length).toBe(everyone);
    });

    it('keeps the pickers of a restricted specialist working for the people they serve', async () => {
      // The requester picker of "log on behalf of" filters by the record's organisation and the typed text.
      expect(await emailsSeenBy('agent-a', `?organizationId=${world.orgA.id}&q=req-a`)).toEqual(['req-a@test.local']);
      // The assignee picker lists staff.
      expect(await emailsSeenBy('agent-a', '?staff=true')).toEqual(
        expect.arrayContaining(['agent-a@test.local', 'agent@test.local', 'manager@test.local']),
      );
    });

    it('still refuses the directory to requesters', async () => {
      expectError(await clients['req-a']!.get('/api/v1/users'), 403, 'error.forbidden');
      expectError(await clients['req-a']!.get(`/api/v1/users/${world.requesterA.id}`), 403, 'error.forbidden');
    });
  });
}
