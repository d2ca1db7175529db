/**
 * `npx tsx bench/problems.bench.ts`: how well recurring-incident detection finds clusters that
 * are known in advance, on generated histories (seeds 1..BENCH_SEEDS), and how long it takes.
 * Figures, not pass/fail.
 */
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_DETECT_OPTIONS,
  detectRecurringClusters,
} from '../packages/server/src/modules/problems/problem.detect.js';
import { generateHistory, scoreDetection } from '../packages/server/test/support/recurring-history.js';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 10);
const rows: string[] = [];
const totals = { cp: 0, cr: 0, ip: 0, ir: 0, ms: 0 };
for (let seed = 1; seed <= SEEDS; seed++) {
  const { incidents, truth } = generateHistory({ seed });
  const started = performance.now();
  const clusters = detectRecurringClusters(incidents, DEFAULT_DETECT_OPTIONS);
  const ms = performance.now() - started;
  const s = scoreDetection(
    truth,
    clusters.map((c) => c.incidentIds),
  );
  totals.cp += s.clusters.precision;
  totals.cr += s.clusters.recall;
  totals.ip += s.incidents.precision;
  totals.ir += s.incidents.recall;
  totals.ms += ms;
  rows.push(
    `seed ${String(seed).padStart(2)}  ${incidents.length} incidents  clusters ${s.clusters.predicted}/${s.clusters.actual}  ` +
      `cluster P=${s.clusters.precision.toFixed(2)} R=${s.clusters.recall.toFixed(2)}  ` +
      `incident P=${s.incidents.precision.toFixed(2)} R=${s.incidents.recall.toFixed(2)}  ${ms.toFixed(0)} ms`,
  );
}
console.log(`recurring-incident detection, options ${JSON.stringify(DEFAULT_DETECT_OPTIONS)}`);
for (const row of rows) console.log(row);
const avg = (v: number) => (v / SEEDS).toFixed(2);
console.log(
  `mean      cluster P=${avg(totals.cp)} R=${avg(totals.cr)}  incident P=${avg(totals.ip)} R=${avg(totals.ir)}  ${(totals.ms / SEEDS).toFixed(0)} ms`,
);
