import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACCOUNTS, launchBrowser, newPage, type RunningServer, signIn, startServer, text } from './helpers.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('asset life (zh-CN)', () => {
  test('an agent issues a printer, takes it back and asks to scrap it; the manager approves the disposal', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.agent);
    await page.locator('.ant-layout-sider a, .ant-menu-item', { hasText: '资产管理' }).first().click();
    await page.locator('a', { hasText: 'HD-IT-2026-0003' }).click();
    await page.locator('[data-testid=asset-title]', { hasText: 'HP LaserJet' }).waitFor();
    const assetUrl = page.url();
    const status = page
      .locator('[data-testid=asset-title] + [data-testid=asset-status], [data-testid=asset-status]')
      .first();
    expect(await text(status)).toBe('库存');

    await page.locator('[data-testid=asset-op-issue]').click();
    await page.locator('.ant-modal [data-testid=asset-op-holder] .ant-select-selector').click();
    await page.keyboard.type('requester');
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: 'requester@trellis.demo',
      })
      .click();
    await page.locator('[data-testid=asset-op-note]').fill('财务部打印机领用');
    await page.locator('[data-testid=asset-op-submit]').click();
    await expect.poll(() => text(status)).toBe('在用');
    expect(await text(page.locator('[data-testid=asset-holder]'))).toBe('李娜');

    await page.locator('[data-testid=asset-op-return]').click();
    await page.locator('[data-testid=asset-op-submit]').click();
    await expect.poll(() => text(status)).toBe('库存');
    expect(await text(page.locator('[data-testid=asset-holder]'))).toBe('');

    await page.locator('[data-testid=asset-op-dispose]').click();
    await page.locator('[data-testid=asset-op-note]').fill('定影组件损坏，维修不经济');
    await page.locator('[data-testid=asset-op-submit]').click();
    await expect.poll(() => text(status)).toBe('报废待审批');
    // Whoever asks for a disposal is not offered its approval.
    expect(await page.locator('[data-testid=asset-approve]').count()).toBe(0);
    const history = page.locator('[data-testid=asset-operations] tr.ant-table-row');
    expect(await history.count()).toBe(3);
    await context.close();

    const manager = await newPage(browser);
    await signIn(manager.page, server.url, ACCOUNTS.manager);
    await manager.page.goto(assetUrl);
    await manager.page.locator('[data-testid=asset-approve]').click();
    const managerStatus = manager.page.locator('[data-testid=asset-status]').first();
    await expect.poll(() => text(managerStatus)).toBe('已报废');
    const first = manager.page.locator('[data-testid=asset-operations] tr.ant-table-row').first();
    expect(await text(first)).toContain('报废');
    expect(await text(first)).toContain('王芳');
    expect(await manager.page.locator('[data-testid^=asset-op-]').count()).toBe(0);
    await manager.context.close();
  });
});
