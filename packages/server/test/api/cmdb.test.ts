import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/modules/directory/index.js';
import { createRecord } from '../../src/modules/records/index.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { legacyImpactOf } from '../support/cmdb-impact-legacy.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError } from '../support/http.js';

type Ci = { id: string; code: string; name: string; version: number; unauthorized: boolean; state: string };
type Impacted = { id: string; depth: number; isService: boolean };

for (const dialect of await dialectsUnderTest()) {
  describe(`CMDB [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let specialist: Client;
    let classes: Record<string, string>;

    const ci = async (classCode: string, name: string, extra: Record<string, unknown> = {}) => {
      const res = await admin.post('/api/v1/cmdb/cis', {
        classId: classes[classCode],
        name,
        organizationId: world.orgA.id,
        state: 'in_use',
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Ci;
    };
    const relate = async (from: Ci, type: string, to: Ci) => {
      const res = await admin.post(`/api/v1/cmdb/cis/${from.id}/relations`, { type, targetId: to.id });
      expect(res.statusCode, res.body).toBe(201);
    };

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      specialist = await signIn(test, 'agent-a@test.local', PASSWORD);
      const list = (await admin.get('/api/v1/cmdb/classes')).json() as { id: string; code: string }[];
      classes = Object.fromEntries(list.map((c) => [c.code, c.id]));
    });
    afterAll(() => test?.close());

    it('ships the starter classes and lets only an admin define a class with typed, required, unique and enumerated attributes', async () => {
      expect(Object.keys(classes)).toEqual(
        expect.arrayContaining([
          'business_service',
          'application',
          'database',
          'server',
          'virtual_machine',
          'pc',
          'laptop',
          'printer',
          'network_device',
          'storage',
          'software',
          'licence',
          'location',
        ]),
      );
      const body = {
        code: 'ups',
        nameZh: 'UPS 电源',
        nameEn: 'UPS',
        attributes: [
          { key: 'asset_no', nameZh: '编号', nameEn: 'No.', type: 'text', required: true, unique: true },
          { key: 'kva', nameZh: '容量', nameEn: 'kVA', type: 'number' },
          { key: 'phase', nameZh: '相数', nameEn: 'Phase', type: 'enum', options: ['单相', '三相'] },
        ],
      };
      expectError(await specialist.post('/api/v1/cmdb/classes', body), 403);
      expectError(
        await admin.post('/api/v1/cmdb/classes', { ...body, attributes: [{ ...body.attributes[2], options: [] }] }),
        400,
      );
      const created = await admin.post('/api/v1/cmdb/classes', body);
      expect(created.statusCode, created.body).toBe(201);
      expectError(await admin.post('/api/v1/cmdb/classes', body), 409, 'cmdb.class_code_taken');
      classes.ups = created.json().id;

      expectError(
        await admin.post('/api/v1/cmdb/cis', {
          classId: classes.ups,
          name: 'x',
          organizationId: world.orgA.id,
          attributes: {},
        }),
        400,
      );
      expectError(
        await admin.post('/api/v1/cmdb/cis', {
          classId: classes.ups,
          name: 'x',
          organizationId: world.orgA.id,
          attributes: { asset_no: 'U1', phase: '五相' },
        }),
        400,
      );
      expectError(
        await admin.post('/api/v1/cmdb/cis', {
          classId: classes.ups,
          name: 'x',
          organizationId: world.orgA.id,
          attributes: { asset_no: 'U1', kva: 'lots' },
        }),
        400,
      );
      const ups = await ci('ups', '机房 UPS', { attributes: { asset_no: 'U1', kva: 20, phase: '三相' } });
      expect(ups.code).toMatch(/^UPS-\d{5}$/);
      expectError(
        await admin.post('/api/v1/cmdb/cis', {
          classId: classes.ups,
          name: 'y',
          organizationId: world.orgA.id,
          attributes: { asset_no: 'U1' },
        }),
        409,
        'cmdb.unique_taken',
      );
    });

    it('walks a generated graph and finds exactly the CIs, services and users known in advance', async () => {
      // Servers H0,H1; VM Vi hosted in H(i%2); app Ai runs on Vi; service Sj depends on A(2j), A(2j+1).
      const users = [world.manager, world.agent, world.admin];
      const H = [await ci('server', 'H0'), await ci('server', 'H1')];
      const V: Ci[] = [];
      const A: Ci[] = [];
      for (let i = 0; i < 6; i++) {
        V.push(await ci('virtual_machine', `V${i}`));
        await relate(V[i]!, 'hosted_in', H[i % 2]!);
        A.push(await ci('application', `A${i}`, i === 0 ? { userIds: [world.requesterA.id] } : {}));
        await relate(A[i]!, 'runs_on', V[i]!);
      }
      const S: Ci[] = [];
      for (let j = 0; j < 3; j++) {
        S.push(await ci('business_service', `S${j}`, { ownerId: users[j]!.id, attributes: { criticality: '高' } }));
        await relate(S[j]!, 'depends_on', A[2 * j]!);
        await relate(S[j]!, 'depends_on', A[2 * j + 1]!);
      }
      const impact = async (from: Ci, direction: string, depth: number) => {
        const res = await specialist.get(`/api/v1/cmdb/cis/${from.id}/impact?direction=${direction}&depth=${depth}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as { cis: Impacted[]; services: Impacted[]; users: { id: string }[] };
      };
      const ids = (list: { id: string }[]) => list.map((x) => x.id).sort();
      const even = [0, 2, 4];

      const d1 = await impact(H[0]!, 'downstream', 1);
      expect(ids(d1.cis)).toEqual(ids(even.map((i) => V[i]!)));
      const d2 = await impact(H[0]!, 'downstream', 2);
      expect(ids(d2.cis)).toEqual(ids(even.flatMap((i) => [V[i]!, A[i]!])));
      expect(d2.services).toEqual([]);
      const d3 = await impact(H[0]!, 'downstream', 3);
      expect(ids(d3.services)).toEqual(ids(S));
      expect(d3.cis.find((c) => c.id === S[0]!.id)?.depth).toBe(3);
      expect(ids(d3.users)).toEqual(ids([...users, world.requesterA]));

      const up = await impact(S[0]!, 'upstream', 3);
      expect(ids(up.cis)).toEqual(ids([A[0]!, A[1]!, V[0]!, V[1]!, H[0]!, H[1]!]));
      const both = await impact(V[1]!, 'both', 5);
      expect(ids(both.cis)).toEqual(ids([H[1]!, A[1]!, S[0]!]));

      // A ring: every node is reached once, at its distance, however deep the walk goes.
      const ring: Ci[] = [];
      for (let i = 0; i < 6; i++) ring.push(await ci('application', `R${i}`));
      for (let i = 0; i < 6; i++) await relate(ring[(i + 1) % 6]!, 'depends_on', ring[i]!);
      const r = await impact(ring[0]!, 'downstream', 10);
      expect(r.cis.map((c) => [c.id, c.depth])).toEqual(ring.slice(1).map((c, i) => [c.id, i + 1]));
      expectError(
        await admin.post(`/api/v1/cmdb/cis/${ring[0]!.id}/relations`, { type: 'uses', targetId: ring[0]!.id }),
        400,
        'cmdb.relation_self',
      );
      expectError(
        await admin.post(`/api/v1/cmdb/cis/${ring[1]!.id}/relations`, { type: 'depends_on', targetId: ring[0]!.id }),
        409,
      );
    });

    it('answers impact with one recursive query exactly as the level-by-level walk did, through cycles, diamonds and CIs the reader may not see', async () => {
      // A seeded random graph over 40 CIs, a quarter of them in an organisation the specialist does
      // not serve (walked through, never shown), with owners and users, plus hand-made shapes:
      // a diamond (two paths of equal length, so `via` must be chosen the same way), a 3-cycle and
      // a self-reaching loop back to the origin.
      const { db } = test.trellis.database;
      let seed = 2026;
      const random = () => {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        return seed / 4294967296;
      };
      const kinds = ['application', 'server', 'business_service', 'virtual_machine'];
      const users = [world.manager, world.agent, world.admin, world.requesterA];
      const G: Ci[] = [];
      for (let i = 0; i < 40; i++) {
        const extra: Record<string, unknown> = {};
        if (i % 4 === 3) extra.organizationId = world.orgB.id;
        if (i % 5 === 0) extra.ownerId = users[i % users.length]!.id;
        if (i % 7 === 0) extra.userIds = [users[(i + 1) % users.length]!.id];
        if (kinds[i % kinds.length] === 'business_service') extra.attributes = { criticality: '中' };
        G.push(await ci(kinds[i % kinds.length]!, `G${String(i).padStart(2, '0')}`, extra));
      }
      const types = ['depends_on', 'runs_on', 'uses', 'connected_to'];
      const made = new Set<string>();
      const link = async (a: number, type: string, b: number) => {
        const key = `${a}:${b}:${type}`;
        if (a === b || made.has(key)) return;
        made.add(key);
        await relate(G[a]!, type, G[b]!);
      };
      // Diamond 0 ← {1, 2} ← 4 (two ways of one length, and two relation types on one pair); 3-cycle 5 → 6 → 7 → 5.
      await link(1, 'depends_on', 0);
      await link(2, 'runs_on', 0);
      await link(4, 'depends_on', 1);
      await link(4, 'depends_on', 2);
      await link(4, 'uses', 2);
      await link(5, 'uses', 6);
      await link(6, 'uses', 7);
      await link(7, 'uses', 5);
      await link(0, 'uses', 4);
      for (let i = 0; i < 90; i++) {
        await link(Math.floor(random() * 40), types[Math.floor(random() * types.length)]!, Math.floor(random() * 40));
      }
      const reader = (await loadActor(db, world.agentA.id))!;
      let compared = 0;
      for (const origin of [G[0]!, G[5]!, G[4]!, G[12]!, G[21]!]) {
        for (const direction of ['downstream', 'upstream', 'both'] as const) {
          for (const depth of [1, 2, 3, 5, 10]) {
            const res = await specialist.get(
              `/api/v1/cmdb/cis/${origin.id}/impact?direction=${direction}&depth=${depth}`,
            );
            expect(res.statusCode, res.body).toBe(200);
            const expected = await legacyImpactOf(db, reader, origin.id, { direction, depth });
            expect(res.json(), `${origin.name} ${direction} ${depth}`).toEqual(JSON.parse(JSON.stringify(expected)));
            compared += expected.cis.length;
          }
        }
      }
      expect(compared).toBeGreaterThan(200);
      // The diamond's via is the smaller id of the two CIs one step nearer, on both dialects.
      const diamond = (
        await specialist.get(`/api/v1/cmdb/cis/${G[0]!.id}/impact?direction=downstream&depth=2`)
      ).json() as {
        cis: { id: string; depth: number; viaId: string }[];
      };
      expect(diamond.cis.find((c) => c.id === G[4]!.id)).toMatchObject({
        depth: 2,
        viaId: [G[1]!.id, G[2]!.id].sort()[0],
      });
      // The invisible quarter is walked through but never listed.
      const hidden = new Set(G.filter((_, i) => i % 4 === 3).map((c) => c.id));
      const all = (await specialist.get(`/api/v1/cmdb/cis/${G[0]!.id}/impact?direction=both&depth=10`)).json() as {
        cis: { id: string }[];
        edges: { sourceId: string; targetId: string }[];
      };
      expect(all.cis.length).toBeGreaterThan(10);
      expect(all.cis.filter((c) => hidden.has(c.id))).toEqual([]);
      expect(all.edges.filter((e) => hidden.has(e.sourceId) || hidden.has(e.targetId))).toEqual([]);
    });

    it('keeps the life cycle and a version of every change, flagging writes without an approved change', async () => {
      const server = await ci('server', '财务数据库服务器', {
        state: 'ordered',
        attributes: { hostname: 'fin-db-01', os: 'CentOS 7' },
      });
      expect(server.unauthorized).toBe(true);
      expectError(
        await admin.post(`/api/v1/cmdb/cis/${server.id}/state`, { state: 'in_use' }),
        409,
        'cmdb.illegal_state',
      );
      for (const state of ['received', 'testing', 'in_use', 'changing']) {
        const moved = await admin.post(`/api/v1/cmdb/cis/${server.id}/state`, { state });
        expect(moved.json().state, moved.body).toBe(state);
      }
      // A change being implemented (实施中) whose affected CIs include the server: the gate lets it through.
      const approved = await inTransaction({ ...test.trellis.database, bus: test.trellis.bus }, null, async (tx) => {
        const change = await createRecord(tx, 'change', {
          kind: 'change',
          organization_id: world.orgA.id,
          title: '升级操作系统',
          description: '升级到 Rocky Linux 9',
          state: 'implementing',
          impact: 3,
          urgency: 3,
          level: 3,
          channel: 'portal',
          requester_id: world.admin.id,
        });
        await tx.db.insertInto('change_cis').values({ change_id: change.id, ci_id: server.id }).execute();
        return change;
      });
      const changed = await admin.patch(`/api/v1/cmdb/cis/${server.id}`, {
        attributes: { os: 'Rocky Linux 9' },
        changeRef: approved.number,
      });
      expect(changed.json()).toMatchObject({ unauthorized: false, attributes: { os: 'Rocky Linux 9' } });
      const sneaky = await admin.patch(`/api/v1/cmdb/cis/${server.id}`, { name: '财务库服务器' });
      expect(sneaky.json().unauthorized).toBe(true);
      const versions = (await admin.get(`/api/v1/cmdb/cis/${server.id}/versions`)).json() as {
        version: number;
        action: string;
        before: Record<string, unknown>;
        after: Record<string, unknown>;
        changeRef: string | null;
        unauthorized: boolean;
        actor: { id: string } | null;
      }[];
      expect(versions.map((v) => v.version)).toEqual([7, 6, 5, 4, 3, 2, 1]);
      expect(versions[1]).toMatchObject({
        after: { 'attributes.os': 'Rocky Linux 9' },
        before: { 'attributes.os': 'CentOS 7' },
        changeRef: approved.number,
        unauthorized: false,
      });
      expect(versions[0]).toMatchObject({ action: 'update', unauthorized: true, actor: { id: world.admin.id } });
      const flagged = (await admin.get('/api/v1/cmdb/cis?unauthorized=true&q=财务')).json();
      expect(flagged.items.map((c: Ci) => c.id)).toEqual([server.id]);
    });

    it('diffs a baseline against now and corrects audit discrepancies through a record', async () => {
      const room = await ci('location', '一号机房');
      const a = await ci('storage', '存储甲', { attributes: { model: 'OceanStor 5300' } });
      const b = await ci('storage', '存储乙', { attributes: { model: 'OceanStor 5300' } });
      const baseline = await admin.post('/api/v1/cmdb/baselines', {
        name: '存储基线 2026Q4',
        classId: classes.storage,
      });
      expect(baseline.statusCode, baseline.body).toBe(201);
      expect(baseline.json().itemCount).toBe(2);
      await admin.patch(`/api/v1/cmdb/cis/${a.id}`, { attributes: { capacity_tb: 200 } });
      await admin.post(`/api/v1/cmdb/cis/${b.id}/state`, { state: 'removed' });
      const c = await ci('storage', '存储丙');
      const diff = (await admin.get(`/api/v1/cmdb/baselines/${baseline.json().id}/diff`)).json();
      expect(diff.changed).toEqual([
        expect.objectContaining({
          ci: expect.objectContaining({ id: a.id }),
          fields: [{ field: 'attributes.capacity_tb', baseline: null, current: 200 }],
        }),
      ]);
      expect(diff.removed.map((x: Ci) => x.id)).toEqual([b.id]);
      expect(diff.added.map((x: Ci) => x.id)).toEqual([c.id]);

      const created = await admin.post('/api/v1/cmdb/audits', { name: '季度配置审核', ciIds: [a.id, c.id] });
      expect(created.statusCode, created.body).toBe(201);
      const auditId = created.json().id;
      const [itemA, itemC] = created
        .json()
        .items.sort((x: { ci: Ci }, y: { ci: Ci }) => x.ci.code.localeCompare(y.ci.code));
      await admin.post(`/api/v1/cmdb/audits/${auditId}/items/${itemA.id}`, { result: 'match' });
      expectError(await admin.post(`/api/v1/cmdb/audits/${auditId}/items/${itemC.id}`, { result: 'discrepancy' }), 400);
      const checked = await admin.post(`/api/v1/cmdb/audits/${auditId}/items/${itemC.id}`, {
        result: 'discrepancy',
        observed: { locationId: room.id, attributes: { model: 'OceanStor 6800' } },
        note: '实物在一号机房，型号与登记不符',
      });
      expect(checked.json().counts).toMatchObject({ match: 1, discrepancy: 1, pending: 0 });
      const requester = await signIn(test, world.requesterA.email, PASSWORD);
      const incident = (
        await requester.post('/api/v1/incidents', { title: '审核差异整改', description: '存储丙登记信息与实物不符' })
      ).json();
      const corrected = await admin.post(`/api/v1/cmdb/audits/${auditId}/correct`, { recordId: incident.number });
      expect(corrected.json()).toMatchObject({
        state: 'closed',
        counts: { corrected: 1 },
        record: { number: incident.number },
      });
      const fixed = (await admin.get(`/api/v1/cmdb/cis/${c.id}`)).json();
      expect(fixed).toMatchObject({ location: { id: room.id }, attributes: { model: 'OceanStor 6800' } });
      const latest = (await admin.get(`/api/v1/cmdb/cis/${c.id}/versions`)).json()[0];
      expect(latest.record).toEqual({ id: incident.id, number: incident.number });
      expectError(
        await admin.post(`/api/v1/cmdb/audits/${auditId}/items/${itemA.id}`, { result: 'match' }),
        409,
        'cmdb.audit_closed',
      );

      const report = (await admin.get('/api/v1/cmdb/report')).json();
      expect(report.totals.cis).toBeGreaterThan(10);
      expect(report.items.find((x: { id: string }) => x.id === fixed.id)).toMatchObject({ location: { id: room.id } });
    });

    it('links records to CIs, shows each CI its open records, and keeps CIs inside their organisations', async () => {
      const pc = await ci('pc', '财务部 PC-01');
      const requester = await signIn(test, world.requesterA.email, PASSWORD);
      const incident = (
        await requester.post('/api/v1/incidents', { title: '电脑无法开机', description: '按电源键无反应' })
      ).json();
      const agent = await signIn(test, 'agent@test.local', PASSWORD);
      const linked = await agent.post(`/api/v1/records/${incident.id}/cis`, { ciId: pc.id });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(linked.json().map((c: Ci) => c.id)).toEqual([pc.id]);
      const detail = (await agent.get(`/api/v1/cmdb/cis/${pc.id}`)).json();
      expect(detail.records).toEqual([expect.objectContaining({ id: incident.id, open: true })]);
      expect(detail.abilities).toEqual({ update: false, relate: false });
      expectError(await agent.patch(`/api/v1/cmdb/cis/${pc.id}`, { name: 'x' }), 403);
      expectError(await requester.get('/api/v1/cmdb/cis'), 403);
      expectError(await requester.post(`/api/v1/records/${incident.id}/cis`, { ciId: pc.id }), 403);
      expect((await requester.get(`/api/v1/records/${incident.id}/cis`)).json()).toEqual([]);

      const other = await admin.post('/api/v1/cmdb/cis', {
        classId: classes.pc,
        name: '乙方 PC',
        organizationId: world.orgB.id,
      });
      expectError(await specialist.get(`/api/v1/cmdb/cis/${other.json().id}`), 404);
      expectError(
        await specialist.post('/api/v1/cmdb/cis', { classId: classes.pc, name: 'x', organizationId: world.orgB.id }),
        400,
      );
      const unlinked = await agent.delete(`/api/v1/records/${incident.id}/cis/${pc.id}`);
      expect(unlinked.json()).toEqual([]);
    });
  });
}
