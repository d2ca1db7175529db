import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMail } from '../../src/modules/channels/mail.analyze.js';
import { createUser } from '../../src/modules/directory/index.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { type HostileMail, hostileMails } from '../support/hostile-mail.js';
import { dovecotAvailable, type MailServers, startMailServers } from '../support/mail-servers.js';

const COUNT = Number(process.env.TRELLIS_HOSTILE_MAILS ?? 100);
const SENDERS = ['h1@custa.example', 'h2@custa.example', 'h3@custa.example', 'h4@custa.example'];
const INACTIVE = 'gone@custa.example';

/** The key intake files a mail under: its Message-ID, or the hash of its bytes when it has none or cannot be read. */
async function keyOf(raw: Buffer): Promise<string> {
  const analyzed = await analyzeMail(raw).catch(() => null);
  return analyzed?.messageId ?? `sha256-${createHash('sha256').update(raw).digest('hex')}@trellis.invalid`;
}

for (const dialect of await dialectsUnderTest()) {
  describe.skipIf(!dovecotAvailable())(`hostile mail through a real IMAP server [${dialect}]`, () => {
    let mail: MailServers;
    let test: TestApp;
    let world: World;
    let admin: Client;
    let mailboxId: string;
    const desk = `desk-hostile-${dialect}@test.local`;
    let corpus: HostileMail[];

    beforeAll(async () => {
      mail = await startMailServers();
      // A 1 MB attachment limit keeps "oversized" cheap to generate and to fetch.
      test = await createTestApp(dialect, { TRELLIS_ATTACHMENT_MAX_MB: '1' });
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      const { db } = test.trellis.database;
      await inTransaction({ db, dialect: test.trellis.database.dialect, bus: test.trellis.bus }, null, async (tx) => {
        for (const email of [...SENDERS, INACTIVE])
          await createUser({
            tx,
            input: {
              email,
              name: email.split('@')[0]!,
              role: 'requester',
              organizationId: world.orgA.id,
              locale: 'zh-CN',
              password: PASSWORD,
            },
          });
      });
      await db.updateTable('users').set({ active: 0 }).where('email', '=', INACTIVE).execute();
      const settings = await admin.post('/api/v1/channels/settings', {
        smtp: {
          host: '127.0.0.1',
          port: mail.smtpPort,
          secure: false,
          tlsVerify: false,
          fromAddress: desk,
          fromName: 'IT 服务台',
        },
        options: { coalesceSeconds: 0, senderHourlyLimit: 10_000, publicUrl: '' },
      });
      expect(settings.statusCode, settings.body).toBe(200);
      const created = await admin.post('/api/v1/channels/mailboxes', {
        name: 'hostile',
        address: desk,
        host: '127.0.0.1',
        port: mail.imapPort,
        tls: true,
        tlsVerify: false,
        username: desk,
        password: mail.password,
        processedFolder: 'Processed',
        organizationId: world.orgA.id,
        unknownSender: 'create',
        useIdle: false,
      });
      expect(created.statusCode, created.body).toBe(201);
      mailboxId = created.json().id;
      corpus = hostileMails(COUNT, {
        desk,
        senders: SENDERS,
        inactive: INACTIVE,
        oversizedAttachmentBytes: 1_200_000,
        seed: dialect,
      });
      const client = mail.client(desk);
      await client.connect();
      for (const m of corpus) await client.append('INBOX', m.raw);
      await client.logout();
    });
    afterAll(async () => {
      await test?.close();
      await mail?.stop();
    });

    it(`takes in ${COUNT} malformed, looping, oversized and duplicate mails: none lost, no loop, no 5xx`, async () => {
      const poll = await admin.post(`/api/v1/channels/mailboxes/${mailboxId}/poll`);
      expect(poll.statusCode, poll.body).toBe(200);
      expect(poll.json().fetched).toBe(COUNT);
      // Every mail left the inbox only after intake committed it.
      expect(await mail.messages(desk)).toHaveLength(0);
      expect(await mail.messages(desk, 'Processed')).toHaveLength(COUNT);

      const { db } = test.trellis.database;
      const rows = await db.selectFrom('inbound_mails').select(['message_id', 'outcome', 'reason']).execute();
      const byKey = new Map(rows.map((r) => [r.message_id, r]));
      const wrong: string[] = [];
      let duplicates = 0;
      for (const m of corpus) {
        const row = byKey.get(await keyOf(m.raw));
        if (!row) {
          wrong.push(`${m.kind}: no log line`);
          continue;
        }
        // A duplicate is the log line of the first copy; the first copy itself is the ordinary case.
        if (m.accept.includes('duplicate')) {
          duplicates++;
          continue;
        }
        if (!m.accept.includes(row.outcome as never)) wrong.push(`${m.kind}: ${row.outcome} (${row.reason})`);
        if (row.outcome === 'ignored' && !row.reason) wrong.push(`${m.kind}: ignored without a reason`);
        if (row.outcome === 'quarantined' && !row.reason) wrong.push(`${m.kind}: quarantined without a reason`);
      }
      if (process.env.TRELLIS_HOSTILE_DEBUG) {
        const per: Record<string, Record<string, number>> = {};
        for (const m of corpus) {
          const row = byKey.get(await keyOf(m.raw));
          const k = `${row?.outcome}:${row?.reason}`;
          per[m.kind] = { ...per[m.kind], [k]: (per[m.kind]?.[k] ?? 0) + 1 };
        }
        console.log(JSON.stringify(per, null, 1));
      }
      expect(wrong).toEqual([]);
      // What the server handed over (it may normalise bytes) has its log line too.
      for (const raw of await mail.messages(desk, 'Processed')) expect(byKey.has(await keyOf(raw))).toBe(true);
      const outcomes = poll.json().outcomes as Record<string, number>;
      expect(outcomes.duplicate ?? 0).toBeGreaterThanOrEqual(duplicates);
      expect(Object.values(outcomes).reduce((a, b) => a + b, 0)).toBe(COUNT);
      expect(rows.length + (outcomes.duplicate ?? 0)).toBe(COUNT);

      // No loop: whatever the intake sends (acknowledgements) goes to people, never to a machine.
      await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 10 && (await test.trellis.jobs.runDue(500)) > 0; i++);
      const machines = new Set(corpus.flatMap((m) => (m.machine ? [m.machine.toLowerCase()] : [])));
      const deliveries = await db
        .selectFrom('channel_deliveries')
        .select(['recipient', 'channel', 'state', 'last_error'])
        .execute();
      // Nothing went to an address no server accepts (a person made up from a hostile From:).
      expect(deliveries.filter((d) => d.state === 'failed')).toEqual([]);
      expect(deliveries.filter((d) => machines.has(d.recipient.toLowerCase()))).toEqual([]);
      const machineUsers = await db
        .selectFrom('users')
        .select('email')
        .where('email', 'in', [...machines])
        .execute();
      expect(machineUsers).toEqual([]);
      // Acknowledgements did go out to the people whose mail opened records: the check above can fail.
      expect(deliveries.some((d) => SENDERS.includes(d.recipient))).toBe(true);

      // The log and every quarantined mail open for an admin without a 5xx.
      const log = await admin.get('/api/v1/channels/inbound-mails?limit=500');
      expect(log.statusCode, log.body.slice(0, 300)).toBe(200);
      for (const entry of (await admin.get('/api/v1/channels/inbound-mails?outcome=quarantined&limit=500')).json()) {
        const detail = await admin.get(`/api/v1/channels/inbound-mails/${entry.id}`);
        expect(detail.statusCode, `${entry.reason}: ${detail.body.slice(0, 300)}`).toBe(200);
      }

      // Polling again finds nothing and changes nothing.
      const again = await admin.post(`/api/v1/channels/mailboxes/${mailboxId}/poll`);
      expect(again.json()).toEqual({ fetched: 0, outcomes: {} });
    });

    it('leaves a mail the database refuses on the server and still takes in the ones after it', async () => {
      const { db } = test.trellis.database;
      // A stand-in for any failure intake cannot even quarantine (a full disk, a broken constraint).
      if (dialect === 'postgres')
        await sql`alter table inbound_mails add constraint no_poison check (subject not like '%poison%')`.execute(db);
      else
        await sql`create trigger no_poison before insert on inbound_mails when new.subject like '%poison%'
          begin select raise(abort, 'poison refused'); end`.execute(db);
      const mailOf = (n: string, subject: string) =>
        `From: ${SENDERS[0]}\r\nTo: ${desk}\r\nSubject: ${subject}\r\nMessage-ID: <${n}-${dialect}@poison.example>\r\n\r\nbody\r\n`;
      await mail.append(desk, mailOf('before', 'fine before'));
      await mail.append(desk, mailOf('poison', 'poison'));
      await mail.append(desk, mailOf('after', 'fine after'));
      const poll = await admin.post(`/api/v1/channels/mailboxes/${mailboxId}/poll`);
      expect(poll.statusCode, poll.body).toBe(200);
      expect(poll.json()).toEqual({ fetched: 3, outcomes: { created: 2, failed: 1 } });
      expect(await mail.messages(desk)).toHaveLength(1);
      const box = await db.selectFrom('mailboxes').select('last_error').where('id', '=', mailboxId).executeTakeFirst();
      expect(box?.last_error).toMatch(/poison/);

      if (dialect === 'postgres') await sql`alter table inbound_mails drop constraint no_poison`.execute(db);
      else await sql`drop trigger no_poison`.execute(db);
      const retry = await admin.post(`/api/v1/channels/mailboxes/${mailboxId}/poll`);
      expect(retry.json()).toEqual({ fetched: 1, outcomes: { created: 1 } });
      expect(await mail.messages(desk)).toHaveLength(0);
    });
  });
}
