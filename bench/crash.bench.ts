/**
 * `npx tsx bench/crash.bench.ts`: crash durability. A real Trellis process (`cli.ts start`, demo
 * data) takes writes from BENCH_WRITERS (default 8) concurrent writers — new incidents and comments
 * on them — while it is killed with SIGKILL BENCH_KILLS times (default 20) and restarted. Every
 * write the server acknowledged (201) is then looked for in the database: acknowledged writes lost
 * must be 0. SQLite also gets `PRAGMA integrity_check`.
 *
 * On PostgreSQL a second scenario takes the database away under load without touching the shared
 * cluster: the app reaches PostgreSQL through a TCP proxy in this process, which is cut (every
 * connection dropped, nothing accepted) BENCH_OUTAGES times (default 3) for BENCH_OUTAGE_MS
 * (default 4000). The app is not restarted: it must reconnect by itself, /readyz must answer 503
 * while the database is away and 200 after, and no acknowledged write may be lost.
 *
 *   BENCH_DIALECTS  sqlite,postgres (default both when PostgreSQL answers)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const KILLS = Number(process.env.BENCH_KILLS ?? 20);
const OUTAGES = Number(process.env.BENCH_OUTAGES ?? 3);
const OUTAGE_MS = Number(process.env.BENCH_OUTAGE_MS ?? 4000);
const PASSWORD = 'Trellis#2026';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

class Server {
  child: ChildProcess | null = null;
  log = '';
  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  async start() {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'start'], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1', TRELLIS_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (c) => {
      this.log = (this.log + c).slice(-4000);
    });
    this.child.stderr?.on('data', (c) => {
      this.log = (this.log + c).slice(-4000);
    });
    // First start seeds the demo data; on a busy 2-core machine that can take minutes.
    for (let i = 0; i < 6000; i++) {
      if (this.child.exitCode !== null) throw new Error(`server exited: ${this.log}`);
      const up = await fetch(`${this.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await sleep(100);
    }
    throw new Error(`server never came up: ${this.log}`);
  }
  kill() {
    const child = this.child;
    if (!child) return Promise.resolve();
    return new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}

interface Acked {
  incidents: Set<string>;
  /** Comment body → incident id. */
  comments: Map<string, string>;
}

/** One writer: signs in, then alternates new incidents and comments; counts only 201s as acknowledged. */
async function writer(
  server: Server,
  n: number,
  acked: Acked,
  stop: () => boolean,
  stats: { attempts: number; acked: number; errors: number; http5xx: number; http503: number },
) {
  let session: { cookie: string; csrf: string } | null = null;
  const mine: string[] = [];
  let seq = 0;
  while (!stop()) {
    try {
      if (!session) {
        const login = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: n % 2 ? 'agent@trellis.demo' : 'requester@trellis.demo', password: PASSWORD }),
        });
        if (login.status !== 200) throw new Error(`login ${login.status}`);
        const cookie = login.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        session = { cookie, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
      }
      const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' };
      seq++;
      stats.attempts++;
      if (mine.length && seq % 2 === 0) {
        const target = mine[Math.floor(Math.random() * mine.length)]!;
        const body = `w${n}-c${seq}-${Math.random().toString(36).slice(2)}`;
        const res = await fetch(`${server.url}/api/v1/incidents/${target}/comments`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ body, visibility: 'public' }),
        });
        if (res.status === 201 || res.status === 200) {
          acked.comments.set(body, target);
          stats.acked++;
        } else if (res.status === 401) session = null;
        // 503 is the honest answer while the database is away; any other 5xx is a defect.
        else if (res.status === 503) stats.http503++;
        else if (res.status >= 500) stats.http5xx++;
        else stats.errors++;
      } else {
        const res = await fetch(`${server.url}/api/v1/incidents`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ title: `crash w${n} #${seq}`, description: `writer ${n}, write ${seq}` }),
        });
        if (res.status === 201) {
          const { id } = (await res.json()) as { id: string };
          acked.incidents.add(id);
          mine.push(id);
          stats.acked++;
        } else if (res.status === 401) session = null;
        else if (res.status === 503) stats.http503++;
        else if (res.status >= 500) stats.http5xx++;
        else stats.errors++;
      }
    } catch {
      // The server is down (killed) or the answer was cut: not acknowledged, try again shortly.
      stats.errors++;
      await sleep(50);
    }
  }
}

