import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError, multipartFile } from '../support/http.js';

async function workbook(rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('资产');
  sheet.addRow([
    '资产标识码*',
    '类别*',
    '名称*',
    '型号',
    '出厂编号',
    'MAC 地址',
    '许可证密钥',
    '授权数量',
    '采购日期',
    '采购价格',
    '供应商',
    '采购单号',
    '保修到期',
    '组织代码*',
    '位置',
    '使用人邮箱',
  ]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

for (const dialect of await dialectsUnderTest()) {
  describe(`assets [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let agent: Client;
    let manager: Client;
    let requester: Client;
    let store: { id: string; name: string };

    const register = async (tag: string, extra: Record<string, unknown> = {}) => {
      const res = await agent.post('/api/v1/assets', {
        tag,
        class: 'equipment',
        name: '联想 ThinkPad T14',
        model: 'T14 Gen 4',
        serialNumber: `SN-${tag}`,
        macAddresses: ['00-1a-2b-3c-4d-5e'],
        licenceKey: 'W11P-XXXX',
        purchaseDate: '2026-03-01',
        purchasePrice: 6999,
        warrantyUntil: '2029-02-28',
        organizationId: world.orgA.id,
        locationId: store.id,
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; status: string; macAddresses: string[] };
    };
    const operate = (client: Client, id: string, body: Record<string, unknown>) =>
      client.post(`/api/v1/assets/${id}/operations`, body);

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      manager = await signIn(test, 'manager@test.local', PASSWORD);
      requester = await signIn(test, world.requesterA.email, PASSWORD);
      const classes = (await admin.get('/api/v1/cmdb/classes')).json() as { id: string; code: string }[];
      const loc = await admin.post('/api/v1/cmdb/cis', {
        classId: classes.find((c) => c.code === 'location')!.id,
        name: '总部 IT 库房',
        organizationId: world.orgA.id,
      });
      store = loc.json();
    });
    afterAll(() => test?.close());

    it('registers equipment, issues, returns and disposes it with sign-off and a second person approving', async () => {
      const classes = (await admin.get('/api/v1/cmdb/classes')).json() as { id: string; code: string }[];
      const laptopCi = (
        await admin.post('/api/v1/cmdb/cis', {
          classId: classes.find((c) => c.code === 'laptop')!.id,
          name: '财务部笔记本 IT-0001',
          organizationId: world.orgA.id,
          state: 'in_use',
        })
      ).json() as { id: string; version: number };
      const laptop = await register('IT-0001', { ciId: laptopCi.id });
      expect(laptop).toMatchObject({ status: 'ordered', macAddresses: ['00:1A:2B:3C:4D:5E'] });
      expectError(
        await requester.post('/api/v1/assets', {
          tag: 'X',
          class: 'equipment',
          name: 'x',
          organizationId: world.orgA.id,
        }),
        403,
      );
      expectError(
        await agent.post('/api/v1/assets', {
          tag: 'IT-0001',
          class: 'equipment',
          name: 'x',
          organizationId: world.orgA.id,
        }),
        409,
        'asset.tag_taken',
      );
      expectError(
        await operate(agent, laptop.id, { type: 'issue', toHolderId: world.requesterA.id }),
        409,
        'asset.illegal_operation',
      );
      expect((await operate(agent, laptop.id, { type: 'receive' })).json().status).toBe('in_stock');
      expectError(await operate(agent, laptop.id, { type: 'issue' }), 400, 'asset.holder_required');
      const issued = (
        await operate(agent, laptop.id, { type: 'issue', toHolderId: world.requesterA.id, note: '新员工入职' })
      ).json();
      expect(issued).toMatchObject({ status: 'in_use', holder: { id: world.requesterA.id } });

      const mine = (await requester.get('/api/v1/assets/mine')).json();
      expect(mine.map((a: { id: string }) => a.id)).toEqual([laptop.id]);
      const seen = (await requester.get(`/api/v1/assets/${laptop.id}`)).json();
      expect(seen.abilities).toMatchObject({ signOff: true, operations: [] });
      const issueOp = seen.operations.find((o: { type: string }) => o.type === 'issue');
      const signed = await requester.post(`/api/v1/assets/${laptop.id}/operations/${issueOp.id}/sign-off`);
      expect(signed.json().operations[0]).toMatchObject({ signedBy: { id: world.requesterA.id } });
      expectError(await requester.post(`/api/v1/assets/${laptop.id}/operations/${issueOp.id}/sign-off`), 409);
      expectError(await operate(requester as Client, laptop.id, { type: 'return' }), 403);
      const colleague = await signIn(test, world.colleagueA.email, PASSWORD);
      expectError(await colleague.get(`/api/v1/assets/${laptop.id}`), 404);

      const returned = (await operate(agent, laptop.id, { type: 'return', signedOff: true })).json();
      expect(returned).toMatchObject({ status: 'in_stock', holder: null });
      expect(returned.operations[0]).toMatchObject({ type: 'return', signedBy: { id: world.requesterA.id } });
      const asked = (await operate(agent, laptop.id, { type: 'dispose', note: '主板损坏，维修成本过高' })).json();
      expect(asked.status).toBe('pending_disposal');
      expect(asked.operations[0]).toMatchObject({ type: 'dispose', state: 'pending_approval' });
      expectError(await agent.post(`/api/v1/assets/${laptop.id}/disposal`, { approve: true }), 403);
      const done = (await manager.post(`/api/v1/assets/${laptop.id}/disposal`, { approve: true })).json();
      expect(done.status).toBe('disposed');
      // Its CI leaves service with it: 使用 → 拆卸, as a version of the CI.
      const ci = (await admin.get(`/api/v1/cmdb/cis/${laptopCi.id}`)).json();
      expect(ci.state).toBe('removed');
      expect(ci.version).toBe(laptopCi.version + 1);
      expect(done.operations[0]).toMatchObject({
        type: 'dispose',
        state: 'done',
        approvedBy: { id: world.manager.id },
      });
      expectError(await operate(agent, laptop.id, { type: 'receive' }), 409);

      const second = await register('IT-0002');
      await operate(manager, second.id, { type: 'receive' });
      await operate(manager, second.id, { type: 'dispose' });
      expectError(
        await manager.post(`/api/v1/assets/${second.id}/disposal`, { approve: true }),
        403,
        'asset.self_approval',
      );
      expect((await admin.post(`/api/v1/assets/${second.id}/disposal`, { approve: false })).json().status).toBe(
        'in_stock',
      );
      expectError(
        await admin.post(`/api/v1/assets/${second.id}/disposal`, { approve: true }),
        409,
        'asset.no_pending_disposal',
      );
      const moved = (await operate(agent, second.id, { type: 'transfer', toOrganizationId: world.orgB.id })).json();
      expect(moved).toMatchObject({ organization: { id: world.orgB.id }, status: 'in_stock' });
      expectError(await operate(agent, second.id, { type: 'transfer' }), 400, 'asset.transfer_target_required');
    });

    it('lets a requester name their own asset on an incident, and only their own', async () => {
      const pc = await register('IT-0100');
      await operate(agent, pc.id, { type: 'receive' });
      await operate(agent, pc.id, { type: 'issue', toHolderId: world.requesterA.id });
      const other = await register('IT-0101');
      const incident = (
        await requester.post('/api/v1/incidents', { title: '电脑蓝屏', description: '开机后蓝屏' })
      ).json();
      const linked = await requester.post(`/api/v1/records/${incident.id}/assets`, { assetId: pc.id });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(linked.json().map((a: { tag: string }) => a.tag)).toEqual(['IT-0100']);
      expectError(await requester.post(`/api/v1/records/${incident.id}/assets`, { assetId: other.id }), 400);
      expect((await agent.get(`/api/v1/records/${incident.number}/assets`)).json()).toHaveLength(1);
    });

    it('takes the asset with the incident in one request: both or neither', async () => {
      const pc = await register('IT-0110');
      await operate(agent, pc.id, { type: 'receive' });
      await operate(agent, pc.id, { type: 'issue', toHolderId: world.requesterA.id });
      const other = await register('IT-0111');
      const created = await requester.post('/api/v1/incidents', {
        title: '显示器闪烁',
        description: '接上后闪烁',
        assetId: pc.id,
      });
      expect(created.statusCode, created.body).toBe(201);
      const linked = (await agent.get(`/api/v1/records/${created.json().number}/assets`)).json();
      expect(linked.map((a: { tag: string }) => a.tag)).toEqual(['IT-0110']);

      const before = (await agent.get('/api/v1/incidents?limit=200')).json().items.length;
      const refused = expectError(
        await requester.post('/api/v1/incidents', { title: '别人的电脑', description: 'x', assetId: other.id }),
        400,
        'error.validation',
      );
      expect(refused.details).toEqual([expect.objectContaining({ path: ['assetId'] })]);
      expect((await agent.get('/api/v1/incidents?limit=200')).json().items.length).toBe(before);
    });

    it('keeps stock per location and raises one restock request when the level falls to the threshold', async () => {
      const service = await admin.post('/api/v1/services', {
        code: 'SPARES',
        nameZh: '备件耗材',
        nameEn: 'Spares and consumables',
        ownerId: world.manager.id,
      });
      expect(service.statusCode, service.body).toBe(201);
      const restock = await admin.post('/api/v1/catalog/items', {
        serviceId: service.json().id,
        nameZh: '备件耗材补货',
        nameEn: 'Restock spares',
        stages: [{ tasks: [{ titleZh: '采购并入库', titleEn: 'Buy and put in stock', groupId: world.tier1.id }] }],
      });
      expect(restock.statusCode, restock.body).toBe(201);
      const created = await agent.post('/api/v1/stock', {
        code: 'TONER-HP-88A',
        name: 'HP 88A 硒鼓',
        kind: 'consumable',
        unit: '个',
      });
      expect(created.statusCode, created.body).toBe(201);
      const item = created.json().find((i: { code: string }) => i.code === 'TONER-HP-88A');
      const move = (kind: string, quantity: number) =>
        agent.post(`/api/v1/stock/${item.id}/movements`, { locationId: store.id, kind, quantity });
      await move('restock', 10);
      // A threshold needs the catalogue item its restock request is raised on.
      const level = (body: Record<string, unknown>) =>
        agent.post(`/api/v1/stock/${item.id}/reorder-level`, { locationId: store.id, reorderLevel: 3, ...body });
      const missing = expectError(await level({}), 400, 'asset.restock_item_required');
      expect(missing.details).toEqual([expect.objectContaining({ path: ['restockItemId'] })]);
      expectError(await level({ restockItemId: 'no-such-item' }), 400, 'error.validation');
      const set = await level({ restockItemId: restock.json().id });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json().find((i: { id: string }) => i.id === item.id).restockItem).toEqual({
        id: restock.json().id,
        name: '备件耗材补货',
      });

      const after = (await move('issue', 7)).json().find((i: { id: string }) => i.id === item.id);
      expect(after.levels[0]).toMatchObject({
        quantity: 3,
        low: true,
        alertRecord: { number: expect.stringMatching(/^REQ-\d{4}-\d{6,}$/) },
      });
      const number = after.levels[0].alertRecord.number as string;
      await move('issue', 1);

      // A real service request: listed for the desk, opened in full, routed to its task group.
      const listed = (await agent.get('/api/v1/requests?limit=100')).json().items;
      expect(listed).toEqual([
        expect.objectContaining({
          number,
          itemId: restock.json().id,
          itemName: '备件耗材补货',
          organization: expect.objectContaining({ id: world.orgA.id }),
          requester: expect.objectContaining({ id: world.agent.id }),
          title: expect.stringContaining('HP 88A 硒鼓'),
        }),
      ]);
      const opened = await agent.get(`/api/v1/requests/${number}`);
      expect(opened.statusCode, opened.body).toBe(200);
      const request = opened.json();
      expect(request.state).toBe('in_fulfilment');
      expect(request.channel).toBe('monitoring');
      expect(Object.fromEntries(request.answers.map((a: { key: string; value: string }) => [a.key, a.value]))).toEqual({
        stockItem: 'HP 88A 硒鼓 (TONER-HP-88A)',
        location: '总部 IT 库房',
        quantity: '3',
        reorderLevel: '3',
      });
      expect(request.tasks).toEqual([
        expect.objectContaining({
          title: '采购并入库',
          state: 'open',
          group: expect.objectContaining({ id: world.tier1.id }),
        }),
      ]);
      expect(
        (await manager.get('/api/v1/requests?limit=100')).json().items.map((r: { number: string }) => r.number),
      ).toContain(number);
      // The customer's people do not see the desk's own restocking.
      expect((await requester.get('/api/v1/requests?limit=100')).json().items).toEqual([]);
      expectError(await requester.get(`/api/v1/requests/${number}`), 404);
      expectError(await move('issue', 5), 409, 'asset.stock_insufficient');
    });

    it('tracks licence seats against installations', async () => {
      const office = await agent.post('/api/v1/assets', {
        tag: 'SW-OFFICE',
        class: 'software',
        name: 'Microsoft Office 2021',
        seats: 2,
        licenceKey: 'XXXX',
        organizationId: world.orgA.id,
      });
      const id = office.json().id;
      const device = await register('IT-0200');
      await agent.post(`/api/v1/assets/${id}/assignments`, { userId: world.requesterA.id });
      await agent.post(`/api/v1/assets/${id}/assignments`, { deviceId: device.id });
      expect((await agent.get(`/api/v1/assets/${id}`)).json().compliance).toEqual({
        owned: 2,
        installed: 2,
        compliant: true,
      });
      const over = await agent.post(`/api/v1/assets/${id}/assignments`, { userId: world.colleagueA.id });
      expect(over.json().compliance).toEqual({ owned: 2, installed: 3, compliant: false });
      expectError(
        await agent.post(`/api/v1/assets/${device.id}/assignments`, { userId: world.colleagueA.id }),
        400,
        'asset.not_licence',
      );
    });

    it('imports a flawed spreadsheet all-or-nothing or good rows only, reporting every bad row, never half', async () => {
      const file = await workbook([
        [
          'IMP-001',
          'IT 设备',
          '台式机',
          'OptiPlex 7010',
          'D7010A',
          '00:11:22:33:44:55',
          null,
          null,
          new Date('2026-01-05'),
          4500,
          '戴尔',
          'PO-1',
          '2029-01-05',
          'CUSTA',
          '总部 IT 库房',
          'req-a@test.local',
        ],
        ['IMP-002', 'IT 设备', null, null, null, null, null, null, null, null, null, null, null, 'CUSTA', null, null],
        ['IMP-001', '软件', 'WPS', null, null, null, 'KEY', 10, null, null, null, null, null, 'CUSTA', null, null],
        ['IMP-004', '家具', '椅子', null, null, null, null, null, null, null, null, null, null, 'NOPE', null, null],
        [
          'IMP-005',
          'IT 设备',
          '打印机',
          null,
          null,
          'not-a-mac',
          null,
          null,
          '2026-13-45',
          null,
          null,
          null,
          null,
          'CUSTA',
          '火星',
          'nobody@test.local',
        ],
        ['IMP-006', 'Software', 'Visio', null, null, null, 'VVV', 5, null, null, null, null, null, 'custa', null, null],
      ]);
      const send = (mode: string, content: Buffer) => {
        const { payload, headers } = multipartFile('assets.xlsx', content);
        return agent.request('POST', `/api/v1/asset-import?mode=${mode}`, payload, headers);
      };
      const count = async () =>
        Number(
          (
            await test.trellis.database.db
              .selectFrom('assets')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('tag', 'like', 'IMP-%')
              .executeTakeFirstOrThrow()
          ).n,
        );

      const strict = await send('all_or_nothing', file);
      expect(strict.statusCode, strict.body).toBe(200);
      const report = strict.json();
      expect(report).toMatchObject({ mode: 'all_or_nothing', rows: 6, imported: 0 });
      const rowsWithErrors = [...new Set(report.errors.map((e: { row: number }) => e.row))];
      expect(rowsWithErrors).toEqual([3, 4, 5, 6]);
      const reasons = (row: number) =>
        report.errors
          .filter((e: { row: number }) => e.row === row)
          .map((e: { column: string; reason: string }) => `${e.column}: ${e.reason}`);
      expect(reasons(3)).toEqual(['名称: 必填']);
      expect(reasons(4)).toEqual(['资产标识码: 与文件中第 2 行重复']);
      expect(reasons(5)).toEqual(
        expect.arrayContaining(['类别: 类别只能是：软件、IT 设备、配件耗材', '组织代码: 找不到该组织代码']),
      );
      expect(reasons(6)).toEqual(
        expect.arrayContaining([
          '位置: 找不到该位置',
          '使用人邮箱: 找不到该使用人邮箱',
          'MAC 地址: 格式不正确',
          '采购日期: 格式不正确',
        ]),
      );
      expect(await count()).toBe(0);

      const lenient = (await send('good_rows', file)).json();
      expect(lenient).toMatchObject({ imported: 2, rows: 6 });
      expect(await count()).toBe(2);
      const desk = (await agent.get('/api/v1/assets/IMP-001')).json();
      expect(desk).toMatchObject({
        status: 'in_use',
        holder: { id: world.requesterA.id },
        location: { id: store.id },
        purchaseDate: '2026-01-05',
        purchasePrice: 4500,
      });

      const again = (await send('good_rows', file)).json();
      expect(again.imported).toBe(0);
      expect(
        again.errors
          .filter((e: { reason: string }) => e.reason === '资产标识码已存在')
          .map((e: { row: number }) => e.row),
      ).toEqual([2, 4, 7]);
      expectError(await send('good_rows', Buffer.from('not a spreadsheet')), 400, 'spreadsheet.invalid');
      expectError(
        await requester.request(
          'POST',
          '/api/v1/asset-import',
          multipartFile('a.xlsx', file).payload,
          multipartFile('a.xlsx', file).headers,
        ),
        403,
      );

      const template = await agent.get('/api/v1/asset-import/template');
      expect(template.headers['content-type']).toContain('spreadsheetml');
      const exported = await agent.get('/api/v1/asset-export');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
      const tags: string[] = [];
      book.worksheets[0]!.eachRow((row, n) => n > 1 && tags.push(String(row.getCell(1).value)));
      expect(tags).toEqual(expect.arrayContaining(['IMP-001', 'IMP-006', 'IT-0001']));
      const labels = (await agent.get(`/api/v1/asset-labels?ids=${desk.id}`)).json();
      expect(labels[0]).toMatchObject({ tag: 'IMP-001', qrSvg: expect.stringContaining('<svg') });
    });
  });
}
