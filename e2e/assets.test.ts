import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ACCOUNTS,
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

describe('stock items (zh-CN)', () => {
  test('the desk reads spares with their restock item and levels, and renames one in the register form', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.agent);
    await page.goto(`${server.url}/console/assets/stock`);
    const toner = page.locator('tr.ant-table-row', { hasText: 'TONER-HP-59A' });
    await toner.waitFor();
    expect(await text(toner)).toContain('备件耗材补货');
    const mouse = page.locator('tr.ant-table-row', { hasText: 'SPARE-MOUSE' });
    await mouse.locator('button', { hasText: '编辑' }).click();
    // The code is the item's identity: shown, not editable.
    expect(await page.locator('[data-testid=stock-code]').isDisabled()).toBe(true);
    await page.locator('[data-testid=stock-name]').fill('罗技 USB 鼠标（有线）');
    await submitDialog(page, 'stock');
    await expect.poll(() => text(mouse)).toContain('罗技 USB 鼠标（有线）');
    await context.close();
  });
});