async function lostWrites(acked: Acked, query: (sql: string, ids: string[]) => Promise<string[]>) {
  const ids = [...acked.incidents];
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 500)
    for (const id of await query('records', ids.slice(i, i + 500))) found.add(id);
  const bodies = [...acked.comments.keys()];
  const foundBodies = new Set<string>();
  for (let i = 0; i < bodies.length; i += 500)
    for (const b of await query('comments', bodies.slice(i, i + 500))) foundBodies.add(b);
  return {
    incidentsLost: ids.filter((id) => !found.has(id)).length,
    commentsLost: bodies.filter((b) => !foundBodies.has(b)).length,
  };
}

async function killRun(dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-crash-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase('trellis_crash') : null;
  const server = new Server(await freePort(), {
    TRELLIS_DATA_DIR: dataDir,
    TRELLIS_DEMO_DATA: 'on',
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
  });
  const acked: Acked = { incidents: new Set(), comments: new Map() };
  const stats = { attempts: 0, acked: 0, errors: 0, http5xx: 0, http503: 0 };
  let done = false;
  let restartMs = 0;
  try {
    await server.start();
    const writers = Array.from({ length: WRITERS }, (_, n) => writer(server, n, acked, () => done, stats));
    for (let k = 0; k < KILLS; k++) {
      await sleep(1000 + Math.random() * 2000);
      await server.kill();
      const t = Date.now();
      await server.start();
      restartMs += Date.now() - t;
      process.stdout.write(`  ${dialect}: kill ${k + 1}/${KILLS}, ${stats.acked} acknowledged\r`);
    }
    await sleep(1500);
    done = true;
    await Promise.all(writers);
    await server.stop();
    let integrity = 'n/a';
    let lost: { incidentsLost: number; commentsLost: number };
    if (dialect === 'sqlite') {
      const file = fs.readdirSync(dataDir).find((f) => /\.(db|sqlite3?)$/.test(f));
      const db = new Database(path.join(dataDir, file!), { readonly: true });
      integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
        .map((r) => r.integrity_check)
        .join(',');
      lost = await lostWrites(acked, async (what, keys) => {
        const marks = keys.map(() => '?').join(',');
        return what === 'records'
          ? (db.prepare(`select id from work_records where id in (${marks})`).all(...keys) as { id: string }[]).map(
              (r) => r.id,
            )
          : (
              db
                .prepare(`select body from record_timeline where type = 'comment' and body in (${marks})`)
                .all(...keys) as { body: string }[]
            ).map((r) => r.body);
      });
      db.close();
    } else {
      const client = new pg.Client({ connectionString: pgDb!.url });
      await client.connect();
      lost = await lostWrites(acked, async (what, keys) =>
        what === 'records'
          ? (await client.query('select id from work_records where id = any($1)', [keys])).rows.map((r) => r.id)
          : (
              await client.query("select body from record_timeline where type = 'comment' and body = any($1)", [keys])
            ).rows.map((r) => r.body),
      );
      await client.end();
    }
    return {
      scenario: `${dialect}: SIGKILL ×${KILLS}`,
      writers: WRITERS,
      attempts: stats.attempts,
      acknowledged: stats.acked,
      incidentsAcked: acked.incidents.size,
      commentsAcked: acked.comments.size,
      incidentsLost: lost.incidentsLost,
      commentsLost: lost.commentsLost,
      http5xx: stats.http5xx,
      http503: stats.http503,
      integrity,
      avgRestartMs: Math.round(restartMs / KILLS),
    };
  } finally {
    done = true;
    await server.kill();
    await pgDb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A TCP proxy to PostgreSQL that can be cut (all connections dropped, none accepted) and restored. */
class CuttableProxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    readonly target: { host: string; port: number },
  ) {}
  up() {
    return new Promise<void>((resolve, reject) => {
      const server = net.createServer((client) => {
        const upstream = net.connect(this.target.port, this.target.host);
        for (const s of [client, upstream]) {
          this.sockets.add(s);
          s.on('close', () => this.sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
      this.server = server;
    });
  }
  down() {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

async function outageRun() {
  const pgDb = await createPostgresDatabase('trellis_outage');
  const real = new URL(pgDb.url);
  const proxy = new CuttableProxy(await freePort(), { host: real.hostname, port: Number(real.port || 5432) });
  await proxy.up();
  const viaProxy = new URL(pgDb.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-outage-'));
  const server = new Server(await freePort(), {
    TRELLIS_DATA_DIR: dataDir,
    TRELLIS_DEMO_DATA: 'on',
    DATABASE_URL: viaProxy.toString(),
  });
  const acked: Acked = { incidents: new Set(), comments: new Map() };
  const stats = { attempts: 0, acked: 0, errors: 0, http5xx: 0, http503: 0 };
  let done = false;
  const readyDuring: number[] = [];
  const recoveryMs: number[] = [];
  let restartsOfApp = 0;
  let crashed: string | null = null;
  try {
    await server.start();
    const pid = server.child?.pid;
    const writers = Array.from({ length: WRITERS }, (_, n) => writer(server, n, acked, () => done, stats));
    for (let k = 0; k < OUTAGES; k++) {
      await sleep(2000);
      await proxy.down();
      const end = Date.now() + OUTAGE_MS;
      while (Date.now() < end) {
        const status = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(3000) }).then(
          (r) => r.status,
          () => 0,
        );
        readyDuring.push(status);
        if (server.child?.exitCode !== null || server.child?.signalCode) {
          crashed = `app exited (${server.child?.exitCode ?? server.child?.signalCode}): ${server.log.slice(-600)}`;
          break;
        }
        await sleep(500);
      }
      await proxy.up();
      if (crashed) break;
      const back = Date.now();
      const before = stats.acked;
      // Recovered: /readyz answers 200 and a writer has been acknowledged again.
      for (;;) {
        const status = await fetch(`${server.url}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 200 && stats.acked > before) break;
        if (Date.now() - back > 60_000) break;
        await sleep(100);
      }
      recoveryMs.push(Date.now() - back);
      process.stdout.write(`  postgres outage ${k + 1}/${OUTAGES}\r`);
    }
    if (server.child?.pid !== pid) restartsOfApp++;
    await sleep(1500);
    done = true;
    await Promise.all(writers);
    await server.stop();
    const client = new pg.Client({ connectionString: pgDb.url });
    await client.connect();
    const lost = await lostWrites(acked, async (what, keys) =>
      what === 'records'
        ? (await client.query('select id from work_records where id = any($1)', [keys])).rows.map((r) => r.id)
        : (
            await client.query("select body from record_timeline where type = 'comment' and body = any($1)", [keys])
          ).rows.map((r) => r.body),
    );
    await client.end();
    return {
      scenario: `postgres: ${OUTAGES} outages of ${OUTAGE_MS} ms`,
      writers: WRITERS,
      attempts: stats.attempts,
      acknowledged: stats.acked,
      incidentsAcked: acked.incidents.size,
      commentsAcked: acked.comments.size,
      incidentsLost: lost.incidentsLost,
      commentsLost: lost.commentsLost,
      http5xx: stats.http5xx,
      http503: stats.http503,
      readyzDuringOutage: Object.entries(
        readyDuring.reduce<Record<string, number>>((a, s) => {
          a[s] = (a[s] ?? 0) + 1;
          return a;
        }, {}),
      )
        .map(([s, n]) => `${s}×${n}`)
        .join(' '),
      recoveryMs: recoveryMs.join(','),
      appRestarted: restartsOfApp,
      crashed: crashed ?? 'no',
      appAlive: server.child?.exitCode === 0 || server.child?.signalCode === 'SIGTERM',
    };
  } finally {
    done = true;
    await server.kill();
    await proxy.down();
    await pgDb.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');
const rows: object[] = [];
for (const dialect of wanted as ('sqlite' | 'postgres')[]) {
  if (dialect === 'postgres' && !(await postgresReachable())) {
    console.log('PostgreSQL not reachable: skipping it');
    continue;
  }
  console.log(`${dialect}: ${WRITERS} writers, ${KILLS} kills …`);
  if (!process.env.BENCH_SKIP_KILLS) {
    rows.push(await killRun(dialect));
    console.table([rows.at(-1)]);
  }
  if (dialect === 'postgres') {
    console.log(`postgres: ${OUTAGES} database outages under load …`);
    rows.push(await outageRun());
    console.table([rows.at(-1)]);
  }
}
console.log(`\nCrash durability, ${os.cpus().length} cores`);
for (const row of rows) console.table([row]);
