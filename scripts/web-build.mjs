// Builds the web app when its sources are newer than the last build, so `npm start` and
// `npm test` always serve what is in the tree without rebuilding on every run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'packages/web/dist/index.html');
const sources = ['packages/web/src', 'packages/web/index.html', 'packages/web/vite.config.ts', 'packages/core/src'];

function newest(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(full).map((name) => newest(path.join(p, name))));
}

export function ensureWebBuild() {
  const built = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
  if (built && built >= Math.max(...sources.map(newest))) return;
  console.log('Building the web app …');
  const result = spawnSync('npm', ['run', 'build', '-w', '@trellis/web'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureWebBuild();
