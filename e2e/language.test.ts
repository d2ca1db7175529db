import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACCOUNTS, launchBrowser, newPage, type RunningServer, signIn, signOut, startServer, text } from './helpers.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('language switch', () => {
  test('switching to English is remembered for the user across sign-out and sign-in', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: '登录' }).waitFor();

    await signIn(page, server.url, ACCOUNTS.manager);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/console');
    await page.getByRole('tab', { name: '待处理' }).waitFor();

    await page.locator('.trellis-header .ant-segmented-item', { hasText: 'English' }).click();
    await page.getByRole('tab', { name: 'Pending' }).waitFor();
    await page.locator('.ant-tag[data-state=pending]').first().waitFor();
    expect(await text(page.locator('.ant-tag[data-state=pending]').first())).toBe('Pending');
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');

    // The server has the choice: the session says en-US.
    const saved = await page.evaluate(async () => {
      const response = await fetch('/api/v1/auth/session', { credentials: 'same-origin' });
      return ((await response.json()) as { user: { locale: string } }).user.locale;
    });
    expect(saved).toBe('en-US');

    await signOut(page);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();

    // A fresh browser (no local storage) starts in Chinese, and the user's choice comes back on sign-in.
    const fresh = await newPage(browser);
    await fresh.page.goto(`${server.url}/login`);
    await fresh.page.getByRole('button', { name: '登录' }).waitFor();
    await signIn(fresh.page, server.url, ACCOUNTS.manager);
    await fresh.page.getByRole('tab', { name: 'Pending' }).waitFor();
    expect(await text(fresh.page.locator('.ant-tabs-tab-active'))).toBe('Pending');

    // And back to Chinese.
    await fresh.page.locator('.trellis-header .ant-segmented-item', { hasText: '中文' }).click();
    await fresh.page.getByRole('tab', { name: '待处理' }).waitFor();
    await fresh.context.close();
  }, 180_000);

  test('the user menu leads to notification preferences, and a switched-off mail stays off', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.requester);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/portal');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '通知偏好' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/portal/notifications');
    const first = page.locator('.ant-table-row .ant-switch').first();
    await first.waitFor();
    const before = await first.getAttribute('aria-checked');
    const saved = page.waitForResponse((r) => r.url().includes('/preferences') && r.request().method() === 'POST');
    await first.click();
    expect((await saved).status()).toBeLessThan(300);
    await page.reload();
    await page.locator('.ant-table-row .ant-switch').first().waitFor();
    expect(await page.locator('.ant-table-row .ant-switch').first().getAttribute('aria-checked')).not.toBe(before);
    await context.close();
  }, 120_000);
});
