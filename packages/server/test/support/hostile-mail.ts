/**
 * Hostile mail for the intake: malformed, looping, oversized and duplicate messages, generated
 * deterministically so the API suite (about 100) and the bench (1,000) run the same shapes.
 * Each message says what it is and which outcomes are acceptable; the suite then checks that none
 * was lost, none answered a machine, and nothing failed with a 5xx.
 */

export type MailOutcome = 'created' | 'commented' | 'ignored' | 'quarantined' | 'duplicate';

export interface HostileMail {
  /** The shape, for counting per kind. */
  kind: string;
  raw: Buffer;
  /** Outcomes this shape may have; a loop must never be taken in. */
  accept: MailOutcome[];
  /** The sender is a machine: nothing may ever be sent to it. */
  machine?: string;
}

export interface HostileContext {
  desk: string;
  /** Known requesters (exist in the directory). */
  senders: string[];
  /** An inactive person's address. */
  inactive?: string;
  /** Bytes of the attachment that is over the limit (the test lowers the limit to keep this small). */
  oversizedAttachmentBytes: number;
  /** Also add a few whole messages this large (the bench; 0 skips them). */
  hugeMessageBytes?: number;
  seed?: string;
}

const CRLF = '\r\n';
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const wrap = (s: string) => s.replace(/.{1,76}/g, '$&\r\n');
const encWord = (s: string) => `=?UTF-8?B?${b64(s)}?=`;

function headers(lines: (string | false | undefined)[]) {
  return lines.filter((line) => typeof line === 'string').join(CRLF);
}

