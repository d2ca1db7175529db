/**
 * `npm run bench:cmdb`: impact analysis on a large CMDB (default 100,000 CIs and 500,000
 * relations), through the same service function the API calls. Prints p50/p95/p99; target p95 < 100 ms.
 *
 *   BENCH_CIS, BENCH_RELATIONS, BENCH_QUERIES, BENCH_DEPTH   sizes (defaults 100000, 500000, 200, 3)
 *   BENCH_DIALECTS   comma-separated: sqlite,postgres (postgres only when reachable)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTrellis } from '../packages/server/src/app.js';
import { impactOf } from '../packages/server/src/modules/cmdb/index.js';
import { loadConfig } from '../packages/server/src/platform/config.js';
import type { Actor } from '../packages/server/src/platform/context.js';
import { newId } from '../packages/server/src/platform/ids.js';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';

const CIS = Number(process.env.BENCH_CIS ?? 100_000);
const RELATIONS = Number(process.env.BENCH_RELATIONS ?? 500_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const DEPTH = Number(process.env.BENCH_DEPTH ?? 3);
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
    const random = rng(11);
    const pick = () => ids[Math.floor(random() * ids.length)]!;
    for (let i = 0; i < 10; i++) await impactOf(db, actor, pick(), { direction: 'downstream', depth: DEPTH });
    const times: number[] = [];
    let reached = 0;
    for (let i = 0; i < QUERIES; i++) {
      const start = performance.now();
      const result = await impactOf(db, actor, pick(), { direction: 'downstream', depth: DEPTH });
      times.push(performance.now() - start);
      reached += result.cis.length;
    }
    times.sort((a, b) => a - b);
    console.log(
      `${dialect.padEnd(8)} CIs ${CIS}  relations ${RELATIONS}  depth ${DEPTH}  load ${loadSeconds}s  avg reached ${(reached / QUERIES).toFixed(0)}  ` +
        `p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  p99 ${pct(times, 99).toFixed(1)} ms`,
    );
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
