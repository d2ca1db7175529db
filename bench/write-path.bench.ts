/**
 * `npm run bench:write`: the write path under load, on SQLite and on PostgreSQL. Figures, not
 * pass/fail. The server (with the demo data) runs in a child process of its own, so its CPU time
 * and memory are read apart from the clients'; the clients are desk agents, each with its own
 * cookie session and one keep-alive connection, doing what ../shared/bench-rt's Trellis adapter
 * does: create, public reply, internal comment, take + resolve with the handling record.
 *
 *   BENCH_CLIENTS       concurrent clients (default 8)
 *   BENCH_CREATES       incidents created under load; each then gets one reply, one comment and is
 *                       taken and resolved (default 2000)
 *   BENCH_SINGLE        creates by one client, for the comparison with a bare insert (default 300)
 *   BENCH_WARMUP        requests before measuring (default 200)
 *   BENCH_DIALECTS      sqlite,postgres (default both, PostgreSQL when reachable)
 *   BENCH_CPU_PROF      a directory: the server's CPU profile of the measured phases (after the warm-up)
 *                       goes there as <dialect>-<server>.cpuprofile (summarise: bench/cpuprofile-summary.mjs)
 *   BENCH_SERVER_ARGS   more node options for the server process, space-separated (e.g. --import=./probe.mjs)
 *   BENCH_COMPARE       another checkout of Trellis (with node_modules): its server is measured too,
 *                       just before this one on each database, for a before/after in one run
 *   TRELLIS_TEST_PG_URL admin URL of the PostgreSQL to create a scratch database in
 *
 * The machine's cores are shared by the server, the clients and PostgreSQL: the server's own CPU
 * time per operation (from /proc) is the figure that survives a noisy machine; ops/s does not.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { openDatabase } from '../packages/server/src/platform/db/database.js';
import { newId } from '../packages/server/src/platform/ids.js';
import { createPostgresDatabase, PG_ADMIN_URL, postgresReachable } from '../packages/server/test/support/databases.js';

type Dialect = 'sqlite' | 'postgres';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const CREATES = Number(process.env.BENCH_CREATES ?? 2000);
const SINGLE = Number(process.env.BENCH_SINGLE ?? 300);
const WARM_UP = Number(process.env.BENCH_WARMUP ?? 200);
const CPU_PROF = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
const ROOT = path.resolve(import.meta.dirname, '..');
const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

// ---- HTTP with keep-alive: one agent (one socket) per client

interface Answer {
  status: number;
  text: string;
  headers: http.IncomingHttpHeaders;
}

function request(
  agent: http.Agent,
  base: URL,
  method: string,
  pathname: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Answer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path: pathname,
        headers: {
          ...headers,
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Client {
  agent: http.Agent;
  headers: Record<string, string>;
}

async function signIn(base: URL, email: string, password: string): Promise<Client> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const answer = await request(agent, base, 'POST', '/api/v1/auth/login', { email, password }, {});
  if (answer.status !== 200) throw new Error(`sign-in ${email}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
  const cookie = (answer.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { agent, headers: { cookie, 'x-csrf-token': JSON.parse(answer.text).csrfToken } };
}

// ---- the server process

function procStat(pid: number) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  return { cpuMs, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function startServer(
  root: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: URL; pid: number }> {
  const args = ['--import', 'tsx'];
  if (process.env.BENCH_SERVER_ARGS) args.push(...process.env.BENCH_SERVER_ARGS.split(' ').filter(Boolean));
  // The server script is this checkout's; what it imports is the measured checkout's.
  args.push(path.join(ROOT, 'bench/write-path.server.ts'));
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, BENCH_SERVER_ROOT: root },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const ready = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
    lines.on('line', (line) => {
      if (line.startsWith('{"url"')) resolve(JSON.parse(line));
    });
  });
  // The log goes on being read, so a chatty server never blocks on a full pipe.
  return { child, url: new URL(ready.url), pid: ready.pid };
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

// ---- load

/** Nearest-rank percentile of an ascending array. */
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;

interface PhaseResult {
  dialect: Dialect;
  server: string;
  phase: string;
  clients: number;
  ops: number;
  failures: number;
  opsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  serverCpuMsPerOp: number;
  clientCpuMsPerOp: number;
  rssMb: number;
}

