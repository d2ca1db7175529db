import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ACCOUNTS,
  choose,
  chooseByPlaceholder,
  dialog,
  field,
  launchBrowser,
  newPage,
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

describe('administration (zh-CN)', () => {
  test('admin browses organisations, users, groups, categories and the audit log, and creates a user', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.admin);
    await page.locator('.trellis-header a', { hasText: '系统管理' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/organizations');

    const org = page.locator('tr.ant-table-row', { hasText: '华东制造有限公司' });
    await org.locator('.ant-table-row-expand-icon').click();
    await page.locator('td', { hasText: /^财务部$/ }).waitFor();

    // A server error is shown with its translated message.
    await page.getByRole('button', { name: '新建组织' }).click();
    const orgDialog = page.locator('.ant-modal', { hasText: '新建组织' });
    await field(orgDialog, '组织代码').locator('input').fill('HDMFG');
    await field(orgDialog, '组织名称').locator('input').fill('重复的组织');
    await orgDialog.locator('.ant-btn-primary').click();
    await page.locator('.ant-message', { hasText: '组织代码已被使用' }).waitFor();
    await orgDialog.getByRole('button', { name: '取消' }).click();

    await page.locator('.trellis-sider').getByText('用户', { exact: true }).click();
    await page.locator('td', { hasText: 'requester@trellis.demo' }).waitFor();
    const email = `new.${Date.now().toString(36)}@jntrade.demo`;
    await page.getByRole('button', { name: '新建用户' }).click();
    const userDialog = page.locator('.ant-modal', { hasText: '新建用户' });
    await field(userDialog, '邮箱').locator('input').fill(email);
    await field(userDialog, '姓名').locator('input').fill('测试用户');
    await choose(page, userDialog, '组织', '江南商贸集团');
    await choose(page, userDialog, '部门', '销售部');
    await field(userDialog, '初始密码').locator('input').fill('Trellis#2026');
    await userDialog.locator('.ant-btn-primary').click();
    await userDialog.waitFor({ state: 'hidden' });
    await chooseByPlaceholder(page, '组织', '江南商贸集团');
    const created = page.locator('tr.ant-table-row', { hasText: email });
    await created.waitFor();
    expect(await text(created)).toContain('销售部');

    // Someone else's failed sign-ins can lock a person out; the admin lifts the lock from the list.
    await created.getByRole('button', { name: '解除登录锁定' }).click();
    const confirm = page.locator('.ant-modal-confirm', { hasText: '解除 测试用户 的登录锁定？' });
    await confirm.getByRole('button', { name: '解除登录锁定' }).click();
    await page.locator('.ant-message', { hasText: '已解除 测试用户 的登录锁定' }).waitFor();
    // A password reset warns that sessions and API tokens go with it.
    // Straight after creating, the edit form shows the person (it once opened empty until a reload).
    await created.getByRole('button', { name: '编辑' }).click();
    const editDialog = page.locator('.ant-modal:not(.ant-modal-confirm)', { hasText: '留空则不修改密码' });
    expect(await field(editDialog, '姓名').locator('input').inputValue()).toBe('测试用户');
    await field(editDialog, '重置密码').locator('input').fill('violet-kettle-harbour-9');
    await editDialog.locator('.ant-btn-primary').click();
    const warning = page.locator('.ant-modal-confirm', { hasText: 'API 令牌也将被吊销' });
    await warning.waitFor();
    await page.screenshot({ path: '/tmp/trellis-admin-users-reset.png' });
    // Declining saves nothing.
    await warning.getByRole('button', { name: '取消' }).click();
    await editDialog.waitFor({ state: 'hidden' });

    await page.locator('.trellis-sider').getByText('支持组', { exact: true }).click();
    const tier1 = page.locator('tr.ant-table-row', { hasText: '一线服务台' });
    await tier1.waitFor();
    expect(await text(tier1)).toContain('张伟');

    await page.locator('.trellis-sider').getByText('事件分类', { exact: true }).click();
    await page.locator('td', { hasText: /^打印机$/ }).waitFor();

    await page.locator('.trellis-sider').getByText('审计日志', { exact: true }).click();
    // Areas load lazily and the previous page stays until the next one is ready.
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    const first = page.locator('tr.ant-table-row').first();
    await first.waitFor();
    await first.locator('.ant-table-row-expand-icon').click();
    await page.locator('.ant-table-expanded-row', { hasText: '修改后' }).waitFor();
    await page.screenshot({ path: '/tmp/trellis-admin-audit.png' });
    await context.close();
  });

  test('an agent logs a phone call for a requester', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.agent);
    await page.locator('.trellis-sider').getByText('代录事件', { exact: true }).click();
    const requester = field(page, '报告人');
    await requester.locator('.ant-select-selector').click();
    await requester.locator('input').fill('李娜');
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: 'requester@trellis.demo',
      })
      .click();
    await page.getByLabel('电话').check();
    await field(page, '标题').locator('input').fill('电话报障：打印机卡纸');
    await field(page, '事件描述').locator('textarea').fill('财务部打印机卡纸，无法打印报表。');
    await page.locator('[data-testid=report-submit]').click();
    await page.waitForURL(/\/console\/incidents\//);
    expect(await text(page.locator('[data-testid=incident-number]'))).toMatch(/^INC-\d{4}-\d{6,}$/);
    const fields = await text(page.locator('[data-testid=incident-fields]'));
    expect(fields).toContain('李娜');
    expect(fields).toContain('电话');
    await page.screenshot({ path: '/tmp/trellis-console-logged-call.png', fullPage: true });
    await context.close();
  });
});

