import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACCOUNTS, launchBrowser, newPage, type RunningServer, signIn, startServer } from './helpers.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const pad = (n: number) => String(n).padStart(2, '0');

describe('service levels (zh-CN)', () => {
  test('admin marks a holiday in the month view and edits an SLA target', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.admin);
    await page.goto(`${server.url}/admin/calendars`);

    // A weekday of this month that is neither a holiday nor a make-up day yet.
    const now = new Date();
    let date = '';
    for (let d = 10; d <= 28 && !date; d++) {
      const day = new Date(now.getFullYear(), now.getMonth(), d);
      if (day.getDay() === 0 || day.getDay() === 6) continue;
      const key = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(d)}`;
      const cell = page.locator(`[data-testid="day-${key}"]`);
      await cell.waitFor();
      if ((await cell.locator('.ant-tag').count()) === 0) date = key;
    }
    expect(date).not.toBe('');
    const cell = page.locator(`[data-testid="day-${date}"]`);
    await cell.click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '设为节假日' }).click();
    await cell.locator('.ant-tag', { hasText: '休' }).waitFor();
    // The edit queued the recompute of open clocks; the page says so until the job is done.
    await page.locator('[data-testid=calendar-recomputing]').waitFor({ state: 'hidden', timeout: 60_000 });

    await page.goto(`${server.url}/admin/slas`);
    const sla = page.locator('[data-testid="sla-标准服务级别协议"]');
    await sla.locator('tr', { hasText: '三级' }).waitFor();
    await sla.locator('[data-testid=sla-edit]').click();
    const modal = page.locator('.ant-modal', { hasText: '编辑' });
    const response = modal.locator('tr', { hasText: '三级' }).locator('input').first();
    await response.fill('');
    await modal.locator('.ant-btn-primary').click();
    await modal.locator('.ant-form-item-explain-error', { hasText: '此项为必填项' }).waitFor();
    await response.fill('90');
    await modal.locator('.ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await sla.locator('tr', { hasText: '三级' }).filter({ hasText: '1h 30m' }).waitFor();
    await context.close();
  });

  test('an agent sees the SLA countdown in the queue and on an incident', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.agent);
    await page.goto(`${server.url}/console`);
    const queue = page.locator('[data-testid=queue-table]');
    const tag = queue.locator('[data-testid=sla-response], [data-testid=sla-resolution]').first();
    await tag.waitFor();
    expect(await tag.textContent()).toMatch(/(响应|解决) (剩余|超时|已暂停)/);

    const row = queue
      .locator('tr.ant-table-row')
      .filter({ has: page.locator('[data-testid^=sla-]') })
      .first();
    await row.locator('a[href^="/console/incidents/"]').first().click();
    await page.waitForURL(/\/console\/incidents\//);
    const card = page.locator('.ant-card', { hasText: '服务级别（SLA）' });
    await card.locator('[data-testid^=sla-]').first().waitFor();
    expect(await card.textContent()).toContain('到期');
    await context.close();
  });
});
