import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB = path.join(ROOT, 'packages/web');
export const WEB_DIST = path.join(WEB, 'dist');
export const PASSWORD = 'Trellis#2026';

export const ACCOUNTS = {
  admin: 'admin@trellis.demo',
  agent: 'agent@trellis.demo',
  specialist: 'specialist@trellis.demo',
  manager: 'manager@trellis.demo',
  requester: 'requester@trellis.demo',
} as const;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web client unless dist/ is newer than every source file (or TRELLIS_E2E_NO_BUILD is set). */
export function ensureWebBuilt(): void {
  const index = path.join(WEB_DIST, 'index.html');
  if (process.env.TRELLIS_E2E_NO_BUILD && existsSync(index)) return;
  const sources = Math.max(
    newestMtime(path.join(WEB, 'src')),
    newestMtime(path.join(ROOT, 'packages/core/src')),
    statSync(path.join(WEB, 'index.html')).mtimeMs,
    statSync(path.join(WEB, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** A real Trellis on a random port with the demo data, in a throw-away data directory. */
export async function startServer(): Promise<RunningServer> {
  ensureWebBuilt();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'trellis-e2e-'));
  const { startTrellis } = await import('@trellis/server');
  const server = await startTrellis({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    seed: 'demo',
    webDist: WEB_DIST,
    env: { ...process.env, TRELLIS_LOG_LEVEL: 'warn', DATABASE_URL: undefined },
  });
  return {
    url: server.url.replace(/\/$/, ''),
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1440, height: 900 } };

export async function newPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = DESKTOP) {
  const context: BrowserContext = await browser.newContext({ locale: 'zh-CN', ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[browser error]', error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') console.error('[browser console]', message.text());
  });
  return { context, page };
}

export async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('[data-testid=login-submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export async function signOut(page: Page): Promise<void> {
  await page.locator('[data-testid=user-menu]').click();
  await page.locator('[data-testid=sign-out]').click();
  await page.waitForURL((url) => url.pathname.startsWith('/login'));
}

/** The antd form item whose label is exactly `label`. */
export function field(scope: Page | Locator, label: string): Locator {
  const page = 'page' in scope && typeof scope.page === 'function' ? scope.page() : (scope as Page);
  // The inner locator of `has` is matched inside each form item, so it starts from the page.
  return scope.locator('.ant-form-item').filter({
    has: page.locator('.ant-form-item-label label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens an antd Select in the form item `label` and picks the option titled `option`. */
export async function choose(page: Page, scope: Page | Locator, label: string, option: string): Promise<void> {
  await field(scope, label).locator('.ant-select-selector').click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${escapeRegExp(option)}$`) })
    .click();
}

/** Opens an antd TreeSelect in the form item `label` and picks the node titled `node`. */
export async function chooseTreeNode(page: Page, scope: Page | Locator, label: string, node: string): Promise<void> {
  await field(scope, label).locator('.ant-select-selector').click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title')
    .filter({ hasText: new RegExp(`^${escapeRegExp(node)}$`) })
    .click();
}

/** The dialog opened for an incident action (FormModal sets `trellis-modal-<name>` on its wrapper). */
export function dialog(page: Page, name: string): Locator {
  return page.locator(`.trellis-modal-${name} .ant-modal`);
}

export async function submitDialog(page: Page, name: string): Promise<void> {
  const modal = dialog(page, name);
  await modal.locator('.ant-modal-footer .ant-btn-primary').click();
  await modal.waitFor({ state: 'hidden' });
}

/** The text in the DOM under a locator (hidden text included), trimmed. */
export async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** Picks `option` in the antd Select that shows `placeholder` (filters outside a form). */
export async function chooseByPlaceholder(page: Page, placeholder: string, option: string): Promise<void> {
  await page
    .locator('.ant-select', {
      has: page.locator('.ant-select-selection-placeholder', { hasText: new RegExp(`^${escapeRegExp(placeholder)}$`) }),
    })
    .click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${escapeRegExp(option)}$`) })
    .click();
}