describe('dialogs', () => {
  test('the hold dialog requires a reason before it calls the server', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.agent);
    await page.getByRole('tab', { name: '全部未完成' }).click();
    const rows = page.locator('tr.ant-table-row', { has: page.locator('.ant-tag[data-state=in_progress]') });
    await rows.first().waitFor();
    const other = await text(rows.nth(1).locator('a').first());
    const row = rows.first();
    await row.locator('a').click();
    await page.locator('[data-testid=incident-number]').waitFor();
    await page.locator('[data-action=hold]').click();
    await dialog(page, 'hold').locator('.ant-btn-primary').click();
    await dialog(page, 'hold').locator('.ant-form-item-explain-error').waitFor();
    await choose(page, dialog(page, 'hold'), '挂起类型', '等待报告人');
    await field(dialog(page, 'hold'), '挂起原因').locator('textarea').fill('等待用户提供信息');
    await submitDialog(page, 'hold');
    await expect
      .poll(() => text(page.locator('[data-testid=incident-page] .ant-tag[data-state]').first()))
      .toBe('挂起');
    await page.locator('[data-action=resume]').click();
    await expect
      .poll(() => text(page.locator('[data-testid=incident-page] .ant-tag[data-state]').first()))
      .toBe('处理中');

    // Watch it and link it to another incident.
    await page.getByRole('button', { name: '我来关注' }).click();
    await page.locator('[data-testid=watchers] .ant-tag', { hasText: '张伟' }).waitFor();
    await page.getByPlaceholder('记录编号，如 INC-2026-000123').fill(other);
    await page.locator('[data-testid=links]').getByRole('button', { name: '添加' }).click();
    await page.locator('[data-testid=links] a', { hasText: other }).waitFor();
    const types = await page
      .locator('[data-testid=timeline-entry]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-type')));
    expect(types).toEqual(expect.arrayContaining(['held', 'resumed', 'watcher_added', 'linked']));
    await context.close();
  });

  test('the queue loads the next page with the keyset cursor', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.agent);
    await page.getByRole('tab', { name: '已完成' }).click();
    const rows = page.locator('[data-testid=queue-table] tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(30);
    await page.getByRole('button', { name: '加载更多' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(30);
    const numbers = await rows.locator('td:first-child a').allTextContents();
    expect(new Set(numbers).size).toBe(numbers.length);
    await context.close();
  });

  test('a wrong password shows the server message on the sign-in page', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.locator('#email').fill(ACCOUNTS.specialist);
    await page.locator('#password').fill('not-the-password');
    await page.locator('[data-testid=login-submit]').click();
    await page.locator('[data-testid=login-error]', { hasText: '邮箱或密码不正确' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});
