// The worker thread's entry. Trellis runs from its TypeScript sources, and a worker does not
// inherit the parent's module loader (tsx), so it registers its own before loading the parser.
import { existsSync } from 'node:fs';

const source = new URL('./xlsx.worker.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('./xlsx.worker.js');
}
