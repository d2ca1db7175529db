/**
 * `npm run bench:console`: the agent console over a large desk, on SQLite and on PostgreSQL.
 * 100,000 incidents (Chinese and English titles, spread over a year, two customer organisations),
 * then p50/p95 of a queue page with filters and of global search, for an agent who serves only one
 * of the two organisations (so visibility is part of every query). Figures, not pass/fail;
 * targets: page p95 < 50 ms, search p95 < 150 ms. Measured through app.inject: the whole HTTP
 * handler (auth, validation, SQL, serialisation) without a socket.
 *
 *   BENCH_RECORDS       incidents to create (default 100000)
 *   BENCH_ITERATIONS    requests per measured kind (default 300)
 *   BENCH_DIALECTS      sqlite,postgres (default both, postgres when reachable)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Insertable, sql } from 'kysely';
import { createTrellis, type Trellis } from '../packages/server/src/app.js';
import type { WorkRecordsTable } from '../packages/server/src/modules/records/record.table.js';
import { loadConfig } from '../packages/server/src/platform/config.js';
import { newId } from '../packages/server/src/platform/ids.js';
import { indexDocument } from '../packages/server/src/platform/search/index.js';
import type { TestApp } from '../packages/server/test/support/app.js';
import { signIn } from '../packages/server/test/support/app.js';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';
import { buildWorld, PASSWORD } from '../packages/server/test/support/factories.js';

type Dialect = 'sqlite' | 'postgres';
const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const BATCH = 1000;

const TITLES = [
  ['打印机卡纸', '财务部的打印机一直卡纸，无法打印报表'],
  ['共享打印机无法连接', '办公室的共享打印机在 Windows 10 上找不到'],
  ['VPN 连接失败', '在家办公时 VPN 客户端提示连接超时'],
  ['出差时 VPN 连不上', '酒店网络下 VPN 一直连不上公司内网'],
  ['网络很慢', '整层楼上网很慢，视频会议卡顿'],
  ['电脑无法开机', '按下电源键后没有任何反应，指示灯不亮'],
  ['邮箱无法收信', 'Outlook 收不到外部邮件，发送正常'],
  ['Outlook cannot receive mail', 'Outlook shows disconnected since this morning'],
  ['Mailbox quota exceeded', 'The mailbox is full and cannot receive new messages'],
  ['ERP 系统登录缓慢', '月底结账时 ERP 登录要等两分钟'],
  ['显示器黑屏', '显示器电源灯亮但没有画面'],
  ['电话分机无法拨出', '拨打外线时提示音忙'],
  ['需要安装 Visio', '项目需要绘制流程图，申请安装 Visio'],
  ['无线网络频繁掉线', '会议室 Wi-Fi 每隔几分钟断开一次'],
  ['账号被锁定', '输错密码多次后域账号被锁定'],
  ['Teams meeting has no audio', 'Participants cannot hear me in Teams meetings'],
  ['硒鼓需要更换', '打印颜色很淡，提示碳粉不足'],
  ['文件服务器无法访问', '映射的 S 盘显示红叉，无法打开共享文件'],
  ['病毒告警', '杀毒软件提示发现木马程序'],
  ['Laptop battery drains fast', 'The battery lasts less than an hour after the update'],
] as const;
const PLACES = ['三楼', '二楼', '财务部', '销售部', '仓库', '会议室', 'HQ', 'branch office', '研发中心', '前台'];
const STATES = ['pending', 'in_progress', 'on_hold', 'resolved', 'archived', 'archived', 'archived', 'cancelled'];
const CHANNELS = ['portal', 'phone', 'phone', 'email', 'im', 'walk_in', 'api', 'monitoring'];

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function populate(trellis: Trellis, world: Awaited<ReturnType<typeof buildWorld>>, dialect: Dialect) {
  const { db } = trellis.database;
  const next = random(20261122);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const people = [
    [world.requesterA.id, world.orgA.id, world.financeA.id],
    [world.colleagueA.id, world.orgA.id, world.financeA.id],
    [world.salesPersonA.id, world.orgA.id, world.salesA.id],
    [world.requesterB.id, world.orgB.id, world.deptB.id],
  ] as const;
  const agents = [world.agent.id, world.agentA.id, null];
  const groups = [world.tier1.id, world.tier2A.id, null];
  const start = Date.now() - 365 * 86_400_000;
  const started = performance.now();
  for (let offset = 0; offset < RECORDS; offset += BATCH) {
    const rows: Insertable<WorkRecordsTable>[] = [];
    for (let i = offset; i < Math.min(RECORDS, offset + BATCH); i++) {
      const [title, description] = pick(TITLES);
      const [requester, organization, department] = pick(people);
      const at = new Date(start + (i / RECORDS) * 365 * 86_400_000 + Math.floor(next() * 60_000)).toISOString();
      const state = pick(STATES);
      const assignee = state === 'pending' ? null : pick(agents);
      const impact = 1 + Math.floor(next() * 4);
      const urgency = 1 + Math.floor(next() * 4);
      rows.push({
        id: newId(Date.parse(at)),
        kind: 'incident' as const,
        number: `INC-2025-${String(i + 1).padStart(6, '0')}`,
        organization_id: organization,
        department_id: department,
        title: `${pick(PLACES)}${title}`,
        description: `${description}（${pick(PLACES)}）`,
        state,
        impact,
        urgency,
        level: Math.max(1, Math.min(4, Math.round((impact + urgency) / 2))),
        category_id: next() < 0.3 ? world.category.id : null,
        service_id: null,
        channel: pick(CHANNELS),
        affected_scope: null,
        contact: null,
        requester_id: requester,
        owner_id: assignee,
        assignee_id: assignee,
        group_id: assignee ? pick(groups) : null,
        created_by: requester,
        created_at: at,
        updated_at: at,
        resolved_at: null,
        closed_at: null,
        version: 1,
      });
    }
    await db.transaction().execute(async (trx) => {
      // Chunks keep PostgreSQL under its bind-parameter limit.
      for (let c = 0; c < rows.length; c += 250)
        await trx
          .insertInto('work_records')
          .values(rows.slice(c, c + 250))
          .execute();
      for (const row of rows) {
        await indexDocument(
          { db: trx, dialect },
          {
            entityType: 'incident',
            entityId: row.id as string,
            organizationId: row.organization_id as string,
            title: row.title as string,
            body: `${row.number}\n${row.description}`,
          },
        );
      }
    });
    if ((offset / BATCH) % 10 === 9) process.stdout.write(`\r  ${dialect}: ${offset + BATCH} records`);
  }
  if (dialect === 'postgres') await sql`analyze`.execute(trellis.database.db);
  console.log(`\r  ${dialect}: ${RECORDS} records indexed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

async function measure(
  name: string,
  urls: string[],
  get: (url: string) => Promise<{ statusCode: number; body: string }>,
) {
  for (const url of urls) {
    const res = await get(url); // warm-up, and a check that the request is valid
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const url = urls[i % urls.length]!;
    const t = performance.now();
    await get(url);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  if (process.env.BENCH_DETAIL) {
    for (const url of urls) {
      const each: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await get(url);
        each.push(performance.now() - t);
      }
      each.sort((a, b) => a - b);
      console.log(`    ${percentile(each, 50).toFixed(1).padStart(7)} ms  ${decodeURIComponent(url)}`);
    }
  }
  return { name, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
}

async function run(dialect: Dialect) {
  // BENCH_KEEP_DIR keeps the SQLite database for a look at query plans afterwards.
  const keep = dialect === 'sqlite' ? process.env.BENCH_KEEP_DIR : undefined;
  const dataDir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-console-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase('trellis_bench') : null;
  const trellis = await createTrellis(
    loadConfig({
      TRELLIS_DATA_DIR: dataDir,
      TRELLIS_LOG_LEVEL: 'silent',
      TRELLIS_DEMO_DATA: 'off',
      ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    }),
  );
  try {
    const test = { trellis, dialect } as TestApp;
    const world = await buildWorld(test);
    await populate(trellis, world, dialect);
    // The second-line agent serves only organisation A: visibility filters every query.
    const agent = await signIn(test, 'agent-a@test.local', PASSWORD);
    const firstPage = (await agent.get('/api/v1/console/queue?state=pending,in_progress,on_hold&limit=50')).json() as {
      nextCursor: string;
    };
    const q = encodeURIComponent;
    const pages = [
      '/api/v1/console/queue?state=pending,in_progress,on_hold&limit=50',
      `/api/v1/console/queue?state=pending,in_progress,on_hold&limit=50&cursor=${q(firstPage.nextCursor)}`,
      '/api/v1/console/queue?state=pending&level=1,2&limit=50',
      `/api/v1/console/queue?groupId=${world.tier2A.id}&state=in_progress,on_hold&limit=50`,
      '/api/v1/console/queue?assignee=me&state=in_progress,on_hold&limit=50',
      '/api/v1/console/queue?channel=phone,walk_in&state=pending,in_progress&limit=50',
      `/api/v1/console/queue?categoryId=${world.category.id}&state=resolved&limit=50`,
      `/api/v1/console/queue?q=${q('打印机')}&state=pending,in_progress,on_hold&limit=50`,
      '/api/v1/console/queue?state=archived&limit=50',
    ];
    const searches = [
      '打印机',
      'VPN 连不上',
      'outlook',
      '网络很慢',
      '邮箱',
      'cannot receive',
      'INC-2025-000123',
      '账号锁定',
      '硒鼓',
      'Teams audio',
    ].map((s) => `/api/v1/search?q=${q(s)}&limit=20`);
    const results = [
      await measure('queue page (filters)', pages, (url) => agent.get(url)),
      await measure('global search', searches, (url) => agent.get(url)),
    ];
    for (const r of results) {
      console.log(
        `  ${dialect.padEnd(8)} ${r.name.padEnd(22)} p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms   max ${r.max.toFixed(1).padStart(6)} ms`,
      );
    }
  } finally {
    await trellis.close();
    if (process.env.BENCH_KEEP_DIR && pgDb) console.log(`  kept ${pgDb.url}`);
    else await pgDb?.drop();
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];
console.log(
  `console bench: ${RECORDS} incidents, ${ITERATIONS} requests per kind (targets: page p95 < 50 ms, search p95 < 150 ms)`,
);
for (const dialect of wanted) {
  if (dialect === 'postgres' && !(await postgresReachable())) {
    console.log('  postgres: not reachable, skipped');
    continue;
  }
  await run(dialect);
}
