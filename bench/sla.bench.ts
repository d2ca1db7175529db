/**
 * `npm run bench:sla`: business-time arithmetic and clock recomputation, on SQLite and PostgreSQL.
 * Figures, not pass/fail.
 *
 *   BENCH_SLA_RECORDS   open records with clocks for the recompute figure (default 100000)
 *   BENCH_SLA_DUES      due-date computations to time (default 200000)
 *   BENCH_SLA_DIALECTS  comma-separated: sqlite,postgres (default both; PostgreSQL when reachable)
 *   TRELLIS_TEST_PG_URL admin URL of the PostgreSQL to create a scratch database in
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTrellis } from '../packages/server/src/app.js';
import { businessCalendar, STANDARD_CALENDAR_NAMES } from '../packages/server/src/modules/calendars/index.js';
import { createOrganization, createUser } from '../packages/server/src/modules/directory/index.js';
import { catchUpCalendar } from '../packages/server/src/modules/sla/index.js';
import { loadConfig } from '../packages/server/src/platform/config.js';
import { newId } from '../packages/server/src/platform/ids.js';
import { inTransaction } from '../packages/server/src/platform/unit-of-work.js';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';

const RECORDS = Number(process.env.BENCH_SLA_RECORDS ?? 100_000);
const DUES = Number(process.env.BENCH_SLA_DUES ?? 200_000);

async function run(dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-sla-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase('trellis_bench_sla') : null;
  const trellis = await createTrellis(
    loadConfig({
      TRELLIS_DATA_DIR: dataDir,
      TRELLIS_LOG_LEVEL: 'silent',
      TRELLIS_DEMO_DATA: 'off',
      ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    }),
  );
  const { db, dialect: d } = trellis.database;
  try {
    const office = (
      await db
        .selectFrom('calendars')
        .select('id')
        .where('name', '=', STANDARD_CALENDAR_NAMES.office)
        .executeTakeFirstOrThrow()
    ).id;
    const cal = await businessCalendar(db, office);

    // 1. due dates per second (2025–2026, 15 min to 5 business days)
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const start0 = Date.parse('2025-01-01T00:00:00Z');
    const inputs = Array.from({ length: DUES }, () => [
      start0 + Math.floor(rnd() * 700 * 1440) * 60_000,
      15 + Math.floor(rnd() * 2235),
    ]);
    let sink = 0;
    let t = performance.now();
    for (const [s, m] of inputs) sink += cal.addBusinessMinutes(s!, m!);
    const dueSeconds = (performance.now() - t) / 1000;

    // 2. 100,000 open records, each with response and resolution clocks on the office calendar
    const { orgId, userId } = await inTransaction({ db, dialect: d, bus: trellis.bus }, null, async (tx) => {
      const org = await createOrganization({ tx, input: { kind: 'customer', code: 'BENCH', name: '压测' } });
      const user = await createUser({
        tx,
        input: {
          email: 'b@bench.test',
          name: 'b',
          role: 'requester',
          organizationId: org.id,
          locale: 'zh-CN',
          password: 'bench-pass-123',
        },
      });
      return { orgId: org.id, userId: user.id };
    });
    t = performance.now();
    const base = Date.parse('2026-09-01T00:00:00Z');
    for (let i = 0; i < RECORDS; i += 500) {
      const records = [];
      const clocks = [];
      const timers = [];
      for (let j = i; j < Math.min(i + 500, RECORDS); j++) {
        const id = newId();
        const created = new Date(base + (j % 40_000) * 60_000).toISOString();
        records.push({
          id,
          kind: 'incident' as const,
          number: `BENCH-${j}`,
          organization_id: orgId,
          department_id: null,
          title: 't',
          description: 'd',
          state: 'in_progress',
          impact: 3,
          urgency: 3,
          level: 3,
          category_id: null,
          service_id: null,
          channel: 'portal',
          affected_scope: null,
          contact: null,
          requester_id: userId,
          owner_id: null,
          assignee_id: null,
          group_id: null,
          created_by: null,
          created_at: created,
          updated_at: created,
          resolved_at: null,
          closed_at: null,
          version: 1,
        });
        clocks.push({
          id: newId(),
          record_id: id,
          metric: 'resolution' as const,
          sla_id: null,
          ola_id: null,
          group_id: null,
          level: 3,
          target_minutes: 1440,
          calendar_id: office,
          started_at: created,
          pauses_json:
            j % 3
              ? '[]'
              : JSON.stringify([[created, new Date(base + (j % 40_000) * 60_000 + 3_600_000).toISOString()]]),
          stopped_at: null,
          stop_reason: null,
          due_at: null,
          elapsed_ms: 0,
          warned_json: '[]',
          breached_at: null,
          created_at: created,
          updated_at: created,
        });
        const clockId = clocks[clocks.length - 1]!.id;
        timers.push({
          id: newId(),
          type: 'sla.timer',
          payload: JSON.stringify({ clockId }),
          run_at: created,
          state: 'queued' as const,
          attempts: 0,
          max_attempts: 10,
          locked_by: null,
          locked_until: null,
          last_error: null,
          unique_key: `sla:${clockId}`,
          created_at: created,
          updated_at: created,
        });
      }
      await db.insertInto('work_records').values(records).execute();
      await db.insertInto('sla_clocks').values(clocks).execute();
      // As in production, every open clock has one queued timer for its next threshold.
      await db.insertInto('jobs').values(timers).execute();
    }
    const loadSeconds = (performance.now() - t) / 1000;

    // The clocks above were inserted raw: give them their real due times and timers first, as
    // production would have. Then the edits, each followed by what the recompute job runs.
    await db
      .updateTable('calendars')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', office)
      .execute();
    await catchUpCalendar(db, office);
    await db
      .insertInto('calendar_days')
      .values({
        calendar_id: office,
        date: '2026-09-15',
        kind: 'holiday',
        name: '公司活动日',
        spans_json: null,
        source: 'admin',
      })
      .execute();
    await db
      .updateTable('calendars')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', office)
      .execute();
    const timed = async () => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      let shown = 0;
      const { recomputed, written } = await catchUpCalendar(db, office, (p) => {
        // The progress the job reports, every 20,000 clocks.
        if (p.recomputed - shown < 20_000) return;
        shown = p.recomputed;
        process.stderr.write(
          `  ${dialect}: ${p.recomputed.toLocaleString('en-US')} clocks recomputed, ${p.written.toLocaleString('en-US')} written, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
        );
      });
      const used = process.cpuUsage(cpu);
      return {
        recomputed,
        written,
        seconds: (performance.now() - started) / 1000,
        cpu: (used.user + used.system) / 1e6,
      };
    };
    const holiday = await timed();
    // The worst case: new weekly hours (work starts at 09:00, not 08:30) move every due time.
    const later: [number, number][] = [
      [9 * 60, 12 * 60],
      [13 * 60 + 30, 17 * 60 + 30],
    ];
    await db
      .updateTable('calendars')
      .set((eb) => ({
        week_json: JSON.stringify([[], later, later, later, later, later, []]),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', office)
      .execute();
    const hours = await timed();
    return {
      dialect,
      dues: DUES,
      duePerSecond: Math.round(DUES / dueSeconds),
      sink,
      loadSeconds,
      holiday,
      hours,
    };
  } finally {
    await trellis.close();
    await pgDb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const dialects = (process.env.BENCH_SLA_DIALECTS ?? 'sqlite,postgres').split(',');
const results = [];
if (dialects.includes('sqlite')) results.push(await run('sqlite'));
if (dialects.includes('postgres')) {
  if (await postgresReachable()) results.push(await run('postgres'));
  else console.warn('PostgreSQL not reachable: SQLite only');
}
console.log(`\nSLA bench (${os.cpus().length} CPUs, Node ${process.version})`);
const line = (what: string, r: { recomputed: number; written: number; seconds: number; cpu: number }) =>
  `  ${what}: ${r.recomputed.toLocaleString('en-US')} open clocks recomputed, ${r.written.toLocaleString('en-US')} moved and written, ` +
  `in ${r.seconds.toFixed(2)} s (${Math.round(r.recomputed / r.seconds).toLocaleString('en-US')}/s; Node CPU ${r.cpu.toFixed(2)} s)`;
for (const r of results) {
  console.log(
    `${r.dialect.padEnd(9)} due dates: ${r.duePerSecond.toLocaleString('en-US')}/s  ` +
      `(load ${r.loadSeconds.toFixed(1)} s; machine load ${os.loadavg()[0]!.toFixed(1)})`,
  );
  console.log(line('a new company holiday', r.holiday));
  console.log(line('new weekly hours     ', r.hours));
}
