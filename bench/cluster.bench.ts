/**
 * `npm run bench:cluster`: the scaled deployment for real. One scratch PostgreSQL database, then 1,
 * 2 and 4 Trellis processes (`trellis start`, as an operator runs them) behind HAProxy (Debian's
 * `haproxy`, started here in the foreground with a config in a temp dir), driven by keep-alive
 * clients, each an agent with its own session, with a mixed desk workload: create, comment, list
 * the queue, search, take + resolve. Prints throughput and latency per instance count, and how much
 * of the machine PostgreSQL's backends and the app processes used, so the curve shows where the
 * limit is. Then checks what a cluster must keep true: every create got its own number, a session
 * made on one instance works on every other (sessions live in the database), a live event written
 * through one instance reaches an SSE client of another (LISTEN/NOTIFY), and jobs ran once each.
 * Every process it started is killed at the end, also on error or Ctrl-C.
 *
 *   BENCH_INSTANCES   instance counts, in order (default 1,2,4)
 *   BENCH_CLIENTS     concurrent clients (default 12)
 *   BENCH_SECONDS     measured seconds per instance count (default 20; 3 s of warm-up before)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const INSTANCES = (process.env.BENCH_INSTANCES ?? '1,2,4').split(',').map(Number);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 12);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const AGENT = 'agent@trellis.demo';
const ADMIN = 'admin@trellis.demo';
const PASSWORD = 'Trellis#2026';
const CORES = os.cpus().length;
const TICK = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

// ---------------------------------------------------------------- processes we own

const children = new Set<ChildProcess>();
function killAll() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
}

function spawnOwned(command: string, args: string[], env: NodeJS.ProcessEnv, url: string, port: number): Proc {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, url, port, output: () => output };
}

async function stop(proc: Proc) {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** The environment a server sees: ours minus any Trellis settings of the developer's shell. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('TRELLIS_') && !['DATABASE_URL', 'PORT', 'HOST'].includes(key),
    ),
  );
  return { ...env, ...extra };
}

async function startInstance(databaseUrl: string, dataDir: string, demo: boolean): Promise<Proc> {
  const port = await freePort();
  const env = serverEnv({
    DATABASE_URL: databaseUrl,
    TRELLIS_DATA_DIR: dataDir,
    TRELLIS_DEMO_DATA: demo ? 'on' : 'off',
    TRELLIS_LOG_LEVEL: 'warn',
    // Behind the balancer every client comes from 127.0.0.1; the bench is not measuring sign-in limits.
    TRELLIS_LOGIN_SOURCE_MAX_FAILURES: '10000',
    PORT: String(port),
    HOST: '127.0.0.1',
  });
  const proc = spawnOwned(
    process.execPath,
    ['--import', 'tsx', 'packages/server/src/cli.ts', 'start'],
    env,
    `http://127.0.0.1:${port}`,
    port,
  );
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`instance on ${port} exited:\n${proc.output()}`);
    try {
      if ((await fetch(`${proc.url}/readyz`)).status === 200) return proc;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`instance on ${port} not ready:\n${proc.output()}`);
}

async function startBalancer(dir: string, backends: Proc[]): Promise<{ proc: Proc; statsUrl: string }> {
  const port = await freePort();
  const statsPort = await freePort();
  const config = [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  option http-keep-alive',
    '  timeout connect 5s',
    '  timeout client 120s',
    '  timeout server 120s',
    // SSE streams stay open; they must not be cut while the bench listens.
    '  timeout tunnel 1h',
    `frontend trellis`,
    `  bind 127.0.0.1:${port}`,
    '  default_backend app',
    'backend app',
    '  balance roundrobin',
    ...backends.map((b, i) => `  server app${i + 1} 127.0.0.1:${b.port} check inter 2s`),
    'listen stats',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    '',
  ].join('\n');
  const file = path.join(dir, `haproxy-${backends.length}.cfg`);
  fs.writeFileSync(file, config);
  execFileSync('haproxy', ['-c', '-q', '-f', file]);
  // -db: stay in the foreground, as our child, never a daemon or a system service.
  const proc = spawnOwned('haproxy', ['-db', '-f', file], process.env, `http://127.0.0.1:${port}`, port);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`haproxy exited:\n${proc.output()}`);
    try {
      if ((await fetch(`${proc.url}/readyz`)).status === 200)
        return { proc, statsUrl: `http://127.0.0.1:${statsPort}/stats;csv` };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`haproxy not ready:\n${proc.output()}`);
}

/** Requests each backend server answered, from HAProxy's CSV statistics (req_tot, per request, not per connection). */
async function requestsPerBackend(statsUrl: string): Promise<number[]> {
  const csv = await (await fetch(statsUrl)).text();
  const lines = csv.trim().split('\n');
  const columns = lines[0]!.replace(/^# /, '').split(',');
  const at = (name: string) => columns.indexOf(name);
  return lines
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => cells[at('pxname')] === 'app' && /^app\d+$/.test(cells[at('svname')]!))
    .map((cells) => Number(cells[at('req_tot')] || cells[at('stot')]));
}

