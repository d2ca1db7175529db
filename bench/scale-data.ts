/**
 * The data generator of `npm run bench:scale`: N incidents and service requests over three years,
 * written straight into the real schema (after migrations and the demo data set) in batched,
 * prepared multi-row inserts, keeping what the app relies on: numbers and their sequences, the
 * search index (jieba-segmented tokens, FTS5 rows on SQLite, tsvector on PostgreSQL), SLA clocks
 * with breaches and timers, timelines, CI links.
 */
import { randomFillSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import {
  type BusinessCalendar,
  elapsedBusinessMs,
  formatRecordNumber,
  instantReaching,
  type RecordKind,
  sequenceScope,
} from '@trellis/core';
import type SQLiteDatabase from 'better-sqlite3';
import pg from 'pg';
import { businessCalendar } from '../packages/server/src/modules/calendars/index.js';
import type { Db } from '../packages/server/src/platform/db/database.js';
import { tokenize, tsvectorLiteral } from '../packages/server/src/platform/search/index.js';

const require = createRequire(import.meta.url);
const SQLite = require('better-sqlite3') as typeof SQLiteDatabase;

export type Dialect = 'sqlite' | 'postgres';

// ---- vocabulary: broad words (every tenth record), selective ones (a few hundred records each)

const PROBLEMS: [zh: string, en: string][] = [
  ['打印机卡纸', 'Printer paper jam'],
  ['共享打印机无法连接', 'Cannot connect to the shared printer'],
  ['VPN 连接失败', 'VPN connection fails'],
  ['出差时 VPN 连不上', 'VPN drops while travelling'],
  ['网络很慢', 'Network is very slow'],
  ['电脑无法开机', 'PC does not power on'],
  ['邮箱无法收信', 'Mailbox does not receive mail'],
  ['ERP 系统登录缓慢', 'ERP login is slow'],
  ['显示器黑屏', 'Monitor shows a black screen'],
  ['电话分机无法拨出', 'Desk phone cannot dial out'],
  ['需要安装 Visio', 'Need Visio installed'],
  ['无线网络频繁掉线', 'Wi-Fi keeps dropping'],
  ['账号被锁定', 'Account locked out'],
  ['Teams 会议没有声音', 'Teams meeting has no audio'],
  ['硒鼓需要更换', 'Toner cartridge needs replacing'],
  ['文件服务器无法访问', 'File server unreachable'],
  ['病毒告警', 'Antivirus alert'],
  ['笔记本电池耗电快', 'Laptop battery drains fast'],
  ['文件加密软件报错', 'File encryption tool shows an error'],
  ['OA 审批流程卡住', 'OA approval workflow stuck'],
  ['财务报表导出失败', 'Finance report export fails'],
  ['扫描仪无法识别', 'Scanner not detected'],
  ['浏览器证书错误', 'Browser certificate error'],
  ['系统更新后蓝屏', 'Blue screen after the update'],
  ['会议室投影仪无信号', 'Meeting room projector shows no signal'],
  ['U 盘被禁用', 'USB drive blocked'],
  ['企业微信消息延迟', 'WeCom messages delayed'],
  ['数据库连接超时', 'Database connection timeout'],
  ['磁盘空间不足', 'Disk space low'],
  ['密码过期无法登录', 'Password expired, cannot sign in'],
];
const DETAILS: [zh: string, en: string][] = [
  ['从今天早上开始一直这样', 'It has been like this since this morning'],
  ['重启之后问题依旧', 'Restarting did not help'],
  ['影响整个部门的工作', 'The whole department is affected'],
  ['月底结账比较着急', 'Urgent because of the month-end close'],
  ['同事的电脑也出现同样的问题', "A colleague's PC shows the same problem"],
  ['已经尝试重新插拔网线', 'Already tried re-plugging the cable'],
  ['错误代码 0x80070005', 'Error code 0x80070005'],
  ['客户演示下午两点开始', 'A customer demo starts at two'],
  ['只有在会议室才会出现', 'It only happens in the meeting rooms'],
  ['昨天升级了驱动程序', 'The driver was updated yesterday'],
  ['提示许可证已过期', 'It says the licence has expired'],
  ['打印任务一直排队', 'Print jobs keep queueing'],
  ['间歇性出现，大约每小时一次', 'Intermittent, about once an hour'],
  ['新员工入职需要开通', 'A new starter needs it set up'],
  ['使用的是公司配发的笔记本', 'Using the company-issued laptop'],
];
const PLACES = [
  '三楼',
  '二楼',
  '财务部',
  '销售部',
  '仓库',
  '会议室',
  '研发中心',
  '前台',
  '总部',
  '分公司',
  '生产车间',
  '数据中心',
];
const PLACES_EN = ['HQ', 'branch office', 'warehouse', 'plant', 'lab', 'front desk', 'finance', 'sales'];
/** Selective words: product names and hosts, each in a few hundred records. */
const SELECTIVE_ZH = [
  '金蝶',
  '用友',
  '钉钉',
  '泛微',
  '致远',
  '深信服',
  '华为云',
  '阿里云盘',
  '腾讯会议',
  '奇安信',
  '天融信',
  '浪潮',
  '曙光',
  '海康威视',
  '大华',
  '达梦',
  '人大金仓',
  '麒麟',
  '统信',
  '中望',
];
const SELECTIVE_EN = [
  'citrix',
  'sap',
  'jira',
  'confluence',
  'gitlab',
  'jenkins',
  'oracle',
  'vmware',
  'fortinet',
  'sophos',
  'zabbix',
  'grafana',
  'kibana',
  'tableau',
  'salesforce',
  'workday',
  'okta',
  'zscaler',
  'splunk',
  'crowdstrike',
];
const COMMENTS: [zh: string, en: string][] = [
  ['已远程查看，正在分析日志', 'Connected remotely, reading the logs'],
  ['请提供一下错误截图', 'Please send a screenshot of the error'],
  ['已更换配件，请再试一下', 'Part replaced, please try again'],
  ['问题已复现，升级给二线处理', 'Reproduced, escalating to second line'],
  ['等待厂商回复', 'Waiting for the vendor'],
  ['已重置密码并解锁账号', 'Password reset and account unlocked'],
  ['清理了打印队列，恢复正常', 'Print queue cleared, working again'],
  ['更新了网卡驱动', 'Updated the network driver'],
  ['用户确认已经可以使用', 'User confirms it works now'],
  ['现场检查发现网线松动', 'On site: the cable was loose'],
  ['已扩容邮箱配额', 'Mailbox quota increased'],
  ['重新安装了客户端', 'Reinstalled the client'],
];
const CAUSES: [cause: string, solution: string][] = [
  ['配置错误', '修正配置后恢复'],
  ['硬件故障', '更换故障部件'],
  ['密码过期且多次输错被锁定', '核实身份后解锁账号并重置密码'],
  ['驱动不兼容', '回退驱动版本'],
  ['网络设备故障', '重启交换机端口'],
  ['用户操作问题', '指导用户正确操作'],
];

/** Needle records: words found nowhere else, planted in a title, a description or a public comment. */
export const NEEDLES = [
  { query: '量子加密狗', where: 'title', lang: 'zh', text: '量子加密狗无法识别' },
  { query: 'zephyrine', where: 'title', lang: 'en', text: 'Zephyrine dongle not recognised' },
  { query: '蓝鲸备份柜', where: 'description', lang: 'zh', text: '机房的蓝鲸备份柜告警灯一直闪' },
  { query: 'quokka appliance', where: 'description', lang: 'en', text: 'The quokka appliance in rack 7 reboots' },
  { query: '翡翠交换机', where: 'comment', lang: 'zh', text: '排查后发现是翡翠交换机的端口故障' },
  { query: 'xylophonist', where: 'comment', lang: 'en', text: 'The xylophonist workstation had a bad PSU' },
] as const;

export function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The app's UUIDv7 (platform/ids.ts newId), from a pool of random bytes: ten million ids one
 * randomBytes call each spent a fifth of the generator's time.
 */
const pool = Buffer.alloc(1 << 16);
let poolAt = pool.length;
const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
function newId(now = Date.now()): string {
  if (poolAt + 10 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = pool.subarray(poolAt, poolAt + 10);
  poolAt += 10;
  const t = now.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${hex[b[0]! & 0x0f]!.slice(1)}${hex[b[1]!]}-${hex[(b[2]! & 0x3f) | 0x80]}${hex[b[3]!]}-${hex[b[4]!]}${hex[b[5]!]}${hex[b[6]!]}${hex[b[7]!]}${hex[b[8]!]}${hex[b[9]!]}`;
}

// ---- bulk writers: prepared multi-row inserts (SQLite), unnest of column arrays (PostgreSQL)

type ColumnType = 'text' | 'int' | 'tsvector';
type Value = string | number | null;
interface TableSpec {
  table: string;
  columns: [name: string, type: ColumnType][];
}

const T = {
  work_records: {
    table: 'work_records',
    columns: [
      ['id', 'text'],
      ['kind', 'text'],
      ['number', 'text'],
      ['organization_id', 'text'],
      ['department_id', 'text'],
      ['title', 'text'],
      ['description', 'text'],
      ['state', 'text'],
      ['impact', 'int'],
      ['urgency', 'int'],
      ['level', 'int'],
      ['category_id', 'text'],
      ['service_id', 'text'],
      ['channel', 'text'],
      ['requester_id', 'text'],
      ['owner_id', 'text'],
      ['assignee_id', 'text'],
      ['group_id', 'text'],
      ['created_by', 'text'],
      ['created_at', 'text'],
      ['updated_at', 'text'],
      ['resolved_at', 'text'],
      ['closed_at', 'text'],
      ['version', 'int'],
    ],
  },
  incident_details: {
    table: 'incident_details',
    columns: [
      ['record_id', 'text'],
      ['resolution_cause', 'text'],
      ['resolution_solution', 'text'],
      ['resolved_by', 'text'],
      ['confirmed_at', 'text'],
      ['rating', 'int'],
      ['archived_at', 'text'],
      ['time_spent_minutes', 'int'],
      ['stage_started_at', 'text'],
    ],
  },
  request_details: {
    table: 'request_details',
    columns: [
      ['record_id', 'text'],
      ['item_id', 'text'],
      ['item_name_zh', 'text'],
      ['item_name_en', 'text'],
      ['definition_json', 'text'],
      ['answers_json', 'text'],
      ['delivered_at', 'text'],
      ['accepted_at', 'text'],
    ],
  },
  record_timeline: {
    table: 'record_timeline',
    columns: [
      ['id', 'text'],
      ['record_id', 'text'],
      ['at', 'text'],
      ['actor_id', 'text'],
      ['type', 'text'],
      ['visibility', 'text'],
      ['body', 'text'],
      ['data_json', 'text'],
    ],
  },
  sla_clocks: {
    table: 'sla_clocks',
    columns: [
      ['id', 'text'],
      ['record_id', 'text'],
      ['metric', 'text'],
      ['sla_id', 'text'],
      ['level', 'int'],
      ['target_minutes', 'int'],
      ['calendar_id', 'text'],
      ['started_at', 'text'],
      ['stopped_at', 'text'],
      ['stop_reason', 'text'],
      ['due_at', 'text'],
      ['elapsed_ms', 'int'],
      ['warned_json', 'text'],
      ['breached_at', 'text'],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
  },
  sla_breaches: {
    table: 'sla_breaches',
    columns: [
      ['id', 'text'],
      ['clock_id', 'text'],
      ['record_id', 'text'],
      ['metric', 'text'],
      ['due_at', 'text'],
      ['breached_at', 'text'],
      ['reason', 'text'],
      ['level', 'int'],
      ['organization_id', 'text'],
      ['service_id', 'text'],
      ['group_id', 'text'],
      ['sla_id', 'text'],
      ['fired_by', 'text'],
      ['created_at', 'text'],
    ],
  },
  jobs: {
    table: 'jobs',
    columns: [
      ['id', 'text'],
      ['type', 'text'],
      ['payload', 'text'],
      ['run_at', 'text'],
      ['state', 'text'],
      ['attempts', 'int'],
      ['max_attempts', 'int'],
      ['unique_key', 'text'],
      ['created_at', 'text'],
      ['updated_at', 'text'],
    ],
  },
  record_cis: {
    table: 'record_cis',
    columns: [
      ['record_id', 'text'],
      ['ci_id', 'text'],
      ['created_by', 'text'],
      ['created_at', 'text'],
    ],
  },
  search_documents: {
    table: 'search_documents',
    columns: [
      ['entity_type', 'text'],
      ['entity_id', 'text'],
      ['organization_id', 'text'],
      ['title', 'text'],
      ['tokens', 'text'],
      ['updated_at', 'text'],
    ],
  },
  search_documents_pg: {
    table: 'search_documents',
    columns: [
      ['entity_type', 'text'],
      ['entity_id', 'text'],
      ['organization_id', 'text'],
      ['title', 'text'],
      ['tokens', 'text'],
      ['updated_at', 'text'],
      ['tsv', 'tsvector'],
    ],
  },
  search_fts: {
    table: 'search_fts',
    columns: [
      ['rowid', 'int'],
      ['entity_type', 'text'],
      ['entity_id', 'text'],
      ['tokens', 'text'],
    ],
  },
  search_documents_rowid: {
    table: 'search_documents',
    columns: [
      ['rowid', 'int'],
      ['entity_type', 'text'],
      ['entity_id', 'text'],
      ['organization_id', 'text'],
      ['title', 'text'],
      ['tokens', 'text'],
      ['updated_at', 'text'],
    ],
  },
} satisfies Record<string, TableSpec>;
type TableName = keyof typeof T;

interface Writer {
  /** Rows buffered per table, flushed together in one transaction. */
  flush(rows: Partial<Record<TableName, Value[][]>>): Promise<void>;
  exec(sql: string, params?: Value[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const SQLITE_ROWS_PER_STATEMENT = 100;

function sqliteWriter(file: string): Writer {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  const statements = new Map<string, SQLiteDatabase.Statement>();
  const statement = (spec: TableSpec, rows: number) => {
    const key = `${spec.table}:${spec.columns.length}:${rows}`;
    let s = statements.get(key);
    if (!s) {
      const one = `(${spec.columns.map(() => '?').join(',')})`;
      s = db.prepare(
        `insert into ${spec.table} (${spec.columns.map((c) => c[0]).join(',')}) values ${Array(rows).fill(one).join(',')}`,
      );
      statements.set(key, s);
    }
    return s;
  };
  const write = db.transaction((batches: Partial<Record<TableName, Value[][]>>) => {
    for (const [name, rows] of Object.entries(batches) as [TableName, Value[][]][]) {
      const spec = T[name];
      let i = 0;
      for (; i + SQLITE_ROWS_PER_STATEMENT <= rows.length; i += SQLITE_ROWS_PER_STATEMENT)
        statement(spec, SQLITE_ROWS_PER_STATEMENT).run(rows.slice(i, i + SQLITE_ROWS_PER_STATEMENT).flat());
      for (; i < rows.length; i++) statement(spec, 1).run(rows[i]);
    }
  });
  return {
    async flush(rows) {
      write(rows);
    },
    async exec(sql, params = []) {
      const s = db.prepare(sql);
      if (s.reader) return s.all(params) as Record<string, unknown>[];
      s.run(params);
      return [];
    },
    async close() {
      db.close();
    },
  };
}

async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  const pgType = (t: ColumnType) => (t === 'int' ? 'int[]' : 'text[]');
  return {
    async flush(rows) {
      await client.query('begin');
      try {
        for (const [name, data] of Object.entries(rows) as [TableName, Value[][]][]) {
          if (!data.length) continue;
          const spec = T[name];
          const columns = spec.columns.map((_, c) => data.map((row) => row[c] ?? null));
          const names = spec.columns.map((c) => c[0]);
          const select = spec.columns.map(([n, t]) => (t === 'tsvector' ? `u.${n}::tsvector` : `u.${n}`)).join(',');
          await client.query(
            `insert into ${spec.table} (${names.join(',')}) select ${select} from unnest(${spec.columns
              .map(([, t], i) => `$${i + 1}::${pgType(t)}`)
              .join(',')}) as u(${names.join(',')})`,
            columns,
          );
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    },
    async exec(sql, params = []) {
      let i = 0;
      return (
        await client.query(
          sql.replace(/\?/g, () => `$${++i}`),
          params,
        )
      ).rows;
    },
    async close() {
      await client.end();
    },
  };
}

// ---- the generator

export interface GeneratedInfo {
  records: number;
  seconds: number;
  /** This process's CPU time; the database's own (PostgreSQL) is not in it. */
  cpuSeconds: number;
  rowsWritten: number;
  needles: { query: string; id: string; number: string; where: string }[];
  openRecords: number;
  people: number;
  organizations: number;
}

interface Person {
  id: string;
  org: string;
  dept: string | null;
}

/** Tokens of one piece of text, cached: the vocabulary repeats, jieba need not. */
const tokenCache = new Map<string, { han: string[]; words: string[] }>();
function tokensOf(text: string) {
  let t = tokenCache.get(text);
  if (!t) {
    t = tokenize(text);
    if (tokenCache.size < 200_000) tokenCache.set(text, t);
  }
  return t;
}
/** documentTokens(`${title}\n${title}\n${body pieces joined by \n}`), assembled from cached pieces. */
function documentTokensOf(pieces: string[]): string[] {
  const han: string[] = [];
  const words: string[] = [];
  for (const piece of pieces) {
    const t = tokensOf(piece);
    for (const h of t.han) han.push(h);
    for (const w of t.words) words.push(w);
  }
  return [...han, ...words].slice(0, 4000);
}

const YEAR_FORMAT = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' });
const DAY = 86_400_000;
const MINUTE = 60_000;

export async function generate(options: {
  dialect: Dialect;
  sqliteFile?: string;
  pgUrl?: string;
  /** The app's own handle, for reading the demo data (calendars, SLA, catalogue). */
  appDb: Db;
  records: number;
  seed?: number;
  onProgress?: (done: number, rowsPerSecond: number) => void;
}): Promise<GeneratedInfo> {
  const { dialect, appDb, records: N } = options;
  const next = random(options.seed ?? 20261207);
  const pick = <X>(items: readonly X[]) => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;

  // What the demo data set gives: agents and groups, categories, the SLA and its calendars,
  // the catalogue's items (with a definition each), CIs.
  const agents = await appDb
    .selectFrom('users')
    .select(['id', 'role'])
    .where('role', 'in', ['agent', 'specialist'])
    .execute();
  const agentIds = agents.map((a) => a.id);
  const groups = await appDb.selectFrom('support_groups').select(['id', 'tier']).execute();
  const tier1 = groups.filter((g) => g.tier === 1).map((g) => g.id);
  const groupIds = groups.map((g) => g.id);
  const categories = await appDb.selectFrom('categories').select(['id', 'name_zh', 'name_en', 'service_id']).execute();
  const services = await appDb.selectFrom('services').select(['id']).execute();
  const sla = await appDb
    .selectFrom('slas')
    .select(['id'])
    .where('is_default', '=', 1)
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  const targets = new Map(
    (await appDb.selectFrom('sla_targets').selectAll().where('sla_id', '=', sla.id).execute()).map((t) => [t.level, t]),
  );
  const calendars = new Map<string, BusinessCalendar>();
  for (const t of targets.values())
    if (!calendars.has(t.calendar_id)) calendars.set(t.calendar_id, await businessCalendar(appDb, t.calendar_id));
  const items = await appDb
    .selectFrom('request_details')
    .select(['item_id', 'item_name_zh', 'item_name_en', 'definition_json', 'answers_json'])
    .execute();
  const cis = (await appDb.selectFrom('cis').select('id').execute()).map((c) => c.id);
  const demoOrgs = await appDb.selectFrom('organizations').select(['id', 'kind']).execute();

  const writer = dialect === 'sqlite' ? sqliteWriter(options.sqliteFile!) : await postgresWriter(options.pgUrl!);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let rowsWritten = 0;
  const nowMs = Date.now();
  const nowIso = new Date(nowMs).toISOString();

  // 100 organisations (the two demo customers and 98 more), 3 departments each, 10,000 people.
  // The demo's support groups serve every customer, so the agents' visibility lists 100 organisations.
  const customerIds = demoOrgs.filter((o) => o.kind === 'customer').map((o) => o.id);
  const orgRows: Value[][] = [];
  for (let o = customerIds.length; o < 100; o++) {
    const id = newId();
    customerIds.push(id);
    orgRows.push([id, 'customer', `SCALE${String(o).padStart(3, '0')}`, `规模测试客户 ${o}`, 1, nowIso]);
  }
  const deptRows: Value[][] = [];
  const departments = new Map<string, string[]>();
  for (const org of customerIds) {
    const list: string[] = [];
    for (const name of ['财务部', '销售部', '生产部']) {
      const id = newId();
      list.push(id);
      deptRows.push([id, org, name, 0, 1, nowIso]);
    }
    departments.set(org, list);
  }
  const people: Person[] = [];
  const userRows: Value[][] = [];
  for (let p = 0; p < 10_000; p++) {
    const org = customerIds[p % customerIds.length]!;
    const dept = pick(departments.get(org)!);
    const id = newId();
    people.push({ id, org, dept });
    // No password: these people never sign in during the bench.
    userRows.push([
      id,
      org,
      dept,
      `person${p}@scale.bench`,
      `用户${p}`,
      'requester',
      p % 5 ? 'zh-CN' : 'en-US',
      1,
      nowIso,
      nowIso,
    ]);
  }
  const served: Value[][] = [];
  const existingServed = new Set(
    (await appDb.selectFrom('group_organizations').select(['group_id', 'organization_id']).execute()).map(
      (r) => `${r.group_id}|${r.organization_id}`,
    ),
  );
  for (const g of groupIds)
    for (const org of customerIds) if (!existingServed.has(`${g}|${org}`)) served.push([g, org]);
  const base = async (table: string, columns: string[], rows: Value[][]) => {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const one = `(${columns.map(() => '?').join(',')})`;
      await writer.exec(
        `insert into ${table} (${columns.join(',')}) values ${chunk.map(() => one).join(',')}`,
        chunk.flat(),
      );
    }
    rowsWritten += rows.length;
  };
  await base('organizations', ['id', 'kind', 'code', 'name', 'active', 'created_at'], orgRows);
  await base('departments', ['id', 'organization_id', 'name', 'share_records', 'active', 'created_at'], deptRows);
  await base(
    'users',
    ['id', 'organization_id', 'department_id', 'email', 'name', 'role', 'locale', 'active', 'created_at', 'updated_at'],
    userRows,
  );
  await base('group_organizations', ['group_id', 'organization_id'], served);

  // Numbers continue the demo's sequences.
  const sequences = new Map<string, number>(
    (await appDb.selectFrom('number_sequences').selectAll().execute()).map((s) => [s.scope, Number(s.value)]),
  );
  let rowid = 0;
  if (dialect === 'sqlite') {
    const [row] = await writer.exec('select coalesce(max(rowid), 0) as m from search_documents');
    rowid = Number(row!.m);
  }

  // Needles go at fixed places: old, middle and recent records.
  const needleAt = new Map<number, (typeof NEEDLES)[number]>();
  for (const [k, needle] of NEEDLES.entries())
    needleAt.set(Math.floor(((k * 2 + 1) / (NEEDLES.length * 2 + 1)) * N), needle);
  const needles: GeneratedInfo['needles'] = [];

  const span = 3 * 365 * DAY;
  const start = nowMs - span;
  const BATCH = dialect === 'sqlite' ? 2000 : 5000;
  let openRecords = 0;
  let buffer: Record<TableName, Value[][]> = emptyBuffer();
  for (let i = 0; i < N; i++) {
    const createdMs = start + Math.floor((i / N) * span) + Math.floor(next() * 30_000);
    const createdAt = new Date(createdMs).toISOString();
    const age = nowMs - createdMs;
    const id = newId(createdMs);
    const kind: RecordKind = chance(0.2) ? 'request' : 'incident';
    const year = Number(YEAR_FORMAT.format(createdMs));
    const scope = sequenceScope(kind, year);
    const seq = (sequences.get(scope) ?? 0) + 1;
    sequences.set(scope, seq);
    const number = formatRecordNumber(kind, year, seq);
    const person = pick(people);
    const impact = 1 + Math.floor(next() * 4);
    const urgency = 1 + Math.floor(next() * 4);
    const level = Math.max(1, Math.min(4, Math.round((impact + urgency) / 2)));
    const category = chance(0.85) ? pick(categories) : null;
    const service = category?.service_id ?? (chance(0.5) ? pick(services).id : null);
    const english = chance(0.25);
    const [problemZh, problemEn] = pick(PROBLEMS);
    const needle = needleAt.get(i);
    const selective = chance(0.3) ? (english ? pick(SELECTIVE_EN) : pick(SELECTIVE_ZH)) : null;
    let title = english ? `${problemEn}${chance(0.5) ? ` (${pick(PLACES_EN)})` : ''}` : `${pick(PLACES)}${problemZh}`;
    if (selective) title = `${selective} ${title}`;
    const [d1zh, d1en] = pick(DETAILS);
    const [d2zh, d2en] = pick(DETAILS);
    let description = english ? `${d1en}. ${d2en}.` : `${d1zh}，${d2zh}。`;
    if (needle?.where === 'title') title = needle.text;
    if (needle?.where === 'description') description = `${description}\n${needle.text}`;
    if (kind === 'request') title = english ? `Request: ${title}` : `申请：${title}`;

    // State by age: nearly everything older than two weeks is closed; some stay on hold.
    const open = age < 14 * DAY ? chance(0.6 - age / (14 * DAY) / 2) : chance(0.004);
    let state: string;
    if (kind === 'incident') {
      if (open) state = age < 2 * DAY && chance(0.4) ? 'pending' : chance(0.75) ? 'in_progress' : 'on_hold';
      else if (age < 7 * DAY && chance(0.5)) state = 'resolved';
      else state = chance(0.06) ? 'cancelled' : 'archived';
    } else {
      if (open) state = chance(0.3) ? 'awaiting_approval' : chance(0.8) ? 'in_fulfilment' : 'delivered';
      else state = chance(0.05) ? 'rejected' : chance(0.05) ? 'cancelled' : 'closed';
    }
    const isOpen = ['pending', 'in_progress', 'on_hold', 'awaiting_approval', 'in_fulfilment', 'delivered'].includes(
      state,
    );
    if (isOpen) openRecords++;
    const pending = state === 'pending' || state === 'awaiting_approval';
    const cancelled = state === 'cancelled' || state === 'rejected';
    const agent = pending || cancelled ? null : pick(agentIds);
    const group = agent ? (chance(0.6) ? pick(tier1) : pick(groupIds)) : null;
    const takenMs = agent ? createdMs + (5 + Math.floor(next() * 240)) * MINUTE : null;
    const done = !isOpen && !cancelled;
    const resolvedMs = done ? takenMs! + (30 + Math.floor(next() * 3 * 24 * 60)) * MINUTE : null;
    const closedMs = done && state !== 'resolved' ? resolvedMs! + (1 + Math.floor(next() * 72)) * 60 * MINUTE : null;
    const cancelledMs = cancelled ? createdMs + (10 + Math.floor(next() * 600)) * MINUTE : null;
    const lastMs = Math.min(nowMs, closedMs ?? resolvedMs ?? cancelledMs ?? takenMs ?? createdMs);
    const iso = (ms: number | null) => (ms === null ? null : new Date(Math.min(ms, nowMs)).toISOString());

    // Timeline: created, taken, comments (public and internal), resolution, closure.
    const timeline: Value[][] = [];
    const tl = (
      ms: number,
      actor: string | null,
      type: string,
      visibility: string,
      body: string | null,
      data: object,
    ) => timeline.push([newId(Math.min(ms, nowMs)), id, iso(ms), actor, type, visibility, body, JSON.stringify(data)]);
    tl(createdMs, person.id, 'created', 'public', null, { channel: 'portal' });
    const publicComments: string[] = [];
    if (takenMs !== null) {
      if (kind === 'incident')
        tl(takenMs, agent, 'taken', 'public', null, { owner: true, from: 'pending', to: 'in_progress' });
      const comments = Math.floor(next() * 3) + (needle?.where === 'comment' ? 1 : 0);
      for (let c = 0; c < comments; c++) {
        const isPublic = needle?.where === 'comment' && c === comments - 1 ? true : chance(0.7);
        let body = english ? pick(COMMENTS)[1] : pick(COMMENTS)[0];
        if (needle?.where === 'comment' && c === comments - 1) body = needle.text;
        const at = takenMs + (c + 1) * 7 * MINUTE;
        tl(at, agent, 'comment', isPublic ? 'public' : 'internal', body, {});
        if (isPublic) publicComments.push(body);
      }
    }
    const [cause, solution] = pick(CAUSES);
    if (resolvedMs !== null) {
      if (kind === 'incident')
        tl(resolvedMs, agent, 'resolved', 'public', null, { from: 'in_progress', to: 'resolved', cause, solution });
      else tl(resolvedMs, agent, 'delivered', 'public', '已完成', { from: 'in_fulfilment', to: 'delivered' });
    }
    if (closedMs !== null) {
      if (kind === 'incident') tl(closedMs, agent, 'archived', 'public', null, { from: 'resolved', to: 'archived' });
      else tl(closedMs, person.id, 'accepted', 'public', null, { from: 'delivered', to: 'closed' });
    }
    if (cancelledMs !== null) tl(cancelledMs, person.id, 'cancelled', 'public', null, { to: state });

    buffer.work_records.push([
      id,
      kind,
      number,
      person.org,
      person.dept,
      title,
      description,
      state,
      impact,
      urgency,
      level,
      category?.id ?? null,
      service,
      pick(['portal', 'phone', 'email', 'im', 'walk_in']),
      person.id,
      agent,
      agent,
      group,
      person.id,
      createdAt,
      iso(lastMs),
      iso(resolvedMs),
      iso(closedMs ?? cancelledMs),
      1 + timeline.length,
    ]);
    if (kind === 'incident') {
      buffer.incident_details.push([
        id,
        done ? cause : null,
        done ? solution : null,
        done ? agent : null,
        closedMs !== null ? iso(resolvedMs! + 3 * 60 * MINUTE) : null,
        closedMs !== null && chance(0.4) ? 3 + Math.floor(next() * 3) : null,
        state === 'archived' ? iso(closedMs) : null,
        done ? 15 + Math.floor(next() * 240) : null,
        takenMs !== null ? iso(takenMs) : null,
      ]);
    } else {
      const item = pick(items);
      buffer.request_details.push([
        id,
        item.item_id,
        item.item_name_zh,
        item.item_name_en,
        item.definition_json,
        item.answers_json,
        iso(resolvedMs),
        iso(closedMs),
      ]);
    }
    buffer.record_timeline.push(...timeline);
    if (kind === 'incident' && cis.length && chance(0.3))
      buffer.record_cis.push([id, pick(cis), agent ?? person.id, createdAt]);

    // SLA clocks: response stops when an agent takes the record, resolution at the resolution.
    const target = targets.get(level)!;
    const cal = calendars.get(target.calendar_id)!;
    for (const [metric, minutes, stopMs] of [
      ['response', target.response_minutes, takenMs],
      ['resolution', target.resolution_minutes, resolvedMs ?? (cancelled ? cancelledMs : null)],
    ] as const) {
      const clockId = newId(createdMs);
      const stopped = stopMs !== null && stopMs <= nowMs ? stopMs : null;
      const history = { startedAt: createdMs, pauses: [], stoppedAt: stopped };
      const dueMs =
        instantReaching(cal, history, minutes * MINUTE) ??
        instantReaching(cal, { ...history, stoppedAt: null }, minutes * MINUTE);
      const elapsed = elapsedBusinessMs(cal, history, stopped ?? nowMs);
      const breached = dueMs !== null && dueMs < (stopped ?? nowMs) && !(cancelled && metric === 'resolution');
      const warned = stopped === null ? [75, 90].filter((p) => elapsed >= (minutes * MINUTE * p) / 100) : [];
      buffer.sla_clocks.push([
        clockId,
        id,
        metric,
        sla.id,
        level,
        minutes,
        target.calendar_id,
        createdAt,
        iso(stopped),
        stopped === null ? null : cancelled && metric === 'resolution' ? 'cancelled' : 'met',
        iso(dueMs),
        // sla_clocks.elapsed_ms is a 32-bit integer on PostgreSQL: 24.8 days of business time at most.
        Math.min(Math.round(elapsed), 2 ** 31 - 1),
        JSON.stringify(warned),
        breached ? iso(dueMs) : null,
        createdAt,
        iso(stopped ?? createdMs),
      ]);
      if (breached)
        buffer.sla_breaches.push([
          newId(dueMs!),
          clockId,
          id,
          metric,
          iso(dueMs),
          iso(dueMs),
          `sla.${metric}_not_in_target`,
          level,
          person.org,
          service,
          group,
          sla.id,
          stopped === null ? 'timer' : 'clock-stop',
          iso(dueMs),
        ]);
      else if (stopped === null && dueMs !== null) {
        // A running clock before its target has its timer queued, as the SLA engine arms it.
        const pct = [75, 90, 100].find((p) => !warned.includes(p))!;
        const at = instantReaching(cal, history, (minutes * MINUTE * pct) / 100) ?? dueMs;
        buffer.jobs.push([
          newId(),
          'sla.timer',
          JSON.stringify({ clockId }),
          new Date(at).toISOString(),
          'queued',
          0,
          10,
          `sla:${clockId}`,
          nowIso,
          nowIso,
        ]);
      }
    }

    // The search index: title twice, number, description, category names, public comments.
    const pieces = [
      title,
      title,
      number,
      description,
      category?.name_zh ?? '',
      category?.name_en ?? '',
      ...publicComments,
    ];
    const tokens = documentTokensOf(pieces).join(' ');
    if (dialect === 'sqlite') {
      rowid++;
      buffer.search_documents_rowid.push([rowid, kind, id, person.org, title, tokens, iso(lastMs)]);
      buffer.search_fts.push([rowid, kind, id, tokens]);
    } else {
      buffer.search_documents_pg.push([
        kind,
        id,
        person.org,
        title,
        tokens,
        iso(lastMs),
        tsvectorLiteral(tokens.split(' ')),
      ]);
    }
    if (needle) needles.push({ query: needle.query, id, number, where: `${needle.lang} ${needle.where}` });

    if ((i + 1) % BATCH === 0 || i === N - 1) {
      rowsWritten += Object.values(buffer).reduce((n, rows) => n + rows.length, 0);
      await writer.flush(buffer);
      buffer = emptyBuffer();
      const seconds = (performance.now() - started) / 1000;
      options.onProgress?.(i + 1, rowsWritten / seconds);
    }
  }

  for (const [scope, value] of sequences) {
    await writer.exec(
      dialect === 'sqlite'
        ? 'insert into number_sequences (scope, value) values (?, ?) on conflict (scope) do update set value = excluded.value'
        : 'insert into number_sequences (scope, value) values (?, ?) on conflict (scope) do update set value = excluded.value',
      [scope, value],
    );
  }
  await writer.exec(dialect === 'sqlite' ? 'analyze' : 'analyze');
  if (dialect === 'sqlite') await writer.exec('pragma wal_checkpoint(truncate)');
  await writer.close();
  return {
    records: N,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (() => {
      const cpu = process.cpuUsage(cpuStarted);
      return (cpu.user + cpu.system) / 1e6;
    })(),
    rowsWritten,
    needles,
    openRecords,
    people: people.length,
    organizations: customerIds.length,
  };
}

function emptyBuffer(): Record<TableName, Value[][]> {
  return Object.fromEntries(Object.keys(T).map((k) => [k, []])) as unknown as Record<TableName, Value[][]>;
}
