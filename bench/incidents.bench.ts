/**
 * `npm run bench`: what reporting an incident costs over real HTTP, on SQLite and on PostgreSQL.
 * Figures, not pass/fail. The server and the load clients share this one process (and its
 * event loop), as a single small deployment would share its machine.
 *
 *   BENCH_REQUESTS      requests per concurrency level (default 1000)
 *   BENCH_CONCURRENCY   comma-separated client counts (default 1,10,50)
 *   TRELLIS_TEST_PG_URL admin URL of the PostgreSQL to create a scratch database in
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { startTrellis } from '../packages/server/src/app.js';
import { createOrganization, createUser } from '../packages/server/src/modules/directory/index.js';
import { createApiToken } from '../packages/server/src/platform/auth/sessions.js';
import { nowIso } from '../packages/server/src/platform/clock.js';
import type { Db } from '../packages/server/src/platform/db/database.js';
import { newId } from '../packages/server/src/platform/ids.js';
import { inTransaction } from '../packages/server/src/platform/unit-of-work.js';
import { createPostgresDatabase, PG_ADMIN_URL, postgresReachable } from '../packages/server/test/support/databases.js';

type Dialect = 'sqlite' | 'postgres';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,10,50').split(',').map(Number);
const WARM_UP = 100;

interface Row {
  dialect: Dialect;
  concurrency: number;
  requests: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
}

interface Bare {
  dialect: Dialect;
  rows: number;
  perRowMs: number;
  httpP50AtOne: number | undefined;
}

/** Nearest-rank percentile of an ascending array. */
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function incidentBody(i: number) {
  return JSON.stringify({
    title: `打印机无法打印 #${i}`,
    description: '财务部共享打印机一直排队，重启后仍然无法打印。',
    affectedScope: '本部门',
    // A requester gives the urgency only; the desk assesses impact.
    urgency: (i % 4) + 1,
    contact: '分机 8001',
  });
}

/** `requests` POSTs from `concurrency` clients, each waiting for its answer before sending the next. */
async function load(url: string, token: string, concurrency: number, requests: number, offset: number) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure = '';
  const client = async () => {
    while (next < requests) {
      const i = offset + next++;
      const started = performance.now();
      const response = await fetch(`${url}/api/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: incidentBody(i),
      });
      const text = await response.text();
      latencies.push(performance.now() - started);
      if (response.status !== 201) {
        failures++;
        firstFailure ||= `${response.status} ${text.slice(0, 200)}`;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  if (failures) console.warn(`  ${failures} of ${requests} requests failed, e.g. ${firstFailure}`);
  latencies.sort((a, b) => a - b);
  return {
    throughput: requests / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

/**
 * The floor: the same work_records and incident_details rows, one transaction each, as the HTTP
 * path commits them, but without HTTP, authentication, numbering, timeline, audit or views.
 */
async function bareInsert(db: Db, organizationId: string, requesterId: string, rows: number, dialect: Dialect) {
  const started = performance.now();
  for (let i = 0; i < rows; i++) {
    const now = nowIso();
    const id = newId();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('work_records')
        .values({
          id,
          kind: 'incident',
          number: `BARE-${dialect}-${String(i).padStart(6, '0')}`,
          organization_id: organizationId,
          department_id: null,
          title: `打印机无法打印 #${i}`,
          description: '财务部共享打印机一直排队，重启后仍然无法打印。',
          state: 'pending',
          impact: 3,
          urgency: 3,
          level: 3,
          category_id: null,
          channel: 'api',
          affected_scope: '本部门',
          contact: '分机 8001',
          requester_id: requesterId,
          owner_id: null,
          assignee_id: null,
          group_id: null,
          created_by: requesterId,
          created_at: now,
          updated_at: now,
          resolved_at: null,
          closed_at: null,
          version: 1,
        })
        .execute();
      await trx
        .insertInto('incident_details')
        .values({
          record_id: id,
          resolution_cause: null,
          resolution_solution: null,
          resolved_by: null,
          confirmed_at: null,
          rating: null,
          rating_comment: null,
          archived_at: null,
          hold_reason: null,
        })
        .execute();
    });
  }
  return (performance.now() - started) / rows;
}