// ---------------------------------------------------------------- CPU accounting

function cpuTicks(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

/** PostgreSQL backends serving our database (the server is shared with other work on this machine). */
async function backendPids(admin: pg.Client, database: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
    database,
  ]);
  return rows.map((r) => r.pid);
}

// ---------------------------------------------------------------- HTTP client

interface Answer {
  status: number;
  body: string;
  ms: number;
}

function makeClient(baseUrl: string) {
  const base = new URL(baseUrl);
  // One socket per client, kept alive: a browser tab's connection, not a new handshake per request.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let cookie = '';
  let csrf = '';
  const request = (method: string, pathname: string, json?: unknown): Promise<Answer> =>
    new Promise((resolve) => {
      const payload = json === undefined ? undefined : JSON.stringify(json);
      const headers: Record<string, string | number> = { accept: 'application/json' };
      if (cookie) headers.cookie = cookie;
      if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const started = performance.now();
      const req = http.request(
        { host: base.hostname, port: base.port, method, path: pathname, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const setCookie = res.headers['set-cookie'];
            if (setCookie?.length) cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            });
          });
        },
      );
      req.on('error', (e) => resolve({ status: 0, body: String(e), ms: performance.now() - started }));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  return {
    request,
    get cookie() {
      return cookie;
    },
    async login(email: string) {
      const r = await request('POST', '/api/v1/auth/login', { email, password: PASSWORD });
      if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${r.body.slice(0, 200)}`);
      csrf = (JSON.parse(r.body) as { csrfToken: string }).csrfToken;
    },
    close: () => agent.destroy(),
  };
}
type Client = ReturnType<typeof makeClient>;

// ---------------------------------------------------------------- workload

const TOPICS = ['打印机', 'VPN', 'printer', 'email', '邮箱', 'laptop', '网络', 'password', '显示器', 'wifi'];
const KINDS = [
  'create',
  'create',
  'create',
  'comment',
  'comment',
  'list',
  'list',
  'search',
  'search',
  'resolve',
] as const;
type Kind = (typeof KINDS)[number];

interface Tally {
  latencies: Record<Kind, number[]>;
  errors: Map<string, number>;
  created: { id: string; number: string }[];
}

function newTally(): Tally {
  return {
    latencies: { create: [], comment: [], list: [], search: [], resolve: [] },
    errors: new Map(),
    created: [],
  };
}

async function clientLoop(client: Client, index: number, requesters: string[], until: number, tally: Tally | null) {
  const mine: string[] = [];
  let n = index * 7919;
  const fail = (what: string, r: Answer) => {
    if (!tally) return;
    const key = `${what} ${r.status} ${r.body.slice(0, 80)}`;
    tally.errors.set(key, (tally.errors.get(key) ?? 0) + 1);
  };
  while (performance.now() < until) {
    n++;
    let kind: Kind = KINDS[n % KINDS.length]!;
    if ((kind === 'comment' || kind === 'resolve') && mine.length === 0) kind = 'create';
    const topic = TOPICS[n % TOPICS.length]!;
    const started = performance.now();
    let ok = true;
    if (kind === 'create') {
      const r = await client.request('POST', '/api/v1/incidents', {
        title: `${topic} 故障 #${index}-${n}`,
        description: `${topic} does not work since this morning; 用户反映${topic}无法使用，请尽快处理。`,
        requesterId: requesters[n % requesters.length],
        channel: 'phone',
      });
      ok = r.status === 201;
      if (ok) {
        const body = JSON.parse(r.body) as { id: string; number: string };
        mine.push(body.id);
        tally?.created.push(body);
      } else fail('create', r);
    } else if (kind === 'comment') {
      const id = mine[n % mine.length]!;
      const r = await client.request('POST', `/api/v1/incidents/${id}/comments`, {
        body: `已联系用户确认 ${topic} 的情况 (${n})`,
        visibility: n % 2 ? 'internal' : 'public',
      });
      ok = r.status === 200 || r.status === 201;
      if (!ok) fail('comment', r);
    } else if (kind === 'list') {
      const r = await client.request('GET', '/api/v1/incidents?state=pending,in_progress&limit=50');
      ok = r.status === 200;
      if (!ok) fail('list', r);
    } else if (kind === 'search') {
      const r = await client.request('GET', `/api/v1/search?q=${encodeURIComponent(topic)}&kinds=incident&limit=20`);
      ok = r.status === 200;
      if (!ok) fail('search', r);
    } else {
      const id = mine.shift()!;
      const take = await client.request('POST', `/api/v1/incidents/${id}/take`, {});
      if (take.status !== 200 && take.status !== 409) {
        ok = false;
        fail('take', take);
      } else {
        const r = await client.request('POST', `/api/v1/incidents/${id}/resolve`, {
          cause: 'Driver fault',
          solution: 'Reinstalled the driver and verified with the user.',
          timeSpentMinutes: 15,
        });
        ok = r.status === 200;
        if (!ok) fail('resolve', r);
      }
    }
    if (ok) tally?.latencies[kind].push(performance.now() - started);
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;

