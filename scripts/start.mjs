// `npm start`: build the web app if needed, then run the server (migrations and first-run
// demo data happen inside `trellis start`).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureWebBuild } from './web-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
ensureWebBuild();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'packages/server/src/cli.ts', 'start', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
