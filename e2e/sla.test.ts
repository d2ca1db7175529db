import type { Browser, Page } from 'playwright-core';
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

/** Calls the API from inside the signed-in page, with its session cookie and CSRF token. */
async function apiFromPage(page: Page, method: string, url: string, body?: unknown) {
  return page.evaluate(
    async ({ method, url, body }) => {
      const session = await (await fetch('/api/v1/auth/session', { credentials: 'same-origin' })).json();
      const response = await fetch(url, {
        method,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json().catch(() => null) };
    },
    { method, url, body },
  );
}

async function switchLanguage(page: Page, to: 'English' | '中文') {
  await page.locator('.trellis-header .ant-segmented-item', { hasText: to }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(to === 'English' ? 'en-US' : 'zh-CN');
}

describe('service levels: hardening', () => {
  test('a service manager opens the SLA report from the console menu', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.manager);
    await page.locator('.ant-menu-item', { hasText: 'SLA 报表' }).click();
    await page.waitForURL(/\/console\/sla-report/);
    // The demo's late answers are in the breach list as well as in the compliance figures.
    await page.locator('.ant-tabs-tabpane-active .ant-table-row').first().waitFor();
    await page.getByRole('tab', { name: '达标率' }).click();
    await page.locator('[data-testid=sla-report] .ant-table-row').first().waitFor();
    await context.close();
  });

  test('in English the calendar page names weekdays and the report names services in English', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.admin);
    await switchLanguage(page, 'English');
    try {
      await page.goto(`${server.url}/admin/calendars`);
      const hours = page.locator('[data-testid=calendar-week-hours]');
      await hours.waitFor();
      expect(await hours.textContent()).toMatch(/Mon 08:30–12:00/);
      expect(await hours.textContent()).not.toMatch(/[一二三四五六日]/);

      await page.goto(`${server.url}/console/sla-report`);
      await page.getByRole('tab', { name: 'Compliance' }).click();
      await page.locator('[data-testid=sla-report-group-by]').click();
      await page.locator('.ant-select-item-option', { hasText: /^Business service$/ }).click();
      const labels = page.locator('[data-testid=sla-report] .ant-table-row td:first-child');
      await expect.poll(async () => (await labels.allTextContents()).some((l) => /[A-Za-z]/.test(l))).toBe(true);
      expect((await labels.allTextContents()).filter((l) => /[\u4e00-\u9fff]/.test(l))).toEqual([]);
    } finally {
      await switchLanguage(page, '中文');
      await context.close();
    }
  });

  test('a due time that runs into a year without holiday data says so in the queue and on the record', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.admin);
    // Targets longer than a year of working days: every resolution due time runs into a year the
    // holiday package has not published yet.
    const slas = (await apiFromPage(page, 'GET', '/api/v1/slas')).json as {
      id: string;
      isDefault: boolean;
      targets: { level: number; responseMinutes: number; resolutionMinutes: number; calendarId: string }[];
    }[];
    const sla = slas.find((s) => s.isDefault)!;
    const calendars = (await apiFromPage(page, 'GET', '/api/v1/calendars')).json as { id: string; name: string }[];
    const office = calendars.find((c) => c.name === '工作时间')!.id;
    const patched = await apiFromPage(page, 'PATCH', `/api/v1/slas/${sla.id}`, {
      targets: sla.targets.map((t) => ({ ...t, resolutionMinutes: 200_000, calendarId: office })),
    });
    expect(patched.status).toBe(200);
    // The page says so while the job re-targets the open records…
    await page.goto(`${server.url}/admin/slas`);
    await page.locator('[data-testid="sla-标准服务级别协议"]').waitFor();
    // …and the API until it is done.
    await expect
      .poll(
        async () =>
          ((await apiFromPage(page, 'GET', '/api/v1/slas')).json as { recomputing: boolean }[]).some(
            (s) => s.recomputing,
          ),
        {
          timeout: 60_000,
        },
      )
      .toBe(false);
    await page.locator('[data-testid=sla-recomputing]').first().waitFor({ state: 'hidden', timeout: 10_000 });

    await page.goto(`${server.url}/console`);
    const gap = page.locator('[data-testid=queue-table] [data-testid=sla-holiday-gap]').first();
    await gap.waitFor();
    expect(await gap.getAttribute('aria-label')).toMatch(/到期时间按 [\d, ]+ 年无节假日计算/);
    const row = page
      .locator('[data-testid=queue-table] tr.ant-table-row')
      .filter({ has: page.locator('[data-testid=sla-holiday-gap]') })
      .first();
    await row.locator('a[href^="/console/incidents/"]').first().click();
    const card = page.locator('.ant-card', { hasText: '服务级别（SLA）' });
    await card.locator('[data-testid=sla-holiday-gap]').first().waitFor();
    expect(await card.textContent()).toMatch(/到期时间按 [\d, ]+ 年无节假日计算/);
    // Back to the demo's targets for the other tests.
    await apiFromPage(page, 'PATCH', `/api/v1/slas/${sla.id}`, { targets: sla.targets });
    await context.close();
  });
});
