/**
 * `npm run bench:fuzz`: the long API fuzz. Every operation of the OpenAPI document gets many
 * fast-check cases (schema-shaped values, real and unknown ids, hostile mutations) as an
 * administrator, a specialist, a requester and nobody. Prints requests tried and every 5xx with
 * the server's error; asserts nothing (the short version in the API suite does). A 5xx names the
 * seed, so `BENCH_SEED=… BENCH_FUZZ_RUNS=…` replays it.
 *
 *   BENCH_FUZZ_RUNS  cases per operation (default 200)
 *   BENCH_SEED       run seed (default: a new one each run, printed)
 *   BENCH_DIALECTS   sqlite,postgres (default both, postgres when reachable)
 */
import { performance } from 'node:perf_hooks';
import { runApiFuzz, summariseFuzz } from '../packages/server/test/support/api-fuzz.js';
import { createTestApp } from '../packages/server/test/support/app.js';
import { postgresReachable, type TestDialect } from '../packages/server/test/support/databases.js';

// The fuzzer signs in thousands of times from one address with wrong passwords; the per-source lock
// (issue 12 item 2) would end the run, and it is not what this bench measures.
process.env.TRELLIS_LOGIN_SOURCE_MAX_FAILURES ??= '10000';
const RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.BENCH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as TestDialect[];

for (const dialect of wanted) {
  if (dialect === 'postgres' && !(await postgresReachable())) {
    console.log('\n[postgres] not reachable: skipped');
    continue;
  }
  const test = await createTestApp(dialect);
  try {
    const started = performance.now();
    const result = await runApiFuzz(test, {
      runs: RUNS,
      seed: SEED,
      onProgress: (n, op) => process.stdout.write(`\r[${dialect}] ${n} operations, last ${op}`.padEnd(100)),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`\n[${dialect}] API fuzz, seed ${SEED}, ${RUNS} cases per operation, ${seconds.toFixed(1)} s`);
    console.log(summariseFuzz(result));
    for (const f of result.failures)
      console.log(
        `  ${f.status}${f.known ? ' (known)' : ''} ${f.caller} ${f.operation} ${f.url} ${f.body}: ${f.error}`,
      );
  } finally {
    await test.close();
  }
}