/** A deterministic pseudo-random generator so every run mails the same corpus. */
function rng(seed: number) {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

export function hostileMails(count: number, ctx: HostileContext): HostileMail[] {
  const seed = ctx.seed ?? 'h';
  const random = rng(count * 7919 + seed.length);
  const out: HostileMail[] = [];
  const created: string[] = [];
  const sender = (i: number) => ctx.senders[i % ctx.senders.length]!;
  const id = (i: number, tag: string) => `${tag}-${i}-${seed}@hostile.example`;
  // Incompressible, so a database cannot squeeze an over-long key under its index limit.
  const noise = (n: number) =>
    Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)]).join('');
  const date = new Date(Date.UTC(2026, 2, 2, 9, 0, 0)).toUTCString();
  const plain = (i: number, extra: string[], body: string, subject = `打印机故障 ${i}`) =>
    Buffer.from(
      headers([
        `From: ${encWord(`用户 ${i}`)} <${sender(i)}>`,
        `To: ${ctx.desk}`,
        `Subject: ${encWord(subject)}`,
        `Date: ${date}`,
        ...extra,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=UTF-8',
        'Content-Transfer-Encoding: base64',
        '',
        wrap(b64(body)),
      ]),
    );

  const shapes: ((i: number) => HostileMail)[] = [
    // ---- ordinary mail, so that replies and duplicates have something to hit
    (i) => {
      const mid = id(i, 'new');
      created.push(mid);
      return {
        kind: 'new',
        raw: plain(i, [`Message-ID: <${mid}>`], `三楼打印机卡纸 #${i}\n`),
        accept: ['created'],
      };
    },
    (i) => {
      const parent = created[Math.floor(random() * created.length)];
      if (!parent) return shapes[0]!(i);
      return {
        kind: 'reply',
        raw: plain(
          i,
          [`Message-ID: <${id(i, 'reply')}>`, `In-Reply-To: <${parent}>`, `References: <${parent}>`],
          `还是不行 #${i}\n\n在 2026年3月2日 写道:\n> 原文`,
          `回复: 打印机故障`,
        ),
        // The parent may have been closed or be someone else's: then a new record or quarantine.
        accept: ['commented', 'created', 'quarantined'],
      };
    },
    // ---- loops: machines answering machines
    (i) => {
      const machine = `ooo-${i}@autoreply.example`;
      return {
        kind: 'auto-submitted',
        machine,
        raw: Buffer.from(
          headers([
            `From: <${machine}>`,
            `To: ${ctx.desk}`,
            'Subject: Automatic reply: 打印机故障',
            `Message-ID: <${id(i, 'auto')}>`,
            'Auto-Submitted: auto-replied',
            '',
            'I am out of the office until Monday.',
          ]),
        ),
        accept: ['ignored'],
      };
    },
    (i) => {
      const machine = `vacation-${i}@autoreply.example`;
      return {
        kind: 'auto-reply-subject',
        machine,
        raw: Buffer.from(
          headers([
            `From: ${machine}`,
            `To: ${ctx.desk}`,
            `Subject: ${encWord('自动回复: 您的工单已受理')}`,
            `Message-ID: <${id(i, 'zhauto')}>`,
            '',
            '我正在休假。',
          ]),
        ),
        accept: ['ignored'],
      };
    },
    (i) => {
      const machine = `robot-${i}@autoreply.example`;
      const header = ['X-Autoreply: yes', 'Precedence: bulk', 'X-Auto-Reply: 1', 'Precedence: auto_reply'][i % 4];
      return {
        kind: 'auto-reply-header',
        machine,
        raw: Buffer.from(
          headers([
            `From: ${machine}`,
            `To: ${ctx.desk}`,
            `Subject: Re: INC-2026-000001`,
            `Message-ID: <${id(i, 'xauto')}>`,
            header,
            '',
            'Thanks for your message.',
          ]),
        ),
        accept: ['ignored'],
      };
    },
    (i) => {
      const machine = i % 2 ? 'MAILER-DAEMON@mx.hostile.example' : 'postmaster@mx.hostile.example';
      const boundary = `dsn-${i}`;
      return {
        kind: 'bounce',
        machine,
        raw: Buffer.from(
          headers([
            `From: Mail Delivery System <${machine}>`,
            `To: ${ctx.desk}`,
            'Subject: Undelivered Mail Returned to Sender',
            `Message-ID: <${id(i, 'dsn')}>`,
            'MIME-Version: 1.0',
            `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
            '',
            `--${boundary}`,
            'Content-Type: text/plain',
            '',
            'This is the mail system. Your message could not be delivered.',
            `--${boundary}`,
            'Content-Type: message/delivery-status',
            '',
            'Reporting-MTA: dns; mx.hostile.example',
            '',
            `Final-Recipient: rfc822; nobody-${i}@hostile.example`,
            'Action: failed',
            'Status: 5.1.1',
            `--${boundary}--`,
            '',
          ]),
        ),
        accept: ['ignored'],
      };
    },
    (i) => ({
      // A desk's own acknowledgement coming back (a forwarding rule, or a spoof): must not loop.
      kind: 'own-address',
      machine: ctx.desk,
      raw: Buffer.from(
        headers([
          i % 2 ? `From: "IT 服务台" <${ctx.desk.toUpperCase()}>` : `From: ${ctx.desk}`,
          `To: ${ctx.desk}`,
          `Subject: ${encWord(`[INC-2026-00000${i % 9}] 已受理`)}`,
          `Message-ID: <${id(i, 'own')}>`,
          '',
          '您的工单已受理。',
        ]),
      ),
      accept: ['ignored'],
    }),
    // ---- duplicates: the same mail again, and a different mail reusing a Message-ID
    (i) => {
      const original = out.find((m) => m.kind === 'new');
      if (!original) return shapes[0]!(i);
      return { kind: 'duplicate-resend', raw: original.raw, accept: ['duplicate'] };
    },
    (i) => {
      const reused = created[0];
      if (!reused) return shapes[0]!(i);
      return {
        kind: 'duplicate-message-id',
        raw: plain(i, [`Message-ID: <${reused}>`], `another body #${i}`),
        accept: ['duplicate'],
      };
    },
    // ---- malformed
    (i) => ({
      kind: 'no-from',
      raw: Buffer.from(
        headers([`To: ${ctx.desk}`, `Subject: who am I ${i}`, `Message-ID: <${id(i, 'nofrom')}>`, '', 'x']),
      ),
      accept: ['quarantined'],
    }),
    (i) => ({
      kind: 'garbage-bytes',
      raw: Buffer.concat([
        Buffer.from(`X-Junk-${i}: `),
        // Any byte but CR and LF, which an IMAP server normalises on the way.
        Buffer.from(Array.from({ length: 2000 }, () => 14 + Math.floor(random() * 242))),
        Buffer.from(CRLF),
      ]),
      accept: ['quarantined', 'ignored', 'created'],
    }),
    (i) => ({
      kind: 'broken-mime',
      raw: Buffer.from(
        headers([
          `From: ${sender(i)}`,
          `To: ${ctx.desk}`,
          `Subject: broken ${i}`,
          `Message-ID: <${id(i, 'mime')}>`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="never-closed"',
          '',
          '--never-closed',
          'Content-Type: text/plain; charset=x-no-such-charset',
          'Content-Transfer-Encoding: base64',
          '',
          '!!!not base64 at all!!!',
          '--never-closed',
          'Content-Type: application/octet-stream; name="a.bin"',
          'Content-Disposition: attachment; filename="../../etc/passwd"',
          'Content-Transfer-Encoding: quoted-printable',
          '',
          '=ZZ=0=',
        ]),
      ),
      accept: ['created', 'quarantined'],
    }),
    (i) => ({
      kind: 'nul-and-controls',
      raw: Buffer.from(
        headers([
          `From: ${sender(i)}`,
          `To: ${ctx.desk}`,
          `Subject: nul\u0000byte ${i} \u202eRTL`,
          `Message-ID: <${id(i, 'nul')}>`,
          'Content-Type: text/plain; charset=UTF-8',
          '',
          `body with a NUL \u0000 here\u0001\u0002 and \ud800 lone surrogate ${i}`,
        ]),
      ),
      accept: ['created', 'quarantined'],
    }),
    (i) => ({
      kind: 'huge-message-id',
      raw: Buffer.from(
        headers([
          `From: ${sender(i)}`,
          `To: ${ctx.desk}`,
          `Subject: long id ${i}`,
          `Message-ID: <${noise(6000)}-${i}@hostile.example>`,
          `References: ${Array.from({ length: 300 }, (_, k) => `<ref-${k}-${noise(40)}@hostile.example>`).join(' ')}`,
          '',
          'a message whose id and references are far longer than any index likes',
        ]),
      ),
      accept: ['created', 'quarantined'],
    }),
    (i) => ({
      // Not an address any mail server accepts (RFC 5321: 64 before the @, 254 in all): nobody to answer.
      kind: 'huge-from',
      raw: Buffer.from(
        headers([
          `From: ${encWord('名'.repeat(3000))} <${noise(4000)}${i}@hostile.example>`,
          `To: ${ctx.desk}`,
          `Subject: ${'长'.repeat(20000)}`,
          `Message-ID: <${id(i, 'hugefrom')}>`,
          '',
          'a sender address and a subject longer than any column expects',
        ]),
      ),
      accept: ['quarantined'],
    }),
    (i) => ({
      kind: 'bad-date-and-headers',
      raw: Buffer.from(
        headers([
          `From: ${sender(i)}`,
          `To: ${ctx.desk}`,
          'Date: Thu, 99 Foo 20262 99:99:99 +9999',
          `Subject: =?x-unknown?Q?=FF=FE?= ${i}`,
          `Message-ID: <${id(i, 'date')}>`,
          `X-Long: ${'h'.repeat(100_000)}`,
          '',
          'bad date',
        ]),
      ),
      accept: ['created', 'quarantined'],
    }),
    (i) => {
      // 60 nested multiparts: deep enough to hurt a recursive parser, small in bytes.
      const depth = 60;
      const parts: string[] = [];
      for (let d = 0; d < depth; d++) parts.push(`Content-Type: multipart/mixed; boundary="b${d}"`, '', `--b${d}`);
      parts.push('Content-Type: text/plain', '', `deep ${i}`);
      for (let d = depth - 1; d >= 0; d--) parts.push(`--b${d}--`);
      return {
        kind: 'deep-multipart',
        raw: Buffer.from(
          headers([
            `From: ${sender(i)}`,
            `To: ${ctx.desk}`,
            `Subject: deep ${i}`,
            `Message-ID: <${id(i, 'deep')}>`,
            'MIME-Version: 1.0',
            ...parts,
          ]),
        ),
        accept: ['created', 'quarantined'],
      };
    },
    (i) => {
      const boundary = `many-${i}`;
      const attachments: string[] = [];
      for (let a = 0; a < 120; a++)
        attachments.push(
          `--${boundary}`,
          `Content-Type: text/plain; name="f${a}.txt"`,
          `Content-Disposition: attachment; filename="${a % 3 ? `f${a}.txt` : `${'x'.repeat(400)}\u202etxt.exe`}"`,
          '',
          `file ${a}`,
        );
      return {
        kind: 'many-attachments',
        raw: Buffer.from(
          headers([
            `From: ${sender(i)}`,
            `To: ${ctx.desk}`,
            `Subject: many files ${i}`,
            `Message-ID: <${id(i, 'many')}>`,
            'MIME-Version: 1.0',
            `Content-Type: multipart/mixed; boundary="${boundary}"`,
            '',
            `--${boundary}`,
            'Content-Type: text/plain',
            '',
            'see attached',
            ...attachments,
            `--${boundary}--`,
          ]),
        ),
        accept: ['created', 'quarantined'],
      };
    },
    (i) => {
      const boundary = `big-${i}`;
      return {
        kind: 'oversized-attachment',
        raw: Buffer.from(
          headers([
            `From: ${sender(i)}`,
            `To: ${ctx.desk}`,
            `Subject: big file ${i}`,
            `Message-ID: <${id(i, 'bigatt')}>`,
            'MIME-Version: 1.0',
            `Content-Type: multipart/mixed; boundary="${boundary}"`,
            '',
            `--${boundary}`,
            'Content-Type: text/plain',
            '',
            'a file larger than the limit',
            `--${boundary}`,
            'Content-Type: application/pdf; name="big.pdf"',
            'Content-Disposition: attachment; filename="big.pdf"',
            'Content-Transfer-Encoding: base64',
            '',
            wrap(b64(Buffer.alloc(ctx.oversizedAttachmentBytes, i % 256))),
            `--${boundary}--`,
          ]),
        ),
        accept: ['created', 'quarantined'],
      };
    },
    (i) => ({
      kind: 'oversized-body',
      raw: plain(i, [`Message-ID: <${id(i, 'bigbody')}>`], `很长的正文 ${i} `.repeat(60_000)),
      accept: ['created', 'quarantined'],
    }),
    (i) => ({
      kind: 'html-script',
      raw: Buffer.from(
        headers([
          `From: ${sender(i)}`,
          `To: ${ctx.desk}`,
          `Subject: <img src=x onerror=alert(${i})>`,
          `Message-ID: <${id(i, 'html')}>`,
          'MIME-Version: 1.0',
          'Content-Type: text/html; charset=UTF-8',
          '',
          `<p onclick="alert(1)">hi</p><script>alert(${i})</script><a href="javascript:alert(1)">x</a><img src="http://tracker.example/p.gif"><svg onload=alert(1)>`,
        ]),
      ),
      accept: ['created'],
    }),
    (i) => ({
      kind: 'inactive-sender',
      raw: Buffer.from(
        headers([
          `From: ${ctx.inactive ?? sender(i)}`,
          `To: ${ctx.desk}`,
          `Subject: from a deactivated person ${i}`,
          `Message-ID: <${id(i, 'inactive')}>`,
          '',
          'hello',
        ]),
      ),
      accept: ctx.inactive ? ['quarantined'] : ['created'],
    }),
    (i) => ({
      kind: 'empty',
      raw: Buffer.from(i % 2 ? CRLF : `Message-ID: <${id(i, 'empty')}>${CRLF}${CRLF}`),
      accept: ['quarantined'],
    }),
  ];

  for (let i = 0; out.length < count; i++) {
    const shape = shapes[i % shapes.length]!;
    out.push(shape(i));
    if (ctx.hugeMessageBytes && i > 0 && i % 250 === 0 && out.length < count) {
      out.push({
        kind: 'huge-message',
        raw: plain(i, [`Message-ID: <${id(i, 'huge')}>`], 'x'.repeat(ctx.hugeMessageBytes)),
        accept: ['created', 'quarantined'],
      });
    }
  }
  return out.slice(0, count);
}
