import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';
import { anonymous, expectError } from '../support/http.js';

/** A JSON text nested `depth` levels deep, built as text: building it as an object would overflow first. */
const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

for (const dialect of await dialectsUnderTest()) {
  describe(`HTTP hardening [${dialect}]`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp(dialect, { TRELLIS_TRUST_PROXY: 'on' });
      await buildWorld(test);
    });
    afterAll(() => test?.close());

    const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
      test.trellis.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { 'content-type': 'application/json', ...headers },
      });

    it('answers deeply nested JSON with a 400 naming the limit, signed in or not', async () => {
      for (const body of [
        `{"email":"a@b.c","password":${nestedArray(20_000)}}`,
        `{"email":"a@b.c","password":${nestedObject(20_000)}}`,
        nestedArray(100_000),
      ]) {
        const error = expectError(await post('/api/v1/auth/login', body), 400, 'error.too_deep');
        expect(error.message).toMatch(/32/);
      }
      // The English reader gets the rule in English.
      const en = expectError(
        await post('/api/v1/auth/login', nestedArray(5_000), { 'accept-language': 'en-US' }),
        400,
        'error.too_deep',
      );
      expect(en.message).toMatch(/nested/i);

      const client = await signIn(test, 'req-a@test.local', PASSWORD);
      const deep = await client.request('POST', '/api/v1/incidents', JSON.parse(nestedObject(40)));
      expectError(deep, 400, 'error.too_deep');
      // 32 levels is the limit, not less: an ordinary nested body still reaches validation.
      const ok = await client.request('POST', '/api/v1/incidents', {
        title: '嵌套',
        description: 'd',
        extra: JSON.parse(nestedObject(30)),
      });
      expect(ok.statusCode, ok.body).toBe(201);
      // The server is still answering.
      expect((await anonymous(test, 'GET', '/healthz')).statusCode).toBe(200);
    });

    it('refuses an oversized JSON body with 413 before parsing it', async () => {
      const big = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) });
      expectError(await post('/api/v1/auth/login', big), 413, 'error.payload_too_large');
    });

    it('marks every API answer not to be stored, and leaves pages cacheable', async () => {
      const client = await signIn(test, 'req-a@test.local', PASSWORD);
      for (const res of [
        await client.get('/api/v1/auth/session'),
        await client.get('/api/v1/incidents'),
        await client.get('/api/v1/no-such-route'),
        await anonymous(test, 'GET', '/api/v1/incidents'),
        await anonymous(test, 'POST', '/api/v1/auth/login', { email: 'req-a@test.local', password: PASSWORD }),
      ]) {
        expect(res.headers['cache-control'], res.raw.req.url).toContain('no-store');
      }
      expect(String((await anonymous(test, 'GET', '/healthz')).headers['cache-control'] ?? '')).not.toContain(
        'private',
      );
    });

    it('sends the security headers and session-cookie flags on every kind of answer', async () => {
      const client = await signIn(test, 'req-a@test.local', PASSWORD);
      const responses = [
        await anonymous(test, 'GET', '/healthz'),
        await anonymous(test, 'GET', '/api/v1/incidents'),
        await client.get('/api/v1/incidents'),
        await client.get('/api/v1/no-such-route'),
        await post('/api/v1/auth/login', nestedArray(100)),
      ];
      for (const res of responses) {
        const csp = String(res.headers['content-security-policy'] ?? '');
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toMatch(/^(DENY|SAMEORIGIN)$/);
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
        expect(res.headers['x-powered-by']).toBeUndefined();
      }

      const login = (headers: Record<string, string>) =>
        post('/api/v1/auth/login', JSON.stringify({ email: 'req-a@test.local', password: PASSWORD }), headers);
      const plain = (await login({})).cookies.find((c) => c.name === 'trellis_session');
      expect(plain).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(plain?.secure).toBeFalsy();
      const tls = (await login({ 'x-forwarded-proto': 'https' })).cookies.find((c) => c.name === 'trellis_session');
      expect(tls).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true });
    });
  });
}
