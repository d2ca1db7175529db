import type { Locator, Page } from 'playwright-core';
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

const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/** Opens the antd Select under `select`, optionally types `search`, and picks the first option (or the one with `hasText`). */
async function pick(page: Page, select: Locator, search?: string, hasText?: string) {
  await select.locator('.ant-select-selector').click();
  const input = select.locator('input');
  if (search) await input.fill(search);
  // The options of this select's own dropdown: another select's dropdown may still be fading out.
  const listId = await input.getAttribute('aria-controls');
  const dropdown = page.locator(OPEN_DROPDOWN).filter({ has: page.locator(`[id="${listId}"]`) });
  const options = dropdown.locator('.ant-select-item-option');
  await (hasText ? options.filter({ hasText }) : options).first().click();
}

/** The change numbers the calendar shows. */
async function shownNumbers(page: Page) {
  const tags = await page.locator('[data-testid^=cal-2] .ant-tag').allTextContents();
  return [...new Set(tags.map((s) => s.trim()))];
}

describe('change management settings, calendar filters and the CAB decision in the browser', () => {
  test('the administrator keeps the risk questionnaire', async () => {
    const stamp = Date.now().toString(36);
    const { page, context } = await newPage(browser, DESKTOP);
    await signIn(page, server.url, ACCOUNTS.admin);
    await page.goto(`${server.url}/admin/changes`);
    await page.locator('.ant-tabs-tab', { hasText: '风险问卷' }).click();
    await page.locator('[data-testid=chg-question-new]').click();
    await page.locator('[data-testid=chg-question-textZh]').fill(`是否涉及核心数据库 ${stamp}`);
    await page.locator('[data-testid=chg-question-textEn]').fill(`Touches a core database ${stamp}`);
    await page.locator('[data-testid=chg-question-answers]').fill('否 | No | 0\n是 | Yes | 5');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const row = page.locator('tr', { hasText: `是否涉及核心数据库 ${stamp}` });
    await expect.poll(() => row.count()).toBe(1);
    expect(await text(row)).toContain('是 (5)');
    const saved = await page.evaluate(async (s) => {
      const res = await fetch(`/api/v1/change-risk-questions?q=${encodeURIComponent(s)}`);
      return (await res.json()) as { answers: { labelZh: string; labelEn: string; score: number }[] }[];
    }, stamp);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.answers).toEqual([
      { labelZh: '否', labelEn: 'No', score: 0 },
      { labelZh: '是', labelEn: 'Yes', score: 5 },
    ]);

    // Edited: the lines come back in the form and a third answer is added.
    await row.locator('button', { hasText: '编辑' }).click();
    const answers = page.locator('[data-testid=chg-question-answers]');
    expect(await answers.inputValue()).toBe('否 | No | 0\n是 | Yes | 5');
    await answers.fill('否 | No | 0\n部分 | Partly | 2\n是 | Yes | 5');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => text(row)).toContain('部分 (2)');

    // The change manager's questionnaire asks it.
    const manager = await newPage(browser, DESKTOP);
    await signIn(manager.page, server.url, ACCOUNTS.manager);
    const asked = await manager.page.evaluate(async () => {
      const res = await fetch('/api/v1/change-risk-questions?active=true');
      return ((await res.json()) as { textZh: string }[]).map((q) => q.textZh);
    });
    expect(asked).toContain(`是否涉及核心数据库 ${stamp}`);
    await context.close();
    await manager.context.close();
  });

  test('the change calendar filters by group, CI and service', async () => {
    const { page, context } = await newPage(browser, DESKTOP);
    await signIn(page, server.url, ACCOUNTS.manager);
    await page.goto(`${server.url}/console/changes?tab=calendar`);
    await expect.poll(() => shownNumbers(page)).not.toHaveLength(0);

    for (const [testId, param, search] of [
      ['cal-ci', 'ciId', 'ERP'],
      ['cal-group', 'groupId', undefined],
      ['cal-service', 'serviceId', undefined],
    ] as const) {
      const response = page.waitForResponse(
        (r) => r.url().includes('/api/v1/change-calendar?') && new URL(r.url()).searchParams.has(param),
      );
      await pick(page, page.locator(`[data-testid=${testId}]`), search);
      const filtered = (await (await response).json()) as { changes: { number: string }[] };
      const expected = new Set(filtered.changes.map((c) => c.number));
      // Only what the filtered calendar answered is drawn.
      await expect.poll(async () => (await shownNumbers(page)).filter((n) => !expected.has(n))).toEqual([]);
      // Cleared again for the next filter.
      await page.locator(`[data-testid=${testId}]`).hover();
      await page.locator(`[data-testid=${testId}] .ant-select-clear`).click();
      await expect.poll(() => shownNumbers(page)).not.toHaveLength(0);
    }
    await context.close();
  });

  test('the CAB records its decision on a change of the agenda, with votes and conditions', async () => {
    const stamp = Date.now().toString(36);
    const { page, context } = await newPage(browser, DESKTOP);
    await signIn(page, server.url, ACCOUNTS.manager);
    await page.goto(`${server.url}/console/changes?tab=cab`);
    await page.locator('[data-testid=cab-title]').fill(`周例会 ${stamp}`);
    await page.locator('[data-testid=cab-new]').click();
    const decide = page.locator('[data-testid^=cab-decide-]').first();
    await decide.waitFor();
    const number = (await decide.getAttribute('data-testid'))!.replace('cab-decide-', '');
    await decide.click();

    const form = page.locator('.ant-modal', { hasText: `记录决定 · ${number}` });
    await form.locator('[data-testid=cab-conditions]').fill(`需在维护窗口内实施 ${stamp}`);
    await pick(page, form.locator('[data-testid=cab-voter-0]'), '王芳', '王芳');
    await form.locator('[data-testid=cab-add-vote]').click();
    await pick(page, form.locator('[data-testid=cab-voter-1]'), '张伟', '张伟');
    await form.locator('.ant-modal-footer .ant-btn-primary').click();
    await form.waitFor({ state: 'hidden' });

    const row = page.locator('tr', { hasText: number });
    await expect.poll(() => text(row)).toContain(`需在维护窗口内实施 ${stamp}`);
    expect(await text(row)).toContain('批准');
    // The votes are on the change's CAB approval.
    const votes = await page.evaluate(async (n) => {
      const res = await fetch(`/api/v1/changes/${encodeURIComponent(n)}`);
      const change = (await res.json()) as {
        approvals: { votes: { voter: { name: string }; vote: string; conditions: string }[] }[];
      };
      return change.approvals.flatMap((a) => a.votes.map((v) => `${v.voter.name}:${v.vote}:${v.conditions}`));
    }, number);
    expect(votes).toContain(`王芳:approve:需在维护窗口内实施 ${stamp}`);
    expect(votes).toContain(`张伟:approve:需在维护窗口内实施 ${stamp}`);
    await context.close();
  });
  test('the portal links the customer to their changes and to release acceptance', async () => {
    const { page, context } = await newPage(browser, DESKTOP);
    await signIn(page, server.url, ACCOUNTS.requester);
    await page.goto(`${server.url}/portal`);
    await page.locator('[data-testid=changes-button]').click();
    await page.waitForURL(/\/portal\/changes$/);
    await page.locator('[data-testid=chg-new]').waitFor();
    await page.goBack();
    await page.locator('[data-testid=releases-button]').click();
    await page.waitForURL(/\/portal\/releases$/);
    await page.getByText('待我验收的发布').first().waitFor();
    await context.close();
  });

  test('the administrator grants change manager rights from the people page', async () => {
    const { page, context } = await newPage(browser, DESKTOP);
    await signIn(page, server.url, ACCOUNTS.admin);
    await page.goto(`${server.url}/admin/users`);
    const row = page.locator('tr', { hasText: 'specialist@trellis.demo' });
    await row.locator('[data-testid^=chg-caps-]').click();
    const modal = page.locator('.ant-modal', { hasText: '赵磊 的变更管理权限' });
    const manager = modal.locator('.ant-checkbox-wrapper', { hasText: '变更经理' });
    const cab = modal.locator('.ant-checkbox-wrapper', { hasText: 'CAB 成员' });
    // The demo seats the specialist on the CAB only.
    await expect.poll(() => cab.locator('input').isChecked()).toBe(true);
    expect(await manager.locator('input').isChecked()).toBe(false);
    await manager.click();
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    const id = (await row.locator('[data-testid^=chg-caps-]').getAttribute('data-testid'))!.replace('chg-caps-', '');
    const caps = await page.evaluate(async (u) => {
      const res = await fetch(`/api/v1/change-capabilities/${u}`);
      return ((await res.json()) as { capabilities: string[] }).capabilities.sort();
    }, id);
    expect(caps).toEqual(['cab_member', 'change_manager']);
    // A requester has no such button: the customer never sits on the CAB.
    const requester = page.locator('tr', { hasText: 'requester@trellis.demo' });
    expect(await requester.locator('[data-testid^=chg-caps-]').count()).toBe(0);
    await context.close();
  });
});
