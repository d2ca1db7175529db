/**
 * `npm run bench:mail`: mails taken in per second from one IMAP mailbox holding BENCH_MAILS
 * messages (default 10,000), on SQLite and on PostgreSQL. The mailbox is a real Dovecot over TLS
 * (started as in the tests); each mail goes through the whole intake — parse, loop checks,
 * threading, a new incident through the use case, the log row — and is moved on the server after
 * its commit. Figures, not pass/fail.
 *
 *   BENCH_MAILS         messages in the mailbox (default 10000)
 *   BENCH_DIALECTS      comma-separated: sqlite,postgres (default both when PostgreSQL answers)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTrellis } from '../packages/server/src/app.js';
import { pollMailbox } from '../packages/server/src/modules/channels/index.js';
import { createOrganization, createUser } from '../packages/server/src/modules/directory/index.js';
import { nowIso } from '../packages/server/src/platform/clock.js';
import { loadConfig } from '../packages/server/src/platform/config.js';
import { newId } from '../packages/server/src/platform/ids.js';
import { inTransaction } from '../packages/server/src/platform/unit-of-work.js';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';
import { startMailServers } from '../packages/server/test/support/mail-servers.js';

const MAILS = Number(process.env.BENCH_MAILS ?? 10_000);
const SENDERS = 50;

function message(i: number) {
  const sender = `user${i % SENDERS}@bench.example`;
  const subject = `=?UTF-8?B?${Buffer.from(`打印机故障 #${i}`).toString('base64')}?=`;
  const body = Buffer.from(`第 ${i} 封:三楼打印机卡纸,错误代码 E-${i % 100}。\n`.repeat(8)).toString('base64');
  return [
    `From: =?UTF-8?B?${Buffer.from(`用户${i % SENDERS}`).toString('base64')}?= <${sender}>`,
    'To: desk@bench.example',
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <bench-${i}-${newId()}@bench.example>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    body,
  ].join('\r\n');
}

async function run(dialect: 'sqlite' | 'postgres') {
  const mail = await startMailServers();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-mail-'));
  const pg = dialect === 'postgres' ? await createPostgresDatabase() : null;
  const trellis = await createTrellis(
    loadConfig({
      TRELLIS_DATA_DIR: dataDir,
      TRELLIS_LOG_LEVEL: 'silent',
      ...(pg ? { DATABASE_URL: pg.url } : {}),
    }),
  );
  try {
    const { db } = trellis.database;
    const deps = { db, dialect: trellis.database.dialect, bus: trellis.bus };
    const org = await inTransaction(deps, null, async (tx) => {
      await createOrganization({ tx, input: { kind: 'provider', code: 'PROV', name: '服务商' } });
      const customer = await createOrganization({ tx, input: { kind: 'customer', code: 'CUST', name: '客户' } });
      for (let s = 0; s < SENDERS; s++)
        await createUser({
          tx,
          input: {
            email: `user${s}@bench.example`,
            name: `用户${s}`,
            role: 'requester',
            organizationId: customer.id,
            locale: 'zh-CN',
            password: 'bench-password-1',
          },
        });
      return customer;
    });
    // The per-sender flood guard would quarantine a benchmark; lift it, as an admin would for a bulk import.
    await db
      .insertInto('settings')
      .values({
        key: 'channels.options',
        value_json: JSON.stringify({ coalesceSeconds: 60, senderHourlyLimit: 10_000, publicUrl: '' }),
        updated_at: nowIso(),
      })
      .execute();
    const now = nowIso();
    const mailbox = {
      id: newId(),
      name: 'bench',
      address: 'desk@bench.example',
      host: '127.0.0.1',
      port: mail.imapPort,
      tls: 1,
      tls_verify: 0,
      username: 'desk@bench.example',
      password: mail.password,
      folder: 'INBOX',
      processed_folder: 'Processed',
      organization_id: org.id,
      service_id: null,
      group_id: null,
      unknown_sender: 'create' as const,
      poll_seconds: 60,
      use_idle: 0,
      active: 1,
      last_polled_at: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    };
    await db.insertInto('mailboxes').values(mailbox).execute();

    const fillStart = performance.now();
    const client = mail.client(mailbox.username);
    await client.connect();
    for (let i = 0; i < MAILS; i++) await client.append('INBOX', message(i));
    await client.logout();
    const fillSeconds = (performance.now() - fillStart) / 1000;

    const start = performance.now();
    const summary = await pollMailbox({ ...deps, attachmentMaxBytes: 20 * 1024 * 1024 }, mailbox);
    const seconds = (performance.now() - start) / 1000;
    const left = (await mail.messages(mailbox.username)).length;
    const records = await db
      .selectFrom('work_records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      dialect,
      mails: summary.fetched,
      seconds: Number(seconds.toFixed(1)),
      perSecond: Number((summary.fetched / seconds).toFixed(1)),
      records: Number(records.n),
      outcomes: JSON.stringify(summary.outcomes),
      leftOnServer: left,
      fillSeconds: Number(fillSeconds.toFixed(1)),
    };
  } finally {
    await trellis.close();
    await pg?.drop();
    await mail.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const rows = [];
for (const dialect of wanted) {
  if (dialect === 'postgres' && !(await postgresReachable())) {
    console.log('PostgreSQL not reachable: skipping it');
    continue;
  }
  console.log(`${dialect}: filling a mailbox with ${MAILS} messages, then taking them in …`);
  rows.push(await run(dialect));
}
console.log(`\nMail intake from one IMAP mailbox (Dovecot over TLS), ${MAILS} messages, ${os.cpus().length} cores`);
console.table(rows);
