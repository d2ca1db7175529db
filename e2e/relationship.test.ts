import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ACCOUNTS,
  DESKTOP,
  dialog,
  field,
  launchBrowser,
  newPage,
  PASSWORD,
  PHONE,
  type RunningServer,
  signIn,
  startServer,
  submitDialog,
  text,
} from './helpers.js';

let server: RunningServer;
let browser: Browser;
let smtp: SMTPServer;
let smtpPort = 0;
const inbox: { to: string; subject: string; text: string }[] = [];

/** A real SMTP server on a free port: the mails Trellis sends land here, as they would in a mailbox. */
function startSmtp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          inbox.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
          });
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  return new Promise((resolve) => {
    smtp.listen(0, '127.0.0.1', () => {
      smtpPort = (smtp.server.address() as AddressInfo).port;
      resolve();
    });
  });
}

/** The API as one person: the session cookie and CSRF token of a real sign-in. */
async function apiAs(email: string) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    const json = res.status === 204 ? undefined : await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json as T;
  };
}

beforeAll(async () => {
  // The demo leaves a backlog of event jobs (its history); the runner works through it faster here.
  process.env.TRELLIS_JOB_POLL_MS = '100';
  [server, browser] = await Promise.all([startServer(), launchBrowser(), startSmtp()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('satisfaction survey to complaint (zh-CN)', () => {
  test('a requester answers from the mail on a phone, the low score becomes a complaint the manager handles to closure', async () => {
    const stamp = Date.now().toString(36);
    const title = `邮件系统频繁掉线 ${stamp}`;
    const comment = `第三次出现同样的问题了 ${stamp}`;

    // The administrator turns outgoing mail on (to the SMTP server above) with the address people follow.
    const admin = await apiAs(ACCOUNTS.admin);
    await admin('POST', '/channels/settings', {
      smtp: {
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        tlsVerify: false,
        fromAddress: 'it@trellis.demo',
        fromName: 'IT 服务台',
      },
      options: { coalesceSeconds: 0, senderHourlyLimit: 1000, publicUrl: server.url },
    });

    // The desk's flow: reported, resolved, signed off with 4 stars, called back and archived.
    const requester = await apiAs(ACCOUNTS.requester);
    const agent = await apiAs(ACCOUNTS.agent);
    const incident = await requester<{ id: string; number: string }>('POST', '/incidents', {
      title,
      description: 'Outlook 每隔半小时断开一次',
    });
    await agent('POST', `/incidents/${incident.id}/take`);
    await agent('POST', `/incidents/${incident.id}/resolve`, {
      cause: '网关会话超时',
      solution: '调整超时设置',
      timeSpentMinutes: 15,
    });
    await requester('POST', `/incidents/${incident.id}/confirm`, { rating: 4 });
    await agent('POST', `/incidents/${incident.id}/archive`, { callbackNote: '已电话回访' });

    // The invitation arrives by mail with its signed link.
    await expect
      .poll(() => inbox.find((m) => m.text.includes(incident.number) && m.text.includes('/s/')), {
        timeout: 120_000,
        interval: 500,
      })
      .toBeTruthy();
    const mail = inbox.find((m) => m.text.includes(incident.number) && m.text.includes('/s/'))!;
    expect(mail.subject).toContain('满意度调查');
    const link = mail.text.match(/https?:\/\/\S+\/s\/\S+/)![0];

    // 1. On a phone, not signed in, in Chinese: the sign-off rating is already filled in; they change their mind.
    const phone = await newPage(browser, PHONE);
    const pp = phone.page;
    await pp.goto(link);
    await pp.locator('[data-testid=survey-form]').waitFor();
    expect(await text(pp.locator('[data-testid=survey-page]'))).toContain(incident.number);
    expect(await pp.locator('[data-testid=q-rating] .ant-rate-star-full').count()).toBe(4);
    await pp.locator('[data-testid=q-rating] .ant-rate-star').first().click();
    expect(await pp.locator('[data-testid=q-rating] .ant-rate-star-full').count()).toBe(1);
    await pp.locator('[data-testid=q-recommend]').getByText('3', { exact: true }).click();
    await pp.locator('[data-testid=q-comment]').fill(comment);
    // The page fits the phone: no sideways scrolling.
    expect(await pp.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await pp.locator('[data-testid=survey-submit]').click();
    await pp.locator('[data-testid=survey-thanks]').waitFor();
    expect(await text(pp.locator('[data-testid=survey-thanks]'))).toContain('感谢您的反馈');
    // One use: the link now says it was answered.
    await pp.goto(link);
    expect(await text(pp.locator('[data-testid=survey-error]'))).toContain('已提交');
    await phone.context.close();

    // 2. The service manager finds the low score among the follow-ups and turns it into a complaint.
    const desk = await newPage(browser, DESKTOP);
    const mp = desk.page;
    await signIn(mp, server.url, ACCOUNTS.manager);
    await mp.goto(`${server.url}/console/surveys`);
    await mp.getByRole('tab', { name: '低分回访' }).click();
    const row = mp.locator('[data-testid=followups-table] tr').filter({ hasText: comment });
    await row.locator('[data-testid=followup-to-complaint]').click();
    const convert = dialog(mp, 'followup-complaint');
    await convert.waitFor();
    await submitDialog(mp, 'followup-complaint');
    await mp.waitForURL(/\/console\/complaints\/CMP-/);
    const number = await text(mp.locator('[data-testid=complaint-number]'));
    expect(number).toMatch(/^CMP-\d{4}-\d{6,}$/);
    const state = () =>
      mp.locator('[data-testid=complaint-page] .ant-tag[data-state]').first().getAttribute('data-state');
    expect(await state()).toBe('new');
    expect(await text(mp.locator('[data-testid=complaint-page]'))).toContain(comment);

    // 3. Handled to closure: acknowledged, investigated, answered, closed with the complainant's acceptance.
    await mp.locator('[data-testid=complaint-acknowledge]').click();
    await expect.poll(state).toBe('acknowledged');
    await mp.locator('[data-testid=complaint-investigate]').click();
    await expect.poll(state).toBe('investigating');
    await field(mp, '调查记录').locator('textarea').fill('邮件网关会话超时设置过短');
    await field(mp, '根本原因').locator('input').fill('网关超时 5 分钟');
    await field(mp, '给投诉人的答复').locator('textarea').fill('已延长网关超时并监控一周');
    await mp.locator('[data-testid=complaint-save]').click();
    await mp.getByText('已保存').first().waitFor();
    await mp.locator('[data-testid=complaint-respond]').click();
    await expect.poll(state).toBe('responded');
    expect(await text(mp.locator('[data-testid=complaint-response]'))).toBe('已延长网关超时并监控一周');
    await mp.locator('[data-testid=complaint-close]').click();
    await expect.poll(state).toBe('closed');

    // 4. The statistics show it: the complaint among the closed ones, the score and the comment in the results.
    await mp.goto(`${server.url}/console/complaints`);
    await mp.getByText('已结束', { exact: true }).click();
    await mp.locator('[data-testid=complaints-table]').getByText(number).waitFor();
    const surveys = await admin<{ items: { id: string; isDefault: boolean }[] }>('GET', '/surveys');
    const defaultSurvey = surveys.items.find((s) => s.isDefault)!;
    await mp.goto(`${server.url}/console/surveys/${defaultSurvey.id}`);
    await mp.locator('[data-testid=survey-results]').waitFor();
    expect(await text(mp.locator('[data-testid=survey-results]'))).toContain(comment);
    await mp.locator('[data-testid=chart-rating] canvas').waitFor();
    const stats = await admin<{ rows: { category: string; complaints: number; closed: number }[] }>(
      'GET',
      '/reports/relationship.complaints?groupBy=category',
    );
    expect(stats.rows.find((r) => r.category === 'fix_quality')?.closed).toBeGreaterThanOrEqual(1);
    await desk.context.close();
  }, 300_000);
});
