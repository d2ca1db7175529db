/**
 * `npm run bench:changes`: conflict detection for a change touching 10 CIs against 10,000 scheduled
 * changes on 100,000 CIs and 500,000 relations, through the function the conflicts endpoint calls
 * (`findConflicts`: same CI, CMDB-related CIs to the depth, same service, windows). Prints
 * p50/p95/p99 per depth; target p95 < 200 ms at the default depth (3).
 *
 *   BENCH_CIS, BENCH_RELATIONS, BENCH_CHANGES, BENCH_QUERIES   sizes (defaults 100000, 500000, 10000, 100)
 *   BENCH_DEPTHS     comma-separated depths (default 1,3)
 *   BENCH_DIALECTS   comma-separated: sqlite,postgres (postgres only when reachable)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTrellis } from '../packages/server/src/app.js';
import { findConflicts } from '../packages/server/src/modules/changes/index.js';
import { loadConfig } from '../packages/server/src/platform/config.js';
import { newId } from '../packages/server/src/platform/ids.js';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';

const CIS = Number(process.env.BENCH_CIS ?? 100_000);
const RELATIONS = Number(process.env.BENCH_RELATIONS ?? 500_000);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 100);
const DEPTHS = (process.env.BENCH_DEPTHS ?? '1,3').split(',').map(Number);
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');
const HOUR = 3_600_000;
const YEAR = 365 * 24 * HOUR;

/** A normal change's details with nothing filled in but its window. */
const DETAIL_DEFAULTS = {
  type: 'normal' as const,
  template_id: null,
  purpose: '',
  content: '',
  reason: '',
  plan_json: '[]',
  backout_plan: '',
  test_plan: '',
  actual_start: null,
  actual_end: null,
  lead_hours: null,
  estimated_cost: null,
  estimated_effort_hours: null,
  initiator_kind: 'internal' as const,
  initiator_department: '',
  references_json: '[]',
  risk_score: null,
  risk_level: null,
  assessment_json: '{}',
  override_reason: '',
  retrospective: 0,
  approval_round: 0,
  approved_at: null,
  verified_at: null,
  verified_by: null,
  verification_note: '',
  outcome_note: '',
  failure_note: '',
  pir_json: null,
  pir_done_at: null,
  problem_action_id: null,
  notice_sent_at: null,
};

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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-chg-'));
  const pg = dialect === 'postgres' ? await createPostgresDatabase('trellis_bench') : null;
  const trellis = await createTrellis(
    loadConfig({ TRELLIS_DATA_DIR: dataDir, TRELLIS_LOG_LEVEL: 'silent', ...(pg ? { DATABASE_URL: pg.url } : {}) }),
  );
  const { db } = trellis.database;
  try {
    const now = new Date().toISOString();
    const base = Date.parse(now);
    const orgId = newId();
    const userId = newId();
    await db
      .insertInto('organizations')
      .values({ id: orgId, kind: 'provider', code: 'BENCH', name: 'bench', active: 1, created_at: now })
      .execute();
    await db
      .insertInto('users')
      .values({
        id: userId,
        organization_id: orgId,
        department_id: null,
        email: 'bench@bench.local',
        name: 'bench',
        phone: null,
        role: 'admin',
        locale: 'zh-CN',
        password_hash: null,
        manager_id: null,
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const klass = await db.selectFrom('ci_classes').select('id').where('code', '=', 'server').executeTakeFirstOrThrow();
    const serviceIds: string[] = [];
    for (let i = 0; i < 50; i++) {
      const id = newId();
      serviceIds.push(id);
      await db
        .insertInto('services')
        .values({
          id,
          code: `S${i}`,
          name_zh: `服务 ${i}`,
          name_en: `Service ${i}`,
          description: '',
          owner_id: null,
          organization_id: null,
          active: 1,
          sort: i,
          created_at: now,
        })
        .execute();
    }
    const ids: string[] = [];
    const random = rng(7);
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
      const seen = new Set<string>();
      let made = 0;
      while (made < RELATIONS) {
        const rows = [];
        while (rows.length < 1000 && made < RELATIONS) {
          const s = Math.floor(random() * CIS);
          const t = Math.floor(random() * CIS);
          const key = `${s}:${t}`;
          if (s === t || seen.has(key)) continue;
          seen.add(key);
          rows.push({
            id: newId(),
            type: 'depends_on' as const,
            source_id: ids[s]!,
            target_id: ids[t]!,
            created_by: null,
            created_at: now,
          });
          made++;
        }
        await trx.insertInto('ci_relations').values(rows).execute();
      }
      // Scheduled changes spread over a year, each on 1–3 CIs and one service.
      const states = ['assessing', 'pending_approval', 'scheduled', 'implementing'];
      for (let i = 0; i < CHANGES; i += 500) {
        const records = [];
        const details = [];
        const cis = [];
        const services = [];
        for (let j = i; j < Math.min(CHANGES, i + 500); j++) {
          const id = newId();
          const start = base + Math.floor(random() * YEAR);
          records.push({
            id,
            kind: 'change' as const,
            number: `CHG-2026-${String(j + 1).padStart(6, '0')}`,
            organization_id: orgId,
            department_id: null,
            title: `变更 ${j}`,
            description: '',
            state: states[j % states.length]!,
            impact: 3,
            urgency: 3,
            level: 3,
            category_id: null,
            service_id: null,
            channel: 'walk_in',
            affected_scope: null,
            contact: null,
            requester_id: userId,
            owner_id: null,
            assignee_id: null,
            group_id: null,
            created_by: userId,
            created_at: now,
            updated_at: now,
            resolved_at: null,
            closed_at: null,
            version: 1,
          });
          details.push({
            ...DETAIL_DEFAULTS,
            record_id: id,
            planned_start: new Date(start).toISOString(),
            planned_end: new Date(start + (1 + Math.floor(random() * 6)) * HOUR).toISOString(),
          });
          const n = 1 + Math.floor(random() * 3);
          const mine = new Set<string>();
          while (mine.size < n) mine.add(ids[Math.floor(random() * CIS)]!);
          for (const ci of mine) cis.push({ change_id: id, ci_id: ci });
          services.push({ change_id: id, service_id: serviceIds[Math.floor(random() * serviceIds.length)]! });
        }
        await trx.insertInto('work_records').values(records).execute();
        await trx.insertInto('change_details').values(details).execute();
        await trx.insertInto('change_cis').values(cis).execute();
        await trx.insertInto('change_services').values(services).execute();
      }
    });
    const loadSeconds = ((performance.now() - t0) / 1000).toFixed(1);
    const probe = rng(11);
    const subject = () => {
      const start = base + Math.floor(probe() * YEAR);
      const ciIds = new Set<string>();
      while (ciIds.size < 10) ciIds.add(ids[Math.floor(probe() * CIS)]!);
      return {
        id: null,
        type: 'normal' as const,
        start: new Date(start).toISOString(),
        end: new Date(start + 4 * HOUR).toISOString(),
        ciIds: [...ciIds],
        serviceIds: [serviceIds[Math.floor(probe() * serviceIds.length)]!],
      };
    };
    for (const depth of DEPTHS) {
      for (let i = 0; i < 5; i++) await findConflicts(db, subject(), depth);
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < QUERIES; i++) {
        const s = subject();
        const started = performance.now();
        found += (await findConflicts(db, s, depth)).length;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `${dialect.padEnd(8)} CIs ${CIS}  relations ${RELATIONS}  changes ${CHANGES}  depth ${depth}  load ${loadSeconds}s  ` +
          `avg conflicts ${(found / QUERIES).toFixed(1)}  p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  p99 ${pct(times, 99).toFixed(1)} ms`,
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
