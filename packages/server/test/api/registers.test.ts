import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/platform/context.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError } from '../support/http.js';

const SECRET = 'imap-password-never-shown';

/** The register kit, through two registers built on it: mailboxes (admin, secrets, references) and canned replies (scoped). */
for (const dialect of await dialectsUnderTest()) {
  describe(`register kit [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let agent: Client;
    const events: DomainEvent[] = [];

    const mailbox = (name: string, extra: Record<string, unknown> = {}) => ({
      name,
      address: `${name}@desk.example.com`,
      host: '127.0.0.1',
      port: 993,
      username: name,
      password: SECRET,
      organizationId: world.orgA.id,
      unknownSender: 'create',
      ...extra,
    });
    const auditRows = (entityId: string) =>
      test.trellis.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('entity_id', '=', entityId)
        .orderBy('at')
        .execute();

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      test.trellis.bus.subscribe('*', (event) => {
        events.push(event);
      });
    });
    afterAll(async () => {
      await test?.close();
    });

    it('lists by keyset in its order, and filters', async () => {
      for (const name of ['delta', 'alpha', 'charlie', 'bravo']) {
        const res = await admin.post('/api/v1/channels/mailboxes', mailbox(name));
        expect(res.statusCode, res.body).toBe(201);
      }
      const first = await admin.get('/api/v1/channels/mailboxes?limit=3');
      expect(first.statusCode, first.body).toBe(200);
      expect((first.json() as { name: string }[]).map((m) => m.name)).toEqual(['alpha', 'bravo', 'charlie']);
      const cursor = first.headers['x-next-cursor'];
      expect(typeof cursor).toBe('string');
      const second = await admin.get(`/api/v1/channels/mailboxes?limit=3&cursor=${cursor}`);
      expect((second.json() as { name: string }[]).map((m) => m.name)).toEqual(['delta']);
      expect(second.headers['x-next-cursor']).toBeUndefined();
      // Without a limit the older array shape lists everything.
      expect((await admin.get('/api/v1/channels/mailboxes')).json()).toHaveLength(4);
      const found = await admin.get('/api/v1/channels/mailboxes?q=CHAR');
      expect((found.json() as { name: string }[]).map((m) => m.name)).toEqual(['charlie']);
      expectError(await admin.get('/api/v1/channels/mailboxes?cursor=garbage'), 400, 'error.validation');
    });

    it('answers 400 on the field that names something that does not exist', async () => {
      const res = await admin.post('/api/v1/channels/mailboxes', mailbox('orphan', { groupId: 'no-such-group' }));
      const error = expectError(res, 400, 'error.validation');
      expect(error.details).toEqual([expect.objectContaining({ path: ['groupId'] })]);
      const invalid = expectError(
        await admin.post('/api/v1/channels/mailboxes', { ...mailbox('bad'), port: 'x' }),
        400,
        'error.validation',
      );
      expect(JSON.stringify(invalid.details)).toContain('port');
    });

    it('never answers or audits a secret, and writes one audit row and one event per write', async () => {
      events.length = 0;
      const created = await admin.post('/api/v1/channels/mailboxes', mailbox('secretive'));
      expect(created.statusCode, created.body).toBe(201);
      expect(created.body).not.toContain(SECRET);
      const id = (created.json() as { id: string }).id;
      expect((await admin.get(`/api/v1/channels/mailboxes/${id}`)).body).not.toContain(SECRET);
      let rows = await auditRows(id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.after_json).toContain('[redacted]');
      expect(rows[0]!.after_json).not.toContain(SECRET);

      const updated = await admin.patch(`/api/v1/channels/mailboxes/${id}`, {
        ...mailbox('secretive'),
        password: 'a-new-secret',
        pollSeconds: 120,
      });
      expect(updated.statusCode, updated.body).toBe(200);
      rows = await auditRows(id);
      expect(rows).toHaveLength(2);
      expect(`${rows[1]!.before_json}${rows[1]!.after_json}`).not.toMatch(/a-new-secret|imap-password/);
      await new Promise((r) => setTimeout(r, 20));
      expect(events.filter((e) => e.payload?.id === id).map((e) => e.type)).toEqual([
        'mailbox.created',
        'mailbox.updated',
      ]);
    });

    it('archives: the row stays, inactive, with its own audit row', async () => {
      const created = await admin.post('/api/v1/channels/mailboxes', mailbox('retired'));
      const id = (created.json() as { id: string }).id;
      expect((await admin.delete(`/api/v1/channels/mailboxes/${id}`)).statusCode).toBe(204);
      expect((await admin.get(`/api/v1/channels/mailboxes/${id}`)).json()).toMatchObject({ active: false });
      const inactive = (await admin.get('/api/v1/channels/mailboxes?active=false')).json() as { name: string }[];
      expect(inactive.map((m) => m.name)).toEqual(['retired']);
      expect((await auditRows(id)).map((r) => r.action)).toEqual(['channel.mailbox_create', 'channel.mailbox_archive']);
      expectError(await admin.delete('/api/v1/channels/mailboxes/no-such-id'), 404);
    });

    it('is forbidden to those the policy refuses, and scoped rows are absent', async () => {
      expectError(await agent.get('/api/v1/channels/mailboxes'), 403, 'error.forbidden');
      expectError(await agent.post('/api/v1/channels/mailboxes', mailbox('nope')), 403, 'error.forbidden');
      const mine = await agent.post('/api/v1/console/canned-replies', { title: 'mine', body: 'x' });
      const id = (mine.json() as { id: string }).id;
      // Someone else's personal reply does not exist for the admin: 404, not 403.
      expectError(await admin.get(`/api/v1/console/canned-replies/${id}`), 404);
      expect((await agent.get(`/api/v1/console/canned-replies/${id}`)).json()).toMatchObject({ editable: true });
    });
  });
}