// ---------------------------------------------------------------- checks

/** Resolves with the first SSE "record" event for recordId on an open stream, or rejects after timeoutMs. */
async function liveEventOn(baseUrl: string, cookie: string, write: () => Promise<string>, timeoutMs = 10_000) {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/v1/live`, { headers: { cookie }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`live stream refused: ${res.status}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let recordId: string | null = null;
  const seen: string[] = [];
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'ready' && recordId === null) recordId = await write();
        else if (event === 'record' && data) {
          const parsed = JSON.parse(data) as { recordId: string };
          seen.push(parsed.recordId);
          if (parsed.recordId === recordId) return performance.now() - started;
        }
      }
    }
  } catch {
    // aborted by the timer
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  throw new Error(`no live event for ${recordId} within ${timeoutMs} ms (saw ${seen.length} others)`);
}

// ---------------------------------------------------------------- main

async function main() {
  if (!(await postgresReachable())) throw new Error('PostgreSQL is not reachable: the cluster bench needs it.');
  execFileSync('haproxy', ['-v']);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-cluster-'));
  const database = await createPostgresDatabase('trellis_bench_cluster');
  const databaseName = new URL(database.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  const instances: Proc[] = [];
  let balancer: Proc | null = null;
  const checks: string[] = [];
  const allCreated: { id: string; number: string }[] = [];
  const rows: string[] = [];
  try {
    console.log(
      `Trellis cluster bench: ${INSTANCES.join('/')} instances, ${CLIENTS} keep-alive clients, ${SECONDS} s each`,
    );
    console.log(
      `machine: ${CORES} cores, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    // The first instance migrates and loads the demo data; the others start on a ready database.
    const started = performance.now();
    instances.push(await startInstance(database.url, path.join(tmp, 'app1'), true));
    console.log(`instance 1 migrated and seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const setup = makeClient(instances[0]!.url);
    await setup.login(ADMIN);
    const users = JSON.parse((await setup.request('GET', '/api/v1/users?limit=200')).body) as {
      id: string;
      role: string;
    }[];
    const requesters = users.filter((u) => u.role === 'requester').map((u) => u.id);
    if (!requesters.length) throw new Error('demo data has no requester');
    setup.close();

    for (const count of INSTANCES) {
      while (instances.length < count)
        instances.push(await startInstance(database.url, path.join(tmp, `app${instances.length + 1}`), false));
      if (balancer) await stop(balancer);
      const lb = await startBalancer(tmp, instances.slice(0, count));
      balancer = lb.proc;

      const clients = Array.from({ length: CLIENTS }, () => makeClient(lb.proc.url));
      for (const c of clients) await c.login(AGENT);
      await Promise.all(
        clients.map((c, i) => clientLoop(c, i, requesters, performance.now() + WARMUP_SECONDS * 1000, null)),
      );

      const requestsBefore = await requestsPerBackend(lb.statsUrl);
      const pids = await backendPids(admin, databaseName);
      const pgBefore = pids.map(cpuTicks);
      const appPids = instances.slice(0, count).map((p) => p.child.pid!);
      const appBefore = appPids.map(cpuTicks);
      const lbBefore = cpuTicks(balancer.child.pid!);
      const tally = newTally();
      const t0 = performance.now();
      await Promise.all(clients.map((c, i) => clientLoop(c, 1000 + i, requesters, t0 + SECONDS * 1000, tally)));
      const wall = (performance.now() - t0) / 1000;
      const pgCpu = pids.map(cpuTicks).reduce((s, t, i) => s + t - pgBefore[i]!, 0) / TICK;
      const appCpu = appPids.map(cpuTicks).reduce((s, t, i) => s + t - appBefore[i]!, 0) / TICK;
      const lbCpu = (cpuTicks(balancer.child.pid!) - lbBefore) / TICK;
      const perBackend = (await requestsPerBackend(lb.statsUrl)).map((n, i) => n - (requestsBefore[i] ?? 0));
      for (const c of clients) c.close();
      allCreated.push(...tally.created);

      const all = Object.values(tally.latencies)
        .flat()
        .sort((a, b) => a - b);
      const ops = all.length / wall;
      const errors = [...tally.errors.values()].reduce((s, n) => s + n, 0);
      const share = (cpu: number) => `${((100 * cpu) / (wall * CORES)).toFixed(0)}%`;
      const kinds = (Object.keys(tally.latencies) as Kind[])
        .map((k) => {
          const sorted = tally.latencies[k].sort((a, b) => a - b);
          return `${k} ${(sorted.length / wall).toFixed(0)}/s p50 ${percentile(sorted, 50).toFixed(0)} p99 ${percentile(sorted, 99).toFixed(0)}`;
        })
        .join(' | ');
      rows.push(
        `| ${count} | ${ops.toFixed(0)} | ${percentile(all, 50).toFixed(1)} | ${percentile(all, 95).toFixed(1)} | ${percentile(all, 99).toFixed(1)} | ${errors} | ${share(pgCpu)} | ${share(appCpu)} | ${share(lbCpu)} | ${perBackend.join('/')} |`,
      );
      console.log(
        `\n${count} instance(s): ${ops.toFixed(0)} ops/s, ${errors} errors, load ${os.loadavg()[0]!.toFixed(2)}`,
      );
      console.log(`  ${kinds}`);
      for (const [key, n] of tally.errors) console.log(`  error ×${n}: ${key}`);

      // Live events cross instances: a client on the last instance sees a create written through the first.
      if (count >= 2) {
        const writer = makeClient(instances[0]!.url);
        await writer.login(AGENT);
        const listener = makeClient(instances[count - 1]!.url);
        await listener.login(AGENT);
        const ms = await liveEventOn(instances[count - 1]!.url, listener.cookie, async () => {
          const r = await writer.request('POST', '/api/v1/incidents', {
            title: `跨实例实时事件 ${count}`,
            description: 'written on instance 1, watched on another',
            requesterId: requesters[0],
          });
          if (r.status !== 201) throw new Error(`live check create: ${r.status} ${r.body.slice(0, 200)}`);
          const body = JSON.parse(r.body) as { id: string; number: string };
          allCreated.push(body);
          return body.id;
        });
        checks.push(
          `live event written on instance 1 reached an SSE client of instance ${count} in ${ms.toFixed(0)} ms`,
        );
        writer.close();
        listener.close();
      }
    }

    // Sessions live in the database: one made on instance 1 works on every instance directly.
    const roaming = makeClient(instances[0]!.url);
    await roaming.login(AGENT);
    const statuses: number[] = [];
    for (const instance of instances) {
      const direct = await fetch(`${instance.url}/api/v1/auth/session`, { headers: { cookie: roaming.cookie } });
      statuses.push(direct.status);
    }
    roaming.close();
    if (statuses.some((s) => s !== 200)) throw new Error(`a session from instance 1 failed elsewhere: ${statuses}`);
    checks.push(`a session signed in on instance 1 answered 200 on all ${instances.length} instances`);

    // Every create got its own number, in the responses and in the table.
    const numbers = new Set(allCreated.map((c) => c.number));
    const { rows: dupes } = await admin.query<{ number: string; n: string }>(
      'select number, count(*) as n from work_records group by number having count(*) > 1',
    );
    if (numbers.size !== allCreated.length || dupes.length)
      throw new Error(
        `duplicate numbers: ${allCreated.length - numbers.size} in answers, ${dupes.length} in the table`,
      );
    checks.push(
      `${allCreated.length} creates through the cluster got ${numbers.size} distinct numbers; none duplicated in the table`,
    );

    // Jobs ran once: wait for what is due to drain, then no finished job was claimed twice.
    const drainUntil = Date.now() + 60_000;
    let pending = 0;
    do {
      const { rows: due } = await admin.query<{ n: string }>(
        "select count(*) as n from jobs where state in ('queued', 'running') and run_at <= $1",
        [new Date().toISOString()],
      );
      pending = Number(due[0]!.n);
      if (pending) await new Promise((r) => setTimeout(r, 500));
    } while (pending && Date.now() < drainUntil);
    const { rows: jobStats } = await admin.query<{ state: string; twice: string; n: string }>(
      `select state, count(*) filter (where attempts > 1 and last_error is null) as twice, count(*) as n
         from jobs group by state order by state`,
    );
    const twice = jobStats.reduce((s, j) => s + Number(j.twice), 0);
    if (twice) throw new Error(`${twice} jobs were claimed more than once without a failure`);
    checks.push(
      `jobs: ${jobStats.map((j) => `${j.n} ${j.state}`).join(', ')} (queued ones are timers not yet due); due ones left: ${pending}; claimed twice: 0`,
    );

    console.log(
      '\n| instances | ops/s | p50 ms | p95 ms | p99 ms | errors | PostgreSQL CPU | app CPU | HAProxy CPU | requests per instance |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
    console.log(
      `(CPU as a share of all ${CORES} cores over the measured window; PostgreSQL = its backends for this database)`,
    );
    console.log('\nchecks:');
    for (const check of checks) console.log(`  ✓ ${check}`);
    console.log(
      `load at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    if (balancer) await stop(balancer).catch(() => {});
    for (const instance of instances) await stop(instance).catch(() => {});
    killAll();
    await admin.end().catch(() => {});
    await database.drop().catch((e) => console.error('could not drop the scratch database:', e));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  killAll();
  process.exitCode = 1;
});
