/**
 * `npm run bench:memory`: the server's resident memory (RSS, sampled every 25 ms from /proc) while it
 * takes a 200 MB attachment, serves it back, and exports a 200,000-asset register as Excel. The server
 * is a real `trellis start` child process, so what is measured is the server alone. Target: RSS under
 * 300 MB throughout. Figures, not pass/fail; the checks (same bytes back, every row exported) are.
 *
 *   BENCH_DIALECTS      sqlite,postgres (default both, postgres when reachable)
 *   BENCH_UPLOAD_MB     size of the upload (default 200)
 *   BENCH_EXPORT_ROWS   assets in the register (default 200000)
 *   BENCH_ROOT          the checkout whose server runs (default this one; point it at another
 *                       checkout to measure a before/after pair on the same machine)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { openDatabase } from '../packages/server/src/platform/db/database.js';
import { newId } from '../packages/server/src/platform/ids.js';
import { createPostgresDatabase, postgresReachable } from '../packages/server/test/support/databases.js';

const ROOT = path.resolve(process.env.BENCH_ROOT ?? path.join(import.meta.dirname, '..'));
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 200);
const EXPORT_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 200_000);
const MB = 1024 * 1024;
const PASSWORD = 'Trellis#2026';

let server: ChildProcess | null = null;
process.on('exit', () => server?.kill('SIGKILL'));
process.once('SIGINT', () => {
  server?.kill('SIGKILL');
  process.exit(130);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb) / 1024;
  } catch {
    return 0;
  }
}

/** Runs work while sampling the server's RSS; returns the work's result with the peak. */
async function sampled<T>(pid: number, work: () => Promise<T>) {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 25);
  const started = performance.now();
  try {
    const result = await work();
    return { result, peak: Math.max(peak, rssMb(pid)), seconds: (performance.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

interface Session {
  cookie: string;
  csrf: string;
}

function call(
  base: string,
  method: string,
  pathname: string,
  session: Session | null,
  body?: Readable | string,
  headers: Record<string, string> = {},
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; res: http.IncomingMessage }>(
    (resolve, reject) => {
      const url = new URL(pathname, base);
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path: url.pathname + url.search,
          headers: {
            ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
            ...headers,
          },
        },
        (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, res }),
      );
      req.on('error', reject);
      if (body instanceof Readable) body.pipe(req);
      else req.end(body);
    },
  );
}

