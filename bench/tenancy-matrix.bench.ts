/**
 * `npm run bench:tenancy`: the long tenancy matrix. Every operation of the OpenAPI document × every
 * role (requester, specialist serving one customer, agent serving none, agent serving both, service
 * manager, administrator) aimed at the other customer's rows, with several generated bodies per
 * operation and a check of the whole database after every write request, so an unauthorized write
 * names its request. Prints figures; asserts nothing (the short version in the API suite does).
 *
 *   BENCH_VARIANTS   bodies per operation and target (default 5)
 *   BENCH_DIALECTS   sqlite,postgres (default both, postgres when reachable)
 */
import { performance } from 'node:perf_hooks';
import { createTestApp } from '../packages/server/test/support/app.js';
import { postgresReachable, type TestDialect } from '../packages/server/test/support/databases.js';
import { runTenancyMatrix, summarise } from '../packages/server/test/support/tenancy-matrix.js';

const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 5);
const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as TestDialect[];

for (const dialect of wanted) {
  if (dialect === 'postgres' && !(await postgresReachable())) {
    console.log('\n[postgres] not reachable: skipped');
    continue;
  }
  const test = await createTestApp(dialect);
  try {
    const started = performance.now();
    const result = await runTenancyMatrix(test, {
      variants: VARIANTS,
      snapshotEachWrite: true,
      onProgress: (n) => {
        if (n % 1000 === 0) process.stdout.write(`\r[${dialect}] ${n} requests`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`\n[${dialect}] tenancy matrix, ${VARIANTS} bodies per operation, ${seconds.toFixed(1)} s`);
    console.log(summarise(result));
    for (const leak of result.leaks)
      console.log(
        `  leak${leak.known ? ' (known)' : ''}: ${leak.actor} ${leak.operation} ${leak.url} → ${leak.status}`,
      );
    for (const write of result.writes)
      console.log(`  write: ${write.actor} ${write.table} ${write.change} ${write.row}`);
    for (const error of result.serverErrors)
      console.log(
        `  5xx${error.known ? ' (known)' : ''}: ${error.actor} ${error.operation} ${error.url}: ${error.error}`,
      );
  } finally {
    await test.close();
  }
}
