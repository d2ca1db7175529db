import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';
import type { SheetLimits, SheetRow } from './xlsx.js';
import { listEntries, SpreadsheetLimit } from './zip.js';

export type { SheetRow } from './xlsx.js';

/**
 * The one way an import reads a spreadsheet (issue 12: one 13 MB workbook used to hold the event
 * loop for a minute and 2.7 GB of memory). The archive's own directory is checked on the request's
 * thread, which costs microseconds; the sheet is then streamed in a worker thread with a memory
 * ceiling and a deadline, and reading stops at the first row past the import's limit.
 */
export interface ReadSpreadsheetOptions {
  /** Cells read per row, from column A. */
  columns: number;
  /** Data rows an import takes; one more and the file is refused. */
  maxRows: number;
  /** Bytes the archive may unpack to; default 32 MB (a 5,000-row sheet is a few MB). */
  maxUnpackedBytes?: number;
  headerRows?: number;
}

const MB = 1024 * 1024;
const DEFAULT_MAX_UNPACKED = 32 * MB;
const DEADLINE_MS = 15_000;
/** Parses at once per process, and how many may wait: beyond that the caller is asked to retry. */
const PARALLEL = 2;
const WAITING = 4;

const workerFile = new URL('./worker.mjs', import.meta.url);

let running = 0;
const queue: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= PARALLEL) {
    if (queue.length >= WAITING) throw new AppError('error.rate_limited');
    await new Promise<void>((resolve) => queue.push(resolve));
  }
  running++;
  return () => {
    running--;
    queue.shift()?.();
  };
}

function refusal(reason: SpreadsheetLimit['reason'], limits: SheetLimits): AppError {
  if (reason === 'too_many_rows') return new AppError('spreadsheet.too_many_rows', { max: limits.maxRows });
  if (reason === 'too_large')
    return new AppError('spreadsheet.too_large', { max: Math.round(limits.maxUnpacked / MB) });
  return new AppError('spreadsheet.invalid');
}

export async function readSpreadsheet(content: Buffer, options: ReadSpreadsheetOptions): Promise<SheetRow[]> {
  const limits: SheetLimits = {
    columns: options.columns,
    maxRows: options.maxRows,
    maxUnpacked: options.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED,
    headerRows: options.headerRows ?? 1,
  };
  try {
    listEntries(content, limits.maxUnpacked);
  } catch (err) {
    if (err instanceof SpreadsheetLimit) throw refusal(err.reason, limits);
    throw new AppError('spreadsheet.invalid');
  }
  const release = await slot();
  try {
    const copy = new Uint8Array(content);
    const worker = new Worker(workerFile, {
      workerData: { content: copy, limits },
      transferList: [copy.buffer],
      execArgv: [],
      // Past this the worker dies, not the server; the claimed sizes keep honest files far below it.
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
      stdout: false,
    });
    return await new Promise<SheetRow[]>((resolve, reject) => {
      const deadline = setTimeout(() => {
        void worker.terminate();
        reject(new AppError('spreadsheet.timeout', { seconds: DEADLINE_MS / 1000 }));
      }, DEADLINE_MS);
      const settle = () => clearTimeout(deadline);
      worker.once('message', (answer: { rows?: SheetRow[]; error?: SpreadsheetLimit['reason'] }) => {
        settle();
        void worker.terminate();
        if (answer.rows) resolve(answer.rows);
        else reject(refusal(answer.error ?? 'invalid', limits));
      });
      worker.once('error', (err: Error & { code?: string }) => {
        settle();
        reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? refusal('too_large', limits) : err);
      });
      worker.once('exit', () => {
        settle();
        reject(new AppError('spreadsheet.invalid'));
      });
    });
  } finally {
    release();
  }
}
