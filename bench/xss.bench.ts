/**
 * `npx tsx bench/xss.bench.ts`: the stored-XSS corpus of e2e/xss.ts at full length. BENCH_XSS_SETS
 * record sets (default 16: payload k in the short fields of set k, all payloads in every long field)
 * are planted through the API of a real server with the demo data, then every record's page and
 * every list is opened in Chromium as agent, requester and admin. Prints page loads, payloads,
 * fields, executions and dangerous DOM found. Figures, not pass/fail.
 */
import { performance } from 'node:perf_hooks';
import { launchBrowser, startServer } from '../e2e/helpers.js';
import { openPages, PAYLOADS, plant } from '../e2e/xss.js';

const SETS = Number(process.env.BENCH_XSS_SETS ?? PAYLOADS.length);

const server = await startServer();
const browser = await launchBrowser();
try {
  const plantStart = performance.now();
  const planted = await plant(server.url, SETS);
  const plantSeconds = (performance.now() - plantStart) / 1000;
  const openStart = performance.now();
  const results = await openPages(server.url, browser, planted.pages);
  const openSeconds = (performance.now() - openStart) / 1000;

  const executions = results.flatMap((r) => r.executions.map((e) => `${r.role} ${r.path}: ${e}`));
  const dangerous = results.flatMap((r) => r.dangerous.map((d) => `${r.role} ${r.path}: ${d}`));
  const blank = results.filter((r) => r.shown.length === 0).map((r) => `${r.role} ${r.path}`);
  const shown = new Set(results.flatMap((r) => r.shown));
  const byRole: Record<string, number> = {};
  for (const r of results) byRole[r.role] = (byRole[r.role] ?? 0) + 1;

  console.log('\nFields planted (records carrying each):');
  for (const [field, n] of Object.entries(planted.fields)) console.log(`  ${field.padEnd(28)} ${n}`);
  if (planted.refused.length) console.log('\nRefused by the API (4xx):', planted.refused);
  if (executions.length) console.log('\nEXECUTIONS:', executions);
  if (dangerous.length) console.log('\nDANGEROUS DOM:', dangerous);
  if (blank.length) console.log('\nPages that showed no payload (not covered):', blank);
  console.table([
    {
      payloads: PAYLOADS.length,
      recordSets: SETS,
      fieldTypes: Object.keys(planted.fields).length,
      pageLoads: results.length,
      ...Object.fromEntries(Object.entries(byRole).map(([k, v]) => [`loads_${k}`, v])),
      payloadsShown: shown.size,
      executions: executions.length,
      dangerousDom: dangerous.length,
      refused: planted.refused.length,
      plantSeconds: Number(plantSeconds.toFixed(1)),
      openSeconds: Number(openSeconds.toFixed(1)),
    },
  ]);
} finally {
  await browser.close();
  await server.close();
}
