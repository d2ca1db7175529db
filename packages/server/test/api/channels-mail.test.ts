import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMail } from '../../src/modules/channels/mail.analyze.js';
import { createUser } from '../../src/modules/directory/index.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { CORPUS } from '../fixtures/mail/expected.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError } from '../support/http.js';
import { type MailServers, startMailServers } from '../support/mail-servers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/mail');
const SENDERS = [
  'zhangwei@custa.example',
  'lina@custa.example',
  'wangfang@custa.example',
  'zhaoji@qq.com',
  'chenjie@custa.example',
];

for (const dialect of await dialectsUnderTest()) {
  describe(`mail in and out through a real IMAP and SMTP server [${dialect}]`, () => {
    // Each dialect gets its own mail system, so their mailboxes never mix.
    let mail: MailServers;
    let test: TestApp;
    let world: World;
    let admin: Client;
    let mailboxId: string;
    const desk = `desk-${dialect}@test.local`;
    const processed = 'Trellis/Processed';
    const recordOf = new Map<string, string>();

    const runJobs = async () => {
      // Committed events reach the bus handler asynchronously; let it enqueue its job first.
      await new Promise((r) => setTimeout(r, 50));
      // Dispatch jobs enqueue delivery jobs; run until the queue is drained.
      for (let i = 0; i < 10 && (await test.trellis.jobs.runDue(100)) > 0; i++);
    };
    const inbox = async (address: string) =>
      Promise.all((await mail.messages(address)).map((raw) => simpleParser(raw)));

    beforeAll(async () => {
      mail = await startMailServers();
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      const { db } = test.trellis.database;
      await inTransaction({ db, dialect: test.trellis.database.dialect, bus: test.trellis.bus }, null, async (tx) => {
        for (const email of SENDERS)
          await createUser({
            tx,
            input: {
              email,
              name: email.split('@')[0]!,
              role: 'requester',
              organizationId: world.orgA.id,
              departmentId: world.financeA.id,
              locale: 'zh-CN',
              password: PASSWORD,
            },
          });
      });
      const settings = await admin.post('/api/v1/channels/settings', {
        smtp: {
          host: '127.0.0.1',
          port: mail.smtpPort,
          secure: false,
          tlsVerify: false,
          fromAddress: desk,
          fromName: 'IT 服务台',
        },
        options: { coalesceSeconds: 0, senderHourlyLimit: 30, publicUrl: 'https://itsm.example.com' },
      });
      expect(settings.statusCode, settings.body).toBe(200);
      const created = await admin.post('/api/v1/channels/mailboxes', {
        name: '服务台邮箱',
        address: desk,
        host: '127.0.0.1',
        port: mail.imapPort,
        tls: true,
        tlsVerify: false,
        username: desk,
        password: mail.password,
        processedFolder: processed,
        organizationId: world.orgA.id,
        groupId: world.tier1.id,
        unknownSender: 'create',
        // Polled by hand here; the IDLE test at the end turns it on.
        useIdle: false,
      });
      expect(created.statusCode, created.body).toBe(201);
      mailboxId = created.json().id;
    });
    afterAll(async () => {
      await test?.close();
      await mail?.stop();
    });

    it('only admins manage mailboxes, and the password never comes back', async () => {
      const agent = await signIn(test, 'agent@test.local', PASSWORD);
      expectError(await agent.get('/api/v1/channels/mailboxes'), 403);
      const list = await admin.get('/api/v1/channels/mailboxes');
      expect(list.body).not.toContain(mail.password);
      expectError(await admin.post('/api/v1/channels/mailboxes', { name: 'x' }), 400);
    });

    it('takes in every shape of the corpus with its written-down outcome, and confirms at once', async () => {
      const ackTo = async (address: string, number: string) => {
        const mails = await inbox(address);
        const ack = mails.find((m) => m.subject?.includes('已受理') && m.subject.includes(number));
        expect(ack, `no acknowledgement for ${address}`).toBeTruthy();
        return ack!;
      };
      for (const expected of CORPUS) {
        let raw = fs.readFileSync(path.join(FIXTURES, expected.file), 'utf8');
        if (expected.threadOf) {
          const recordId = recordOf.get(expected.threadOf)!;
          const record = (await admin.get(`/api/v1/incidents/${recordId}`)).json();
          const sender = (await analyzeMail(fs.readFileSync(path.join(FIXTURES, expected.threadOf)))).from!.address;
          const ack = await ackTo(sender, record.number);
          raw = raw
            .replaceAll('__IN_REPLY_TO__', ack.messageId!.replace(/^<|>$/g, ''))
            .replaceAll('__NUMBER__', record.number);
        }
        await mail.append(desk, raw);
        const poll = await admin.post(`/api/v1/channels/mailboxes/${mailboxId}/poll`);
        expect(poll.statusCode, poll.body).toBe(200);
        expect(poll.json().fetched, expected.file).toBe(1);
        const messageId = (await analyzeMail(Buffer.from(raw))).messageId;
        const log = (await admin.get('/api/v1/channels/inbound-mails?limit=500')).json() as {
          messageId: string;
          outcome: string;
          reason: string | null;
          record: { id: string } | null;
          id: string;
        }[];
        const entry = log.find((m) => m.messageId === messageId);
        expect(entry, expected.file).toBeTruthy();
        expect(entry!.outcome, expected.file).toBe(expected.outcome);
        if (expected.reason !== undefined) expect(entry!.reason, expected.file).toBe(expected.reason);
        if (expected.outcome === 'created') {
          recordOf.set(expected.file, entry!.record!.id);
          const record = (await admin.get(`/api/v1/incidents/${entry!.record!.id}`)).json();
          expect(record.title, expected.file).toBe(expected.title);
          expect(record.channel).toBe('email');
          expect(record.group?.id).toBe(world.tier1.id);
          for (const text of expected.descriptionIncludes ?? [])
            expect(record.description, expected.file).toContain(text);
          if (expected.attachments)
            expect(record.attachments.map((a: { filename: string }) => a.filename).sort(), expected.file).toEqual(
              [...expected.attachments].sort(),
            );
          if (expected.htmlIncludes || expected.htmlExcludes) {
            const detail = (await admin.get(`/api/v1/channels/inbound-mails/${entry!.id}`)).json();
            for (const s of expected.htmlIncludes ?? []) expect(detail.html, expected.file).toContain(s);
            for (const s of expected.htmlExcludes ?? []) expect(detail.html, expected.file).not.toContain(s);
          }
          // 自动生成工单编号并发送确认信息: the acknowledgement goes out with the number, through real SMTP.
          await runJobs();
          const sender = (await analyzeMail(Buffer.from(raw))).from!.address;
          const ack = await ackTo(sender, record.number);
          expect(ack.headers.get('auto-submitted')).toBe('auto-generated');
          expect(String(ack.references ?? '')).toContain(messageId);
        }
        if (expected.outcome === 'commented') {
          expect(entry!.record!.id, expected.file).toBe(recordOf.get(expected.threadOf!));
          const record = (await admin.get(`/api/v1/incidents/${entry!.record!.id}`)).json();
          const comments = record.timeline.filter((t: { type: string }) => t.type === 'comment');
          const last = comments.at(-1);
          expect(last.body, expected.file).toBe(expected.comment);
          expect(last.visibility).toBe('public');
          for (const s of expected.commentExcludes ?? []) expect(last.body, expected.file).not.toContain(s);
        }
      }
      // The unknown sender was created as a requester of the mailbox's organisation.
      const newbie = (await admin.get('/api/v1/users?q=newbie')).json();
      expect(JSON.stringify(newbie)).toContain('newbie@custa.example');
      // Every mail was moved off the inbox only after it was committed; none is left behind.
      expect(await mail.messages(desk)).toHaveLength(0);
      expect(await mail.messages(desk, processed)).toHaveLength(CORPUS.length);
    });

    it('never takes the same mail twice, even when the server still has it', async () => {
      const raw = fs.readFileSync(path.join(FIXTURES, '02-foxmail-gbk-qp.eml'));
      await mail.append(desk, raw);
      const poll = await admin.post(`/api/v1/channels/mailboxes/${mailboxId}/poll`);
      expect(poll.json().outcomes).toEqual({ duplicate: 1 });
      expect(await mail.messages(desk)).toHaveLength(0);
    });

    it('quarantines what it cannot place; an admin turns it into a record or retries it', async () => {
      const quarantine = (await admin.get('/api/v1/channels/inbound-mails?outcome=quarantined')).json();
      const noFrom = quarantine.find((m: { reason: string }) => m.reason === 'no_sender');
      expect(noFrom).toBeTruthy();
      expect((await admin.post(`/api/v1/channels/inbound-mails/${noFrom.id}/retry`)).json().outcome).toBe(
        'quarantined',
      );
      const turned = await admin.post(`/api/v1/channels/inbound-mails/${noFrom.id}/to-record`, {
        requesterId: world.requesterA.id,
      });
      expect(turned.statusCode, turned.body).toBe(200);
      const record = (await admin.get(`/api/v1/incidents/${turned.json().recordId}`)).json();
      expect(record.title).toBe('who am I');
      expect(record.requester.id).toBe(world.requesterA.id);
      expectError(await admin.post(`/api/v1/channels/inbound-mails/${noFrom.id}/retry`), 409);
    });

    it('holds mail from strangers for review when the mailbox says so', async () => {
      await admin.patch(`/api/v1/channels/mailboxes/${mailboxId}`, {
        name: '服务台邮箱',
        address: desk,
        host: '127.0.0.1',
        port: mail.imapPort,
        tls: true,
        tlsVerify: false,
        username: desk,
        processedFolder: processed,
        organizationId: world.orgA.id,
        groupId: world.tier1.id,
        unknownSender: 'hold',
        useIdle: false,
      });
      await mail.append(
        desk,
        'From: Stranger <stranger@elsewhere.example>\r\nTo: desk@test.local\r\nSubject: hello\r\nMessage-ID: <hold-1@elsewhere.example>\r\n\r\nplease help\r\n',
      );
      const poll = await admin.post(`/api/v1/channels/mailboxes/${mailboxId}/poll`);
      expect(poll.json().outcomes).toEqual({ quarantined: 1 });
      const held = (await admin.get('/api/v1/channels/inbound-mails?outcome=quarantined')).json();
      expect(held.find((m: { reason: string }) => m.reason === 'unknown_sender')?.fromAddress).toBe(
        'stranger@elsewhere.example',
      );
    });

    it('stops a flood from one sender at the hourly limit, quarantining rather than dropping', async () => {
      await admin.post('/api/v1/channels/settings', {
        options: { coalesceSeconds: 0, senderHourlyLimit: 6, publicUrl: '' },
      });
      // chenjie has sent one mail so far; five more are allowed, the rest are held.
      for (let i = 0; i < 7; i++)
        await mail.append(
          desk,
          `From: chenjie@custa.example\r\nTo: ${desk}\r\nSubject: loop ${i}\r\nMessage-ID: <flood-${i}@custa.example>\r\n\r\nagain\r\n`,
        );
      const poll = await admin.post(`/api/v1/channels/mailboxes/${mailboxId}/poll`);
      expect(poll.json().outcomes).toEqual({ created: 5, quarantined: 2 });
    });

    it('sends only public comments to the requester, coalesced, threaded back by its headers', async () => {
      const recordId = recordOf.get('02-foxmail-gbk-qp.eml')!;
      const agent = await signIn(test, 'agent@test.local', PASSWORD);
      await agent.post(`/api/v1/incidents/${recordId}/take`);
      await agent.post(`/api/v1/incidents/${recordId}/comments`, { body: '内部备注:硒鼓缺货', visibility: 'internal' });
      await agent.post(`/api/v1/incidents/${recordId}/comments`, {
        body: '已安排工程师下午上门。',
        visibility: 'public',
      });
      await agent.post(`/api/v1/incidents/${recordId}/comments`, {
        body: '请先关闭打印机电源。',
        visibility: 'public',
      });
      const before = (await inbox('lina@custa.example')).length;
      await runJobs();
      const mails = await inbox('lina@custa.example');
      const fresh = mails.slice(before);
      // Two public comments in the window: one mail, not two; the internal note never reaches her.
      expect(fresh).toHaveLength(1);
      expect(fresh[0]!.text).toContain('已安排工程师下午上门。');
      expect(fresh[0]!.text).toContain('请先关闭打印机电源。');
      expect(fresh[0]!.text).not.toContain('硒鼓缺货');
      // Her reply to that mail threads back by In-Reply-To alone (no number in the subject).
      const reply = [
        'From: lina@custa.example',
        `To: ${desk}`,
        'Subject: Re: thanks',
        `Message-ID: <reply-lina@custa.example>`,
        `In-Reply-To: ${fresh[0]!.messageId}`,
        '',
        '好的,已关闭。',
      ].join('\r\n');
      await mail.append(desk, reply);
      await admin.post(`/api/v1/channels/mailboxes/${mailboxId}/poll`);
      const record = (await admin.get(`/api/v1/incidents/${recordId}`)).json();
      expect(record.timeline.filter((t: { type: string }) => t.type === 'comment').at(-1).body).toBe('好的,已关闭。');
      // The delivery log shows what went out.
      const log = (await admin.get('/api/v1/channels/deliveries?channel=email')).json();
      expect(
        log.some(
          (d: { state: string; recipient: string }) => d.state === 'sent' && d.recipient === 'lina@custa.example',
        ),
      ).toBe(true);
    });

    it('respects a person who turned comment mails off', async () => {
      const recordId = recordOf.get('03-gmail-utf8-inline.eml')!;
      const wang = await signIn(test, 'wangfang@custa.example', PASSWORD);
      expect((await wang.post('/api/v1/channels/preferences', [{ event: 'comment', email: false }])).statusCode).toBe(
        200,
      );
      expect((await wang.get('/api/v1/channels/preferences')).json()).toContainEqual({
        event: 'comment',
        email: false,
      });
      const before = (await inbox('wangfang@custa.example')).length;
      await admin.post(`/api/v1/incidents/${recordId}/comments`, { body: 'public note', visibility: 'public' });
      await runJobs();
      expect((await inbox('wangfang@custa.example')).length).toBe(before);
    });

    it('shows failed deliveries to admins, and sends them again on request', async () => {
      await admin.post('/api/v1/channels/settings', {
        smtp: { host: '127.0.0.1', port: 1, secure: false, tlsVerify: false, fromAddress: desk, fromName: 'IT' },
      });
      const agent = await signIn(test, 'agent@test.local', PASSWORD);
      const recordId = recordOf.get('04-qqmail-gb18030.eml')!;
      await agent.post(`/api/v1/incidents/${recordId}/comments`, { body: 'SMTP is down now', visibility: 'public' });
      await runJobs();
      const { db } = test.trellis.database;
      // Exhaust the retries without waiting for the backoff.
      for (let i = 0; i < 6; i++) {
        await db
          .updateTable('jobs')
          .set({ run_at: '2000-01-01T00:00:00.000Z' })
          .where('type', '=', 'channels.deliver')
          .where('state', '=', 'queued')
          .execute();
        await test.trellis.jobs.runDue(100);
      }
      const failed = (await admin.get('/api/v1/channels/deliveries?state=failed')).json();
      expect(failed).toHaveLength(1);
      expect(failed[0].attempts).toBe(6);
      expect(failed[0].lastError).toBeTruthy();
      await admin.post('/api/v1/channels/settings', {
        smtp: {
          host: '127.0.0.1',
          port: mail.smtpPort,
          secure: false,
          tlsVerify: false,
          fromAddress: desk,
          fromName: 'IT',
        },
      });
      expect((await admin.post(`/api/v1/channels/deliveries/${failed[0].id}/retry`)).statusCode).toBe(200);
      await runJobs();
      expect((await admin.get('/api/v1/channels/deliveries?state=failed')).json()).toHaveLength(0);
      expect((await inbox('zhaoji@qq.com')).some((m) => m.text?.includes('SMTP is down now'))).toBe(true);
    });

    it('lets admins edit a template per language and preview it with variables', async () => {
      const templates = (await admin.get('/api/v1/channels/templates')).json();
      expect(templates).toHaveLength(22);
      const saved = await admin.post('/api/v1/channels/templates', {
        event: 'acknowledgement',
        locale: 'zh-CN',
        subject: '【{{number}}】收到:{{title}}',
        body: '{{requester}} 您好,已收到。',
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const preview = (
        await admin.post('/api/v1/channels/templates/preview', {
          event: 'acknowledgement',
          locale: 'zh-CN',
          subject: '【{{number}}】收到:{{title}}',
          body: '{{requester}} 您好 {{unknownVar}}',
        })
      ).json();
      expect(preview.subject).toBe('【INC-2026-000123】收到:财务部打印机无法打印');
      expect(preview.body).toBe('张三 您好 {{unknownVar}}');
      await mail.append(
        desk,
        `From: lina@custa.example\r\nTo: ${desk}\r\nSubject: template check\r\nMessage-ID: <tpl@custa.example>\r\n\r\nbody\r\n`,
      );
      await admin.post('/api/v1/channels/settings', {
        options: { coalesceSeconds: 0, senderHourlyLimit: 100, publicUrl: '' },
      });
      await admin.post(`/api/v1/channels/mailboxes/${mailboxId}/poll`);
      await runJobs();
      const ack = (await inbox('lina@custa.example')).find((m) => m.subject?.includes('收到:template check'));
      expect(ack?.text?.trim()).toBe('lina 您好,已收到。');
    });

    it('takes a mail in as soon as it arrives when the server offers IDLE', async () => {
      const mailbox = (await admin.get('/api/v1/channels/mailboxes')).json()[0];
      const { id, lastPolledAt, lastError, ...body } = mailbox;
      await admin.patch(`/api/v1/channels/mailboxes/${id}`, { ...body, useIdle: true, pollSeconds: 3600 });
      // The recurring poll job starts the IDLE watcher; the interval is an hour, so only IDLE can notice the next mail.
      await test.trellis.database.db
        .updateTable('jobs')
        .set({ run_at: '2000-01-01T00:00:00.000Z' })
        .where('type', '=', 'channels.mail_poll')
        .execute();
      await test.trellis.jobs.runDue(100);
      await new Promise((r) => setTimeout(r, 1000));
      await mail.append(
        desk,
        `From: lina@custa.example\r\nTo: ${desk}\r\nSubject: idle check\r\nMessage-ID: <idle-1@custa.example>\r\n\r\npushed\r\n`,
      );
      let entry: { outcome: string } | undefined;
      for (let i = 0; i < 300 && !entry; i++) {
        await new Promise((r) => setTimeout(r, 200));
        const log = (await admin.get('/api/v1/channels/inbound-mails?limit=500')).json();
        entry = log.find((m: { messageId: string }) => m.messageId === 'idle-1@custa.example');
      }
      expect(entry?.outcome).toBe('created');
    });
  });
}
