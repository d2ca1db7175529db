/**
 * `npx tsx bench/mail-hostile.bench.ts`: BENCH_MAILS (default 1,000) malformed, looping, oversized
 * and duplicate messages (test/support/hostile-mail.ts, the API suite's corpus at full size, plus a
 * few whole messages of BENCH_HUGE_MB) through a real Dovecot into the mailbox poller, on SQLite and
 * PostgreSQL. Prints messages per outcome and per shape, mails lost (no log line), replies sent to
 * machines (loops), failed polls and failed deliveries. Figures, not pass/fail.
 *
 *   BENCH_MAILS      messages (default 1000)
 *   BENCH_HUGE_MB    size of the few huge messages (default 25; 0 leaves them out)
 *   BENCH_DIALECTS   sqlite,postgres (default both when PostgreSQL answers)
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTrellis } from '../packages/server/src/app.js';
import { analyzeMail } from '../packages/server/src/modules/channels/mail.analyze.js';
import { createOrganization, createUser } from '../packages/server/src/modules/directory/index.js';
import { loadConfig } from '../packages/server/src/platform/config.js';
import { inTransaction } from '../packages/server/src/platform/unit-of-work.js';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';
import { hostileMails } from '../packages/server/test/support/hostile-mail.js';
import { startMailServers } from '../packages/server/test/support/mail-servers.js';

const MAILS = Number(process.env.BENCH_MAILS ?? 1000);
const HUGE_MB = Number(process.env.BENCH_HUGE_MB ?? 25);
const PASSWORD = 'Bench#Hostile-2026';
const SENDERS = Array.from({ length: 8 }, (_, i) => `h${i}@bench.example`);
const INACTIVE = 'gone@bench.example';

const keyOf = async (raw: Buffer) =>
  (await analyzeMail(raw).catch(() => null))?.messageId ??
  `sha256-${createHash('sha256').update(raw).digest('hex')}@trellis.invalid`;

async function run(dialect: 'sqlite' | 'postgres') {
  const mail = await startMailServers();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-hostile-'));
  const pg = dialect === 'postgres' ? await createPostgresDatabase() : null;
  const trellis = await createTrellis(
    loadConfig({
      TRELLIS_DATA_DIR: dataDir,
      TRELLIS_LOG_LEVEL: 'silent',
      TRELLIS_DEMO_DATA: 'off',
      TRELLIS_ATTACHMENT_MAX_MB: '1',
      ...(pg ? { DATABASE_URL: pg.url } : {}),
    }),
  );
  const desk = `desk-${dialect}@bench.example`;
  try {
    const { db } = trellis.database;
    const deps = { db, dialect: trellis.database.dialect, bus: trellis.bus };
    const customer = await inTransaction(deps, null, async (tx) => {
      const provider = await createOrganization({ tx, input: { kind: 'provider', code: 'P', name: '服务商' } });
      const org = await createOrganization({ tx, input: { kind: 'customer', code: 'C', name: '客户' } });
      await createUser({
        tx,
        input: {
          email: 'admin@bench.example',
          name: 'admin',
          role: 'admin',
          organizationId: provider.id,
          locale: 'zh-CN',
          password: PASSWORD,
        },
      });
      for (const email of [...SENDERS, INACTIVE])
        await createUser({
          tx,
          input: { email, name: email, role: 'requester', organizationId: org.id, locale: 'zh-CN', password: PASSWORD },
        });
      return org;
    });
    await db.updateTable('users').set({ active: 0 }).where('email', '=', INACTIVE).execute();
    const app = trellis.app;
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@bench.example', password: PASSWORD },
    });
    const cookie = login.cookies.find((c) => c.name === 'trellis_session')!.value;
    const csrf = login.json().csrfToken as string;
    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: { cookie: `trellis_session=${cookie}`, 'x-csrf-token': csrf }, payload });
    const settings = await call('POST', '/api/v1/channels/settings', {
      smtp: {
        host: '127.0.0.1',
        port: mail.smtpPort,
        secure: false,
        tlsVerify: false,
        fromAddress: desk,
        fromName: 'IT',
      },
      // The flood guard would hold most of a corpus from eight senders; lift it to its maximum.
      options: { coalesceSeconds: 0, senderHourlyLimit: 10_000, publicUrl: '' },
    });
    if (settings.statusCode !== 200) throw new Error(`settings: ${settings.body}`);
    const created = await call('POST', '/api/v1/channels/mailboxes', {
      name: 'hostile',
      address: desk,
      host: '127.0.0.1',
      port: mail.imapPort,
      tls: true,
      tlsVerify: false,
      username: desk,
      password: mail.password,
      processedFolder: 'Processed',
      organizationId: customer.id,
      unknownSender: 'create',
      useIdle: false,
    });
    if (created.statusCode !== 201) throw new Error(`mailbox: ${created.body}`);
    const mailboxId = created.json().id as string;

    const corpus = hostileMails(MAILS, {
      desk,
      senders: SENDERS,
      inactive: INACTIVE,
      oversizedAttachmentBytes: 1_200_000,
      hugeMessageBytes: HUGE_MB * 1024 * 1024,
      seed: `bench-${dialect}`,
    });
    const client = mail.client(desk);
    await client.connect();
    for (const m of corpus) await client.append('INBOX', m.raw);
    await client.logout();

    const start = performance.now();
    const statuses: number[] = [];
    const outcomes: Record<string, number> = {};
    let fetched = 0;
    // Poll until the inbox is empty or a poll takes nothing more (what is left is then stuck).
    for (let round = 0; round < 5; round++) {
      const poll = await call('POST', `/api/v1/channels/mailboxes/${mailboxId}/poll`);
      statuses.push(poll.statusCode);
      if (poll.statusCode !== 200) break;
      const body = poll.json() as { fetched: number; outcomes: Record<string, number> };
      fetched += body.fetched;
      for (const [k, v] of Object.entries(body.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
      if (body.fetched === 0 || !body.outcomes.failed) break;
    }
    const seconds = (performance.now() - start) / 1000;
    for (let i = 0; i < 20 && (await trellis.jobs.runDue(1000)) > 0; i++);

    const rows = await db.selectFrom('inbound_mails').select(['message_id', 'outcome', 'reason']).execute();
    const byKey = new Map(rows.map((r) => [r.message_id, r]));
    const perShape: Record<string, Record<string, number>> = {};
    let lost = 0;
    let unacceptable = 0;
    for (const m of corpus) {
      const row = byKey.get(await keyOf(m.raw));
      if (!row) lost++;
      const label = m.accept.includes('duplicate')
        ? 'duplicate'
        : `${row?.outcome ?? 'LOST'}${row?.reason ? `:${row.reason.slice(0, 40)}` : ''}`;
      if (row && !m.accept.includes('duplicate') && !m.accept.includes(row.outcome as never)) unacceptable++;
      perShape[m.kind] ??= {};
      perShape[m.kind]![label] = (perShape[m.kind]![label] ?? 0) + 1;
    }
    const machines = new Set(corpus.flatMap((m) => (m.machine ? [m.machine.toLowerCase()] : [])));
    const deliveries = await db.selectFrom('channel_deliveries').select(['recipient', 'state']).execute();
    const loops = deliveries.filter((d) => machines.has(d.recipient.toLowerCase())).length;
    const failedDeliveries = deliveries.filter((d) => d.state === 'failed').length;
    const left = (await mail.messages(desk)).length;
    console.log(`\n${dialect}: outcomes per shape`);
    for (const [kind, counts] of Object.entries(perShape))
      console.log(
        `  ${kind.padEnd(22)} ${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
    return {
      dialect,
      mails: corpus.length,
      fetched,
      seconds: Number(seconds.toFixed(1)),
      pollStatuses: statuses.join(','),
      ...outcomes,
      logLines: rows.length,
      lost,
      unacceptable,
      leftOnServer: left,
      repliesToMachines: loops,
      acknowledgements: deliveries.length,
      failedDeliveries,
    };
  } finally {
    await trellis.close();
    await pg?.drop();
    await mail.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const results = [];
for (const dialect of wanted) {
  if (dialect === 'postgres' && !(await postgresReachable())) {
    console.log('PostgreSQL not reachable: skipping it');
    continue;
  }
  console.log(`${dialect}: ${MAILS} hostile messages through Dovecot …`);
  results.push(await run(dialect));
}
console.log(`\nHostile mail intake, ${MAILS} messages (huge ones ${HUGE_MB} MB), ${os.cpus().length} cores`);
console.table(results);