/** Runs `ops` operations spread over the clients, each client waiting for its answer before the next. */
async function phase(
  dialect: Dialect,
  server: string,
  name: string,
  pid: number,
  clients: Client[],
  ops: number,
  op: (client: Client, i: number) => Promise<string | null>,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure = '';
  let maxRss = 0;
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, procStat(pid).rssMb);
  }, 100);
  const before = procStat(pid);
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < ops) {
        const i = next++;
        const t0 = performance.now();
        const error = await op(client, i).catch((e: Error) => e.message);
        latencies.push(performance.now() - t0);
        if (error) {
          failures++;
          firstFailure ||= error;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const after = procStat(pid);
  const clientCpu = process.cpuUsage(clientBefore);
  if (failures) console.warn(`  ${name}: ${failures} of ${ops} failed, e.g. ${firstFailure}`);
  latencies.sort((a, b) => a - b);
  const result: PhaseResult = {
    dialect,
    server,
    phase: name,
    clients: clients.length,
    ops,
    failures,
    opsPerSecond: ops / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    serverCpuMsPerOp: (after.cpuMs - before.cpuMs) / ops,
    clientCpuMsPerOp: (clientCpu.user + clientCpu.system) / 1000 / ops,
    rssMb: Math.max(maxRss, after.rssMb),
  };
  console.log(
    `  ${dialect} (${server}) ${name} ×${clients.length}: ${result.opsPerSecond.toFixed(0)}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, server ${result.serverCpuMsPerOp.toFixed(2)} ms CPU/op`,
  );
  return result;
}

const expect = (answer: Answer, status: number, what: string) =>
  answer.status === status ? null : `${what}: HTTP ${answer.status} ${answer.text.slice(0, 160)}`;

function incidentBody(i: number, requesters: string[]) {
  return {
    // Logged by the desk for a customer, as bench-rt's adapter does: the record is then the agent's to work on.
    requesterId: requesters[i % requesters.length],
    title: `打印机无法打印 #${i}`,
    description: '财务部共享打印机一直排队，重启后仍然无法打印。The shared printer keeps queueing.',
    channel: 'api',
  };
}

interface UserRow {
  id: string;
  role: string;
  active?: boolean;
}

// ---- the floor: the same rows without HTTP

interface Bare {
  dialect: Dialect;
  rows: number;
  /** One transaction per incident (its work_records and incident_details rows), sequential. */
  perRowMs: number;
  /** All the incidents in one transaction. */
  batchedPerRowMs: number;
}

async function bareInsert(dialect: Dialect, target: { dataDir: string; databaseUrl?: string }, rows: number) {
  const { db, close } = openDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
  try {
    const requester = await db
      .selectFrom('users')
      .select(['id', 'organization_id'])
      .where('role', '=', 'requester')
      .executeTakeFirstOrThrow();
    const rowsOf = (i: number, tag: string) => {
      const now = new Date().toISOString();
      const id = newId();
      return {
        record: {
          id,
          kind: 'incident' as const,
          number: `BARE-${tag}-${String(i).padStart(6, '0')}`,
          organization_id: requester.organization_id,
          department_id: null,
          title: `打印机无法打印 #${i}`,
          description: '财务部共享打印机一直排队，重启后仍然无法打印。The shared printer keeps queueing.',
          state: 'pending' as const,
          impact: 3,
          urgency: 3,
          level: 3,
          category_id: null,
          channel: 'api',
          affected_scope: null,
          contact: null,
          requester_id: requester.id,
          owner_id: null,
          assignee_id: null,
          group_id: null,
          created_by: requester.id,
          created_at: now,
          updated_at: now,
          resolved_at: null,
          closed_at: null,
          version: 1,
        },
        details: { record_id: id, ci_changed: 0, auto_confirmed: 0, major: 0 },
      };
    };
    let started = performance.now();
    for (let i = 0; i < rows; i++) {
      const { record, details } = rowsOf(i, 'ONE');
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('work_records').values(record).execute();
        await trx.insertInto('incident_details').values(details).execute();
      });
    }
    const perRowMs = (performance.now() - started) / rows;
    started = performance.now();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows; i++) {
        const { record, details } = rowsOf(i, 'ALL');
        await trx.insertInto('work_records').values(record).execute();
        await trx.insertInto('incident_details').values(details).execute();
      }
    });
    const batchedPerRowMs = (performance.now() - started) / rows;
    return { dialect, rows, perRowMs, batchedPerRowMs } satisfies Bare;
  } finally {
    await close();
  }
}

