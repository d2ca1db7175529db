import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ACCOUNTS,
  choose,
  chooseTreeNode,
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
const timelineTypes = (page: Page) =>
  page.locator('[data-testid=timeline-entry]').evaluateAll((els) => els.map((el) => el.getAttribute('data-type')));

describe('an incident from report to archive (zh-CN)', () => {
  test('requester reports, agent handles, requester signs off, agent archives', async () => {
    const stamp = Date.now().toString(36);
    const title = `会议室投影仪无法显示 ${stamp}`;
    const publicNote = `已远程查看，正在排查 ${stamp}`;
    const internalNote = `疑似 HDMI 转接头故障，内部 ${stamp}`;
    const cause = `HDMI 转接头损坏 ${stamp}`;
    const solution = `更换转接头后显示正常 ${stamp}`;

    // 1. The requester reports the incident from a phone.
    const requester = await newPage(browser, PHONE);
    const rp = requester.page;
    await signIn(rp, server.url, ACCOUNTS.requester);
    await expect.poll(() => new URL(rp.url()).pathname).toBe('/portal');
    await rp.locator('[data-testid=report-button]').click();
    await field(rp, '标题').locator('input').fill(title);
    await field(rp, '事件描述').locator('textarea').fill('连接笔记本后投影仪提示无信号，下午的会议要用。');
    await field(rp, '影响范围').locator('input').fill('三楼会议室');
    await choose(rp, rp, '紧急程度', '紧急');
    await field(rp, '联系方式').locator('input').fill('分机 8021');
    await rp.locator('[data-testid=report-submit]').click();
    const numberText = await text(rp.locator('[data-testid=created-number]'));
    expect(numberText).toMatch(/^INC-\d{4}-\d{6,}$/);
    const number = numberText;
    // The page must fit the phone: no horizontal scrolling.
    expect(await rp.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await rp.getByRole('button', { name: '查看事件' }).click();
    await expect.poll(() => text(rp.locator('[data-testid=incident-number]'))).toBe(number);
    expect(await text(stateOf(rp))).toBe('待处理');

    // An attachment from the phone; a disallowed type is refused with the server's message.
    const upload = rp.locator('[data-testid=attachments] input[type=file]');
    await upload.setInputFiles({ name: '投影仪报错.txt', mimeType: 'text/plain', buffer: Buffer.from('No signal') });
    await rp.locator('[data-testid=attachments] a', { hasText: '投影仪报错.txt' }).waitFor();
    await upload.setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await rp.locator('.ant-message', { hasText: '不允许上传此类型的文件' }).waitFor();

    // 2. The agent finds it in the queue as 待处理 and takes it (首问负责制).
    const agent = await newPage(browser, DESKTOP);
    const ap = agent.page;
    await signIn(ap, server.url, ACCOUNTS.agent);
    await expect.poll(() => new URL(ap.url()).pathname).toBe('/console');
    await ap.getByPlaceholder('搜索编号、标题或描述').fill(number);
    await ap.getByPlaceholder('搜索编号、标题或描述').press('Enter');
    const row = ap.locator('[data-testid=queue-table] tr', { hasText: number });
    await row.waitFor();
    expect(await text(row.locator('.ant-tag[data-state]'))).toBe('待处理');
    await row.locator('a', { hasText: number }).click();
    await ap.locator('[data-testid=incident-number]').waitFor();
    await ap.locator('[data-action=take]').click();
    await expect.poll(() => text(ap.locator('[data-testid=field-owner]'))).toBe('张伟');
    expect(await text(stateOf(ap))).toBe('处理中');

    // 3. Classify: category, impact and urgency give the level; the level table is shown.
    await ap.locator('[data-action=classify]').click();
    const classify = dialog(ap, 'classify');
    await classify.locator('[data-testid=level-guide]').waitFor();
    await chooseTreeNode(ap, classify, '分类', '外设');
    await choose(ap, classify, '影响程度', '业务严重下降');
    await choose(ap, classify, '紧急程度', '紧急');
    await expect.poll(() => text(classify.locator('[data-testid=classify-level]'))).toBe('二级');
    await submitDialog(ap, 'classify');
    await expect.poll(() => text(ap.locator('[data-testid=field-category]'))).toContain('外设');
    expect(await text(ap.locator('[data-testid=incident-page] .ant-tag[data-level]').first())).toBe('二级');

    // 4. A public and an internal comment.
    await ap.locator('[data-testid=comment-body]').fill(publicNote);
    await ap.locator('[data-testid=comment-submit]').click();
    await ap.locator('[data-testid=timeline-entry]', { hasText: publicNote }).waitFor();
    await ap.getByLabel('内部备注（仅服务人员可见）').check();
    await ap.locator('[data-testid=comment-body]').fill(internalNote);
    await ap.locator('[data-testid=comment-submit]').click();
    const internalEntry = ap.locator('[data-testid=timeline-entry]', { hasText: internalNote });
    await internalEntry.waitFor();
    expect(await internalEntry.getAttribute('data-visibility')).toBe('internal');
    expect(await text(internalEntry)).toContain('内部');

    // 5. Assign to the second line: group, then a member.
    await ap.locator('[data-action=assign]').click();
    const assign = dialog(ap, 'assign');
    await choose(ap, assign, '支持组', '二线网络与系统 · 二线');
    await choose(ap, assign, '处理人', '赵磊');
    await submitDialog(ap, 'assign');
    await expect.poll(() => text(ap.locator('[data-testid=field-assignee]'))).toBe('赵磊');
    expect(await text(ap.locator('[data-testid=field-group]'))).toContain('二线网络与系统');
    expect(await text(ap.locator('[data-testid=field-owner]'))).toBe('张伟');

    // 6. Resolve with the handling record (事件处理单).
    await ap.locator('[data-action=resolve]').click();
    const resolve = dialog(ap, 'resolve');
    await field(resolve, '原因').locator('textarea').fill(cause);
    await field(resolve, '解决方案').locator('textarea').fill(solution);
    await field(resolve, '处理用时（分钟）').locator('input').fill('35');
    await submitDialog(ap, 'resolve');
    await expect.poll(() => text(stateOf(ap))).toBe('完成');

    // 7. The requester sees the handling record, not the internal note, and signs off with 4 stars.
    await rp.reload();
    await rp.locator('[data-testid=resolution]').waitFor();
    const resolution = await text(rp.locator('[data-testid=resolution]'));
    expect(resolution).toContain(cause);
    expect(resolution).toContain(solution);
    await rp.locator('[data-testid=timeline-entry]', { hasText: publicNote }).waitFor();
    expect(await text(rp.locator('body'))).not.toContain(internalNote);
    expect(await rp.locator('[data-testid=timeline-entry][data-visibility=internal]').count()).toBe(0);
    await rp.screenshot({ path: '/tmp/trellis-portal-resolved.png', fullPage: true });
    await rp.locator('[data-action=confirm]').click();
    const confirm = dialog(rp, 'confirm');
    await confirm.locator('.ant-rate-star').nth(3).click();
    await field(confirm, '评价意见').locator('textarea').fill('处理很及时，谢谢！');
    await submitDialog(rp, 'confirm');
    await rp.locator('[data-testid=resolution] .ant-tag', { hasText: '已签字确认' }).waitFor();
    expect(await rp.locator('[data-testid=resolution] .ant-rate-star-full').count()).toBe(4);
    expect(await rp.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await rp.screenshot({ path: '/tmp/trellis-portal.png', fullPage: true });

    // 8. The agent archives it; the timeline shows every step.
    await ap.reload();
    await ap.locator('[data-action=archive]').click();
    await field(dialog(ap, 'archive'), '回访结果').locator('textarea').fill('已电话回访，用户满意');
    await submitDialog(ap, 'archive');
    await expect.poll(() => text(stateOf(ap))).toBe('归档');
    const types = await timelineTypes(ap);
    for (const type of [
      'created',
      'attachment_added',
      'taken',
      'classified',
      'comment',
      'assigned',
      'resolved',
      'confirmed',
      'archived',
    ]) {
      expect(types, `timeline lacks ${type}`).toContain(type);
    }
    expect(types.filter((type) => type === 'comment').length).toBeGreaterThanOrEqual(2);
    const timeline = await text(ap.locator('[data-testid=timeline]'));
    expect(timeline).toContain('受理了事件，成为责任人（首问负责制）');
    expect(timeline).toContain('填写了事件处理单并解决了事件');
    expect(timeline).toContain(internalNote);
    expect(await ap.locator('[data-testid=incident-actions] [data-action]').count()).toBe(0);
    await ap.screenshot({ path: '/tmp/trellis-console-incident.png', fullPage: true });

    // The queue, for review.
    await ap.goto(`${server.url}/console`);
    await ap.locator('[data-testid=queue-table] tr.ant-table-row').first().waitFor();
    await ap.waitForLoadState('networkidle');
    await ap.screenshot({ path: '/tmp/trellis-console.png' });

    // The requester's list shows the record with its state.
    await rp.goto(`${server.url}/portal`);
    await rp.getByText('全部', { exact: true }).click();
    const item = rp.locator('[data-testid=my-incident]', { hasText: number });
    await item.waitFor();
    expect(await text(item.locator('.ant-tag[data-state]'))).toBe('归档');

    await requester.context.close();
    await agent.context.close();
  }, 240_000);
});
