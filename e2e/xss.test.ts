import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, type RunningServer, startServer } from './helpers.js';
import { openPages, PAYLOADS, type Planted, plant } from './xss.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('stored XSS corpus', () => {
  test(`${PAYLOADS.length} payloads in every free-text field run nowhere, for agent, requester and admin`, async () => {
    // Every payload in a name or title of its own record (the lists show them together), and all
    // of them in every long field; the short run opens one record set's pages and every list.
    const planted: Planted = await plant(server.url, PAYLOADS.length);
    expect(planted.refused).toEqual([]);
    const detail = new Set([1]);
    const pages = planted.pages.filter((p) => p.record === null || detail.has(p.record));
    const results = await openPages(server.url, browser, pages);

    expect(results.flatMap((r) => r.executions.map((e) => `${r.role} ${r.path}: ${e}`))).toEqual([]);
    expect(results.flatMap((r) => r.dangerous.map((d) => `${r.role} ${r.path}: ${d}`))).toEqual([]);
    // The payloads did reach the pages, as text: otherwise the checks above would prove nothing.
    for (const r of results)
      expect(r.shown.length, `${r.role} ${r.path} shows no payload: ${r.excerpt}`).toBeGreaterThan(0);
    const shownAnywhere = new Set(results.flatMap((r) => r.shown));
    expect([...shownAnywhere].sort((a, b) => a - b)).toEqual(PAYLOADS.map((_, i) => i + 1));
  });
});