// ---- one dialect

async function benchDialect(
  dialect: Dialect,
  variant: { label: string; root: string },
  results: PhaseResult[],
  bares: Bare[] | null,
) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-write-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase('trellis_bench_write') : null;
  const target = { dataDir, databaseUrl: pgDb?.url };
  const setupStarted = performance.now();
  if (CPU_PROF) fs.mkdirSync(CPU_PROF, { recursive: true });
  const server = await startServer(variant.root, {
    BENCH_DATA_DIR: dataDir,
    ...(CPU_PROF ? { BENCH_PROFILE: path.join(CPU_PROF, `${dialect}-${variant.label}.cpuprofile`) } : {}),
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
  });
  try {
    const base = server.url;
    console.log(
      `${dialect} (${variant.label}): server pid ${server.pid} up with the demo data in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s, RSS ${procStat(server.pid).rssMb.toFixed(0)} MB`,
    );
    const admin = await signIn(base, 'admin@trellis.demo', 'Trellis#2026');
    const users = await request(admin.agent, base, 'GET', '/api/v1/users?limit=200', undefined, admin.headers);
    const listed = JSON.parse(users.text) as { items?: UserRow[] } | UserRow[];
    const requesters = (Array.isArray(listed) ? listed : (listed.items ?? []))
      .filter((u) => u.role === 'requester' && u.active !== false)
      .map((u) => u.id);
    admin.agent.destroy();
    if (!requesters.length) throw new Error(`no requesters in the demo data: ${users.text.slice(0, 200)}`);
    const clients: Client[] = [];
    for (let c = 0; c < CLIENTS; c++) clients.push(await signIn(base, 'agent@trellis.demo', 'Trellis#2026'));
    const post = (client: Client, pathname: string, body: unknown) =>
      request(client.agent, base, 'POST', pathname, body, client.headers);

    const created: string[] = [];
    const create = async (client: Client, i: number) => {
      const answer = await post(client, '/api/v1/incidents', incidentBody(i, requesters));
      const error = expect(answer, 201, 'create');
      if (!error) created.push(JSON.parse(answer.text).id);
      return error;
    };
    const run = (name: string, n: number, op: (client: Client, i: number) => Promise<string | null>, cs = clients) =>
      phase(dialect, variant.label, name, server.pid, cs, n, op);

    // Warm-up: every route once or more, so the JIT and the statement caches are warm.
    const warm = created.length;
    await run('warm-up', WARM_UP, create);
    const warmIds = created.slice(warm);
    await run('warm-up', warmIds.length, (c, i) =>
      post(c, `/api/v1/incidents/${warmIds[i]}/comments`, { body: 'warm', visibility: 'public' }).then((a) =>
        expect(a, 200, 'comment'),
      ),
    );
    await run('warm-up', warmIds.length, async (c, i) => {
      const take = await post(c, `/api/v1/incidents/${warmIds[i]}/take`, {});
      return (
        expect(take, 200, 'take') ??
        expect(
          await post(c, `/api/v1/incidents/${warmIds[i]}/resolve`, {
            cause: 'Driver fault',
            solution: 'Reinstalled the driver.',
            timeSpentMinutes: 15,
          }),
          200,
          'resolve',
        )
      );
    });
    created.length = 0;
    if (CPU_PROF) process.kill(server.pid, 'SIGUSR2');

    results.push(await run('create', SINGLE, create, clients.slice(0, 1)));
    created.length = 0;
    results.push(await run('create', CREATES, create));
    const ids = [...created];
    results.push(
      await run('reply', ids.length, (c, i) =>
        post(c, `/api/v1/incidents/${ids[i]}/comments`, {
          body: `已联系用户，正在远程处理。We are on it (${i}).`,
          visibility: 'public',
        }).then((a) => expect(a, 200, 'reply')),
      ),
    );
    results.push(
      await run('comment', ids.length, (c, i) =>
        post(c, `/api/v1/incidents/${ids[i]}/comments`, {
          body: `内部备注：驱动版本过旧 (${i}).`,
          visibility: 'internal',
        }).then((a) => expect(a, 200, 'comment')),
      ),
    );
    results.push(
      await run('take+resolve', ids.length, async (c, i) => {
        const take = await post(c, `/api/v1/incidents/${ids[i]}/take`, {});
        if (take.status !== 200) return expect(take, 200, 'take');
        const resolved = await post(c, `/api/v1/incidents/${ids[i]}/resolve`, {
          cause: 'Driver fault',
          solution: 'Reinstalled the driver and verified with the user.',
          timeSpentMinutes: 15,
        });
        return expect(resolved, 200, 'resolve');
      }),
    );
    const peak = procStat(server.pid).peakMb;
    console.log(`  ${dialect} server peak RSS ${peak.toFixed(0)} MB`);
    for (const c of clients) c.agent.destroy();
  } finally {
    await stopServer(server.child);
  }
  try {
    if (bares) bares.push(await bareInsert(dialect, target, Math.min(SINGLE, 1000)));
  } finally {
    await pgDb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(headers: string[], lines: (string | number)[][]) {
  const cells = [headers, ...lines.map((l) => l.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  const format = (row: string[]) =>
    row.map((cell, c) => (c <= 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [format(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(format)].join('\n');
}

async function main() {
  console.log(
    `Trellis write-path bench: ${CLIENTS} keep-alive clients, ${CREATES} incidents (create, reply, comment, take+resolve)`,
  );
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];
  const dialects: Dialect[] = wanted.filter((d) => d === 'sqlite');
  if (wanted.includes('postgres')) {
    if (await postgresReachable()) dialects.push('postgres');
    else console.log(`NOTE: PostgreSQL is not reachable at ${PG_ADMIN_URL}; only SQLite is measured.\n`);
  }
  const results: PhaseResult[] = [];
  const bares: Bare[] = [];
  const started = performance.now();
  const variants = [{ label: 'this', root: ROOT }];
  if (process.env.BENCH_COMPARE) variants.unshift({ label: 'compare', root: path.resolve(process.env.BENCH_COMPARE) });
  for (const dialect of dialects)
    for (const variant of variants) await benchDialect(dialect, variant, results, variant.root === ROOT ? bares : null);

  const ms = (n: number) => n.toFixed(2);
  console.log(
    `\n${table(
      [
        'dialect',
        'server',
        'operation',
        'clients',
        'ops',
        'ops/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'server CPU ms/op',
        'client CPU ms/op',
        'RSS MB',
      ],
      results.map((r) => [
        r.dialect,
        r.server,
        r.phase,
        r.clients,
        r.failures ? `${r.ops} (${r.failures} failed)` : r.ops,
        r.opsPerSecond.toFixed(0),
        ms(r.p50),
        ms(r.p95),
        ms(r.p99),
        ms(r.serverCpuMsPerOp),
        ms(r.clientCpuMsPerOp),
        r.rssMb.toFixed(0),
      ]),
    )}`,
  );
  console.log(
    '\ntake+resolve is one operation of two requests (take, then resolve with the handling record), as in bench-rt.',
  );
  console.log('\nBare insert: work_records + incident_details, no HTTP or domain logic, sequential');
  console.log(
    table(
      [
        'dialect',
        'rows',
        'ms/row, txn each',
        'ms/row, one txn',
        'create p50 @1 ms',
        'server CPU/create @8',
        'ratio p50',
        'ratio CPU',
      ],
      bares.map((b) => {
        const single = results.find(
          (r) => r.dialect === b.dialect && r.server === 'this' && r.phase === 'create' && r.clients === 1,
        );
        const loaded = results.find(
          (r) => r.dialect === b.dialect && r.server === 'this' && r.phase === 'create' && r.clients > 1,
        );
        return [
          b.dialect,
          b.rows,
          ms(b.perRowMs),
          ms(b.batchedPerRowMs),
          single ? ms(single.p50) : '-',
          loaded ? ms(loaded.serverCpuMsPerOp) : '-',
          single ? `${(single.p50 / b.perRowMs).toFixed(1)}×` : '-',
          loaded ? `${(loaded.serverCpuMsPerOp / b.perRowMs).toFixed(1)}×` : '-',
        ];
      }),
    ),
  );
  console.log(
    `\n(total ${((performance.now() - started) / 1000).toFixed(1)} s, load now ${os.loadavg()[0]!.toFixed(2)})`,
  );
}

await main();
