import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError } from '../support/http.js';

for (const dialect of await dialectsUnderTest()) {
  describe(`business services [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
    });
    afterAll(() => test?.close());

    it('lets an admin build services and shows requesters only those offered to them', async () => {
      const shared = await admin.post('/api/v1/services', { code: 'MAIL', nameZh: '邮件服务', nameEn: 'E-mail' });
      expect(shared.statusCode, shared.body).toBe(201);
      const onlyB = await admin.post('/api/v1/services', {
        code: 'ERP-B',
        nameZh: '乙方 ERP',
        nameEn: 'ERP for B',
        organizationId: world.orgB.id,
      });
      expect(onlyB.statusCode, onlyB.body).toBe(201);
      expectError(await admin.post('/api/v1/services', { code: 'MAIL', nameZh: 'x', nameEn: 'x' }), 409);
      expectError(await admin.post('/api/v1/services', { code: 'bad code', nameZh: 'x', nameEn: 'x' }), 400);

      const requester = await signIn(test, world.requesterA.email, PASSWORD);
      const seen = (await requester.get('/api/v1/services')).json().map((s: { code: string }) => s.code);
      expect(seen).toEqual(['MAIL']);
      expectError(await requester.get(`/api/v1/services/${onlyB.json().id}`), 404);
      expectError(await requester.post('/api/v1/services', { code: 'X', nameZh: 'x', nameEn: 'x' }), 403);

      const retired = await admin.patch(`/api/v1/services/${shared.json().id}`, { active: false });
      expect(retired.json()).toMatchObject({ code: 'MAIL', active: false });
      expect((await requester.get('/api/v1/services')).json()).toEqual([]);
      expect((await admin.get('/api/v1/services')).json()).toHaveLength(2);
    });
  });
}
