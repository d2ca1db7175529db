import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError, numbersOf, report, withToken } from '../support/http.js';

const login = (test: TestApp, email: string, password: string) =>
  test.trellis.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

for (const dialect of await dialectsUnderTest()) {
  describe(`directory administration [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
    });
    afterAll(() => test?.close());

    const newUser = (overrides: Record<string, unknown>) =>
      admin.post('/api/v1/users', {
        email: `${randomUUID().slice(0, 8)}@test.local`,
        name: '某人',
        role: 'requester',
        organizationId: world.orgA.id,
        password: 'long-enough-pw',
        ...overrides,
      });

    it('creates organisations and departments, refusing duplicates', async () => {
      const created = await admin.post('/api/v1/organizations', { kind: 'customer', code: 'CUSTC', name: '客户丙' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ kind: 'customer', code: 'CUSTC', name: '客户丙', active: true });
      expectError(
        await admin.post('/api/v1/organizations', { kind: 'customer', code: 'CUSTC', name: '又一个' }),
        409,
        'organization.code_taken',
      );
      expectError(
        await admin.post('/api/v1/organizations', { kind: 'provider', code: 'PROV2', name: '第二服务商' }),
        409,
        'organization.provider_exists',
      );
      expectError(await admin.post('/api/v1/organizations', { code: 'bad code!', name: 'x' }), 400, 'error.validation');

      const orgId = created.json().id;
      const dept = await admin.post(`/api/v1/organizations/${orgId}/departments`, {
        name: '信息部',
        shareRecords: true,
      });
      expect(dept.statusCode, dept.body).toBe(201);
      expect(dept.json()).toMatchObject({ organizationId: orgId, name: '信息部', shareRecords: true });
      expectError(await admin.post(`/api/v1/organizations/${randomUUID()}/departments`, { name: 'x' }), 404);
      const departments = (await admin.get(`/api/v1/organizations/${orgId}/departments`)).json();
      expect(departments.map((d: { name: string }) => d.name)).toEqual(['信息部']);
      const orgs = (await admin.get('/api/v1/organizations')).json().map((o: { code: string }) => o.code);
      expect(orgs).toEqual(expect.arrayContaining(['PROV', 'CUSTA', 'CUSTB', 'CUSTC']));
    });

    it('creates users where they belong and refuses misplaced or duplicate ones', async () => {
      const ok = await newUser({ email: 'Wang.Fang@Test.Local', name: '王芳', departmentId: world.financeA.id });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({
        email: 'wang.fang@test.local',
        name: '王芳',
        organizationId: world.orgA.id,
        departmentId: world.financeA.id,
        departmentName: '财务部',
        active: true,
      });
      expect(ok.json().password).toBeUndefined();

      expectError(await newUser({ email: 'WANG.FANG@test.local' }), 409, 'user.email_taken');
      expectError(await newUser({ email: 'agent@test.local' }), 409, 'user.email_taken');
      for (const role of ['agent', 'specialist', 'service_manager', 'admin']) {
        expectError(await newUser({ role }), 400, 'user.staff_outside_provider');
      }
      expectError(await newUser({ departmentId: world.deptB.id }), 400, 'user.department_mismatch');
      expectError(await newUser({ departmentId: randomUUID() }), 400, 'user.department_mismatch');
      expectError(await newUser({ organizationId: randomUUID() }), 400, 'error.validation');
      expectError(await newUser({ password: 'short' }), 400, 'password.too_short');
      expectError(await newUser({ email: 'not-an-email' }), 400, 'error.validation');
      expectError(await newUser({ role: 'superuser' }), 400, 'error.validation');
      const staff = await newUser({ role: 'agent', organizationId: world.provider.id });
      expect(staff.statusCode, staff.body).toBe(201);

      // Moving people keeps the same rules.
      const userId = ok.json().id;
      expectError(await admin.patch(`/api/v1/users/${userId}`, { role: 'agent' }), 400, 'user.staff_outside_provider');
      expectError(
        await admin.patch(`/api/v1/users/${userId}`, { departmentId: world.deptB.id }),
        400,
        'user.department_mismatch',
      );
      const moved = await admin.patch(`/api/v1/users/${userId}`, { departmentId: world.salesA.id, phone: '8001' });
      expect(moved.json()).toMatchObject({ departmentId: world.salesA.id, phone: '8001' });

      const found = (await admin.get(`/api/v1/users?q=${encodeURIComponent('王芳')}`)).json();
      expect(found.map((u: { id: string }) => u.id)).toEqual([userId]);
      const staffOnly = (await admin.get('/api/v1/users?staff=true')).json();
      expect(staffOnly.every((u: { role: string }) => u.role !== 'requester')).toBe(true);
    });

    it('creates groups of tiers 1 to 3 with members and served organisations', async () => {
      for (const tier of [1, 2, 3]) {
        const res = await admin.post('/api/v1/groups', {
          name: `桌面支持 ${tier}`,
          tier,
          memberIds: [world.idle.id],
          servedOrganizationIds: [world.orgB.id],
          managerId: world.manager.id,
        });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json()).toMatchObject({
          tier,
          memberIds: [world.idle.id],
          servedOrganizationIds: [world.orgB.id],
          managerName: 'manager',
          active: true,
        });
      }
      expectError(await admin.post('/api/v1/groups', { name: '四线', tier: 4 }), 400, 'error.validation');
      expectError(await admin.post('/api/v1/groups', { name: '零线', tier: 0 }), 400, 'error.validation');
      expectError(
        await admin.post('/api/v1/groups', { name: '混入', tier: 1, memberIds: [world.requesterA.id] }),
        400,
        'error.validation',
      );
      expectError(
        await admin.post('/api/v1/groups', { name: '幽灵', tier: 1, memberIds: [randomUUID()] }),
        400,
        'error.validation',
      );
      expectError(
        await admin.post('/api/v1/groups', { name: '远方', tier: 1, servedOrganizationIds: [randomUUID()] }),
        400,
        'error.validation',
      );
      expectError(
        await admin.post('/api/v1/groups', { name: '外行经理', tier: 1, managerId: world.requesterB.id }),
        400,
        'error.validation',
      );
      // Group names are unique: a duplicate is a conflict, not a crash.
      expectError(await admin.post('/api/v1/groups', { name: '一线', tier: 1 }), 409, 'group.name_taken');
      expectError(await admin.patch(`/api/v1/groups/${world.tier2A.id}`, { name: '一线' }), 409, 'group.name_taken');
      const groups = (await admin.get('/api/v1/groups')).json();
      expect(groups.filter((g: { name: string }) => g.name === '一线')).toHaveLength(1);

      // A PATCH changes only what it names: members and served organisations stay.
      const renamed = await admin.patch(`/api/v1/groups/${world.tier2A.id}`, { name: '二线甲（改名）' });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({
        name: '二线甲（改名）',
        tier: 2,
        memberIds: [world.agentA.id],
        servedOrganizationIds: [world.orgA.id],
      });
      const kept = await admin.patch(`/api/v1/groups/${world.tier2A.id}`, { name: '二线甲' });
      expect(kept.json().memberIds).toEqual([world.agentA.id]);
    });

    it('widens and narrows what an agent sees as group membership changes', async () => {
      const newcomer = await newUser({
        email: 'newcomer@test.local',
        role: 'agent',
        organizationId: world.provider.id,
      });
      expect(newcomer.statusCode).toBe(201);
      const requesterB = await signIn(test, 'req-b@test.local', PASSWORD);
      const incB = await report(requesterB, '乙方打印机');
      const agent = await signIn(test, 'newcomer@test.local', 'long-enough-pw');
      expect(numbersOf(await agent.get('/api/v1/incidents'))).not.toContain(incB.number);

      const group = await admin.post('/api/v1/groups', {
        name: '乙方驻场',
        tier: 1,
        memberIds: [newcomer.json().id],
        servedOrganizationIds: [world.orgB.id],
      });
      expect(group.statusCode, group.body).toBe(201);
      expect(numbersOf(await agent.get('/api/v1/incidents'))).toContain(incB.number);
      expect((await agent.get(`/api/v1/incidents/${incB.id}`)).statusCode).toBe(200);

      // Serving A instead of B, then deactivating the group, takes the records away again.
      await admin.patch(`/api/v1/groups/${group.json().id}`, { servedOrganizationIds: [world.orgA.id] });
      expectError(await agent.get(`/api/v1/incidents/${incB.id}`), 404);
      await admin.patch(`/api/v1/groups/${group.json().id}`, { servedOrganizationIds: [world.orgB.id] });
      expect((await agent.get(`/api/v1/incidents/${incB.id}`)).statusCode).toBe(200);
      await admin.patch(`/api/v1/groups/${group.json().id}`, { active: false });
      expectError(await agent.get(`/api/v1/incidents/${incB.id}`), 404);
      expect(numbersOf(await agent.get('/api/v1/incidents'))).not.toContain(incB.number);
    });

    it('files a taken record under a group of the taker that serves its organisation', async () => {
      const multi = await newUser({ email: 'multi@test.local', role: 'agent', organizationId: world.provider.id });
      const id = multi.json().id;
      for (const [name, orgId] of [
        ['只服务甲', world.orgA.id],
        ['只服务乙', world.orgB.id],
      ] as const) {
        const res = await admin.post('/api/v1/groups', {
          name,
          tier: 2,
          memberIds: [id],
          servedOrganizationIds: [orgId],
        });
        expect(res.statusCode, res.body).toBe(201);
      }
      const agent = await signIn(test, 'multi@test.local', 'long-enough-pw');
      const requesterA = await signIn(test, 'req-a@test.local', PASSWORD);
      const requesterB = await signIn(test, 'req-b@test.local', PASSWORD);
      const incA = await report(requesterA, '多组：甲');
      const incB = await report(requesterB, '多组：乙');
      const takenA = await agent.post(`/api/v1/incidents/${incA.id}/take`);
      const takenB = await agent.post(`/api/v1/incidents/${incB.id}/take`);
      expect(takenA.json().group?.name).toBe('只服务甲');
      expect(takenB.json().group?.name).toBe('只服务乙');
    });

    it('ends a deactivated person’s sessions and tokens, and refuses their sign-in', async () => {
      const created = await newUser({ email: 'leaver@test.local', role: 'agent', organizationId: world.provider.id });
      const userId = created.json().id;
      const leaver = await signIn(test, 'leaver@test.local', 'long-enough-pw');
      const token = (await leaver.post('/api/v1/me/tokens', { name: '脚本' })).json().token as string;
      expect((await withToken(test, token, 'GET', '/api/v1/incidents')).statusCode).toBe(200);

      const off = await admin.patch(`/api/v1/users/${userId}`, { active: false });
      expect(off.statusCode, off.body).toBe(200);
      expect(off.json().active).toBe(false);
      expectError(await leaver.get('/api/v1/auth/session'), 401, 'error.unauthenticated');
      expectError(await withToken(test, token, 'GET', '/api/v1/incidents'), 401, 'error.unauthenticated');
      expectError(await login(test, 'leaver@test.local', 'long-enough-pw'), 403, 'auth.inactive');
      // A wrong password still says only "wrong credentials".
      expectError(await login(test, 'leaver@test.local', 'not-the-password'), 401, 'auth.invalid_credentials');
      const sessions = await test.trellis.database.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', userId)
        .execute();
      expect(sessions).toEqual([]);

      // Nor can the deactivated person be handed work.
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      const inc = await report(requester, '交给已停用的人');
      expectError(await admin.post(`/api/v1/incidents/${inc.id}/assign`, { assigneeId: userId }), 400);

      await admin.patch(`/api/v1/users/${userId}`, { active: true });
      expect((await login(test, 'leaver@test.local', 'long-enough-pw')).statusCode).toBe(200);
    });

    it('ends every session when a password is reset', async () => {
      await newUser({ email: 'reset@test.local' });
      const first = await signIn(test, 'reset@test.local', 'long-enough-pw');
      const second = await signIn(test, 'reset@test.local', 'long-enough-pw');
      const target = (await admin.get('/api/v1/users?q=reset@test.local')).json()[0];
      const reset = await admin.patch(`/api/v1/users/${target.id}`, { password: 'brand-new-password' });
      expect(reset.statusCode, reset.body).toBe(200);
      expectError(await first.get('/api/v1/incidents'), 401);
      expectError(await second.get('/api/v1/incidents'), 401);
      expectError(await login(test, 'reset@test.local', 'long-enough-pw'), 401, 'auth.invalid_credentials');
      expect((await login(test, 'reset@test.local', 'brand-new-password')).statusCode).toBe(200);
      // Other people's sessions are untouched.
      expect((await admin.get('/api/v1/users')).statusCode).toBe(200);
    });

    it('keeps the category tree free of cycles', async () => {
      const make = async (nameZh: string, parentId?: string) => {
        const res = await admin.post('/api/v1/categories', { nameZh, nameEn: nameZh, parentId });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as { id: string; parentId: string | null };
      };
      const root = await make('网络');
      const child = await make('无线', root.id);
      const grandchild = await make('访客 Wi-Fi', child.id);
      expect(grandchild.parentId).toBe(child.id);

      const patch = (id: string, parentId: string | null) => admin.patch(`/api/v1/categories/${id}`, { parentId });
      expectError(await patch(root.id, grandchild.id), 400, 'category.parent_cycle');
      expectError(await patch(root.id, child.id), 400, 'category.parent_cycle');
      expectError(await patch(child.id, child.id), 400, 'category.parent_cycle');
      expectError(await patch(child.id, randomUUID()), 400, 'error.validation');
      expectError(
        await admin.post('/api/v1/categories', { nameZh: 'x', nameEn: 'x', parentId: randomUUID() }),
        400,
        'error.validation',
      );
      // Moving a branch elsewhere is fine.
      const moved = await patch(grandchild.id, root.id);
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().parentId).toBe(root.id);
      expect((await patch(child.id, null)).json().parentId).toBeNull();
      const tree = (await admin.get('/api/v1/categories')).json() as { id: string; parentId: string | null }[];
      expect(tree.find((c) => c.id === root.id)?.parentId).toBeNull();

      // A PATCH changes only what it names.
      const sorted = await admin.post('/api/v1/categories', {
        nameZh: '排序',
        nameEn: 'Sorted',
        sort: 7,
        parentId: root.id,
      });
      const renamed = await admin.patch(`/api/v1/categories/${sorted.json().id}`, { nameEn: 'Renamed' });
      expect(renamed.json()).toMatchObject({
        nameZh: '排序',
        nameEn: 'Renamed',
        sort: 7,
        parentId: root.id,
        active: true,
      });
    });

    it('remembers a person’s language across sign-ins', async () => {
      const me = await signIn(test, 'colleague-a@test.local', PASSWORD);
      const saved = await me.patch('/api/v1/me', { locale: 'en-US', name: '同事甲', phone: '8002' });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ locale: 'en-US', name: '同事甲' });
      const again = await login(test, 'colleague-a@test.local', PASSWORD);
      expect(again.json().user.locale).toBe('en-US');
      const cookie = again.cookies.find((c) => c.name === 'trellis_session')?.value;
      const session = await test.trellis.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: { cookie: `trellis_session=${cookie}` },
      });
      expect(session.json().user).toMatchObject({ locale: 'en-US', name: '同事甲' });
      const user = (await admin.get(`/api/v1/users/${world.colleagueA.id}`)).json();
      expect(user).toMatchObject({ locale: 'en-US', phone: '8002' });
      expectError(await me.patch('/api/v1/me', { name: '   ' }), 400, 'error.validation');
    });
  });
}
