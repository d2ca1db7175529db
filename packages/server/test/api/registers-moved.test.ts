import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/platform/context.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError } from '../support/http.js';

/**
 * Registers moved onto the kit after it was built: each one's references answer 400 on their field,
 * and each write leaves one audit row and one event of the register's name.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`registers on the kit [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    const events: DomainEvent[] = [];

    const auditActions = async (entityId: string) =>
      (
        await test.trellis.database.db
          .selectFrom('audit_events')
          .select('action')
          .where('entity_id', '=', entityId)
          .orderBy('at')
          .execute()
      ).map((row) => row.action);
    /** The events about one item, once the bus has delivered them. */
    const eventsOf = async (id: string) => {
      await new Promise((r) => setTimeout(r, 20));
      return events.filter((e) => e.payload?.id === id).map((e) => e.type);
    };

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      test.trellis.bus.subscribe('*', (event) => {
        events.push(event);
      });
    });
    afterAll(async () => {
      await test?.close();
    });

    it('organisations: one audit row and one event per write, archive included', async () => {
      const created = await admin.post('/api/v1/organizations', {
        kind: 'customer',
        code: 'KIT-ORG',
        name: '套件客户',
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await admin.patch(`/api/v1/organizations/${id}`, { name: '套件客户（改）' })).statusCode).toBe(200);
      // A PATCH that changes nothing writes nothing.
      expect((await admin.patch(`/api/v1/organizations/${id}`, { name: '套件客户（改）' })).statusCode).toBe(200);
      expect((await admin.delete(`/api/v1/organizations/${id}`)).statusCode).toBe(204);
      expect((await admin.get(`/api/v1/organizations/${id}`)).json()).toMatchObject({ active: false });
      expect(await auditActions(id)).toEqual(['organization.create', 'organization.update', 'organization.archive']);
      expect(await eventsOf(id)).toEqual(['organization.created', 'organization.updated', 'organization.archived']);
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      // Another organisation does not exist for a requester.
      expectError(await requester.get(`/api/v1/organizations/${world.orgB.id}`), 404);
    });

    it('support groups: members and served organisations checked on their field, and audited with the group', async () => {
      const ghost = expectError(
        await admin.post('/api/v1/groups', { name: '幽灵组', tier: 1, memberIds: [world.agent.id, 'no-such-user'] }),
        400,
        'error.validation',
      );
      expect(ghost.details).toEqual([expect.objectContaining({ path: ['memberIds'] })]);
      const far = expectError(
        await admin.post('/api/v1/groups', { name: '远方组', tier: 1, servedOrganizationIds: ['no-such-org'] }),
        400,
        'error.validation',
      );
      expect(far.details).toEqual([expect.objectContaining({ path: ['servedOrganizationIds'] })]);
      const outsider = expectError(
        await admin.post('/api/v1/groups', { name: '外行组', tier: 1, managerId: world.requesterA.id }),
        400,
        'error.validation',
      );
      expect(outsider.details).toEqual([expect.objectContaining({ path: ['managerId'] })]);

      const created = await admin.post('/api/v1/groups', { name: '套件组', tier: 2, memberIds: [world.agent.id] });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      // Only the membership changes: still one audit row and one event.
      const moved = await admin.patch(`/api/v1/groups/${id}`, { memberIds: [world.idle.id] });
      expect(moved.json()).toMatchObject({ memberIds: [world.idle.id], members: [{ id: world.idle.id }] });
      expect(await auditActions(id)).toEqual(['group.create', 'group.update']);
      expect(await eventsOf(id)).toEqual(['support_group.created', 'support_group.updated']);
    });

    it('categories: parent and service checked on their field; one audit row and one event per write', async () => {
      const orphan = expectError(
        await admin.post('/api/v1/categories', { nameZh: '孤儿', nameEn: 'Orphan', parentId: 'no-such-category' }),
        400,
        'error.validation',
      );
      expect(orphan.details).toEqual([expect.objectContaining({ path: ['parentId'] })]);
      const serviceless = expectError(
        await admin.patch(`/api/v1/categories/${world.category.id}`, { serviceId: 'no-such-service' }),
        400,
        'error.validation',
      );
      expect(serviceless.details).toEqual([expect.objectContaining({ path: ['serviceId'] })]);
      const created = await admin.post('/api/v1/categories', {
        nameZh: '套件',
        nameEn: 'Kit',
        parentId: world.category.id,
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await admin.patch(`/api/v1/categories/${id}`, { sort: 5 })).json()).toMatchObject({ sort: 5 });
      expect((await admin.delete(`/api/v1/categories/${id}`)).statusCode).toBe(204);
      expect(await auditActions(id)).toEqual(['category.create', 'category.update', 'category.archive']);
      expect(await eventsOf(id)).toEqual(['category.created', 'category.updated', 'category.archived']);
    });

    it('services: owner and organisation checked on their field; an inactive service does not exist for a requester', async () => {
      const ownerless = expectError(
        await admin.post('/api/v1/services', { code: 'KIT-X', nameZh: '无主', nameEn: 'Ownerless', ownerId: 'nobody' }),
        400,
        'error.validation',
      );
      expect(ownerless.details).toEqual([expect.objectContaining({ path: ['ownerId'] })]);
      const created = await admin.post('/api/v1/services', {
        code: 'KIT-S',
        nameZh: '套件服务',
        nameEn: 'Kit service',
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      expect((await requester.get(`/api/v1/services/${id}`)).statusCode).toBe(200);
      expect((await admin.delete(`/api/v1/services/${id}`)).statusCode).toBe(204);
      expectError(await requester.get(`/api/v1/services/${id}`), 404);
      expect((await admin.get(`/api/v1/services/${id}`)).json()).toMatchObject({ active: false });
      expect(await auditActions(id)).toEqual(['service.create', 'service.archive']);
      expect(await eventsOf(id)).toEqual(['service.created', 'service.archived']);
    });

    it('saved views: the group is checked on its field; one audit row and one event per write', async () => {
      const view = { name: '套件视图', filters: { state: ['pending'] }, columns: ['number'] };
      // A curator may share with any group, but only with one that exists.
      const nowhere = expectError(
        await admin.post('/api/v1/console/views', { ...view, groupId: 'no-such-group' }),
        400,
        'error.validation',
      );
      expect(nowhere.details).toEqual([expect.objectContaining({ path: ['groupId'] })]);
      const created = await admin.post('/api/v1/console/views', view);
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await admin.patch(`/api/v1/console/views/${id}`, { groupId: world.tier1.id })).statusCode).toBe(200);
      expect((await admin.delete(`/api/v1/console/views/${id}`)).statusCode).toBe(204);
      expect(await auditActions(id)).toEqual(['console.view.create', 'console.view.update', 'console.view.delete']);
      expect(await eventsOf(id)).toEqual(['saved_view.created', 'saved_view.updated', 'saved_view.archived']);
    });

    it('catalogue items: references checked on their field; offers are the scope; one audit row and one event per write', async () => {
      const service = await admin.post('/api/v1/services', {
        code: 'KIT-CAT',
        nameZh: '目录服务',
        nameEn: 'Catalogue',
      });
      expect(service.statusCode, service.body).toBe(201);
      const serviceId = service.json().id as string;
      const item = { serviceId, nameZh: '套件目录项', nameEn: 'Kit item' };
      const refusedOn = async (body: object) =>
        (
          expectError(await admin.post('/api/v1/catalog/items', { ...item, ...body }), 400, 'error.validation')
            .details as { path: unknown[] }[]
        ).map((d) => d.path.join('.'));
      expect(await refusedOn({ serviceId: 'no-such-service' })).toEqual(['serviceId']);
      expect(await refusedOn({ organizationIds: [world.orgA.id, 'no-such-org'] })).toEqual(['organizationIds']);
      expect(
        await refusedOn({ approvals: [{ mode: 'all', approvers: [{ type: 'user', userId: 'no-such-user' }] }] }),
      ).toEqual(['approvals.0.approvers.0.userId']);
      expect(
        await refusedOn({ stages: [{ tasks: [{ titleZh: '任务', titleEn: 'Task', groupId: 'no-such-group' }] }] }),
      ).toEqual(['stages.0.tasks.0.groupId']);

      const created = await admin.post('/api/v1/catalog/items', item);
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      const requesterA = await signIn(test, 'req-a@test.local', PASSWORD);
      const requesterB = await signIn(test, 'req-b@test.local', PASSWORD);
      expect((await requesterB.get(`/api/v1/catalog/items/${id}`)).statusCode).toBe(200);
      // Only the organisations change: still one audit row and one event, and the item is updated.
      const offered = await admin.patch(`/api/v1/catalog/items/${id}`, { organizationIds: [world.orgA.id] });
      expect(offered.json()).toMatchObject({ organizationIds: [world.orgA.id] });
      expect(offered.json().updatedAt > created.json().updatedAt).toBe(true);
      expect((await admin.patch(`/api/v1/catalog/items/${id}`, { organizationIds: [world.orgA.id] })).statusCode).toBe(
        200,
      );
      expectError(await requesterB.get(`/api/v1/catalog/items/${id}`), 404, 'catalog.item_not_found');
      const ids = async (client: Client, query = '') =>
        (await client.get(`/api/v1/catalog/items${query}`)).json().map((i: { id: string }) => i.id);
      expect(await ids(requesterA)).toContain(id);
      expect(await ids(requesterB)).not.toContain(id);

      expect((await admin.delete(`/api/v1/catalog/items/${id}`)).statusCode).toBe(204);
      expectError(await requesterA.get(`/api/v1/catalog/items/${id}`), 404, 'catalog.item_not_found');
      // Admins order from the same list as everyone; the withdrawn item shows only when they ask for all.
      expect(await ids(admin)).not.toContain(id);
      expect(await ids(admin, '?all=true')).toContain(id);
      expect(await ids(requesterA, '?all=true')).not.toContain(id);
      expectError(await admin.get('/api/v1/catalog/items?all=maybe'), 400, 'error.validation');
      expectError(await admin.get('/api/v1/catalog/items/no-such-item'), 404, 'catalog.item_not_found');

      expect(await auditActions(id)).toEqual(['catalog_item.create', 'catalog_item.update', 'catalog_item.archive']);
      expect(await eventsOf(id)).toEqual(['catalog_item.created', 'catalog_item.updated', 'catalog_item.archived']);
    });

    it('stock items: the restock item checked on its field; staff only; one audit row and one event per write', async () => {
      const refused = (answer: Parameters<typeof expectError>[0]) =>
        (expectError(answer, 400, 'error.validation').details as { path: unknown[] }[]).map((d) => d.path.join('.'));
      const item = { code: 'KIT-TONER', name: '套件硒鼓', kind: 'consumable', unit: '个' };
      expect(await refused(await admin.post('/api/v1/stock', { ...item, restockItemId: 'no-such-item' }))).toEqual([
        'restockItemId',
      ]);
      // The older answer stays: a creation answers the whole list.
      const created = await admin.post('/api/v1/stock', item);
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().find((i: { code: string }) => i.code === 'KIT-TONER').id as string;
      expectError(await admin.post('/api/v1/stock', { ...item, name: '另一个' }), 409, 'error.conflict');
      expect(await refused(await admin.patch(`/api/v1/stock/${id}`, { restockItemId: 'no-such-item' }))).toEqual([
        'restockItemId',
      ]);
      const renamed = await admin.patch(`/api/v1/stock/${id}`, { name: '套件硒鼓（改）' });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({ id, code: 'KIT-TONER', name: '套件硒鼓（改）', levels: [] });
      // A PATCH that changes nothing writes nothing.
      expect((await admin.patch(`/api/v1/stock/${id}`, { name: '套件硒鼓（改）' })).statusCode).toBe(200);
      expect((await admin.get(`/api/v1/stock/${id}`)).json()).toMatchObject({ name: '套件硒鼓（改）' });
      expect(
        (await admin.get('/api/v1/stock?kind=consumable&q=kit-toner')).json().map((i: { id: string }) => i.id),
      ).toEqual([id]);
      expect((await admin.get('/api/v1/stock?kind=part&q=kit-toner')).json()).toEqual([]);
      expectError(await admin.get('/api/v1/stock?kind=gadget'), 400, 'error.validation');
      // Stock is the desk's: a requester reads and writes none of it.
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      expectError(await requester.get('/api/v1/stock'), 403);
      expectError(await requester.get(`/api/v1/stock/${id}`), 403);
      expectError(await requester.patch(`/api/v1/stock/${id}`, { name: '偷改' }), 403);
      expectError(await admin.get('/api/v1/stock/no-such-item'), 404);

      expect(await auditActions(id)).toEqual(['stock.create', 'stock.update']);
      expect(await eventsOf(id)).toEqual(['stock_item.created', 'stock_item.updated']);
    });
  });
}
