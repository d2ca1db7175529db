import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACCOUNTS, DESKTOP, launchBrowser, newPage, type RunningServer, signIn, startServer, text } from './helpers.js';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const pad = (n: number) => String(n).padStart(2, '0');
/** The browser's local wall-clock text antd's RangePicker reads (YYYY-MM-DD HH:mm:ss). */
const local = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
};
/** The demo's weekend window: Saturday 14:00Z, `weeks` from this week (as the demo data computes it). */
const saturdayNight = (weeks: number) => {
  const d = new Date();
  const base = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + ((6 - d.getUTCDay() + 7) % 7) * DAY;
  return base + weeks * 7 * DAY + 14 * HOUR;
};

/** Types both ends into an antd RangePicker and confirms. */
async function pickRange(page: Page, scope: string, from: number, to: number) {
  const inputs = page.locator(`${scope} .ant-picker-range input`);
  await inputs.nth(0).click();
  await inputs.nth(0).fill(local(from));
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).click();
  await inputs.nth(1).fill(local(to));
  await inputs.nth(1).press('Enter');
  const ok = page.locator('.ant-picker-dropdown:visible .ant-picker-ok button');
  if (await ok.count()) await ok.first().click({ timeout: 2000 }).catch(() => undefined);
  await expect.poll(() => inputs.nth(1).inputValue()).toBe(local(to));
}

async function act(page: Page, action: string) {
  await page.locator(`[data-testid=act-${action}]`).click();
}

async function stateOf(page: Page) {
  return text(page.locator('[data-testid=chg-state]'));
}

async function openTab(page: Page, name: string) {
  await page.locator('.ant-tabs-tab', { hasText: name }).first().click();
}

