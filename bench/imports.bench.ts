/**
 * `npx tsx bench/imports.bench.ts`: what one hostile spreadsheet does to a running server. Starts
 * Trellis as its own process (SQLite; parsing does not touch the database), signs in as an
 * administrator and sends the asset import a workbook of BENCH_ROWS rows (default 300,000, about
 * the 12.9 MB file of issue 12), once and then BENCH_PARALLEL at a time (default 3), while /healthz
 * is pinged every 50 ms and the server's RSS is sampled; then BENCH_PARALLEL workbooks of 20,000 rows,
 * small enough unpacked to be read (in the worker, up to the row limit). Figures, not pass/fail.
 *
 *   BENCH_ROWS       rows in the workbook (default 300000)
 *   BENCH_PARALLEL   imports sent at once in the second round (default 3)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { assetRows, xlsx } from '../packages/server/test/support/xlsx.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 300_000);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 3);
const UNDER_CAP_ROWS = 20_000;
const root = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function main() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-imports-'));
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'start'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TRELLIS_DATA_DIR: dataDir,
      TRELLIS_ADMIN_EMAIL: 'admin@bench.example',
      TRELLIS_ADMIN_PASSWORD: 'Bench#Import-2026',
      TRELLIS_DEMO_DATA: 'off',
      TRELLIS_LOG_LEVEL: 'silent',
      TRELLIS_WEB_DIST: path.join(dataDir, 'no-web'),
    },
  });
  try {
    for (let i = 0; ; i++) {
      if (i > 600) throw new Error('the server did not start');
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(100);
    }
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@bench.example', password: 'Bench#Import-2026' }),
    });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    const made = performance.now();
    const file = xlsx(assetRows(ROWS));
    console.log(
      `workbook: ${ROWS.toLocaleString('en')} rows, ${(file.length / 1048576).toFixed(1)} MB packed, built in ${Math.round(performance.now() - made)} ms`,
    );
    const pid = server.pid!;
    console.log(`server RSS at rest: ${rssMb(pid).toFixed(0)} MB`);

    const round = async (label: string, count: number, file: Buffer) => {
      let done = false;
      const pings: number[] = [];
      let failed = 0;
      let peak = rssMb(pid);
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMb(pid));
      }, 100);
      const pinger = (async () => {
        while (!done) {
          const at = performance.now();
          const up = await fetch(`${base}/healthz`).then(
            (r) => r.arrayBuffer().then(() => true),
            () => false,
          );
          // A ping that fails still waited that long; only a dead server ends the pinging.
          pings.push(performance.now() - at);
          if (!up) failed++;
          if (server.exitCode !== null || server.signalCode !== null) break;
          await sleep(50);
        }
      })();
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: count }, async () => {
          const form = new FormData();
          form.append('file', new Blob([new Uint8Array(file)]), 'assets.xlsx');
          try {
            const res = await fetch(`${base}/api/v1/asset-import`, {
              method: 'POST',
              headers: { cookie, 'x-csrf-token': csrfToken, 'accept-language': 'en-US' },
              body: form,
            });
            const body = (await res.json()) as { error?: { code: string } };
            return { status: res.status, code: body.error?.code ?? 'ok', ms: performance.now() - started };
          } catch {
            return { status: 0, code: 'no answer (connection lost)', ms: performance.now() - started };
          }
        }),
      );
      done = true;
      await pinger;
      clearInterval(sampler);
      const alive = server.exitCode === null && server.signalCode === null;
      if (alive) await sleep(5000);
      console.log(
        `${label}: answers ${answers.map((a) => `${a.status} ${a.code} in ${(a.ms / 1000).toFixed(2)} s`).join('; ')}` +
          ` | /healthz p50 ${percentile(pings, 50).toFixed(0)} ms, p99 ${percentile(pings, 99).toFixed(0)} ms, max ${Math.max(...pings).toFixed(0)} ms (${pings.length} pings, ${failed} failed)` +
          ` | RSS peak ${peak.toFixed(0)} MB, 5 s later ${alive ? `${rssMb(pid).toFixed(0)} MB` : 'the server process had died'}`,
      );
      return alive;
    };
    if ((await round('one import', 1, file)) && (await round(`${PARALLEL} at once`, PARALLEL, file))) {
      // Under the unpacked cap, so it is really read, in the worker, up to the row limit.
      const readable = xlsx(assetRows(UNDER_CAP_ROWS));
      await round(
        `${UNDER_CAP_ROWS.toLocaleString('en')} rows (${(readable.length / 1048576).toFixed(1)} MB), ${PARALLEL} at once`,
        PARALLEL,
        readable,
      );
    }
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