async function benchDialect(dialect: Dialect, rows: Row[], bares: Bare[]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase('trellis_bench') : null;
  const trellis = await startTrellis({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: pgDb?.url,
    seed: 'none',
    env: { TRELLIS_LOG_LEVEL: 'silent' },
  });
  try {
    const { db } = trellis.database;
    const url = `http://127.0.0.1:${(trellis.app.server.address() as AddressInfo).port}`;
    const services = { db, dialect: trellis.database.dialect, bus: trellis.bus };
    const { organizationId, requesterId } = await inTransaction(services, null, async (tx) => {
      await createOrganization({ tx, input: { kind: 'provider', code: 'PROV', name: 'IT 服务中心' } });
      const customer = await createOrganization({ tx, input: { kind: 'customer', code: 'CUST', name: '客户甲' } });
      const requester = await createUser({
        tx,
        input: {
          email: 'requester@bench.test',
          name: '报告人',
          role: 'requester',
          organizationId: customer.id,
          locale: 'zh-CN',
          password: 'bench-password-1',
        },
      });
      return { organizationId: customer.id, requesterId: requester.id };
    });
    const { token } = await createApiToken(db, { userId: requesterId, name: 'bench' });

    if (dialect === 'postgres') {
      const settings = await sql<{
        v: string;
      }>`select current_setting('server_version') || ', synchronous_commit=' || current_setting('synchronous_commit') as v`.execute(
        db,
      );
      console.log(`PostgreSQL ${settings.rows[0]?.v} at ${new URL(PG_ADMIN_URL).host}`);
    }

    let offset = 0;
    await load(url, token, 10, WARM_UP, offset);
    offset += WARM_UP;
    for (const concurrency of CONCURRENCY) {
      const result = await load(url, token, concurrency, REQUESTS, offset);
      offset += REQUESTS;
      rows.push({ dialect, concurrency, requests: REQUESTS, ...result });
      console.log(`  ${dialect} × ${concurrency}: ${result.throughput.toFixed(0)} req/s`);
    }

    const bareRows = Math.min(REQUESTS, 1000);
    const perRowMs = await bareInsert(db, organizationId, requesterId, bareRows, dialect);
    bares.push({
      dialect,
      rows: bareRows,
      perRowMs,
      httpP50AtOne: rows.find((r) => r.dialect === dialect && r.concurrency === 1)?.p50,
    });
  } finally {
    await trellis.close();
    await pgDb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(headers: string[], lines: (string | number)[][]) {
  const cells = [headers, ...lines.map((l) => l.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  const format = (row: string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [format(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(format)].join('\n');
}

async function main() {
  console.log(
    `Trellis incident bench: POST /api/v1/incidents, ${REQUESTS} requests per level, clients ${CONCURRENCY.join('/')}`,
  );
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${os.platform()}\n`);
  const rows: Row[] = [];
  const bares: Bare[] = [];
  const dialects: Dialect[] = ['sqlite'];
  if (await postgresReachable()) dialects.push('postgres');
  else console.log(`NOTE: PostgreSQL is not reachable at ${PG_ADMIN_URL}; only SQLite is measured.\n`);

  const started = performance.now();
  for (const dialect of dialects) await benchDialect(dialect, rows, bares);

  const ms = (n: number) => n.toFixed(2);
  console.log(
    `\n${table(
      ['dialect', 'concurrency', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms'],
      rows.map((r) => [r.dialect, r.concurrency, r.requests, r.throughput.toFixed(0), ms(r.p50), ms(r.p95), ms(r.p99)]),
    )}`,
  );
  console.log(`\nBare insert: work_records + incident_details in one transaction, sequential, no HTTP or domain logic`);
  console.log(
    table(
      ['dialect', 'rows', 'per row ms', 'rows/s', 'HTTP p50 @1 ms', 'ratio'],
      bares.map((b) => [
        b.dialect,
        b.rows,
        ms(b.perRowMs),
        (1000 / b.perRowMs).toFixed(0),
        b.httpP50AtOne === undefined ? '-' : ms(b.httpP50AtOne),
        b.httpP50AtOne === undefined ? '-' : `${(b.httpP50AtOne / b.perRowMs).toFixed(1)}×`,
      ]),
    ),
  );
  console.log(`\n(total ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

await main();
