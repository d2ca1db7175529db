import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ACCOUNTS,
  choose,
  DESKTOP,
  dialog,
  field,
  launchBrowser,
  newPage,
  PHONE,
  type RunningServer,
  signIn,
  startServer,
  submitDialog,
  text,
} from './helpers.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const stateOf = (page: Page) => page.locator('[data-testid=request-page] [data-testid=request-state]').first();

async function act(page: Page, button: string, note?: string) {
  await page.locator(`[data-testid=${button}]`).first().click();
  const modal = dialog(page, 'request-action');
  await modal.waitFor();
  if (note) await modal.locator('textarea').fill(note);
  await submitDialog(page, 'request-action');
}

describe('a catalogue request with two approvals and two tasks (zh-CN)', () => {
  test('requester submits on a phone; manager and service owner approve; two groups fulfil; requester accepts', async () => {
    // 1. 李娜 browses the catalogue on her phone and asks for a new PC.
    const requester = await newPage(browser, PHONE);
    const rp = requester.page;
    await signIn(rp, server.url, ACCOUNTS.requester);
    await rp.locator('[data-testid=catalog-button]').click();
    await rp.locator('[data-testid=catalog-item]').filter({ hasText: '新电脑申领' }).click();
    const form = rp.locator('[data-testid=request-form]');
    await form.waitFor();
    // The replacement asset tag appears only for a replacement.
    await expect.poll(() => field(form, '旧电脑资产编号').count()).toBe(0);
    await field(form, '申领原因').getByText('旧电脑更换').click();
    await field(form, '旧电脑资产编号').locator('input').fill('PC-2021-0042');
    await field(form, '机型').getByText('标准办公笔记本').click();
    // Required fields are checked before anything is sent.
    await rp.locator('[data-testid=submit-request]').click();
    await expect.poll(() => text(field(form, '使用人').locator('.ant-form-item-explain'))).toBe('请填写“使用人”');
    await field(form, '使用人').locator('.ant-select-selector').click();
    await rp.keyboard.type('李娜');
    await rp.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first().click();
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await field(form, '需要日期').locator('input').fill(due);
    await field(form, '需要日期').locator('input').press('Tab');
    expect(await rp.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await rp.locator('[data-testid=submit-request]').click();
    const submitted = await text(rp.locator('[data-testid=submitted-number]'));
    const number = /REQ-\d{4}-\d{6,}/.exec(submitted)?.[0];
    expect(number).toBeTruthy();
    await rp.getByText('查看申请').click();
    await expect.poll(() => text(stateOf(rp))).toBe('待审批');
    const path = new URL(rp.url()).pathname;
    const id = path.split('/').pop()!;
    expect(await text(rp.locator('[data-testid=request-page]'))).toContain('PC-2021-0042');

    // 2. Her manager 王磊, a requester himself, approves from 我的审批 in the portal.
    const boss = await newPage(browser, PHONE);
    await signIn(boss.page, server.url, 'wang.lei@hdmfg.demo');
    await boss.page.locator('[data-testid=records-tabs]').getByText('待我审批').click();
    await boss.page.locator('[data-testid=my-request]').filter({ hasText: number! }).click();
    await act(boss.page, 'request-approve', '同意更换');
    await expect
      .poll(() => boss.page.locator('[data-testid=approval-row]').filter({ hasText: '已同意' }).count())
      .toBe(1);
    await expect.poll(() => text(stateOf(boss.page))).toBe('待审批');

    // 3. The service owner 王芳 approves from the console.
    const owner = await newPage(browser, DESKTOP);
    await signIn(owner.page, server.url, ACCOUNTS.manager);
    await owner.page.goto(`${server.url}/console/approvals`);
    await owner.page.locator('[data-testid=my-request]').filter({ hasText: number! }).click();
    await act(owner.page, 'request-approve');
    await expect.poll(() => text(stateOf(owner.page))).toBe('交付中');

    // 4. 一线服务台 prepares the PC; then 二线网络与系统 joins it to the domain.
    const agent = await newPage(browser, DESKTOP);
    await signIn(agent.page, server.url, ACCOUNTS.agent);
    await agent.page.goto(`${server.url}/console/tasks`);
    await agent.page.locator('tr').filter({ hasText: number! }).click();
    await act(agent.page, 'task-complete', '已备机并安装系统');
    await expect.poll(() => agent.page.locator('[data-testid=task-row][data-state=done]').count()).toBe(1);
    await expect.poll(() => agent.page.locator('[data-testid=task-complete]').count()).toBe(0);

    const specialist = await newPage(browser, DESKTOP);
    await signIn(specialist.page, server.url, ACCOUNTS.specialist);
    await specialist.page.goto(`${server.url}/console/tasks`);
    await specialist.page.locator('tr').filter({ hasText: number! }).click();
    await act(specialist.page, 'task-complete', '已入域并送到工位');
    await expect.poll(() => text(stateOf(specialist.page))).toBe('待验收');

    // 5. 验收: the requester accepts what was delivered.
    await rp.goto(`${server.url}/portal/requests/${id}`);
    await act(rp, 'request-accept', '电脑已可正常使用');
    await expect.poll(() => text(stateOf(rp))).toBe('已验收');
    const timeline = await rp.locator('[data-testid=request-timeline-entry]').allTextContents();
    expect(timeline.some((line) => line.includes('王磊 审批同意'))).toBe(true);
    expect(timeline.some((line) => line.includes('验收通过'))).toBe(true);

    // It shows as accepted under 我的记录 → 服务请求.
    await rp.goto(`${server.url}/portal`);
    await rp.locator('[data-testid=records-tabs]').getByText('服务请求').click();
    await expect
      .poll(() =>
        text(
          rp.locator('[data-testid=my-request]').filter({ hasText: number! }).locator('[data-testid=request-state]'),
        ),
      )
      .toBe('已验收');
    for (const p of [requester, boss, owner, agent, specialist]) await p.context.close();
  }, 180_000);
});

describe('catalogue administration (zh-CN)', () => {
  test('admin offers an item to one organisation only; a requester of another no longer finds it', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    await signIn(page, server.url, ACCOUNTS.admin);
    await page.goto(`${server.url}/admin/catalog`);
    const row = page.locator('tr.ant-table-row', { hasText: '硒鼓/墨粉更换' });
    expect(await text(row)).toContain('4 个字段');
    await row.getByRole('button', { name: '编辑' }).click();
    const modal = dialog(page, 'catalog-admin');
    await modal.waitFor();
    // The item's own request form is loaded into the editor below the described fields.
    expect(await field(modal, '中文名称').locator('input').inputValue()).toBe('硒鼓/墨粉更换');
    expect(await modal.locator('input[value="location"]').count()).toBe(1);
    await choose(page, modal, '适用组织（留空为全部）', '江南商贸集团');
    await modal.locator('.ant-modal-title').click();
    await submitDialog(page, 'catalog-admin');
    await expect.poll(() => text(row)).toContain('4 个字段');

    const requester = await newPage(browser, PHONE);
    await signIn(requester.page, server.url, ACCOUNTS.requester);
    await requester.page.locator('[data-testid=catalog-button]').click();
    const items = requester.page.locator('[data-testid=catalog-item]');
    await items.filter({ hasText: '新电脑申领' }).waitFor();
    expect(await items.filter({ hasText: '硒鼓/墨粉更换' }).count()).toBe(0);
    await context.close();
    await requester.context.close();
  }, 120_000);
});
