import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reindexWorkRecords } from '../../src/modules/search/index.js';
import { searchHits, searchMatches } from '../../src/platform/search/index.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';
import { anonymous, expectError } from '../support/http.js';

/** Reported through the API by requester A (organisation A) unless marked B; the expected hits are below. */
const CORPUS = {
  jam: ['三楼打印机卡纸', '财务部的打印机一直卡纸，无法打印报表'],
  shared: ['共享打印机无法连接', '办公室的共享打印机在 Windows 10 上找不到'],
  paper: ['打印纸用完了', '请补充 A4 纸'],
  vpn1: ['VPN 连接失败', '在家办公时 VPN 客户端提示连接超时'],
  vpn2: ['出差时连不上 VPN', '酒店网络下 VPN 一直连不上公司内网'],
  slow: ['网络很慢', '整层楼上网很慢，视频会议卡顿'],
  outlook: ['Outlook cannot receive mail', 'Outlook shows disconnected since this morning'],
  quota: ['Mailbox quota exceeded', 'The mailbox is full and cannot receive new messages'],
  bPrinter: ['B 公司打印机故障', '行政部打印机无法打印'],
} as const;
type Key = keyof typeof CORPUS;

for (const dialect of await dialectsUnderTest()) {
  describe(`global search over work records [${dialect}]`, () => {
    let test: TestApp;
    let agent: Client;
    let agentA: Client;
    let reqA: Client;
    let reqB: Client;
    const ids = {} as Record<Key, { id: string; number: string }>;
    const key = (id: string) => (Object.keys(ids) as Key[]).find((k) => ids[k].id === id);

    const search = async (client: Client, q: string, extra = '') => {
      const res = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
      expect(res.statusCode, res.body).toBe(200);
      return (
        res.json() as { items: { id: string; kind: string; number: string; title: string; snippet: string | null }[] }
      ).items;
    };
    const keys = async (client: Client, q: string) => (await search(client, q)).map((h) => key(h.id));

    beforeAll(async () => {
      test = await createTestApp(dialect);
      await buildWorld(test);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      agentA = await signIn(test, 'agent-a@test.local', PASSWORD);
      reqA = await signIn(test, 'req-a@test.local', PASSWORD);
      reqB = await signIn(test, 'req-b@test.local', PASSWORD);
      for (const [k, [title, description]] of Object.entries(CORPUS) as [Key, readonly [string, string]][]) {
        const res = await (k === 'bPrinter' ? reqB : reqA).post('/api/v1/incidents', { title, description });
        expect(res.statusCode, res.body).toBe(201);
        ids[k] = res.json() as { id: string; number: string };
      }
    });
    afterAll(() => test?.close());

    it('打印机 finds 打印机卡纸 and 共享打印机无法连接 first, and not the VPN records', async () => {
      const hits = await keys(agentA, '打印机');
      expect(new Set(hits.slice(0, 2))).toEqual(new Set(['jam', 'shared']));
      expect(hits).not.toContain('vpn1');
      expect(hits).not.toContain('outlook');
    });

    it('"VPN 连不上" finds both VPN connection failures, the one that says 连不上 first', async () => {
      expect(await keys(agent, 'VPN 连不上')).toEqual(['vpn2', 'vpn1']);
    });

    it('English words match case-insensitively, every word must appear', async () => {
      expect(new Set(await keys(agent, 'outlook'))).toEqual(new Set(['outlook']));
      expect(new Set(await keys(agent, 'cannot RECEIVE'))).toEqual(new Set(['outlook', 'quota']));
      expect(await keys(agent, 'mailbox full')).toEqual(['quota']);
    });

    it('answers kind, number, title and a snippet; a record number finds its record', async () => {
      const [hit] = await search(agent, '卡纸');
      expect(hit).toMatchObject({ kind: 'incident', number: ids.jam.number, title: '三楼打印机卡纸' });
      expect(hit!.snippet).toContain('卡纸');
      expect((await search(agent, ids.quota.number.toLowerCase())).map((h) => h.id)[0]).toBe(ids.quota.id);
      expect(await search(agent, '打印机', '&kinds=request')).toEqual([]);
    });

    it('respects visibility inside the query: nobody finds what they may not see', async () => {
      // agent serves both organisations; agentA only A; requesters see their own.
      expect(await keys(agent, '打印机')).toContain('bPrinter');
      expect(await keys(agentA, '打印机')).not.toContain('bPrinter');
      expect(await keys(reqB, '打印机')).toEqual(['bPrinter']);
      expect(await keys(reqA, '打印机')).not.toContain('bPrinter');
      // With a limit of 1, agentA still gets a hit (visibility is not applied after the LIMIT).
      const one = await agentA.get(`/api/v1/search?q=${encodeURIComponent('打印机故障')}&limit=1`);
      expect((one.json() as { items: { id: string }[] }).items.map((h) => key(h.id))).not.toContain('bPrinter');
      expect((one.json() as { items: unknown[] }).items).toHaveLength(1);
    });

    it('follows edits and public comments, but not internal notes', async () => {
      await agent.post(`/api/v1/incidents/${ids.slow.id}/comments`, {
        body: '交换机端口协商异常',
        visibility: 'public',
      });
      await agent.post(`/api/v1/incidents/${ids.paper.id}/comments`, {
        body: '机密备注：防火墙',
        visibility: 'internal',
      });
      expect(await keys(agent, '交换机')).toEqual(['slow']);
      expect(await keys(agent, '防火墙')).toEqual([]);
      expect(await keys(reqA, '防火墙')).toEqual([]);
    });

    it('a reindex rebuilds the same results', async () => {
      const before = await keys(agent, '打印机');
      const { db, dialect: d } = test.trellis.database;
      expect(await reindexWorkRecords({ db, dialect: d })).toBe(Object.keys(CORPUS).length);
      expect(await keys(agent, '打印机')).toEqual(before);
    });

    it('bounds ranking to the newest matches and narrows by organisation in the index', async () => {
      const { db, dialect: d } = test.trellis.database;
      const ranked = async (options: Parameters<typeof searchHits>[3]) => {
        const hits = searchHits({ db, dialect: d }, '打印机', ['incident'], options)!;
        const rows = await db.selectFrom(hits).select('hits.entity_id').execute();
        return rows.map((r) => key(r.entity_id)).sort();
      };
      // Reported in CORPUS order: bPrinter is the newest printer record, then paper, shared, jam.
      expect(await ranked({ candidates: 2 })).toEqual(['bPrinter', 'paper']);
      expect(await ranked({})).toEqual(['bPrinter', 'jam', 'paper', 'shared']);
      const orgB = (
        await db.selectFrom('organizations').select('id').where('code', '=', 'CUSTB').executeTakeFirstOrThrow()
      ).id;
      expect(await ranked({ organizationIds: [orgB] })).toEqual(['bPrinter']);
      expect(await ranked({ organizationIds: [] })).toEqual([]);
      const matches = searchMatches({ db, dialect: d }, '打印机', ['incident'], { newest: 1 })!;
      const newest = await db.selectFrom(matches).select('matches.entity_id').execute();
      expect(newest.map((r) => key(r.entity_id))).toEqual(['bPrinter']);
    });

    it('validates the query and requires a session', async () => {
      expectError(await agent.get('/api/v1/search?q='), 400, 'error.validation');
      expectError(await agent.get('/api/v1/search?q=x&kinds=nope'), 400, 'error.validation');
      expectError(await anonymous(test, 'GET', '/api/v1/search?q=vpn'), 401, 'error.unauthenticated');
      expect(await search(agent, '？！…')).toEqual([]);
    });
  });
}
