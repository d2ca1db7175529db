import { parentPort, workerData } from 'node:worker_threads';
import { readFirstSheet, type SheetLimits } from './xlsx.js';
import { SpreadsheetLimit } from './zip.js';

// One workbook per worker: when it exits, everything the parse took is given back.
const { content, limits } = workerData as { content: Uint8Array; limits: SheetLimits };
try {
  const rows = await readFirstSheet(Buffer.from(content.buffer, content.byteOffset, content.byteLength), limits);
  parentPort!.postMessage({ rows });
} catch (err) {
  parentPort!.postMessage({ error: err instanceof SpreadsheetLimit ? err.reason : 'invalid' });
}
