import { describe, expect, it } from 'vitest';
import { analyzeMail } from '../../src/modules/channels/mail.analyze.js';

const mail = (subject: string) =>
  Buffer.from(
    [
      'From: 李娜 <li.na@example.cn>',
      'To: desk@example.cn',
      `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
      'Message-ID: <bidi-1@example.cn>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '请查看附件',
    ].join('\r\n'),
  );

describe('mail subjects become record titles', () => {
  it('drops bidirectional overrides, embeddings and isolates so a title cannot read backwards', async () => {
    const analyzed = await analyzeMail(mail('发票 \u202Efdp.exe 请处理 \u2066隔离\u2069'));
    expect(analyzed.subject).toBe('发票 fdp.exe 请处理 隔离');
  });

  it('keeps right-to-left text and its marks as written', async () => {
    const arabic = 'طابعة معطلة\u200F';
    expect((await analyzeMail(mail(arabic))).subject).toBe(arabic);
  });
});
