import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ACCOUNTS,
  launchBrowser,
  newPage,
  PASSWORD,
  type RunningServer,
  signIn,
  startServer,
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

/** A signed-in API caller, for what the browser flow builds on (approved changes, CIs, windows). */
async function apiAs(email: string) {
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken, user } = (await login.json()) as {
    csrfToken: string;
    user: { id: string; organizationId?: string };
  };
  const call = async <T>(method: string, path: string, body?: unknown, status = [200, 201]): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await res.text();
    expect(status, `${method} ${path}: ${answer}`).toContain(res.status);
    return (answer ? JSON.parse(answer) : undefined) as T;
  };
  return { user, call };
}

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

/** Picks an option whose text contains `option` in the open antd Select dropdown. */
async function pick(page: Page, option: string) {
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

describe('release management (zh-CN)', () => {
  test('plans a release of two changes, records its tests, accepts it, deploys to two sites and verifies it: the CMDB shows the new versions and the knowledge base has the draft notes', async () => {
    const now = Date.now();
    const admin = await apiAs(ACCOUNTS.admin);
    const managerApi = await apiAs(ACCOUNTS.manager);
    const managerId = managerApi.user.id;
    await admin.call('PUT', `/change-capabilities/${managerId}`, { capabilities: ['change_manager'] });
    await admin.call('PUT', `/release-managers/${managerId}`, { releaseManager: true });
    await admin.call('POST', '/change-windows', {
      name: 'E2E 维护窗口',
      kind: 'maintenance',
      startsAt: iso(now - HOUR),
      endsAt: iso(now + 7 * 24 * HOUR),
    });
    const question = await admin.call<{ id: string }>('POST', '/change-risk-questions', {
      textZh: '是否停机？',
      textEn: 'Downtime?',
      answers: [{ labelZh: '否', labelEn: 'No', score: 0 }],
    });
    const classes = await admin.call<{ id: string; code: string }[]>('GET', '/cmdb/classes');
    const classId = (code: string) => classes.find((c) => c.code === code)!.id;
    const me = await admin.call<{ organizations?: unknown }>('GET', '/organizations');
    const orgs = (Array.isArray(me) ? me : ((me as { items?: unknown[] }).items ?? [])) as {
      id: string;
      kind: string;
    }[];
    const provider = orgs.find((o) => o.kind === 'provider') ?? orgs[0]!;
    const ci = (body: Record<string, unknown>) =>
      admin.call<{ id: string; code: string }>('POST', '/cmdb/cis', {
        organizationId: provider.id,
        state: 'in_use',
        ...body,
      });
    const siteA = await ci({ classId: classId('location'), name: '发布测试北京机房' });
    const siteB = await ci({ classId: classId('location'), name: '发布测试上海机房' });
    const appA = await ci({
      classId: classId('software'),
      name: '费控系统-北京',
      locationId: siteA.id,
      attributes: { version: '1.0' },
    });
    const appB = await ci({
      classId: classId('software'),
      name: '费控系统-上海',
      locationId: siteB.id,
      attributes: { version: '1.0' },
    });
    const changes = [];
    for (const [title, target] of [
      ['费控系统北京升级', appA],
      ['费控系统上海升级', appB],
    ] as const) {
      const change = await managerApi.call<{ id: string; number: string }>('POST', '/changes', {
        title,
        backoutPlan: '恢复 1.0',
        ciIds: [target.id],
        plannedStart: iso(now - 10 * 60_000),
        plannedEnd: iso(now + 4 * HOUR),
      });
      for (const step of ['submit', 'assess']) await managerApi.call('POST', `/changes/${change.id}/${step}`, {});
      await managerApi.call('POST', `/changes/${change.id}/risk`, {
        answers: [{ questionId: question.id, answer: 0 }],
      });
      await managerApi.call('POST', `/changes/${change.id}/request-approval`, {});
      const voted = await managerApi.call<{ state: string }>('POST', `/changes/${change.id}/vote`, { vote: 'approve' });
      expect(voted.state).toBe('scheduled');
      changes.push(change);
    }

    const { context, page } = await newPage(browser);
    await signIn(page, server.url, ACCOUNTS.manager);
    await page.locator('.ant-layout-sider a, .ant-menu-item', { hasText: '发布管理' }).first().click();
    await page.locator('[data-testid=release-new]').click();
    await page.locator('[data-testid=release-title]').fill('费控系统 2.0 发布');
    await page.locator('[data-testid=release-version]').fill('2.0');
    for (const change of changes) {
      await page
        .locator('[data-testid=release-changes] .ant-select-selector, .ant-select[data-testid=release-changes]')
        .first()
        .click();
      await page.keyboard.type(change.number);
      await pick(page, change.number);
    }
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=release-deliverables]').fill('费控系统 2.0 安装包');
    await page.locator('[data-testid=release-backout]').fill('恢复 1.0 安装包与数据库备份');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.waitForURL(/\/console\/releases\/[^/]+$/);
    const state = page.locator('[data-testid=release-state]');
    expect(await text(state)).toBe('草稿');

    // The plan's release date, then the CIs the release puts on 2.0.
    await page.locator('[data-testid=release-edit-plan]').click();
    const dateInput = page.locator('.ant-modal .ant-picker input').first();
    await dateInput.click();
    await dateInput.fill(new Date(now + HOUR).toISOString().slice(0, 10) + ' 12:00:00');
    await dateInput.press('Enter');
    await page.locator('[data-testid=release-plan-save]').click();
    await page.locator('.ant-modal').first().waitFor({ state: 'hidden' });
    for (const target of ['费控系统-北京', '费控系统-上海']) {
      await page.locator('.ant-select[data-testid=release-ci], [data-testid=release-ci]').first().click();
      await pick(page, target);
      await page.locator('[data-testid=release-ci-version]').fill('2.0');
      await page.locator('[data-testid=release-ci-add]').click();
      await page.locator('td', { hasText: target }).first().waitFor();
    }

    for (const [step, label] of [
      ['plan', '计划中'],
      ['build', '构建中'],
      ['test', '测试中'],
    ] as const) {
      await page.locator(`[data-testid=release-step-${step}]`).click();
      await expect.poll(() => text(state)).toBe(label);
    }

    // 测试记录: one passed test in the simulation environment.
    await page.locator('.ant-tabs-tab', { hasText: '测试记录' }).click();
    await page.locator('[data-testid=release-test-new]').click();
    await page.locator('[data-testid=test-case]').fill('报销单提交与审批');
    await page.locator('[data-testid=test-expected]').fill('提交后进入审批');
    await page.locator('[data-testid=test-actual]').fill('符合预期');
    await page.locator('[data-testid=release-test-save]').click();
    await expect.poll(() => text(page.locator('[data-testid=release-test-tally]'))).toContain('通过 1 项');
    await page.locator('[data-testid=release-step-request_acceptance]').click();
    await expect.poll(() => text(state)).toBe('验收中');

    // 验收
    await page.locator('.ant-tabs-tab', { hasText: '验收' }).click();
    await page.locator('[data-testid=accept-conditions]').fill('上线后观察一周');
    await page.locator('[data-testid=release-accept]').click();
    await expect.poll(() => text(state)).toBe('待审批');

    // Two sites, then approval and deployment at each.
    await page.locator('.ant-tabs-tab', { hasText: '部署地点' }).click();
    for (const site of ['发布测试北京机房', '发布测试上海机房']) {
      await page.locator('[data-testid=release-site-new]').click();
      const modal = page.locator('.ant-modal', { hasText: '添加部署地点' });
      await modal.locator('.ant-select').first().click();
      await pick(page, site);
      await modal.locator('.ant-select').nth(1).click();
      await page.keyboard.type('manager');
      await pick(page, 'manager@trellis.demo');
      const inputs = modal.locator('.ant-picker input');
      const fmt = (ms: number) => {
        const d = new Date(ms);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
      };
      await inputs.nth(0).click();
      await inputs.nth(0).fill(fmt(now - 5 * 60_000));
      await inputs.nth(0).press('Enter');
      await inputs.nth(1).fill(fmt(now + 3 * HOUR));
      await inputs.nth(1).press('Enter');
      await page.locator('[data-testid=release-site-save]').click();
      await page.locator('td', { hasText: site }).first().waitFor();
    }
    await page.locator('[data-testid=release-step-approve]').click();
    await expect.poll(() => text(state)).toBe('部署中');
    for (const site of ['发布测试北京机房', '发布测试上海机房']) {
      await page.locator(`[data-testid="site-${site}-start"]`).click();
      await page.locator(`[data-testid="site-${site}-complete"]`).click();
      await page.locator(`[data-testid="site-${site}-roll_back"]`).waitFor();
    }
    await page.locator('[data-testid=release-step-complete_deployment]').click();
    await expect.poll(() => text(state)).toBe('验证中');
    await page.locator('[data-testid=release-step-verify]').click();
    await page.locator('[data-testid=release-note]').fill('两地报销流程验证通过');
    await page.locator('[data-testid=release-note-ok]').click();
    await expect.poll(() => text(state)).toBe('评审中');

    // On success: the draft release notes in the knowledge base, and the new versions in the CMDB.
    await page.locator('.ant-tabs-tab', { hasText: '评审' }).click();
    await page.locator('[data-testid=release-success]').waitFor();
    await page.locator('[data-testid=release-notes-link]').click();
    await page.waitForURL(/\/console\/knowledge\//);
    await expect.poll(async () => text(page.locator('body')), { timeout: 15_000 }).toContain('发布说明：REL-');
    expect(await text(page.locator('body'))).toContain('费控系统 2.0 发布');
    expect(await text(page.locator('body'))).toContain('草稿');
    for (const target of [appA, appB]) {
      await page.goto(`${server.url}/console/cmdb/cis/${target.id}`);
      await expect.poll(async () => text(page.locator('body')), { timeout: 15_000 }).toContain(target.code);
      await expect.poll(async () => text(page.locator('body'))).toContain('2.0');
    }
    const after = await admin.call<{ attributes: { version: string }; unauthorized: boolean }>(
      'GET',
      `/cmdb/cis/${appA.id}`,
    );
    expect(after).toMatchObject({ attributes: { version: '2.0' }, unauthorized: false });
    await context.close();
  }, 180_000);
});
