import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ACCOUNTS,
  choose,
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

describe('agent console (zh-CN)', () => {
  test('a saved view, a bulk assignment, and the change appearing live in another browser', async () => {
    const agent = await newPage(browser);
    const manager = await newPage(browser);
    await signIn(agent.page, server.url, ACCOUNTS.agent);
    await signIn(manager.page, server.url, ACCOUNTS.manager);
    await manager.page.goto(`${server.url}/console?tab=pending`);
    await manager.page.locator('[data-testid=queue-table] tr.ant-table-row').first().waitFor();
    await manager.page.waitForFunction(() => document.documentElement.dataset.live === 'connected');

    // Save the pending queue as a view of one's own and open it.
    const a = agent.page;
    await a.goto(`${server.url}/console?tab=pending`);
    await a.locator('[data-testid=save-view]').click();
    const save = dialog(a, 'save-view');
    await field(save, '视图名称').locator('input').fill('我的待处理');
    await submitDialog(a, 'save-view');
    const viewTag = a.locator('[data-testid=saved-view]', { hasText: '我的待处理' });
    await expect.poll(() => viewTag.getAttribute('class')).toContain('checked');
    expect(new URL(a.url()).searchParams.get('view')).toBeTruthy();

    // Select two records and assign them to 二线网络与系统 in one go.
    const rows = a.locator('[data-testid=queue-table] tr.ant-table-row');
    await rows.first().waitFor();
    const numbers = [await text(rows.nth(0).locator('td a').first()), await text(rows.nth(1).locator('td a').first())];
    await rows.nth(0).locator('.ant-checkbox-input').check();
    await rows.nth(1).locator('.ant-checkbox-input').check();
    await a.locator('[data-testid=bulk-bar]').getByText('已选择 2 条').waitFor();
    await a.locator('[data-testid=bulk-assign]').click();
    await choose(a, dialog(a, 'bulk-assign'), '支持组', '二线网络与系统 · 二线');
    await submitDialog(a, 'bulk-assign');
    await a.locator('[data-testid=bulk-result]').getByText('全部成功（2 条）').waitFor();

    // The manager's queue, left open in another browser, shows the new group without a reload.
    for (const number of numbers) {
      await manager.page
        .locator('[data-testid=queue-table] tr.ant-table-row', { hasText: number })
        .filter({ hasText: '二线网络与系统' })
        .waitFor();
    }

    // The view survives a reload, as the agent's own.
    await a.reload();
    await a.locator('[data-testid=saved-view]', { hasText: '我的待处理' }).waitFor();

    // Someone else opening and writing on the same record is announced.
    const m = manager.page;
    await m
      .locator('[data-testid=queue-table] tr.ant-table-row', { hasText: numbers[0]! })
      .locator('td a')
      .first()
      .click();
    await m.locator('[data-testid=incident-page]').waitFor();
    await a.goto(`${m.url()}`);
    await a.locator('[data-testid=comment-body]').click();
    await m.locator('[data-testid=presence-banner]', { hasText: '张伟 正在编辑此记录' }).waitFor({ timeout: 30_000 });

    await agent.context.close();
    await manager.context.close();
  });

  test('canned replies, shortcuts and global search', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.agent);
    await page.goto(`${server.url}/console`);
    await page.locator('[data-testid=queue-table] tr.ant-table-row').first().waitFor();

    // "?" lists the shortcuts; "/" focuses the search box without typing a slash.
    await page.keyboard.press('?');
    await page.locator('[data-testid=shortcut-help]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=shortcut-help]').waitFor({ state: 'hidden' });
    await page.keyboard.press('/');
    const box = page.locator('input[data-testid=global-search], [data-testid=global-search] input').first();
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.fill('打印机');
    await box.press('Enter');
    await page.waitForURL((url) => url.pathname === '/console/search');
    const hits = page.locator('[data-testid=search-hit]');
    await hits.first().waitFor();
    expect(await text(hits.first())).toContain('打印机');

    // j then Enter opens the first queue row; a canned reply fills in the record's values.
    await page.goto(`${server.url}/console?tab=open`);
    await page.locator('[data-testid=queue-table] tr.ant-table-row').first().waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=incident-page]').waitFor();
    const number = await text(page.locator('[data-testid=incident-number]'));
    await page.locator('[data-testid=canned-reply-picker]').click();
    await page.locator('[data-testid=canned-reply-option]', { hasText: '已受理' }).click();
    await expect.poll(() => page.locator('[data-testid=comment-body]').inputValue()).toContain(number);
    expect(await page.locator('[data-testid=comment-body]').inputValue()).toContain('张伟');
    await context.close();
  });
});
