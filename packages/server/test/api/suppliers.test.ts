import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';
import { expectError } from '../support/http.js';

/** Suppliers and underpinning contracts, registers of their own module. */
for (const dialect of await dialectsUnderTest()) {
  describe(`suppliers [${dialect}]`, () => {
    let test: TestApp;
    let admin: Client;
    let agent: Client;
    let requester: Client;
    let calendarId: string;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
      calendarId = ((await admin.get('/api/v1/calendars')).json() as { id: string }[])[0]!.id;
    });
    afterAll(async () => {
      await test?.close();
    });

    it('admins keep suppliers; agents read them; others are refused', async () => {
      expectError(await agent.post('/api/v1/suppliers', { name: '非管理员供应商' }), 403);
      expectError(await requester.get('/api/v1/suppliers'), 403);
      const created = await admin.post('/api/v1/suppliers', { name: '联想服务' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ name: '联想服务', contact: '', active: true });
      const list = await agent.get('/api/v1/suppliers');
      expect(list.statusCode, list.body).toBe(200);
      expect((list.json() as { name: string }[]).map((s) => s.name)).toEqual(['联想服务']);
      const archived = await admin.delete(`/api/v1/suppliers/${created.json().id}`);
      expect(archived.statusCode, archived.body).toBe(204);
      expect((await agent.get(`/api/v1/suppliers/${created.json().id}`)).json()).toMatchObject({ active: false });
    });

    it('a contract naming a supplier that is not there is a 400 on supplierId', async () => {
      const body = { name: '存储维保', responseMinutes: 60, resolutionMinutes: 480, calendarId };
      const error = expectError(
        await admin.post('/api/v1/underpinning-contracts', { ...body, supplierId: 'no-such-supplier' }),
        400,
        'error.validation',
      );
      expect(error.details).toEqual([expect.objectContaining({ path: ['supplierId'] })]);
      const supplier = (await admin.post('/api/v1/suppliers', { name: '戴尔服务' })).json() as { id: string };
      const contract = await admin.post('/api/v1/underpinning-contracts', { ...body, supplierId: supplier.id });
      expect(contract.statusCode, contract.body).toBe(201);
      const moved = expectError(
        await admin.patch(`/api/v1/underpinning-contracts/${contract.json().id}`, { supplierId: 'gone' }),
        400,
        'error.validation',
      );
      expect(moved.details).toEqual([expect.objectContaining({ path: ['supplierId'] })]);
      expect(
        (await test.trellis.database.db.selectFrom('underpinning_contracts').selectAll().execute()).map(
          (c) => c.supplier_id,
        ),
      ).toEqual([supplier.id]);
    });
    it('refuses a contract that resolves before it responds, on the field, in the reader’s language', async () => {
      const supplier = (await admin.post('/api/v1/suppliers', { name: '浪潮服务' })).json() as { id: string };
      const body = {
        name: '服务器维保',
        supplierId: supplier.id,
        responseMinutes: 240,
        resolutionMinutes: 60,
        calendarId,
      };
      const zh = expectError(await admin.post('/api/v1/underpinning-contracts', body), 400, 'error.validation');
      expect(zh.details).toEqual([
        expect.objectContaining({ path: ['resolutionMinutes'], message: '解决时限不能短于响应时限' }),
      ]);
      const en = expectError(
        await admin.request('POST', '/api/v1/underpinning-contracts', body, { 'x-trellis-locale': 'en-US' }),
        400,
        'error.validation',
      );
      expect(en.details).toEqual([
        expect.objectContaining({ message: 'The resolution time cannot be shorter than the response time' }),
      ]);
      const fine = await admin.post('/api/v1/underpinning-contracts', { ...body, resolutionMinutes: 240 });
      expect(fine.statusCode, fine.body).toBe(201);
      expectError(
        await admin.patch(`/api/v1/underpinning-contracts/${fine.json().id}`, {
          responseMinutes: 300,
          resolutionMinutes: 30,
        }),
        400,
        'error.validation',
      );
    });
  });
}