describe('change management in the browser', () => {
  test('RFC in zh-CN → assess → CAB majority → window with a conflict resolved → tasks → authorised CI change → verify → PIR → close; and the calendar', async () => {
    const stamp = Date.now().toString(36);
    const now = Date.now();

    // The administrator opens a maintenance window around now (the demo's is at the weekend).
    const admin = await newPage(browser, DESKTOP);
    await signIn(admin.page, server.url, ACCOUNTS.admin);
    await admin.page.goto(`${server.url}/admin/changes`);
    await admin.page.locator('[data-testid=chg-window-new]').click();
    await admin.page.locator('[data-testid=chg-window-name]').fill(`临时维护窗口 ${stamp}`);
    await admin.page.locator('[data-testid=chg-window-startsAt]').fill(new Date(now - HOUR).toISOString());
    await admin.page.locator('[data-testid=chg-window-endsAt]').fill(new Date(now + DAY).toISOString());
    await admin.page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => admin.page.locator('tr', { hasText: `临时维护窗口 ${stamp}` }).count()).toBe(1);

    // A specialist raises the RFC on the ERP database, first in next weekend's window.
    const specialist = await newPage(browser, DESKTOP);
    await signIn(specialist.page, server.url, ACCOUNTS.specialist);
    const page = specialist.page;
    await page.goto(`${server.url}/console/changes`);
    const ci = await page.evaluate(async () => {
      const res = await fetch('/api/v1/cmdb/cis?q=ERP%20%E6%95%B0%E6%8D%AE%E5%BA%93%E6%9C%8D%E5%8A%A1%E5%99%A8');
      return ((await res.json()) as { items: { id: string }[] }).items[0]!.id;
    });
    await page.locator('[data-testid=chg-new]').click();
    await page.locator('[data-testid=rfc-title]').fill(`数据库参数调优 ${stamp}`);
    await page.locator('[data-testid=rfc-purpose]').fill('提升月结报表查询性能');
    await page.locator('[data-testid=rfc-backout]').fill('恢复原参数文件并重启');
    await page.locator('[data-testid=rfc-cis]').fill(ci);
    const weekend = saturdayNight(1);
    await pickRange(page, '.ant-modal', weekend + 2 * HOUR, weekend + 3 * HOUR);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.waitForURL(/\/console\/changes\/CHG-/);
    const number = decodeURIComponent(page.url().split('/').pop()!);
    expect(await stateOf(page)).toBe('草稿');
    await act(page, 'submit');
    await expect.poll(() => stateOf(page)).toBe('已提交');

    // The change manager assesses: the questionnaire and the CMDB give the risk.
    const manager = await newPage(browser, DESKTOP);
    await signIn(manager.page, server.url, ACCOUNTS.manager);
    const m = manager.page;
    await m.goto(`${server.url}/console/changes/${number}`);
    await act(m, 'assess');
    await expect.poll(() => stateOf(m)).toBe('评估中');
    await openTab(m, '风险评估');
    const selects = m.locator('[data-testid^=risk-q-]');
    for (let i = 0; i < (await selects.count()); i++) {
      await selects.nth(i).click();
      // The riskier answers, so the CAB is asked.
      await m.locator('.ant-select-dropdown:visible .ant-select-item-option').last().click();
    }
    await m.locator('[data-testid=risk-calc]').click();
    await expect.poll(async () => Number(await text(m.locator('[data-testid=chg-score]')))).toBeGreaterThan(0);

    // The conflict with the demo's scheduled change on the same CI is shown, then resolved by moving the window.
    await openTab(m, '冲突检查');
    await expect.poll(() => m.locator('[data-testid=conflict]').count()).toBeGreaterThan(0);
    expect(await text(m.locator('[data-testid=conflict]').first())).toContain('同一配置项');
    await openTab(m, '申请与计划');
    await pickRange(m, '.ant-tabs-tabpane-active', now - 10 * 60_000, now + 2 * HOUR);
    await m.locator('[data-testid=chg-reschedule-save]').click();
    await expect
      .poll(() => text(m.locator('[data-testid=chg-window]')))
      .toContain(local(now - 10 * 60_000).slice(0, 16));
    await openTab(m, '冲突检查');
    await expect.poll(() => m.locator('[data-testid=conflict]').count()).toBe(0);

    // Approval by the CAB: two of three members approve (majority).
    await act(m, 'request-approval');
    await expect.poll(() => stateOf(m)).toBe('待审批');
    await openTab(m, '审批');
    await m.locator('[data-testid=vote-approve]').click();
    const agent = await newPage(browser, DESKTOP);
    await signIn(agent.page, server.url, ACCOUNTS.agent);
    await agent.page.goto(`${server.url}/console/changes/${number}`);
    await openTab(agent.page, '审批');
    await agent.page.locator('[data-testid=vote-approve]').click();
    await expect.poll(() => agent.page.locator('[data-testid=vote-approve]').count()).toBe(0);
    // At 重大 risk the IT management level (the change manager) follows the CAB.
    await m.reload();
    if ((await stateOf(m)) === '待审批') {
      await openTab(m, '审批');
      await m.locator('[data-testid=vote-approve]').click();
    }
    await expect.poll(() => stateOf(m)).toBe('已批准（已排期）');

    // Implementation: a task, started inside the window, done.
    await m.reload();
    await openTab(m, '实施任务');
    await m.locator('[data-testid=task-title]').fill('修改数据库参数');
    await m.locator('[data-testid=task-add]').click();
    await act(m, 'start');
    await expect.poll(() => stateOf(m)).toBe('实施中');

    // The CI changes under the change: its version is authorised, not flagged.
    const ciPage = await newPage(browser, DESKTOP);
    await signIn(ciPage.page, server.url, ACCOUNTS.admin);
    await ciPage.page.goto(`${server.url}/console/cmdb/cis/${ci}`);
    await ciPage.page.getByPlaceholder('变更单号').fill(number);
    await ciPage.page.locator('button', { hasText: '→' }).first().click();
    await openTab(m, '配置项版本');
    await expect.poll(() => m.locator('td .ant-tag', { hasText: '已授权' }).count()).toBe(1);
    expect(await m.locator('td .ant-tag', { hasText: '未授权' }).count()).toBe(0);

    await openTab(m, '实施任务');
    await m.locator('[data-testid=task-done-1]').click();
    await act(m, 'complete');
    await expect.poll(() => stateOf(m)).toBe('已实施');
    await m.locator('[data-testid=verify-note]').fill('参数已生效，报表查询时间由 40 秒降至 8 秒');
    await m.locator('[data-testid=act-verify]').click();
    await act(m, 'review');
    await expect.poll(() => stateOf(m)).toBe('回顾中');
    await openTab(m, '实施后回顾');
    await m.locator('[data-testid=pir-lessons]').fill('参数调整前应先在测试库压测');
    await m.locator('[data-testid=pir-save]').click();
    await act(m, 'close');
    await expect.poll(() => stateOf(m)).toBe('已关闭');

    // The change calendar shows it today.
    await m.goto(`${server.url}/console/changes?tab=calendar`);
    const today = new Date();
    const cell = m.locator(
      `[data-testid=cal-${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}]`,
    );
    await expect.poll(() => text(cell)).toContain(number);

    for (const p of [admin, specialist, manager, agent, ciPage]) await p.context.close();
  });
});
