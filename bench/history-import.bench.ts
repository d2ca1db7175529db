/**
 * `npm run bench:import`: how fast `trellis import` brings history in. Generates BENCH_RECORDS
 * tickets (default 100,000) with BENCH_COMMENTS comments each (default 2, one public, one internal;
 * Chinese and English text) and a small attachment on every 50th, in each export format, then
 * imports each into a fresh database through the same code the command runs (read, check, write in
 * batched transactions with numbering, the jieba search index, SLA clocks for open records and the
 * audit trail). Prints records/s per format and database, reading the files included. Figures, not
 * pass/fail.
 *
 *   BENCH_RECORDS    tickets per format (default 100000)
 *   BENCH_COMMENTS   comments per ticket (default 2)
 *   BENCH_FORMATS    e.g. "csv,rt" (default all five)
 *   BENCH_DATABASES  "sqlite,postgres" (default both; PostgreSQL from TRELLIS_TEST_PG_URL)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTrellis } from '../packages/server/src/app.js';
import { createOrganization, createUser } from '../packages/server/src/modules/directory/index.js';
import { importCommand } from '../packages/server/src/modules/migration/migration.cli.js';
import { loadConfig } from '../packages/server/src/platform/config.js';
import { inTransaction } from '../packages/server/src/platform/unit-of-work.js';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';
import { xlsx } from '../packages/server/test/support/xlsx.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 2);
const FORMATS = (process.env.BENCH_FORMATS ?? 'csv,xlsx,rt,glpi,zammad').split(',');
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',');
const ATTACH_EVERY = 50;

const TITLES = [
  '打印机卡纸',
  'VPN 连不上',
  'Outlook cannot receive mail',
  '财务系统登录很慢',
  'Wi-Fi drops in building B',
  '邮箱容量不足',
];
const BODIES = [
  '三楼打印机每天早上卡纸，已经重启过，问题依旧。',
  'Since this morning the VPN client reports a certificate error when connecting from home.',
  '出差时 VPN 客户端提示证书过期，无法连接公司内网，请尽快处理。',
  'The mailbox shows disconnected and new messages do not arrive.',
];
const REPLIES = ['已远程处理，请重试。', 'We replaced the toner and cleared the queue.', '已通知网络组检查交换机。'];
const NOTES = ['内部备注：证书模板过期，需续签。', 'Internal: switch sw-5f-02 lost its uplink config.'];
const STATES = {
  csv: ['closed', 'closed', 'closed', 'resolved', 'open'],
  rt: ['resolved', 'resolved', 'resolved', 'open', 'new'],
  glpi: [6, 6, 6, 5, 2],
  zammad: ['closed', 'closed', 'closed', 'open', 'new'],
};
const START = Date.parse('2023-01-01T00:00:00Z');
const SPAN = 3 * 365 * 86_400_000;
const LOG = Buffer.from('2024-03-01 09:12:03 vpn: TLS handshake failed (certificate expired)\n');

const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;
const at = (i: number, plusMinutes = 0) => new Date(START + Math.floor((i / RECORDS) * SPAN) + plusMinutes * 60_000);
const iso = (d: Date) => d.toISOString();
const naive = (d: Date) => iso(d).slice(0, 19).replace('T', ' ');
const requester = (i: number) => `user${i % 5000}@bench.example.cn`;

function tableRows(): string[][] {
  const rows: string[][] = [
    [
      'number',
      'title',
      'description',
      'state',
      'priority',
      'created_at',
      'resolved_at',
      'requester_email',
      'requester_name',
      'comment',
      'comment_visibility',
      'comment_at',
      'attachments',
    ],
  ];
  for (let i = 0; i < RECORDS; i++) {
    const state = pick(STATES.csv, i);
    rows.push([
      `OLD-${i}`,
      `${pick(TITLES, i)} #${i}`,
      pick(BODIES, i),
      state,
      String((i % 4) + 1),
      naive(at(i)),
      state === 'open' ? '' : naive(at(i, 300)),
      requester(i),
      `用户${i % 5000}`,
      '',
      '',
      '',
      i % ATTACH_EVERY === 0 ? 'log.txt' : '',
    ]);
    for (let c = 0; c < COMMENTS; c++)
      rows.push([
        `OLD-${i}`,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        c % 2 ? pick(NOTES, i + c) : pick(REPLIES, i + c),
        c % 2 ? 'internal' : 'public',
        naive(at(i, 30 * (c + 1))),
        '',
      ]);
  }
  return rows;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function writeExports(root: string): Record<string, string> {
  const dirs: Record<string, string> = {};
  const dir = (name: string) => {
    const d = path.join(root, name);
    fs.mkdirSync(d, { recursive: true });
    dirs[name] = d;
    return d;
  };
  if (FORMATS.includes('csv') || FORMATS.includes('xlsx')) {
    const rows = tableRows();
    if (FORMATS.includes('csv')) {
      const d = dir('csv');
      fs.writeFileSync(path.join(d, 'tickets.csv'), rows.map((r) => r.map(csvCell).join(',')).join('\n'));
      fs.mkdirSync(path.join(d, 'attachments'));
      fs.writeFileSync(path.join(d, 'attachments', 'log.txt'), LOG);
    }
    if (FORMATS.includes('xlsx')) {
      const d = dir('xlsx');
      fs.writeFileSync(path.join(d, 'tickets.xlsx'), xlsx(rows));
      fs.mkdirSync(path.join(d, 'attachments'));
      fs.writeFileSync(path.join(d, 'attachments', 'log.txt'), LOG);
    }
  }
  if (FORMATS.includes('rt')) {
    const d = dir('rt');
    const tickets = [];
    const transactions: object[] = [];
    const attachments: object[] = [];
    let txn = 1;
    let att = 1;
    for (let i = 0; i < RECORDS; i++) {
      const state = pick(STATES.rt, i);
      const id = i + 1;
      const user = { type: 'user', id: requester(i) };
      tickets.push({
        id,
        Subject: `${pick(TITLES, i)} #${i}`,
        Status: state,
        Priority: String((i % 3) * 50),
        Queue: { type: 'queue', id: '1' },
        Owner: { type: 'user', id: 'Nobody' },
        Requestor: [user],
        Created: iso(at(i)),
        Resolved: state === 'resolved' ? iso(at(i, 300)) : '1970-01-01T00:00:00Z',
      });
      const add = (Type: string, minutes: number, text: string, file?: boolean) => {
        const t = txn++;
        transactions.push({
          id: t,
          Type,
          ObjectType: 'RT::Ticket',
          Object: { type: 'ticket', id: String(id) },
          Creator: user,
          Created: iso(at(i, minutes)),
        });
        attachments.push({
          id: att++,
          TransactionId: { type: 'transaction', id: String(t) },
          ContentType: 'text/plain',
          Filename: '',
          Content: Buffer.from(text).toString('base64'),
          Created: iso(at(i, minutes)),
        });
        if (file)
          attachments.push({
            id: att++,
            TransactionId: { type: 'transaction', id: String(t) },
            ContentType: 'text/plain',
            Filename: 'log.txt',
            Content: LOG.toString('base64'),
            Created: iso(at(i, minutes)),
          });
      };
      add('Create', 0, pick(BODIES, i), i % ATTACH_EVERY === 0);
      for (let c = 0; c < COMMENTS; c++)
        add(c % 2 ? 'Comment' : 'Correspond', 30 * (c + 1), c % 2 ? pick(NOTES, i + c) : pick(REPLIES, i + c));
    }
    fs.writeFileSync(path.join(d, 'tickets.json'), JSON.stringify(tickets));
    fs.writeFileSync(path.join(d, 'transactions.json'), JSON.stringify(transactions));
    fs.writeFileSync(path.join(d, 'attachments.json'), JSON.stringify(attachments));
  }
  if (FORMATS.includes('glpi')) {
    const d = dir('glpi');
    const tickets = [];
    const followups = [];
    const actors = [];
    const docs = [];
    const docItems = [];
    const emails = [];
    for (let u = 0; u < Math.min(5000, RECORDS); u++)
      emails.push({ id: u + 1, users_id: u + 100, is_default: 1, email: requester(u) });
    for (let i = 0; i < RECORDS; i++) {
      const status = pick(STATES.glpi, i);
      tickets.push({
        id: i + 1,
        name: `${pick(TITLES, i)} #${i}`,
        content: `&lt;p&gt;${pick(BODIES, i)}&lt;/p&gt;`,
        status,
        priority: (i % 5) + 1,
        date: naive(at(i)),
        solvedate: status >= 5 ? naive(at(i, 300)) : null,
        closedate: status === 6 ? naive(at(i, 400)) : null,
        itilcategories_id: 0,
        type: 1,
      });
      actors.push({ id: i + 1, tickets_id: i + 1, users_id: (i % 5000) + 100, type: 1 });
      for (let c = 0; c < COMMENTS; c++)
        followups.push({
          id: followups.length + 1,
          itemtype: 'Ticket',
          items_id: i + 1,
          content: c % 2 ? pick(NOTES, i + c) : pick(REPLIES, i + c),
          is_private: c % 2,
          date: naive(at(i, 30 * (c + 1))),
          users_id: 2,
        });
      if (i % ATTACH_EVERY === 0) {
        docs.push({ id: docs.length + 1, filename: 'log.txt', filepath: 'TXT/00/log.txt' });
        docItems.push({ id: docItems.length + 1, documents_id: docs.length, itemtype: 'Ticket', items_id: i + 1 });
      }
    }
    for (const [name, data] of Object.entries({
      Ticket: tickets,
      ITILFollowup: followups,
      Ticket_User: actors,
      Document: docs,
      Document_Item: docItems,
      UserEmail: emails,
    }))
      fs.writeFileSync(path.join(d, `${name}.json`), JSON.stringify(data));
    fs.mkdirSync(path.join(d, 'files', 'TXT', '00'), { recursive: true });
    fs.writeFileSync(path.join(d, 'files', 'TXT', '00', 'log.txt'), LOG);
  }
  if (FORMATS.includes('zammad')) {
    const d = dir('zammad');
    const tickets = [];
    const articles = [];
    for (let i = 0; i < RECORDS; i++) {
      const state = pick(STATES.zammad, i);
      tickets.push({
        id: i + 1,
        number: String(31000 + i),
        title: `${pick(TITLES, i)} #${i}`,
        state,
        priority: pick(['1 low', '2 normal', '3 high'], i),
        customer: requester(i),
        owner: '-',
        group: 'Users',
        created_at: iso(at(i)),
        close_at: state === 'closed' ? iso(at(i, 300)) : null,
      });
      articles.push({
        id: articles.length + 1,
        ticket_id: i + 1,
        body: pick(BODIES, i),
        content_type: 'text/plain',
        internal: false,
        created_at: iso(at(i)),
        created_by: requester(i),
        attachments: i % ATTACH_EVERY === 0 ? [{ id: i + 1, filename: 'log.txt', size: String(LOG.length) }] : [],
      });
      for (let c = 0; c < COMMENTS; c++)
        articles.push({
          id: articles.length + 1,
          ticket_id: i + 1,
          body: c % 2 ? pick(NOTES, i + c) : pick(REPLIES, i + c),
          content_type: 'text/plain',
          internal: c % 2 === 1,
          created_at: iso(at(i, 30 * (c + 1))),
          created_by: 'agent@bench.example.cn',
          attachments: [],
        });
    }
    fs.writeFileSync(path.join(d, 'tickets.json'), JSON.stringify(tickets));
    fs.writeFileSync(path.join(d, 'articles.json'), JSON.stringify(articles));
    fs.mkdirSync(path.join(d, 'attachments'));
    for (let i = 0; i < RECORDS; i += ATTACH_EVERY) fs.writeFileSync(path.join(d, 'attachments', String(i + 1)), LOG);
  }
  return dirs;
}

async function importInto(dialect: string, format: string, input: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-import-'));
  const pg = dialect === 'postgres' ? await createPostgresDatabase('trellis_bench_import') : null;
  const trellis = await createTrellis(
    loadConfig({ TRELLIS_DATA_DIR: dataDir, TRELLIS_LOG_LEVEL: 'silent', ...(pg ? { DATABASE_URL: pg.url } : {}) }),
  );
  try {
    const { db } = trellis.database;
    await inTransaction({ db, dialect: trellis.database.dialect, bus: trellis.bus }, null, async (tx) => {
      const provider = await createOrganization({ tx, input: { kind: 'provider', code: 'PROV', name: '服务商' } });
      await createUser({
        tx,
        input: {
          email: 'admin@bench.example.cn',
          name: 'Admin',
          role: 'admin',
          organizationId: provider.id,
          locale: 'zh-CN',
          password: 'Bench#Import-2026',
        },
      });
    });
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = await importCommand(trellis, { format, input, progress: false, locale: 'en-US' }, () => {});
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const count = await db
      .selectFrom('work_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { summary, seconds, cpuSeconds, stored: Number(count.n), writeSeconds: summary.ms / 1000 };
  } finally {
    await trellis.close();
    await pg?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-exports-'));
  try {
    let started = performance.now();
    const dirs = writeExports(root);
    console.log(
      `generated ${RECORDS} records × ${COMMENTS} comments in ${FORMATS.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const databases =
      DATABASES.includes('postgres') && !(await postgresReachable())
        ? DATABASES.filter((d) => d !== 'postgres')
        : DATABASES;
    // Records per CPU-second of this process: what the import costs, whatever else shares the cores
    // (the database server's own CPU, PostgreSQL's, is not in it).
    console.log(
      '\n| format | database | records | comments | attachments | records/s (whole command) | records/s (write) | records per CPU-second | seconds |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const format of FORMATS) {
      for (const dialect of databases) {
        started = performance.now();
        const r = await importInto(dialect, format, dirs[format]!);
        const errors = r.summary.issues.filter((i) => i.severity === 'error').length;
        console.log(
          `| ${format} | ${dialect} | ${r.summary.imported} (stored ${r.stored}${errors ? `, ${errors} errors` : ''}) | ${r.summary.comments} | ${r.summary.attachments} | ${Math.round(r.summary.imported / r.seconds)} | ${Math.round(r.summary.imported / r.writeSeconds)} | ${Math.round(r.summary.imported / r.cpuSeconds)} | ${r.seconds.toFixed(1)} |`,
        );
      }
    }
    console.log(
      `\nload: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (1/5/15 min), ${os.cpus().length} cores`,
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
