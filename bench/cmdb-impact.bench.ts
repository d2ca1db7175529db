/**
 * `npm run bench:cmdb`: impact analysis on a large CMDB (default 100,000 CIs and 500,000
 * relations), through the same service function the API calls. Prints p50/p95/p99 at each depth for
 * the recursive query ("after") and, on the same data in the same run, the level-by-level walk it
 * replaced ("before", test/support/cmdb-impact-legacy.ts); target p95 < 100 ms at depth 5.
 *
 *   BENCH_CIS, BENCH_RELATIONS, BENCH_QUERIES   sizes (defaults 100000, 500000, 200)
 *   BENCH_DEPTHS     comma-separated depths (default 3,5)
 *   BENCH_BEFORE     off: skip the old walk
 *   BENCH_DIALECTS   comma-separated: sqlite,postgres (postgres only when reachable)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createTrellis } from '../packages/server/src/app.js';
import { impactOf } from '../packages/server/src/modules/cmdb/index.js';
import { loadConfig } from '../packages/server/src/platform/config.js';
import type { Actor } from '../packages/server/src/platform/context.js';
import { newId } from '../packages/server/src/platform/ids.js';
import { legacyImpactOf } from '../packages/server/test/support/cmdb-impact-legacy.js';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';

const CIS = Number(process.env.BENCH_CIS ?? 100_000);
const RELATIONS = Number(process.env.BENCH_RELATIONS ?? 500_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const DEPTHS = (process.env.BENCH_DEPTHS ?? process.env.BENCH_DEPTH ?? '3,5').split(',').map(Number);
const BEFORE = process.env.BENCH_BEFORE !== 'off';
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function run(dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-cmdb-'));
  const pg = dialect === 'postgres' ? await createPostgresDatabase('trellis_bench') : null;
  const trellis = await createTrellis(
    loadConfig({ TRELLIS_DATA_DIR: dataDir, TRELLIS_LOG_LEVEL: 'silent', ...(pg ? { DATABASE_URL: pg.url } : {}) }),
  );
  const { db } = trellis.database;
  try {
    const now = new Date().toISOString();
    const orgId = newId();
    await db
      .insertInto('organizations')
      .values({ id: orgId, kind: 'provider', code: 'BENCH', name: 'bench', active: 1, created_at: now })
      .execute();
    const klass = await db
      .selectFrom('ci_classes')
      .select('id')
      .where('code', '=', 'application')
      .executeTakeFirstOrThrow();
    const ids: string[] = [];
    const t0 = performance.now();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < CIS; i += 1000) {
        const rows = [];
        for (let j = i; j < Math.min(CIS, i + 1000); j++) {
          const id = newId();
          ids.push(id);
          rows.push({
            id,
            class_id: klass.id,
            code: `B-${j}`,
            name: `CI ${j}`,
            organization_id: orgId,
            owner_id: null,
            location_id: null,
            state: 'in_use' as const,
            attributes_json: '{}',
            version: 1,
            unauthorized: 0,
            created_at: now,
            updated_at: now,
          });
        }
        await trx.insertInto('cis').values(rows).execute();
      }
      const random = rng(7);
      const seen = new Set<string>();
      const types = ['depends_on', 'runs_on', 'hosted_in', 'connected_to', 'part_of', 'uses'] as const;
      let made = 0;
      while (made < RELATIONS) {
        const rows = [];
        while (rows.length < 1000 && made < RELATIONS) {
          const s = Math.floor(random() * CIS);
          const t = Math.floor(random() * CIS);
          const type = types[Math.floor(random() * types.length)]!;
          const key = `${s}:${t}:${type}`;
          if (s === t || seen.has(key)) continue;
          seen.add(key);
          rows.push({ id: newId(), type, source_id: ids[s]!, target_id: ids[t]!, created_by: null, created_at: now });
          made++;
        }
        await trx.insertInto('ci_relations').values(rows).execute();
      }
    });
    // What autovacuum (PostgreSQL) or `trellis` maintenance would have done before anyone queries:
    // without statistics and a visibility map the planner guesses and index-only scans visit the heap.
    if (dialect === 'postgres') await sql`vacuum analyze ci_relations, cis`.execute(db);
    else await sql`analyze`.execute(db);
    const loadSeconds = ((performance.now() - t0) / 1000).toFixed(1);
    const actor: Actor = {
      id: newId(),
      name: 'bench',
      role: 'admin',
      organizationId: orgId,
      departmentId: null,
      locale: 'zh-CN',
      groupIds: [],
      servedOrganizationIds: [],
      departmentShares: false,
    };
    const impls = [...(BEFORE ? [{ name: 'before', fn: legacyImpactOf }] : []), { name: 'after', fn: impactOf }];
    console.log(
      `${dialect}: CIs ${CIS}  relations ${RELATIONS}  load ${loadSeconds}s  (load average ${os.loadavg()[0]!.toFixed(2)})`,
    );
    for (const depth of DEPTHS) {
      const summary: Record<string, number> = {};
      for (const impl of impls) {
        // The same origins for both, so the two lines compare like with like.
        const random = rng(11 + depth);
        const pick = () => ids[Math.floor(random() * ids.length)]!;
        for (let i = 0; i < 10; i++) await impl.fn(db, actor, pick(), { direction: 'downstream', depth });
        const times: number[] = [];
        let reached = 0;
        for (let i = 0; i < QUERIES; i++) {
          const start = performance.now();
          const result = await impl.fn(db, actor, pick(), { direction: 'downstream', depth });
          times.push(performance.now() - start);
          reached += result.cis.length;
        }
        times.sort((a, b) => a - b);
        summary[impl.name] = pct(times, 95);
        console.log(
          `  ${dialect.padEnd(8)} depth ${depth}  ${impl.name.padEnd(6)}  avg reached ${(reached / QUERIES).toFixed(0).padStart(5)}  ` +
            `p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  p99 ${pct(times, 99).toFixed(1)} ms`,
        );
      }
      if (summary.before && summary.after)
        console.log(
          `  ${dialect.padEnd(8)} depth ${depth}  p95 before/after ${(summary.before / summary.after).toFixed(1)}×`,
        );
    }
  } finally {
    await trellis.close();
    await pg?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const dialect of DIALECTS) {
  if (dialect === 'postgres' && !(await postgresReachable())) {
    console.log('postgres: not reachable, skipped');
    continue;
  }
  await run(dialect as 'sqlite' | 'postgres');
}