async function text(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function signIn(base: string, email: string): Promise<Session> {
  const r = await call(base, 'POST', '/api/v1/auth/login', null, JSON.stringify({ email, password: PASSWORD }), {
    'content-type': 'application/json',
  });
  const body = await text(r.res);
  if (r.status !== 200) throw new Error(`sign-in ${email}: ${r.status} ${body}`);
  const cookie = (r.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: (JSON.parse(body) as { csrfToken: string }).csrfToken };
}

async function run(dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-memory-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase('trellis_bench_memory') : null;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('TRELLIS_') && !['DATABASE_URL', 'PORT', 'HOST'].includes(k),
    ),
  );
  server = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TRELLIS_DATA_DIR: dataDir,
      TRELLIS_DEMO_DATA: 'on',
      TRELLIS_LOG_LEVEL: 'warn',
      TRELLIS_ATTACHMENT_MAX_MB: String(UPLOAD_MB + 16),
      ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The server's own warnings (a busy SQLite while the bench loads rows beside it) are shown only if it fails.
  let serverLog = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    serverLog = (serverLog + chunk.toString()).slice(-4000);
  });
  const pid = server.pid!;
  const handle = openDatabase({ databaseUrl: pgDb?.url, dataDir, poolSize: 2 });
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`server exited:\n${serverLog}`);
      try {
        if ((await fetch(`${base}/readyz`)).status === 200) break;
      } catch {
        // not listening yet
      }
      if (i > 1200) throw new Error('server not ready after 5 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const idle = rssMb(pid);
    const agent = await signIn(base, 'agent@trellis.demo');
    const admin = await signIn(base, 'admin@trellis.demo');

    // ---- a 200 MB attachment, streamed from here without holding it either
    const list = await call(base, 'GET', '/api/v1/incidents?state=pending,in_progress&limit=1', agent);
    const incident = (JSON.parse(await text(list.res)) as { items: { id: string }[] }).items[0]!;
    const block = randomBytes(MB);
    const boundary = `----bench${randomBytes(6).toString('hex')}`;
    const expected = createHash('sha256');
    const body = Readable.from(
      (function* () {
        yield Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="capture.zip"\r\nContent-Type: application/zip\r\n\r\n`,
        );
        for (let i = 0; i < UPLOAD_MB; i++) {
          // Each megabyte differs, so a store that mixed up pieces would not hash the same.
          const piece = Buffer.from(block);
          piece.writeUInt32BE(i, 0);
          expected.update(piece);
          yield piece;
        }
        yield Buffer.from(`\r\n--${boundary}--\r\n`);
      })(),
      { objectMode: false },
    );
    const upload = await sampled(pid, async () => {
      const r = await call(base, 'POST', `/api/v1/incidents/${incident.id}/attachments`, agent, body, {
        'content-type': `multipart/form-data; boundary=${boundary}`,
      });
      const answer = await text(r.res);
      if (r.status !== 201) throw new Error(`upload: ${r.status} ${answer.slice(0, 300)}`);
      return JSON.parse(answer) as { id: string; size: number };
    });
    const wanted = expected.digest('hex');
    const download = await sampled(pid, async () => {
      const r = await call(base, 'GET', `/api/v1/attachments/${upload.result.id}`, agent);
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const c of r.res) {
        hash.update(c as Buffer);
        bytes += (c as Buffer).length;
      }
      return { status: r.status, bytes, sha: hash.digest('hex') };
    });
    if (download.result.sha !== wanted) throw new Error('the attachment came back different');

    // ---- a 200,000-asset register, inserted directly, exported through the API
    const org = await handle.db
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'customer')
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const seedStarted = performance.now();
    for (let at = 0; at < EXPORT_ROWS; at += 2000) {
      const rows = Array.from({ length: Math.min(2000, EXPORT_ROWS - at) }, (_, k) => {
        const i = at + k;
        return {
          id: newId(),
          tag: `MEM-${String(i).padStart(7, '0')}`,
          class: 'equipment' as const,
          name: `财务部笔记本 laptop ${i}`,
          model: 'ThinkPad T14',
          serial_number: `PF${i}`,
          mac_addresses: '00:1A:2B:3C:4D:5E',
          licence_key: '',
          seats: 0,
          purchase_date: '2026-03-01',
          purchase_price: 6999,
          supplier: '联想',
          order_number: `PO-${i}`,
          warranty_until: '2029-03-01',
          organization_id: org.id,
          location_id: null,
          holder_id: null,
          status: 'in_stock' as const,
          ci_id: null,
          note: '',
          created_at: now,
          updated_at: now,
        };
      });
      await handle.db.transaction().execute(async (trx) => {
        for (let c = 0; c < rows.length; c += 500)
          await trx
            .insertInto('assets')
            .values(rows.slice(c, c + 500))
            .execute();
      });
    }
    const seeded = (performance.now() - seedStarted) / 1000;
    const exported = await sampled(pid, async () => {
      const r = await call(base, 'GET', '/api/v1/asset-export', admin);
      let bytes = 0;
      for await (const c of r.res) bytes += (c as Buffer).length;
      return { status: r.status, bytes };
    });
    if (exported.result.status !== 200) throw new Error(`export: ${exported.result.status}`);

    const f = (n: number) => n.toFixed(0).padStart(5);
    console.log(`\n${dialect} (${ROOT === path.resolve(import.meta.dirname, '..') ? 'this checkout' : ROOT}):`);
    console.log(`  idle after start                         RSS ${f(idle)} MB`);
    console.log(
      `  upload ${UPLOAD_MB} MB attachment                 peak RSS ${f(upload.peak)} MB  (${upload.seconds.toFixed(1)} s)`,
    );
    console.log(
      `  download it back (${(download.result.bytes / MB).toFixed(0)} MB, same sha256)     peak RSS ${f(download.peak)} MB  (${download.seconds.toFixed(1)} s)`,
    );
    console.log(
      `  export ${EXPORT_ROWS} assets as xlsx (${(exported.result.bytes / MB).toFixed(1)} MB) peak RSS ${f(exported.peak)} MB  (${exported.seconds.toFixed(1)} s; seeded in ${seeded.toFixed(0)} s)`,
    );
  } finally {
    await handle.close();
    const s = server;
    if (s && s.exitCode === null) {
      const exited = new Promise((r) => s.once('exit', r));
      s.kill('SIGTERM');
      const t = setTimeout(() => s.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    server = null;
    await pgDb?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const wanted = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');
console.log(
  `Trellis memory bench; load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; target: RSS < 300 MB`,
);
for (const dialect of wanted as ('sqlite' | 'postgres')[]) {
  if (dialect === 'postgres' && !(await postgresReachable())) {
    console.log('postgres: not reachable, skipped');
    continue;
  }
  await run(dialect);
}
console.log(
  `load at the end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
