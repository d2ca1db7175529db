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

async function reportFromPortal(page: Page, title: string, description: string): Promise<string> {
  await page.goto(`${server.url}/portal/new`);
  await page.locator('[data-testid=field-title]').fill(title);
  await page.locator('[data-testid=field-description]').fill(description);
  await page.locator('[data-testid=report-submit]').click();
  return text(page.locator('[data-testid=created-number]'));
}

describe('problem management feeds the knowledge base', () => {
  test('incident → problem → RCA → known error → article → suggested on a new, similar incident', async () => {
    const stamp = Date.now().toString(36);
    const requester = await newPage(browser, DESKTOP);
    await signIn(requester.page, server.url, ACCOUNTS.requester);
    const first = await reportFromPortal(
      requester.page,
      `门禁刷卡机无响应 ${stamp}`,
      '早上到公司刷卡，门禁刷卡机没有任何响应。',
    );

    // The manager opens the incident; nothing in the knowledge base is about 门禁 yet.
    const { page } = await newPage(browser, DESKTOP);
    await signIn(page, server.url, ACCOUNTS.manager);
    await page.goto(`${server.url}/console/incidents/${first}`);
    await page.locator('[data-testid=incident-kb]').waitFor();
    await expect.poll(() => page.locator('[data-testid=incident-kb] [data-testid=kb-suggestion]').count()).toBe(0);

    // Incident → problem.
    await page.locator('[data-testid=create-problem]').click();
    await expect.poll(() => page.locator('[data-testid=problem-title]').inputValue()).toContain('门禁刷卡机无响应');
    await page.locator('[data-testid=problem-create-submit]').click();
    await page.locator('[data-testid=problem-page]').waitFor();
    expect(await text(page.locator('[data-testid=problem-number]'))).toMatch(/^PRB-\d{4}-\d{6}$/);
    await expect.poll(() => text(page.locator('[data-testid=problem-incidents]'))).toContain(first);
    await page.locator('[data-testid=problem-analyse]').click();
    await expect.poll(() => text(page.locator('[data-testid=problem-state]'))).toBe('分析中');

    // Root-cause analysis: a 5 Whys chain, the root cause, saved.
    await page.locator('[data-testid=add-why]').click();
    await page.locator('[data-testid=why-q-0]').fill('为什么刷卡机无响应？');
    await page.locator('[data-testid=why-a-0]').fill('门禁控制器与服务器断开');
    await page.locator('[data-testid=add-why]').click();
    await page.locator('[data-testid=why-q-1]').fill('为什么会断开？');
    await page.locator('[data-testid=why-a-1]').fill('控制器固件在夜间重启后不会自动重连');
    await page.locator('[data-testid=root-cause]').fill('门禁控制器固件缺陷：重启后不自动重连服务器');
    await page.locator('[data-testid=save-rca]').click();
    await expect
      .poll(() => text(page.locator('[data-testid=problem-page] .ant-timeline')))
      .toContain('更新了根本原因分析');

    // Known error with its workaround, published to the knowledge base for agents.
    await page.locator('[data-testid=workaround]').fill('在门禁管理后台对该控制器执行“重新连接”，约 1 分钟恢复刷卡。');
    await page.locator('[data-testid=save-workaround]').click();
    await expect.poll(() => text(page.locator('[data-testid=problem-page] .ant-timeline'))).toContain('更新了临时方案');
    await page.locator('[data-testid=problem-declare_known_error]').click();
    await expect.poll(() => text(page.locator('[data-testid=problem-state]'))).toBe('已知错误');
    await page.locator('[data-testid=problem-publish-known-error]').click();
    await page.locator('[data-testid=known-error-article]').click();
    await page.locator('[data-testid=article-page]').waitFor();
    await expect.poll(() => text(page.locator('[data-testid=article-content]'))).toContain('重新连接');
    expect(await text(page.locator('[data-testid=article-page]'))).toContain('已发布');

    // A new, similar incident: the article is suggested to the agent working on it.
    const second = await reportFromPortal(requester.page, '门禁刷卡机又没有响应了', '一楼大门刷卡没反应，进不去。');
    await page.goto(`${server.url}/console/incidents/${second}`);
    const suggestion = page.locator('[data-testid=incident-kb] [data-testid=kb-suggestion]').first();
    await expect.poll(() => text(suggestion), { timeout: 15_000 }).toContain('门禁刷卡机无响应');
    await suggestion.click();
    await expect.poll(() => text(page.locator('.ant-drawer [data-testid=article-content]'))).toContain('重新连接');
    // The similar-records panel links the two incidents' story: the problem shows up there too.
    await expect.poll(() => text(page.locator('[data-testid=similar-records]'))).toContain('PRB-');
  });

  test('the portal suggests articles while the requester types, and an opened one counts as deflected', async () => {
    const requester = await newPage(browser, DESKTOP);
    const rp = requester.page;
    await signIn(rp, server.url, ACCOUNTS.requester);
    await rp.goto(`${server.url}/portal/new`);
    await rp.locator('[data-testid=field-title]').fill('VPN 连不上');
    const suggestions = rp.locator('[data-testid=kb-suggestions]');
    await expect.poll(() => text(suggestions), { timeout: 15_000 }).toContain('VPN 连不上怎么办');
    await suggestions.getByText('VPN 连不上怎么办').click();
    await expect.poll(() => text(rp.locator('.ant-drawer [data-testid=article-content]'))).toContain('备用接入点');
    await rp.locator('.ant-drawer [data-testid=feedback-useful]').click();
    await expect.poll(() => text(rp.locator('.ant-drawer [data-testid=article-feedback]'))).toContain('感谢');
    // The requester leaves without filing anything: a deflection the managers see.
    await rp.goto(`${server.url}/portal`);

    const { page } = await newPage(browser, DESKTOP);
    await signIn(page, server.url, ACCOUNTS.manager);
    await page.goto(`${server.url}/console/knowledge`);
    await expect.poll(() => text(page.locator('[data-testid=kb-stats]'))).toMatch(/1\/1 次打开未提交/);
    const search = page.locator('input[data-testid=kb-search], [data-testid=kb-search] input').first();
    await search.fill('打印机 卡纸');
    await search.press('Enter');
    await expect
      .poll(() => text(page.locator('.ant-table-tbody tr.ant-table-row').first()))
      .toContain('打印机卡纸怎么处理');
  });
});
