import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { anonymous, expectError, report } from '../support/http.js';

for (const dialect of await dialectsUnderTest()) {
  describe(`validation and error envelopes [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let requester: Client;
    let agent: Client;
    let admin: Client;
    let incident: { id: string; number: string };

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      incident = await report(requester, '校验用事件');
    });
    afterAll(() => test?.close());

    const create = (body: unknown) => requester.post('/api/v1/incidents', body);
    const pathsOf = (error: { details?: unknown }) =>
      (error.details as { path: (string | number)[] }[]).map((d) => d.path.join('.'));

    it('rejects missing, blank and oversized fields with a 400 naming them', async () => {
      const missing = expectError(await create({}), 400, 'error.validation');
      expect(pathsOf(missing)).toEqual(expect.arrayContaining(['title', 'description']));

      const blank = expectError(await create({ title: '   ', description: 'd' }), 400, 'error.validation');
      expect(pathsOf(blank)).toEqual(['title']);

      expectError(await create({ title: 'x'.repeat(201), description: 'd' }), 400, 'error.validation');
      expect((await create({ title: '题'.repeat(200), description: 'd' })).statusCode).toBe(201);
      expectError(await create({ title: 't', description: 'd'.repeat(20001) }), 400, 'error.validation');
      expect((await create({ title: 't', description: 'd'.repeat(20000) })).statusCode).toBe(201);
      // Surrounding white space is trimmed before it is stored.
      const trimmed = await create({ title: '  打印机  ', description: ' 卡纸 ' });
      expect(trimmed.json().title).toBe('打印机');
    });

    it('rejects wrong types and out-of-range values', async () => {
      for (const urgency of ['high', 9, 0, 2.5, '2', null]) {
        const error = expectError(await create({ title: 't', description: 'd', urgency }), 400, 'error.validation');
        expect(pathsOf(error)).toContain('urgency');
      }
      expectError(await create({ title: 123, description: 'd' }), 400, 'error.validation');
      expectError(await create({ title: ['t'], description: 'd' }), 400, 'error.validation');
      expectError(await create({ title: 't', description: 'd', channel: 'fax' }), 400, 'error.validation');
      expectError(await create([{ title: 't', description: 'd' }]), 400, 'error.validation');

      const resolved = await report(requester, '待评分');
      await agent.post(`/api/v1/incidents/${resolved.id}/take`);
      await agent.post(`/api/v1/incidents/${resolved.id}/resolve`, { cause: 'c', solution: 's', timeSpentMinutes: 30 });
      for (const rating of [6, 0, -1, 3.5, '5']) {
        expectError(
          await requester.post(`/api/v1/incidents/${resolved.id}/confirm`, { rating }),
          400,
          'error.validation',
        );
      }
      expect((await requester.get(`/api/v1/incidents/${resolved.id}`)).json().confirmedAt).toBeNull();
      expectError(await agent.post(`/api/v1/incidents/${incident.id}/assign`, {}), 400, 'error.validation');
      expectError(
        await agent.post(`/api/v1/incidents/${incident.id}/comments`, { body: 'x', visibility: 'secret' }),
        400,
        'error.validation',
      );
      expectError(
        await agent.post(`/api/v1/incidents/${incident.id}/links`, { kind: 'relates_to', target: incident.id }),
        400,
      );
    });

    it('strips unknown fields and never lets a body choose server-owned values', async () => {
      const res = await create({
        title: '多余字段',
        description: 'd',
        state: 'archived',
        organizationId: world.orgB.id,
        number: 'INC-1999-000001',
        ownerId: world.agent.id,
        isAdmin: true,
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.state).toBe('pending');
      expect(body.organization.id).toBe(world.orgA.id);
      expect(body.number).not.toBe('INC-1999-000001');
      expect(body.owner).toBeNull();
      expect(body.isAdmin).toBeUndefined();

      // Prototype-poisoning keys are refused outright.
      for (const raw of [
        '{"title":"t","description":"d","__proto__":{"polluted":true}}',
        '{"title":"t","description":"d","constructor":{"prototype":{"polluted":true}}}',
      ]) {
        const res = await requester.request('POST', '/api/v1/incidents', raw, { 'content-type': 'application/json' });
        expectError(res, 400);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('answers malformed bodies and content types with a 4xx envelope', async () => {
      const raw = (payload: string, contentType: string) =>
        requester.request('POST', '/api/v1/incidents', payload, { 'content-type': contentType });
      expectError(await raw('{"title": "t", "description":', 'application/json'), 400);
      expectError(await raw('not json at all', 'application/json'), 400);
      expectError(await raw('', 'application/json'), 400);
      expectError(await raw('title=t&description=d', 'application/x-www-form-urlencoded'), 415);
      expectError(await raw('title: t', 'text/plain'), 415, 'error.unsupported_media_type');
      expectError(await raw('<title/>', 'application/xml'), 415);
      // More than the 1 MiB body limit.
      const huge = JSON.stringify({ title: 't', description: 'x'.repeat(1_100_000) });
      expectError(await raw(huge, 'application/json'), 413, 'error.payload_too_large');
    });

    it('answers unknown and absurd ids with 404 or 400, never 5xx', async () => {
      expectError(await requester.get(`/api/v1/incidents/${randomUUID()}`), 404, 'error.not_found');
      expectError(await requester.get('/api/v1/incidents/INC-2099-999999'), 404, 'error.not_found');
      expectError(await requester.get('/api/v1/incidents/not-a-number'), 404, 'error.not_found');
      expectError(await agent.post(`/api/v1/incidents/${randomUUID()}/take`), 404, 'error.not_found');
      expectError(await agent.post('/api/v1/incidents/INC-2099-999999/take'), 404, 'error.not_found');
      expectError(await requester.get(`/api/v1/attachments/${randomUUID()}`), 404, 'error.not_found');
      expectError(await admin.patch(`/api/v1/users/${randomUUID()}`, { name: 'x' }), 404, 'error.not_found');
      expectError(await admin.patch(`/api/v1/categories/${randomUUID()}`, { nameZh: 'x' }), 404, 'error.not_found');
      expectError(await admin.patch(`/api/v1/groups/${randomUUID()}`, { name: 'x' }), 404, 'error.not_found');
      expectError(await admin.get(`/api/v1/users/${randomUUID()}`), 404, 'error.not_found');
      expectError(await admin.delete(`/api/v1/me/tokens/${randomUUID()}`), 404, 'error.not_found');
      expectError(await requester.get('/api/v1/no-such-thing'), 404, 'error.not_found');

      const malformed = await requester.get('/api/v1/incidents/%E0%A4%A');
      expectError(malformed, 400, 'error.validation');
      // Too long to be an id: the router refuses it (404 or 400 depending on which routes share
      // the prefix), and the answer does not echo the path.
      const long = await requester.get(`/api/v1/incidents/${'x'.repeat(300)}`);
      expect([400, 404]).toContain(long.statusCode);
      expectError(long, long.statusCode);
      expect(long.body).not.toContain('xxxxxxxxxx');
      for (const id of ['x'.repeat(65), 'x'.repeat(300), '题'.repeat(100)]) {
        const res = await requester.get(`/api/v1/incidents/${encodeURIComponent(id)}`);
        expect(res.statusCode, id).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, id).toBeLessThan(500);
        expectError(res, res.statusCode);
        const action = await agent.post(`/api/v1/incidents/${encodeURIComponent(id)}/take`);
        expect(action.statusCode).toBeGreaterThanOrEqual(400);
        expect(action.statusCode).toBeLessThan(500);
      }
    });

    it('refuses NUL characters and odd Unicode in ids, queries and bodies without a 5xx', async () => {
      const odd = ['%00', 'INC-2026-%00', '%E2%80%AE', '%F0%9F%92%A5', '..%2F..%2Fetc%2Fpasswd', "'%20or%201=1--"];
      for (const id of odd) {
        const res = await requester.get(`/api/v1/incidents/${id}`);
        expect(res.statusCode, id).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, id).toBeLessThan(500);
      }
      for (const q of ['%00', 'a%00b', '%25', '_', '%5C', "'"]) {
        const res = await requester.get(`/api/v1/incidents?q=${q}`);
        expect(res.statusCode, q).toBeLessThan(500);
      }
      // A literal % or _ is not a wildcard.
      const literal = await requester.get('/api/v1/incidents?q=%25');
      expect(literal.json().items).toEqual([]);

      // Both dialects refuse NUL alike (PostgreSQL text cannot hold it).
      expectError(await create({ title: 'a\u0000b', description: 'd' }), 400, 'error.validation');
      expectError(
        await requester.post(`/api/v1/incidents/${incident.id}/comments`, { body: 'x\u0000y' }),
        400,
        'error.validation',
      );
      expectError(
        await anonymous(test, 'POST', '/api/v1/auth/login', { email: 'a\u0000@x', password: 'p\u0000' }),
        400,
        'error.validation',
      );
      // The six characters \u0000 typed as text are fine.
      expect((await create({ title: 'literal \\u0000', description: 'd' })).statusCode).toBe(201);
      const lone = await create({ title: 'lone \ud800 surrogate', description: 'd' });
      expect(lone.statusCode, lone.body).toBeLessThan(500);
      const emoji = await create({ title: '💥 打印机 𠀀', description: '\u202e反向' });
      expect(emoji.statusCode).toBe(201);
      expect(emoji.json().title).toBe('💥 打印机 𠀀');
    });

    it('validates list queries: cursor, limit, level, state', async () => {
      for (const query of [
        'cursor=garbage',
        `cursor=${Buffer.from('[1,2]').toString('base64url')}`,
        `cursor=${Buffer.from('{"a":1}').toString('base64url')}`,
        `cursor=${'x'.repeat(201)}`,
        'limit=0',
        'limit=1000',
        'limit=-5',
        'limit=abc',
        'limit=1.5',
        'level=5',
        'level=zero',
        'state=DROP%20TABLE',
        `q=${'q'.repeat(201)}`,
      ]) {
        const res = await requester.get(`/api/v1/incidents?${query}`);
        expectError(res, 400, 'error.validation');
      }
      expectError(await admin.get('/api/v1/audit?cursor=garbage'), 400, 'error.validation');
      expectError(await admin.get('/api/v1/audit?limit=0'), 400, 'error.validation');
      expect((await requester.get('/api/v1/incidents?limit=200')).statusCode).toBe(200);
      expect((await requester.get('/api/v1/incidents?state=no_such_state')).json().items).toEqual([]);
    });

    it('answers an illegal transition with 409 and the state named in the reader’s language', async () => {
      const url = `/api/v1/incidents/${incident.id}/hold`;
      const zh = expectError(
        await agent.post(url, { kind: 'requester', reason: '等待' }),
        409,
        'incident.illegal_transition',
      );
      expect(zh.message).toContain('待处理');
      expect(zh.message).toContain('挂起');
      expect(zh.details).toMatchObject({ state: 'pending', action: 'hold' });

      // A signed-in person's saved language (zh-CN here) outranks the browser's; the UI's explicit
      // choice travels in x-trellis-locale.
      const browserEn = await signIn(test, 'agent@test.local', PASSWORD, 'en-US');
      expect(expectError(await browserEn.post(url, { kind: 'supplier', reason: 'wait' }), 409).message).toContain(
        '待处理',
      );
      const en = expectError(
        await agent.request('POST', url, { kind: 'supplier', reason: 'wait' }, { 'x-trellis-locale': 'en-US' }),
        409,
        'incident.illegal_transition',
      );
      expect(en.message).toContain('Pending');
      expect(en.message).toContain('Put on hold');
      expect(en.message).not.toMatch(/[\u4e00-\u9fff]/);
      expect(
        expectError(
          await agent.request('GET', `/api/v1/incidents/${randomUUID()}`, undefined, { 'x-trellis-locale': 'en-US' }),
          404,
        ).message,
      ).toBe('The record was not found');
      expect(expectError(await agent.get(`/api/v1/incidents/${randomUUID()}`), 404).message).toBe('找不到该记录');
      const anon = await test.trellis.app.inject({
        method: 'GET',
        url: '/api/v1/incidents',
        headers: { 'accept-language': 'en-US,en;q=0.9' },
      });
      expect(expectError(anon, 401).message).toBe('Please sign in first');
      // Before sign-in, accept-language alone decides.
      const badLogin = (language: string) =>
        test.trellis.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'accept-language': language },
          payload: { email: `nobody-${language.slice(0, 2)}@test.local`, password: 'wrong-password' },
        });
      expect(expectError(await badLogin('en-US'), 401).message).toBe('The e-mail or password is incorrect');
      expect(expectError(await badLogin('zh-CN,zh;q=0.9'), 401).message).toBe('邮箱或密码不正确');
      expect(expectError(await badLogin('fr-FR'), 401).message).toBe('邮箱或密码不正确');
    });

    it('uses the locale the person saved over the browser’s', async () => {
      const me = await signIn(test, 'agent-a@test.local', PASSWORD, 'zh-CN');
      const url = `/api/v1/incidents/${incident.id}/resume`;
      expect(expectError(await me.post(url), 409).message).toContain('待处理');
      const saved = await me.patch('/api/v1/me', { locale: 'en-US' });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json().locale).toBe('en-US');
      const en = expectError(await me.post(url), 409);
      expect(en.message).toContain('Pending');
      expect(en.message).toContain('Resume');
      expect(expectError(await me.post('/api/v1/incidents', { title: '' }), 400).message).toBe(
        'The submitted data is not valid',
      );
      expectError(await me.patch('/api/v1/me', { locale: 'fr-FR' }), 400, 'error.validation');
      await me.patch('/api/v1/me', { locale: 'zh-CN' });
      expect(expectError(await me.post(url), 409).message).toContain('待处理');
    });
  });
}
