import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { anonymous, expectError, withToken } from '../support/http.js';

const login = (test: TestApp, email: string, password: string, headers: Record<string, string> = {}) =>
  test.trellis.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers });

const sessionCookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'trellis_session');

for (const dialect of await dialectsUnderTest()) {
  describe(`authentication [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    beforeAll(async () => {
      test = await createTestApp(dialect, { TRELLIS_TRUST_PROXY: 'on' }); // as behind a TLS-terminating proxy
      world = await buildWorld(test);
    });
    afterAll(() => test?.close());

    it('refuses a wrong password with 401 and signs in with the right one', async () => {
      expectError(await login(test, 'req-a@test.local', 'wrong-password'), 401, 'auth.invalid_credentials');
      expectError(await login(test, 'req-a@test.local', ''), 400, 'error.validation');
      const ok = await login(test, '  REQ-A@Test.Local ', PASSWORD);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().user.id).toBe(world.requesterA.id);
      expect(ok.json().csrfToken.length).toBeGreaterThan(20);
      expect(ok.json().abilities).toMatchObject({ useConsole: false, administer: false, viewAudit: false });
    });

    it("carries the registry's abilities in the session, derived from policies, not roles", async () => {
      const can = async (email: string) =>
        (await (await signIn(test, email, PASSWORD)).get('/api/v1/auth/session')).json().can as Record<string, boolean>;
      const [requester, agent, manager, admin] = await Promise.all(
        ['req-a@test.local', 'agent@test.local', 'manager@test.local', 'admin@test.local'].map(can),
      );
      expect(requester).toMatchObject({ 'console.use': false, 'console.curate': false, 'portal.report': true });
      expect(agent).toMatchObject({ 'console.use': true, 'console.curate': false, 'article.write': true });
      expect(manager).toMatchObject({ 'console.curate': true, 'article.oversee': true, 'sla.manage': false });
      expect(admin).toMatchObject({ 'sla.manage': true, 'adminArea.enter': true, 'cmdb.manageClasses': true });
      // Rules about one thing (which article, which record) are not session abilities.
      expect(Object.keys(admin ?? {})).not.toContain('article.view');
    });

    it('sets an HttpOnly, SameSite=Lax session cookie, Secure behind HTTPS', async () => {
      const plain = sessionCookie(await login(test, 'agent@test.local', PASSWORD));
      expect(plain).toBeDefined();
      expect(plain?.httpOnly).toBe(true);
      expect(plain?.sameSite).toBe('Lax');
      expect(plain?.path).toBe('/');
      expect(plain?.secure).toBeFalsy();
      const tls = sessionCookie(await login(test, 'agent@test.local', PASSWORD, { 'x-forwarded-proto': 'https' }));
      expect(tls?.secure).toBe(true);
      // Only a hash of the cookie value is stored.
      const ids = (await test.trellis.database.db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
      expect(ids).not.toContain(plain?.value);
    });

    it('requires the CSRF token on cookie-authenticated writes, not on reads', async () => {
      const app = test.trellis.app;
      const res = await login(test, 'req-a@test.local', PASSWORD);
      const cookie = `trellis_session=${sessionCookie(res)?.value}`;
      const other = await login(test, 'colleague-a@test.local', PASSWORD);
      const body = { title: 'CSRF 检查', description: 'd' };
      const post = (headers: Record<string, string>) =>
        app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { cookie, ...headers }, payload: body });

      expectError(await post({}), 403, 'error.csrf');
      expectError(await post({ 'x-csrf-token': 'wrong' }), 403, 'error.csrf');
      expectError(await post({ 'x-csrf-token': '' }), 403, 'error.csrf');
      expectError(await post({ 'x-csrf-token': other.json().csrfToken }), 403, 'error.csrf');
      for (const method of ['PATCH', 'DELETE'] as const) {
        const url = method === 'PATCH' ? '/api/v1/me' : '/api/v1/me/tokens/whatever';
        expectError(await app.inject({ method, url, headers: { cookie }, payload: {} }), 403, 'error.csrf');
      }
      expect((await app.inject({ method: 'GET', url: '/api/v1/incidents', headers: { cookie } })).statusCode).toBe(200);
      expect((await post({ 'x-csrf-token': res.json().csrfToken })).statusCode).toBe(201);
      // None of the refused writes created anything.
      const mine = (await app.inject({ method: 'GET', url: '/api/v1/incidents?q=CSRF', headers: { cookie } })).json();
      expect(mine.items).toHaveLength(1);
    });

    it('ends the session on logout, and an expired session is no session', async () => {
      const client = await signIn(test, 'sales-a@test.local', PASSWORD);
      expect((await client.get('/api/v1/auth/session')).statusCode).toBe(200);
      const out = await client.post('/api/v1/auth/logout');
      expect(out.statusCode).toBe(204);
      const cleared = sessionCookie(out);
      expect(cleared?.value ?? '').toBe('');
      expectError(await client.get('/api/v1/auth/session'), 401, 'error.unauthenticated');
      expectError(await client.get('/api/v1/incidents'), 401, 'error.unauthenticated');

      const later = await signIn(test, 'sales-a@test.local', PASSWORD);
      await test.trellis.database.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('user_id', '=', world.salesPersonA.id)
        .execute();
      expectError(await later.get('/api/v1/incidents'), 401, 'error.unauthenticated');
    });

    it('issues API tokens once, accepts them as Bearer without CSRF, and forgets them when revoked', async () => {
      const agent = await signIn(test, 'agent@test.local', PASSWORD);
      const created = await agent.post('/api/v1/me/tokens', { name: '监控集成' });
      expect(created.statusCode, created.body).toBe(201);
      const { token, id } = created.json();
      expect(token).toMatch(/^trl_[A-Za-z0-9_-]{40,}$/);

      const listed = await agent.get('/api/v1/me/tokens');
      expect(listed.json().map((t: { id: string }) => t.id)).toContain(id);
      expect(listed.body).not.toContain(token);
      const stored = await test.trellis.database.db.selectFrom('api_tokens').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(token);

      const session = await withToken(test, token, 'GET', '/api/v1/auth/session');
      expect(session.statusCode).toBe(200);
      expect(session.json().user.id).toBe(world.agent.id);
      expect(session.json().csrfToken).toBe('');

      const reported = await withToken(test, token, 'POST', '/api/v1/incidents', {
        title: '监控告警：磁盘空间不足',
        description: '/var 使用率 95%',
        requesterId: world.requesterA.id,
      });
      expect(reported.statusCode, reported.body).toBe(201);
      expect(reported.json().channel).toBe('api');
      expect(reported.json().requester.id).toBe(world.requesterA.id);

      // Someone else cannot revoke it; its owner can, and then it stops working.
      const admin = await signIn(test, 'admin@test.local', PASSWORD);
      expectError(await admin.delete(`/api/v1/me/tokens/${id}`), 404, 'error.not_found');
      expect((await withToken(test, token, 'GET', '/api/v1/incidents')).statusCode).toBe(200);
      expect((await agent.delete(`/api/v1/me/tokens/${id}`)).statusCode).toBe(204);
      expectError(await withToken(test, token, 'GET', '/api/v1/incidents'), 401, 'error.unauthenticated');
      expectError(await agent.delete(`/api/v1/me/tokens/${id}`), 404);
      expect((await agent.get('/api/v1/me/tokens')).json()).toEqual([]);

      for (const garbage of ['trl_garbage', 'garbage', `${token}x`, 'trl_', '']) {
        expectError(await withToken(test, garbage, 'GET', '/api/v1/incidents'), 401, 'error.unauthenticated');
      }
      // A bad token is not rescued by a valid cookie sent alongside it.
      const cookieAndBadToken = await test.trellis.app.inject({
        method: 'GET',
        url: '/api/v1/incidents',
        headers: { authorization: 'Bearer trl_nope', cookie: `trellis_session=whatever` },
      });
      expectError(cookieAndBadToken, 401);
    });

    it('revokes API tokens when an admin resets the password or deactivates the person', async () => {
      const admin = await signIn(test, 'admin@test.local', PASSWORD);
      const specialist = await signIn(test, 'agent-a@test.local', PASSWORD);
      const mint = async () => {
        const res = await specialist.post('/api/v1/me/tokens', { name: `集成 ${Math.random()}` });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().token as string;
      };
      const first = await mint();
      expect((await withToken(test, first, 'GET', '/api/v1/incidents')).statusCode).toBe(200);
      const reset = await admin.patch(`/api/v1/users/${world.agentA.id}`, { password: 'a-fresh-passphrase-7' });
      expect(reset.statusCode, reset.body).toBe(200);
      expectError(await withToken(test, first, 'GET', '/api/v1/incidents'), 401, 'error.unauthenticated');

      const second = await (await signIn(test, 'agent-a@test.local', 'a-fresh-passphrase-7')).post(
        '/api/v1/me/tokens',
        { name: '第二个集成' },
      );
      const token = second.json().token as string;
      expect((await withToken(test, token, 'GET', '/api/v1/incidents')).statusCode).toBe(200);
      expect((await admin.patch(`/api/v1/users/${world.agentA.id}`, { active: false })).statusCode).toBe(200);
      // Switching the person back on does not switch their old tokens back on.
      expect((await admin.patch(`/api/v1/users/${world.agentA.id}`, { active: true })).statusCode).toBe(200);
      expectError(await withToken(test, token, 'GET', '/api/v1/incidents'), 401, 'error.unauthenticated');
      const { db } = test.trellis.database;
      const live = await db
        .selectFrom('api_tokens')
        .select('id')
        .where('user_id', '=', world.agentA.id)
        .where('revoked_at', 'is', null)
        .execute();
      expect(live).toEqual([]);
      // Editing someone's name is no reason to cut their integrations off.
      const third = await (await signIn(test, 'agent-a@test.local', 'a-fresh-passphrase-7')).post('/api/v1/me/tokens', {
        name: '第三个集成',
      });
      expect((await admin.patch(`/api/v1/users/${world.agentA.id}`, { phone: '8001' })).statusCode).toBe(200);
      expect((await withToken(test, third.json().token, 'GET', '/api/v1/incidents')).statusCode).toBe(200);
    });

    it('does not let an API token create tokens: only a signed-in person may', async () => {
      const agent = await signIn(test, 'agent@test.local', PASSWORD);
      const { token, id } = (await agent.post('/api/v1/me/tokens', { name: '只读集成' })).json();
      expectError(
        await withToken(test, token, 'POST', '/api/v1/me/tokens', { name: '孳生' }),
        403,
        'auth.token_cannot_mint',
      );
      const count = await test.trellis.database.db
        .selectFrom('api_tokens')
        .select('id')
        .where('user_id', '=', world.agent.id)
        .where('revoked_at', 'is', null)
        .execute();
      expect(count.map((r) => r.id)).toEqual([id]);
      // The token still does its ordinary work.
      expect((await withToken(test, token, 'GET', '/api/v1/incidents')).statusCode).toBe(200);
    });

    it('sends security headers on pages, API answers and errors', async () => {
      const client = await signIn(test, 'req-a@test.local', PASSWORD);
      const responses = [
        await anonymous(test, 'GET', '/healthz'),
        await anonymous(test, 'GET', '/api/v1/incidents'),
        await client.get('/api/v1/incidents'),
        await client.get('/api/v1/no-such-route'),
        await login(test, 'req-a@test.local', 'wrong-password'),
      ];
      for (const res of responses) {
        const csp = String(res.headers['content-security-policy'] ?? '');
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("object-src 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(csp.includes("frame-ancestors 'none'") || res.headers['x-frame-options'] !== undefined).toBe(true);
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('stores passwords as argon2id hashes and never shows them in the audit log or any answer', async () => {
      const admin = await signIn(test, 'admin@test.local', PASSWORD);
      const secret = 'Very-Secret-Passw0rd';
      const created = await admin.post('/api/v1/users', {
        email: 'new-hire@test.local',
        name: '新员工',
        role: 'requester',
        organizationId: world.orgA.id,
        departmentId: world.financeA.id,
        password: secret,
      });
      expect(created.statusCode, created.body).toBe(201);
      const newSecret = 'Another-Secret-Passw0rd';
      const updated = await admin.patch(`/api/v1/users/${created.json().id}`, { password: newSecret });
      expect(updated.statusCode, updated.body).toBe(200);
      const signedIn = await login(test, 'new-hire@test.local', newSecret);
      expect(signedIn.statusCode).toBe(200);

      const { db } = test.trellis.database;
      const users = await db.selectFrom('users').select(['email', 'password_hash']).execute();
      expect(users.length).toBeGreaterThan(9);
      for (const u of users) expect(u.password_hash, u.email).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      const hashes = users.map((u) => u.password_hash!);

      const auditRows = JSON.stringify(
        (await db.selectFrom('audit_events').selectAll().execute()).map(({ before_json, after_json, ...row }) => ({
          ...row,
          before: before_json === null ? null : JSON.parse(before_json),
          after: after_json === null ? null : JSON.parse(after_json),
        })),
      );
      const answers = [
        created.body,
        updated.body,
        signedIn.body,
        (await admin.get('/api/v1/users')).body,
        (await admin.get(`/api/v1/users/${created.json().id}`)).body,
        (await admin.get('/api/v1/audit?limit=200')).body,
        (await admin.get('/api/v1/auth/session')).body,
      ];
      for (const text of [auditRows, ...answers]) {
        for (const needle of [secret, newSecret, PASSWORD, '$argon2', ...hashes]) expect(text).not.toContain(needle);
        // The audit log may say a hash was set, but only as "[redacted]".
        expect(text).not.toMatch(/"password_?hash"\s*:\s*"(?!\[redacted\])/i);
      }
      expect(auditRows).toContain('user.update_with_password');
      expect(auditRows).toContain('"password_hash":"[redacted]"');
    });
  });

  describe(`sign-in throttling [${dialect}]`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp(dialect, { TRELLIS_LOGIN_MAX_FAILURES: '3', TRELLIS_LOGIN_LOCK_MINUTES: '1' });
      await buildWorld(test);
    });
    afterAll(() => test?.close());

    const attempt = async (email: string, password: string) => {
      const res = await login(test, email, password);
      return {
        status: res.statusCode,
        code: res.json().error?.code as string | undefined,
        message: res.json().error?.message as string | undefined,
        retryAfter: res.headers['retry-after'] as string | undefined,
      };
    };

    it('locks an account after repeated failures, even against the right password', async () => {
      const seen = [];
      for (let i = 0; i < 3; i++) seen.push(await attempt('req-a@test.local', `wrong-${i}`));
      expect(seen.slice(0, 2).map((s) => s.code)).toEqual(['auth.invalid_credentials', 'auth.invalid_credentials']);
      expect(seen[2]).toMatchObject({ status: 429, code: 'auth.locked' });

      const locked = await attempt('req-a@test.local', PASSWORD);
      expect(locked).toMatchObject({ status: 429, code: 'auth.locked' });
      const retry = Number(locked.retryAfter);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(60);
      expect(locked.message).toContain('1');
      // Spelling the address differently does not get round the lock.
      expect(await attempt(' REQ-A@TEST.LOCAL', PASSWORD)).toMatchObject({ status: 429, code: 'auth.locked' });
      // Other people are not affected.
      expect((await attempt('colleague-a@test.local', PASSWORD)).status).toBe(200);
    });

    it('answers unknown e-mail addresses exactly as known ones', async () => {
      const known = [];
      const unknown = [];
      for (let i = 0; i < 4; i++) {
        known.push(await attempt('sales-a@test.local', `wrong-${i}`));
        unknown.push(await attempt('nobody-here@test.local', `wrong-${i}`));
      }
      const shape = (r: Awaited<ReturnType<typeof attempt>>) => [
        r.status,
        r.code,
        r.message,
        r.retryAfter !== undefined,
      ];
      expect(unknown.map(shape)).toEqual(known.map(shape));
      expect(known.map((r) => r.status)).toEqual([401, 401, 429, 429]);
    });

    it('forgets earlier failures after a successful sign-in', async () => {
      for (let i = 0; i < 2; i++) expect((await attempt('req-b@test.local', 'wrong')).status).toBe(401);
      expect((await attempt('req-b@test.local', PASSWORD)).status).toBe(200);
      for (let i = 0; i < 2; i++) expect((await attempt('req-b@test.local', 'wrong')).status).toBe(401);
      expect((await attempt('req-b@test.local', PASSWORD)).status).toBe(200);
    });

    it('lets the person in again once the lock has run out', async () => {
      for (let i = 0; i < 3; i++) await attempt('agent@test.local', 'wrong');
      expect((await attempt('agent@test.local', PASSWORD)).status).toBe(429);
      // Move the lock into the past rather than waiting a minute.
      await sql`update login_attempts set locked_until = ${new Date(Date.now() - 1000).toISOString()}`.execute(
        test.trellis.database.db,
      );
      expect((await attempt('agent@test.local', PASSWORD)).status).toBe(200);
    });
  });

  describe(`sign-in locks that an attacker cannot turn against the owner [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    beforeAll(async () => {
      test = await createTestApp(dialect, {
        TRELLIS_LOGIN_MAX_FAILURES: '3',
        TRELLIS_LOGIN_LOCK_MINUTES: '1',
        TRELLIS_LOGIN_SOURCE_MAX_FAILURES: '8',
      });
      world = await buildWorld(test);
    });
    afterAll(() => test?.close());

    /** A sign-in from a network address, with the device cookie of an earlier sign-in when given. */
    const from = (source: string, email: string, password: string, device?: string) =>
      test.trellis.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
        remoteAddress: source,
        ...(device ? { cookies: { trellis_device: device } } : {}),
      });
    const deviceOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'trellis_device');
    const hammer = async (source: string, email: string, times: number) => {
      const statuses = [];
      for (let i = 0; i < times; i++) statuses.push((await from(source, email, `wrong-${i}`)).statusCode);
      return statuses;
    };

    it('locks the attacking source, not the owner signing in from elsewhere', async () => {
      expect(await hammer('203.0.113.9', 'req-a@test.local', 6)).toEqual([401, 401, 429, 429, 429, 429]);
      expectError(await from('203.0.113.9', 'req-a@test.local', PASSWORD), 429, 'auth.locked');
      const owner = await from('198.51.100.7', 'req-a@test.local', PASSWORD);
      expect(owner.statusCode, owner.body).toBe(200);
      // One source cannot build up an address-wide lock over time either: its lock running out and
      // starting again, as a patient attacker would, still leaves the owner's other source open.
      await sql`update login_attempts set locked_until = ${new Date(Date.now() - 1000).toISOString()} where locked_until is not null`.execute(
        test.trellis.database.db,
      );
      expect(await hammer('203.0.113.9', 'req-a@test.local', 3)).toEqual([401, 401, 429]);
      expect((await from('198.51.100.8', 'req-a@test.local', PASSWORD)).statusCode).toBe(200);
    });

    it('keeps slowing down repeated failures from a source', async () => {
      await hammer('203.0.113.20', 'colleague-a@test.local', 2);
      const started = Date.now();
      expect((await from('203.0.113.20', 'colleague-a@test.local', 'wrong')).statusCode).toBe(429);
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    });

    it('lets a known device in, and clear the lock, when many sources have locked the address', async () => {
      const first = await from('198.51.100.50', 'sales-a@test.local', PASSWORD);
      expect(first.statusCode).toBe(200);
      const device = deviceOf(first);
      expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
      expect(device?.value.length).toBeGreaterThan(30);

      // A distributed attack: three sources each run into their own lock.
      for (const source of ['203.0.113.31', '203.0.113.32', '203.0.113.33'])
        await hammer(source, 'sales-a@test.local', 3);
      // The address is now locked for devices never seen before, from any source …
      expectError(await from('192.0.2.44', 'sales-a@test.local', PASSWORD), 429, 'auth.locked');
      // … but not for the owner's known device, from wherever it is.
      const known = await from('192.0.2.45', 'sales-a@test.local', PASSWORD, device?.value);
      expect(known.statusCode, known.body).toBe(200);
      // Their success lifts the lock.
      expect((await from('192.0.2.44', 'sales-a@test.local', PASSWORD)).statusCode).toBe(200);

      // A device cookie is no master key: it is the owner's only, and it has a failure limit of its own.
      expectError(await from('192.0.2.46', 'req-b@test.local', 'wrong', device?.value), 401);
      const withDevice = [];
      for (let i = 0; i < 3; i++)
        withDevice.push((await from('192.0.2.47', 'sales-a@test.local', 'nope', device?.value)).statusCode);
      expect(withDevice).toEqual([401, 401, 429]);
      expectError(await from('192.0.2.48', 'sales-a@test.local', PASSWORD, device?.value), 429, 'auth.locked');
      // Locking the device locks neither the address nor other sources.
      expect((await from('192.0.2.49', 'sales-a@test.local', PASSWORD)).statusCode).toBe(200);
    });

    it('locks a source that tries many addresses, without touching other sources', async () => {
      const spray = [];
      for (const email of ['a1@test.local', 'a2@test.local', 'a3@test.local', 'a4@test.local', 'a5@test.local'])
        spray.push(...(await hammer('203.0.113.77', email, 2)));
      // The eighth failure from the source reaches its limit; no address got near its own.
      expect(spray.slice(0, 7)).toEqual([401, 401, 401, 401, 401, 401, 401]);
      expect(spray.slice(7)).toEqual([429, 429, 429]);
      expectError(await from('203.0.113.77', 'agent@test.local', PASSWORD), 429, 'auth.locked');
      expect((await from('198.51.100.99', 'agent@test.local', PASSWORD)).statusCode).toBe(200);
    });

    it('lets an admin unlock an address, and a password reset clears the lock too', async () => {
      const admin = await signIn(test, 'admin@test.local', PASSWORD);
      for (const source of ['203.0.113.41', '203.0.113.42', '203.0.113.43']) await hammer(source, 'idle@test.local', 3);
      expectError(await from('192.0.2.60', 'idle@test.local', PASSWORD), 429, 'auth.locked');
      expectError(await from('203.0.113.41', 'idle@test.local', PASSWORD), 429, 'auth.locked');

      const agent = await signIn(test, 'agent@test.local', PASSWORD);
      expectError(await agent.post(`/api/v1/users/${world.idle.id}/unlock`), 403);
      const unlocked = await admin.post(`/api/v1/users/${world.idle.id}/unlock`);
      expect(unlocked.statusCode, unlocked.body).toBe(204);
      expect((await from('192.0.2.60', 'idle@test.local', PASSWORD)).statusCode).toBe(200);
      expect((await from('203.0.113.41', 'idle@test.local', PASSWORD)).statusCode).toBe(200);
      const audit = await admin.get(`/api/v1/audit?entityId=${world.idle.id}`);
      expect(audit.body).toContain('user.unlock');

      for (const source of ['203.0.113.51', '203.0.113.52', '203.0.113.53']) await hammer(source, 'idle@test.local', 3);
      expectError(await from('203.0.113.51', 'idle@test.local', PASSWORD), 429, 'auth.locked');
      const reset = await admin.patch(`/api/v1/users/${world.idle.id}`, { password: 'quiet-meadow-lantern-3' });
      expect(reset.statusCode, reset.body).toBe(200);
      expect((await from('203.0.113.51', 'idle@test.local', 'quiet-meadow-lantern-3')).statusCode).toBe(200);
    });
  });
}
