import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ACCOUNTS,
  choose,
  DESKTOP,
  dialog,
  field,
  launchBrowser,
  newPage,
  PHONE,
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

const stateOf = (page: Page) => page.locator('[data-testid=incident-page] .ant-tag[data-state]').first();
const fitsPhone = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('tiers: 一线 → 二线, handling record, sign-off and callback (zh-CN)', () => {
  test('requester reports → 一线 takes → transfers to 二线 → specialist resolves → requester rates → archive', async () => {
    const stamp = Date.now().toString(36);
    const title = `财务系统登录后白屏 ${stamp}`;
    const reason = `一线远程无法复现，需二线查看服务器日志 ${stamp}`;
    const cause = `应用服务器会话缓存写满 ${stamp}`;

    // The requester reports from a phone.
    const requester = await newPage(browser, PHONE);
    const rp = requester.page;
    await signIn(rp, server.url, ACCOUNTS.requester);
    await rp.locator('[data-testid=report-button]').click();
    await field(rp, '标题').locator('input').fill(title);
    await field(rp, '事件描述').locator('textarea').fill('登录财务系统后页面一直空白，无法做账。');
    await rp.locator('[data-testid=report-submit]').click();
    const number = await text(rp.locator('[data-testid=created-number]'));
    expect(number).toMatch(/^INC-\d{4}-\d{6,}$/);

    // 一线: the agent takes it and owns it.
    const agent = await newPage(browser, DESKTOP);
    const ap = agent.page;
    await signIn(ap, server.url, ACCOUNTS.agent);
    await ap.goto(`${server.url}/console/incidents/${number}`);
    await ap.locator('[data-action=take]').click();
    await expect.poll(() => text(ap.locator('[data-testid=field-owner]'))).toBe('张伟');

    // Functional escalation to 二线: the reason is mandatory.
    await ap.locator('[data-action=transfer]').click();
    const transfer = dialog(ap, 'transfer');
    await choose(ap, transfer, '转派到支持组', '二线网络与系统 · 二线');
    await transfer.locator('.ant-modal-footer .ant-btn-primary').click();
    await transfer.locator('.ant-form-item-explain-error').first().waitFor();
    await choose(ap, transfer, '处理人', '赵磊');
    await field(transfer, '转派原因').locator('textarea').fill(reason);
    await submitDialog(ap, 'transfer');
    await expect.poll(() => text(ap.locator('[data-testid=field-assignee]'))).toBe('赵磊');
    expect(await text(ap.locator('[data-testid=field-owner]'))).toBe('张伟');
    const transferred = ap.locator('[data-testid=timeline-entry][data-type=transferred]');
    expect(await text(transferred.locator('[data-testid=tier-path]'))).toContain('一线 → 二线');
    expect(await text(transferred)).toContain(reason);

    // 二线: the specialist resolves with the handling record (事件处理单).
    const specialist = await newPage(browser, DESKTOP);
    const sp = specialist.page;
    await signIn(sp, server.url, ACCOUNTS.specialist);
    await sp.goto(`${server.url}/console/incidents/${number}`);
    await sp.locator('[data-action=resolve]').click();
    const resolve = dialog(sp, 'resolve');
    await field(resolve, '原因').locator('textarea').fill(cause);
    await field(resolve, '解决方案').locator('textarea').fill('清理会话缓存并调大缓存上限');
    await resolve.locator('.ant-modal-footer .ant-btn-primary').click();
    await field(resolve, '处理用时（分钟）').locator('.ant-form-item-explain-error').waitFor();
    await field(resolve, '处理用时（分钟）').locator('input').fill('50');
    await field(resolve, '知识库链接').locator('input').fill('KB-2026-017');
    await field(resolve, '是否变更了配置项').locator('button[role=switch]').click();
    await submitDialog(sp, 'resolve');
    await expect.poll(() => text(stateOf(sp))).toBe('完成');
    expect(await text(sp.locator('[data-testid=time-spent-value]'))).toBe('50');
    await sp.locator('[data-testid=time-panel]').waitFor();
    expect(await text(sp.locator('[data-testid=time-panel]'))).toContain('赵磊');

    // The requester confirms and rates on the phone; the page fits 375 px.
    await rp.goto(`${server.url}/portal/incidents/${number}`);
    await rp.locator('[data-testid=resolution]').waitFor();
    expect(await text(rp.locator('[data-testid=resolution]'))).toContain(cause);
    expect(await text(rp.locator('.ant-alert'))).toContain('可重新打开至');
    expect(await rp.locator('[data-action=reopen]').count()).toBe(1);
    await rp.locator('[data-testid=comment-body]').fill('已恢复，谢谢');
    await rp.locator('[data-testid=comment-submit]').click();
    await rp.locator('[data-testid=timeline-entry]', { hasText: '已恢复，谢谢' }).waitFor();
    expect(await fitsPhone(rp)).toBeLessThanOrEqual(375);
    await rp.locator('[data-action=confirm]').click();
    const confirm = dialog(rp, 'confirm');
    await confirm.locator('.ant-rate-star').nth(4).click();
    await field(confirm, '评价意见').locator('textarea').fill('二线处理很专业');
    await submitDialog(rp, 'confirm');
    await rp.locator('[data-testid=resolution] .ant-tag', { hasText: '已签字确认' }).waitFor();
    expect(await rp.locator('[data-action=reopen]').count()).toBe(0);
    expect(await fitsPhone(rp)).toBeLessThanOrEqual(375);
    await rp.screenshot({ path: '/tmp/trellis-desk-portal.png', fullPage: true });

    // The agent calls back and archives; the knowledge article is one click away.
    await ap.reload();
    await ap.locator('[data-action=archive]').click();
    const archive = dialog(ap, 'archive');
    await archive.locator('.ant-modal-footer .ant-btn-primary').click();
    await archive.locator('.ant-form-item-explain-error').waitFor();
    await field(archive, '回访结果').locator('textarea').fill('已电话回访，用户对处理满意');
    await submitDialog(ap, 'archive');
    await expect.poll(() => text(stateOf(ap))).toBe('归档');
    expect(await text(ap.locator('[data-testid=callback]'))).toContain('已电话回访，用户对处理满意');
    const article = ap.locator('[data-testid=make-article]').locator('xpath=ancestor::a');
    expect(await article.getAttribute('href')).toMatch(/^\/console\/knowledge\/new\?fromIncident=/);
    const types = await ap
      .locator('[data-testid=timeline-entry]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-type')));
    for (const type of ['created', 'taken', 'transferred', 'resolved', 'confirmed', 'archived']) {
      expect(types, `timeline lacks ${type}`).toContain(type);
    }
    await ap.screenshot({ path: '/tmp/trellis-desk-console.png', fullPage: true });

    await requester.context.close();
    await agent.context.close();
    await specialist.context.close();
  }, 240_000);
});
