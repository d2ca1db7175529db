/**
 * The server half of `npm run bench:write`: one Trellis with the demo data, in a process of its
 * own so its CPU time and memory can be read apart from the load clients'. Prints one JSON line
 * ({ url, pid }) on stdout when it listens; stops on SIGTERM.
 *
 *   BENCH_DATA_DIR   SQLite data directory
 *   DATABASE_URL     PostgreSQL database (instead of SQLite)
 *   BENCH_PROFILE    a .cpuprofile file: the CPU profile runs from SIGUSR2 (sent after the warm-up) to the stop
 *   BENCH_SERVER_ROOT the checkout whose server runs (default: this one), for before/after runs
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(process.env.BENCH_SERVER_ROOT ?? path.join(import.meta.dirname, '..'));
const { startTrellis } = (await import(
  pathToFileURL(path.join(root, 'packages/server/src/app.ts')).href
)) as typeof import('../packages/server/src/app.js');

const trellis = await startTrellis({
  port: 0,
  host: '127.0.0.1',
  dataDir: process.env.BENCH_DATA_DIR,
  databaseUrl: process.env.DATABASE_URL,
  seed: 'demo',
  // A deployment's settings: the default log level, and the sign-in limit the bench is not measuring lifted.
  env: { ...process.env, TRELLIS_LOGIN_SOURCE_MAX_FAILURES: '10000' },
});
const address = trellis.app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}`, pid: process.pid })}\n`);

// The profile covers the measured load only, not start-up and the demo data.
const profileFile = process.env.BENCH_PROFILE;
const inspector = profileFile ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  process.on('SIGUSR2', () => {
    void inspector.post('Profiler.start');
  });
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  if (inspector && profileFile) {
    const { profile } = await inspector.post('Profiler.stop').catch(() => ({ profile: null }));
    if (profile) fs.writeFileSync(profileFile, JSON.stringify(profile));
  }
  await trellis.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
